"""A round in a real KB: a cycle with a pair and a trio, written as a cycle file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cskb.adapters.fsio import atomic_write
from cskb.config import CycleConfig
from cskb.kb.roster import dump_roster, load_roster
from cskb.models import Cycle, Group, Member
from cskb.pairing.cycles import cycle_bounds, dump_cycle
from tests.helpers import git

START = dt.date(2026, 11, 9)  # the cycle containing the fixture's today (2026-11-22)
URL = "https://rec.example.com/c/{}"


def add_members(kb: Path, *members: Member) -> None:
    roster = load_roster(kb / "team.yaml")
    atomic_write(kb / "team.yaml", dump_roster([*roster, *members]))
    git(kb, "commit", "-qam", "test: more members")


def set_slack_ids(kb: Path, ids: dict[str, str]) -> None:
    import dataclasses

    roster = [
        dataclasses.replace(m, slack_id=ids.get(m.handle, m.slack_id))
        for m in load_roster(kb / "team.yaml")
    ]
    atomic_write(kb / "team.yaml", dump_roster(roster))
    git(kb, "commit", "-qam", "test: slack ids")


def write_cycle(
    kb: Path, groups: list[tuple[str, ...]], start: dt.date = START, away: tuple[str, ...] = ()
) -> Cycle:
    end, due = cycle_bounds(start, CycleConfig())
    cycle = Cycle(start, end, due, tuple(Group(g) for g in groups), away=away)
    path = kb / "cycles" / f"{start}.yaml"
    path.parent.mkdir(exist_ok=True)
    atomic_write(path, dump_cycle(cycle))
    git(kb, "add", "cycles")
    git(kb, "commit", "-qm", f"test: cycle {start}")
    return cycle


def submit(cli, who: str, cycle: dt.date = START) -> None:
    r = cli(
        "--as", who, "call", "submit", "--url", URL.format(who), "--customer", "Acme",
        "--cycle", str(cycle),
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr


class SlackApiServer:
    """A real HTTP server on 127.0.0.1 speaking enough of Slack's Web API for slack-sdk's
    WebClient: `conversations.open` and `chat.postMessage`.

    `fail_users` get `user_not_found` from conversations.open; `rate_limited` is how many
    chat.postMessage requests are answered 429 with `Retry-After: 0` first. `posted` holds
    each message that went through (channel, text, blocks); `requests` every method called;
    `tokens` the bearer tokens seen.
    """

    def __init__(self, fail_users: tuple[str, ...] = (), rate_limited: int = 0) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs

        self.fail_users = set(fail_users)
        self.rate_limited = rate_limited
        self.posted: list[dict] = []
        self.requests: list[str] = []
        self.tokens: set[str] = set()
        outer = self
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def _reply(self, status: int, data: dict, headers: dict[str, str] | None = None):
                body = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or b"{}")
                else:
                    args = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                method = self.path.rsplit("/", 1)[-1].split("?")[0]
                with lock:
                    outer.requests.append(method)
                    outer.tokens.add(
                        (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                    )
                    if method == "conversations.open":
                        user = args.get("users", "")
                        if user in outer.fail_users:
                            return self._reply(200, {"ok": False, "error": "user_not_found"})
                        return self._reply(200, {"ok": True, "channel": {"id": f"D{user}"}})
                    if method == "chat.postMessage":
                        if outer.rate_limited:
                            outer.rate_limited -= 1
                            return self._reply(
                                429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "0"}
                            )
                        blocks = args.get("blocks")
                        if isinstance(blocks, str):
                            blocks = json.loads(blocks)
                        outer.posted.append(
                            {
                                "channel": args.get("channel"),
                                "text": args.get("text"),
                                "blocks": blocks,
                            }
                        )
                        return self._reply(
                            200, {"ok": True, "channel": args.get("channel"), "ts": "1.1"}
                        )
                    return self._reply(200, {"ok": False, "error": "unknown_method"})

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}/api/"
        self.host = f"127.0.0.1:{self._server.server_port}"

    def texts_to(self, user: str) -> list[str]:
        return [p["text"] for p in self.posted if p["channel"] == f"D{user}"]

    def __enter__(self) -> SlackApiServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
