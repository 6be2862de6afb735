"""`cskb remind` through the CLI on a real git KB: exactly what each person owes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cskb.models import AwayWindow, Member
from tests.helpers import commit_count, git
from tests.round.helpers import START, add_members, set_slack_ids, submit, write_cycle


@pytest.fixture
def round_kb(kb: Path, cli) -> Path:
    """ana+bo (a pair), chen->dana->eve->chen (a trio); eve is away today; fay is not grouped.

    ana and bo and eve submitted; dana did not. ana wrote a draft review of bo; ana and bo
    had their coffee; bo owns a card that was never verified; dana took part in a
    calibration review of eve's call (which must not count as her review)."""
    add_members(
        kb,
        Member(
            "eve", "Eve Ævarsdóttir", "eve@example.com", "emea", "csm", None,
            away=(AwayWindow(dt.date(2026, 11, 20), dt.date(2026, 12, 10)),),
        ),
        Member("fay", "Fay O'Neil, Jr.", "fay@example.com", "amer", "csm", None),
    )  # fmt: skip
    write_cycle(kb, [("ana", "bo"), ("chen", "dana", "eve")])
    for who in ("ana", "bo", "eve"):
        submit(cli, who)
    assert cli("--as", "ana", "review", "new", "--no-edit").exit_code == 0
    assert cli("--as", "ana", "coffee", "done").exit_code == 0
    r = cli("--as", "bo", "playbook", "new", "Renewal objections", "--no-edit")
    assert r.exit_code == 0, r.stderr
    r = cli(
        "--as", "ana", "calibrate", "new", "--call", "https://rec.example.com/c/eve",
        "--customer", "Acme", "--reviewers", "dana,chen", "--reviewee", "eve",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    sid = next((kb / "calibrations").iterdir()).name
    assert cli("--as", "dana", "calibrate", "review", sid, "--no-edit").exit_code == 0
    return kb


def owed(cli, *args: str, env: dict[str, str] | None = None) -> dict[str, list[dict]]:
    r = cli("remind", "--json", *args, env=env)
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    return {p["member"]: p["owes"] for p in data["people"]}


def kinds(people: dict[str, list[dict]]) -> dict[str, list[str]]:
    return {h: [o["kind"] for o in items] for h, items in people.items()}


def test_remind_lists_exactly_what_is_owed(round_kb: Path, cli):
    people = owed(cli)
    assert kinds(people) == {
        "ana": ["finish"],  # her review of bo is a draft; the coffee is done
        "bo": ["review", "card"],  # ana's call is in; his card was never verified
        "chen": ["call", "coffee"],  # dana has no call in: no review of dana is owed yet
        "dana": ["call", "review", "coffee"],  # eve's call is in; calibration does not count
        # eve is away today: nothing; fay is in no group: nothing
    }
    assert people["dana"][1]["what"] == "review eve's call"
    assert people["chen"][1]["what"] == "meet dana + eve for a coffee"
    assert all(o["late_days"] == 0 and o["due"] == "2026-11-22" for o in people["dana"])
    assert people["bo"][1]["due"] is None and "renewal-objections" in people["bo"][1]["ref"]
    assert "score" not in json.dumps(people)


def test_late_after_the_due_date_and_one_member(round_kb: Path, cli):
    people = owed(cli, "--member", "dana", env={"CSKB_TODAY": "2026-11-25"})
    assert list(people) == ["dana"]
    assert [o["late_days"] for o in people["dana"]] == [3, 3, 3]
    text = cli("remind", "--member", "dana", env={"CSKB_TODAY": "2026-11-25"})
    assert text.exit_code == 0 and "3 day(s)" in text.stdout and "review eve's call" in text.stdout


def test_what_is_done_is_no_longer_owed(round_kb: Path, cli):
    submit(cli, "dana")
    assert cli("--as", "bo", "review", "new", "--no-edit").exit_code == 0
    assert cli("--as", "chen", "coffee", "done").exit_code == 0
    people = kinds(owed(cli))
    assert people["bo"] == ["finish", "card"]
    assert people["chen"] == ["call", "review"] and people["dana"] == ["review"]


def complete_all(kb: Path) -> None:
    """Mark every review of the cycle complete (as `review done` would) with a date."""
    for path in (kb / "reviews" / str(START)).glob("*.md"):
        text = path.read_text(encoding="utf-8").replace(
            "status: draft", "status: complete\ncompleted: 2026-11-22"
        )
        path.write_text(text, encoding="utf-8")
    git(kb, "commit", "-qam", "test: reviews complete")


def test_nothing_owed_says_so_and_posts_nothing(kb: Path, cli, webhook):
    write_cycle(kb, [("ana", "bo"), ("chen", "dana")])
    for who in ("ana", "bo", "chen", "dana"):
        submit(cli, who)
    for who in ("ana", "bo", "chen", "dana"):
        r = cli("--as", who, "review", "new", "--no-edit")
        assert r.exit_code == 0, r.stderr
    # finish every review: mark the status line complete, as `review done` would
    complete_all(kb)
    for who in ("ana", "chen"):
        assert cli("--as", who, "coffee", "done").exit_code == 0
    # the coaching loop: each reviewee now owes an acknowledgement
    assert kinds(owed(cli)) == {h: ["ack"] for h in ("ana", "bo", "chen", "dana")}
    late = owed(cli, "--member", "bo", env={"CSKB_TODAY": "2026-12-01"})["bo"]
    assert late[0]["what"].startswith("acknowledge or dispute the review ana-reviews-bo")
    assert late[0]["late_days"] == 2 and late[0]["due"] == "2026-11-29"
    for reviewer, reviewee in (("ana", "bo"), ("bo", "ana"), ("chen", "dana"), ("dana", "chen")):
        r = cli("--as", reviewee, "review", "ack", f"{reviewer}-reviews-{reviewee}")
        assert r.exit_code == 0, r.stderr
    before = commit_count(kb)
    r = cli("remind", "--announce", env={"CSKB_SLACK_WEBHOOK_URL": webhook.url})
    assert r.exit_code == 0, r.stderr
    assert "nothing is owed" in r.stdout and "nothing posted" in r.stderr
    assert webhook.received == []
    assert commit_count(kb) == before


def test_announce_mentions_each_person_grouped_by_what_they_owe(round_kb: Path, cli, webhook):
    set_slack_ids(round_kb, {"bo": "U0BO", "dana": "U0DANA"})
    r = cli("remind", "--announce", env={"CSKB_SLACK_WEBHOOK_URL": webhook.url})
    assert r.exit_code == 0, r.stderr
    assert "posted the reminder" in r.stdout and webhook.url not in r.stdout + r.stderr
    (payload,) = webhook.received
    sections = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    by_heading = {s.split("\n")[0].strip("*"): s.split("\n")[1:] for s in sections}
    assert by_heading["Calls to submit"] == ["• 陈晨 (@chen)", "• <@U0DANA>"]
    assert by_heading["Reviews to write"] == ["• <@U0BO>", "• <@U0DANA>"]
    assert by_heading["Reviews to finish"] == ["• Ana Lima (@ana)"]
    assert by_heading["Playbook cards to verify"] == ["• <@U0BO>"]
    assert "eve" not in json.dumps(payload) and "fay" not in json.dumps(payload).lower()


def test_bad_member_and_cycle_are_one_line_errors(round_kb: Path, cli):
    for args, words in (
        (("--member", "zed"), "no member 'zed'"),
        (("--cycle", "2026-10-26"), "no cycle 2026-10-26"),
        (("--cycle", "soon"), "soon"),
    ):
        r = cli("remind", *args)
        assert r.exit_code == 2, (args, r.stdout, r.stderr)
        assert r.stderr.startswith("cskb: error:") and words in r.stderr
        assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "today, posts",
    [("2026-11-19", True), ("2026-11-20", False), ("2026-11-21", True), ("2026-11-22", False),
     ("2026-11-23", True), ("2026-11-24", False)],
)  # fmt: skip
def test_if_due_posts_only_on_the_configured_days(round_kb: Path, cli, webhook, today, posts):
    env = {"CSKB_SLACK_WEBHOOK_URL": webhook.url, "CSKB_TODAY": today}
    r = cli("remind", "--announce", "--if-due", env=env)
    assert r.exit_code == 0, r.stderr
    assert bool(webhook.received) is posts, (today, r.stderr)
    assert ("nothing posted (--if-due)" in r.stderr) is not posts


def test_remind_days_are_validated(round_kb: Path, cli):
    toml = round_kb / "cskb.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("days_before_due = [3, 1]", 'days_before_due = ["3"]'), "utf-8")
    r = cli("remind")
    assert r.exit_code == 2 and "[remind] days_before_due" in r.stderr, r.stderr
    toml.write_text(text.replace("days_before_due = [3, 1]", "days_before_due = [0]"), "utf-8")
    r = cli("remind", "--announce", "--if-due", env={"CSKB_TODAY": "2026-11-22"})
    assert r.exit_code == 0 and "nothing posted" not in r.stderr
