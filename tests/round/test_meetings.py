""" "Did you meet?": coffee skip and coffee ask through the CLI on a real git KB, and the
meeting rate in stats and on the site."""

from __future__ import annotations

import json
from pathlib import Path

from cskb.models import Member
from tests.helpers import commit_count, last_commit_files
from tests.round.helpers import START, SlackApiServer, add_members, set_slack_ids, write_cycle

TOKEN = "xoxb-9-9-MEETSECRET"


def _two_pairs_and_a_trio(kb: Path) -> None:
    add_members(kb, Member("eve", 'Eve, "E" Ng', "eve@example.com", "apac", "csm", None))
    write_cycle(kb, [("ana", "bo"), ("chen", "dana", "eve")])


def test_skip_records_why_and_ends_the_coffee_reminder(kb: Path, cli):
    _two_pairs_and_a_trio(kb)
    before = commit_count(kb)
    r = cli("--as", "dana", "coffee", "skip", "--reason", "Чен в отпуске, eve ill")
    assert r.exit_code == 0, r.stderr
    assert commit_count(kb) == before + 1
    assert last_commit_files(kb) == [f"coffee/{START}/skipped/chen--dana--eve.yaml"]
    text = (kb / "coffee" / str(START) / "skipped" / "chen--dana--eve.yaml").read_text("utf-8")
    assert "met: false" in text and "Чен в отпуске, eve ill" in text and "recorded_by: dana" in text
    owed = json.loads(cli("remind", "--json").stdout)["people"]
    coffee = {p["member"] for p in owed if any(o["kind"] == "coffee" for o in p["owes"])}
    assert coffee == {"ana", "bo"}
    # a skip is not a coffee: status and stats still count the trio as not met
    status = json.loads(cli("status", "--json").stdout)
    assert [g["coffee"] for g in status["groups"]] == [False, False]
    asked = json.loads(cli("coffee", "ask", "--json").stdout)
    assert asked["groups"] == [["ana", "bo"]] and asked["asked"] is True


def test_skip_refuses_bad_reasons_and_outsiders(kb: Path, cli):
    add_members(kb, Member("fay", "Fay", "fay@example.com", "amer", "csm", None))
    write_cycle(kb, [("ana", "bo"), ("chen", "dana")])
    before = commit_count(kb)
    for args, words in (
        (("--as", "ana", "coffee", "skip", "--reason", "  "), "--reason is empty"),
        (("--as", "ana", "coffee", "skip", "--reason", "a\x1b[2Jb"), "control character"),
        (("--as", "fay", "coffee", "skip", "--reason", "no partner"), "not in any group"),
        (("--as", "ana", "coffee", "skip", "--reason", "x", "--cycle", "2020-01-06"), "no cycle"),
    ):
        r = cli(*args)
        assert r.exit_code == 2, (args, r.stderr)
        assert r.stderr.startswith("cskb: error:") and words in r.stderr, r.stderr
    assert commit_count(kb) == before
    assert not list((kb / "coffee").rglob("*.yaml"))


def test_ask_posts_to_the_channel_with_mentions(kb: Path, cli, webhook):
    _two_pairs_and_a_trio(kb)
    set_slack_ids(kb, {"bo": "U0BO"})
    assert cli("--as", "ana", "coffee", "done").exit_code == 0
    r = cli("coffee", "ask", env={"CSKB_SLACK_WEBHOOK_URL": webhook.url})
    assert r.exit_code == 0, r.stderr
    assert "1 group(s) of cycle 2026-11-09 have not said" in r.stdout
    (payload,) = webhook.received
    body = json.dumps(payload, ensure_ascii=False)
    assert '陈晨 (@chen) + Дана Коваль (@dana) + Eve, \\"E\\" Ng (@eve)' in body
    assert "U0BO" not in body  # ana and bo had their coffee
    assert "cskb coffee skip" in body


def test_ask_if_due_asks_only_on_the_due_date(kb: Path, cli, webhook):
    write_cycle(kb, [("ana", "bo"), ("chen", "dana")])
    env = {"CSKB_SLACK_WEBHOOK_URL": webhook.url}
    r = cli("coffee", "ask", "--if-due", env={**env, "CSKB_TODAY": "2026-11-18"})
    assert r.exit_code == 0 and "nobody asked (--if-due)" in r.stderr
    assert webhook.received == []
    r = cli("coffee", "ask", "--if-due", env=env)  # the fixture's today: the due date
    assert r.exit_code == 0 and "nobody asked" not in r.stderr
    assert len(webhook.received) == 1


def test_ask_sends_direct_messages(kb: Path, cli):
    set_slack_ids(kb, {"ana": "UANA", "bo": "UBO", "chen": "UCHEN", "dana": "UDANA"})
    write_cycle(kb, [("ana", "bo"), ("chen", "dana")])
    assert cli("--as", "chen", "coffee", "skip", "--reason", "holidays").exit_code == 0
    with SlackApiServer() as api:
        env = {"CSKB_SLACK_BOT_TOKEN": TOKEN, "CSKB_SLACK_API_URL": api.url}
        r = cli("coffee", "ask", env=env)
    assert r.exit_code == 0, r.stderr
    assert sorted(p["channel"] for p in api.posted) == ["DUANA", "DUBO"]
    ana = next(p for p in api.posted if p["channel"] == "DUANA")
    assert "Did you meet Bø Østergaard (@bo)" in ana["blocks"][0]["text"]["text"]
    assert "MEETSECRET" not in r.stdout + r.stderr


def test_meeting_rate_in_stats_and_on_the_site(kb: Path, cli, tmp_path: Path):
    write_cycle(kb, [("ana", "bo"), ("chen", "dana")])
    assert cli("--as", "ana", "coffee", "done").exit_code == 0
    later = {"CSKB_TODAY": "2026-12-01"}  # the cycle is closed
    stats = json.loads(cli("stats", "--json", env=later).stdout)
    (row,) = stats["participation"]
    assert row["coffees"] == 1 and row["groups"] == 2 and row["meeting_rate"] == 0.5
    assert stats["totals"]["meeting_rate"] == 0.5
    rates = {m["handle"]: (m["coffees"], m["meeting_rate"]) for m in stats["members"]}
    assert rates == {"ana": (1, 1.0), "bo": (1, 1.0), "chen": (0, 0.0), "dana": (0, 0.0)}
    text = cli("stats", env=later).stdout
    assert "met for coffee 50%" in text and "Met for coffee, per member" in text
    assert "Bø Østergaard: paired 1" not in text
    one = cli("stats", "--member", "chen", env=later).stdout
    assert "met for coffee 0 of 1 (0%)" in one
    out = tmp_path / "site"
    r = cli("site", str(out), env=later)
    assert r.exit_code == 0, r.stderr
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "groups met for coffee (closed cycles)" in home and "met for coffee" in home
    members = (out / "members" / "index.html").read_text(encoding="utf-8")
    assert "Met for coffee" in members
