"""Direct messages through slack-sdk's WebClient against a real local Web API server:
each person theirs, a 429 retried, one failure reported while the others get theirs, and
the token never shown."""

from __future__ import annotations

import json
from pathlib import Path

from tests.round.helpers import SlackApiServer, set_slack_ids, submit, write_cycle
from tests.round.test_remind import round_kb  # noqa: F401 (a fixture)

TOKEN = "xoxb-123-456-SECRETSECRET"
IDS = {"ana": "UANA", "bo": "UBO", "chen": "UCHEN", "dana": "UDANA"}


def _env(server: SlackApiServer, **more: str) -> dict[str, str]:
    return {"CSKB_SLACK_BOT_TOKEN": TOKEN, "CSKB_SLACK_API_URL": server.url, **more}


def _no_token(result, kb: Path) -> None:
    assert TOKEN not in result.stdout + result.stderr
    assert "SECRET" not in result.stdout + result.stderr
    from tests.helpers import git

    assert "SECRET" not in git(kb, "log", "-p", "--all")
    for p in kb.rglob("*"):
        if p.is_file() and ".git" not in p.parts:
            assert b"SECRET" not in p.read_bytes(), p


def test_remind_messages_each_person_retries_429_and_reports_one_failure(
    round_kb: Path,  # noqa: F811
    cli,
    webhook,
):
    set_slack_ids(round_kb, {"ana": "UANA", "bo": "UBO", "dana": "UDANA"})  # chen has none
    with SlackApiServer(fail_users=("UBO",), rate_limited=1) as api:
        r = cli("remind", "--announce", env=_env(api, CSKB_SLACK_WEBHOOK_URL=webhook.url))
    # bo's failed: reported by name, the exit code says so, the others still got theirs
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert "bo (user_not_found)" in r.stderr and "the others got theirs" in r.stderr
    assert f"directly ({api.host})" in r.stdout
    assert api.requests.count("chat.postMessage") == 3  # ana's was rate limited once, retried
    assert sorted(p["channel"] for p in api.posted) == ["DUANA", "DUDANA"]
    dana = next(p for p in api.posted if p["channel"] == "DUDANA")
    body = json.dumps(dana["blocks"], ensure_ascii=False)
    assert "submit a call for cycle 2026-11-09" in body and "review eve's call" in body
    assert "finish the review" not in body  # that is ana's, not hers
    assert api.tokens == {TOKEN}
    # chen has no Slack id: named in the channel message, alone
    assert "no direct reminder for chen" in r.stderr
    (channel,) = webhook.received
    assert "陈晨 (@chen)" in json.dumps(channel, ensure_ascii=False)
    assert "UDANA" not in json.dumps(channel)
    _no_token(r, round_kb)


def test_announce_sends_each_member_their_pairing(kb: Path, cli):
    set_slack_ids(kb, IDS)
    write_cycle(kb, [("ana", "bo"), ("chen", "dana")])
    submit(cli, "ana")
    with SlackApiServer(rate_limited=1) as api:
        r = cli("announce", env=_env(api))
    assert r.exit_code == 0, r.stderr
    assert "sent the announcement to 4 person(s) directly" in r.stdout
    assert sorted(p["channel"] for p in api.posted) == ["DUANA", "DUBO", "DUCHEN", "DUDANA"]
    chen = json.dumps(api.posted[[p["channel"] for p in api.posted].index("DUCHEN")]["blocks"])
    assert "Дана Коваль (@dana)" in json.loads(chen)[0]["text"]["text"]
    _no_token(r, kb)


def test_an_unreachable_api_is_one_line_and_no_token(kb: Path, cli):
    set_slack_ids(kb, IDS)
    write_cycle(kb, [("ana", "bo"), ("chen", "dana")])
    env = {"CSKB_SLACK_BOT_TOKEN": TOKEN, "CSKB_SLACK_API_URL": "http://127.0.0.1:9/api/"}
    r = cli("remind", "--announce", "--member", "ana", env=env)
    assert r.exit_code == 2
    *notes, err = r.stderr.strip().split("\n")
    assert notes == ["1 person(s) owe 2 item(s)"]  # the table's note; slack-sdk logs nothing
    assert err.startswith("cskb: error:") and "sent to 1 person(s): ana (URLError" in err, err
    assert "nobody got one" in err and "Connection refused" in err
    assert "Traceback" not in r.stderr
    _no_token(r, kb)
