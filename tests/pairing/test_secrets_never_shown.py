"""A Slack webhook URL or token never appears in output, errors, files or commits.

Tested through the CLI against a real HTTP server on 127.0.0.1 that echoes what it was sent
back in its error body (as a proxy or a misconfigured endpoint may), and with the URL
mistyped in every way a person does (no scheme, ftp:, a typo in the scheme).
"""

from __future__ import annotations

import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SECRET_PARTS = ("T0SECRETT", "B0SECRETB", "XsecretPathToken42", "QuerySecret99")


class EchoServer:
    """Replies 500 with the request line, headers and body echoed back."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                echo = f"no_service {self.requestline} {dict(self.headers)} {body[:80]!r}"
                self.send_response(500)
                self.end_headers()
                self.wfile.write(echo.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def echo():
    server = EchoServer()
    yield server
    server.close()


def forms(port: int) -> list[str]:
    path = "/services/T0SECRETT/B0SECRETB/XsecretPathToken42?token=QuerySecret99"
    return [
        f"http://127.0.0.1:{port}{path}",  # reaches the echoing server
        f"127.0.0.1:{port}{path}",  # no scheme
        f"ftp://hooks.slack.com{path}",
        f"ftp:hooks.slack.com{path}",
        f"htps://hooks.slack.com{path}",  # a typo
        f"hooks.slack.com{path}",
        f"http://127.0.0.1:9{path}",  # nothing listens: connection refused
        f" https://user:XsecretPathToken42@127.0.0.1:{port}/x ",
    ]


def assert_clean(*texts: str) -> None:
    for text in texts:
        for part in SECRET_PARTS:
            assert part not in text, text


def kb_text(kb: Path) -> str:
    """Every file in the KB (the state folder included) and every commit, as text."""
    from tests.helpers import git

    chunks = [git(kb, "log", "--all", "-p", "--format=%H %B")]
    for dirpath, dirnames, filenames in os.walk(kb):
        if ".git" in dirnames:
            dirnames.remove(".git")
        for name in filenames:
            chunks.append((Path(dirpath) / name).read_bytes().decode("utf-8", "replace"))
    return "\n".join(chunks)


def test_webhook_url_in_any_form_is_never_shown(kb: Path, cli, echo):
    first = cli("pair", "--json")
    assert first.exit_code == 0, first.stderr
    for url in forms(echo.port):
        env = {"CSKB_SLACK_WEBHOOK_URL": url}
        for args in (
            ("announce", "2026-11-09"),
            ("--verbose", "announce", "2026-11-09"),
            ("playbook", "remind", "--announce"),
            ("remind", "--announce"),
        ):
            r = cli(*args, env=env)
            assert "Traceback" not in r.stderr
            assert_clean(r.stdout, r.stderr)
        r = cli("announce", "2026-11-09", env=env)
        assert r.exit_code == 2, (url, r.stderr)
    assert_clean(kb_text(kb))


def test_the_host_is_shown_and_the_error_says_what_to_fix(kb: Path, cli, echo):
    assert cli("pair").exit_code == 0
    r = cli("announce", "2026-11-09", env={"CSKB_SLACK_WEBHOOK_URL": forms(echo.port)[3]})
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "hooks.slack.com" in r.stderr and "https://" in r.stderr
    r = cli("announce", "2026-11-09", env={"CSKB_SLACK_WEBHOOK_URL": forms(echo.port)[0]})
    assert r.exit_code == 2 and "500" in r.stderr and "127.0.0.1" in r.stderr


def test_pair_announce_failure_and_json_never_show_it(kb: Path, cli, echo):
    env = {"CSKB_SLACK_WEBHOOK_URL": forms(echo.port)[0]}
    r = cli("pair", "--announce", "--json", env=env)
    assert r.exit_code == 0, r.stderr
    assert "could not post" in r.stderr
    assert_clean(r.stdout, r.stderr, kb_text(kb))


def test_a_token_is_never_echoed(kb: Path, cli):
    token = "xoxb-1234567890-XsecretPathToken42"
    env = {"CSKB_SLACK_BOT_TOKEN": token}
    for args in (("review", "show", token), ("cycle", "show", token), ("team", "remove", token)):
        r = cli(*args, env=env)
        assert r.exit_code != 0
        assert_clean(r.stdout, r.stderr)
    r = cli(
        "review", "show", "QuerySecret99-and-more", env={"CSKB_SLACK_BOT_TOKEN": "QuerySecret99"}
    )
    assert_clean(r.stdout, r.stderr)


def test_real_process_never_shows_it(kb: Path, echo):
    """The installed command, in a real process: stderr and stdout both clean."""
    import sys

    env = {**os.environ, "CSKB_SLACK_WEBHOOK_URL": forms(echo.port)[0]}
    subprocess.run(
        [sys.executable, "-m", "cskb", "pair"], cwd=kb, env=env, check=True, capture_output=True
    )
    done = subprocess.run(
        [sys.executable, "-m", "cskb", "--verbose", "announce", "2026-11-09"],
        cwd=kb,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert_clean(done.stdout, done.stderr)


def test_bot_token_never_shown_when_the_api_echoes_it(kb: Path, cli, echo):
    """The Web API stand-in echoes the request's headers (Authorization: Bearer <token>)
    back in its error: the token is not in the output, the KB or its history."""
    from tests.round.helpers import set_slack_ids

    set_slack_ids(kb, {"ana": "UANA", "bo": "UBO", "chen": "UCHEN", "dana": "UDANA"})
    assert cli("pair").exit_code == 0
    token = "xoxb-1234567890-XsecretPathToken42"
    for value in (token, f"  {token}\n"):
        env = {
            "CSKB_SLACK_BOT_TOKEN": value,
            "CSKB_SLACK_API_URL": f"http://127.0.0.1:{echo.port}/api/",
        }
        for args in (("announce", "2026-11-09"), ("--verbose", "remind", "--announce")):
            r = cli(*args, env=env)
            assert "Traceback" not in r.stderr
            assert_clean(r.stdout, r.stderr)
    assert_clean(kb_text(kb))
