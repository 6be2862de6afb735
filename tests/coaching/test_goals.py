"""Goals carried across cycles: set by "What to try next time" and on ack, scaffolded into
the next review of the member's call, recorded there (`followed:`), checked, closed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from cskb.coaching.goals import section_goals
from tests.coaching.kbs import CYCLE, complete_review, pair_and_submit
from tests.helpers import git, last_commit_files

NEXT = {"CSKB_TODAY": "2026-11-24"}  # the next cycle starts on 2026-11-23
CYCLE2 = "2026-11-23"


def with_goals(text: str) -> str:
    head, _, _ = text.partition("## What to try next time")
    return (
        head + "## What to try next time\n\n"
        "- Ask who signs the renewal before the demo\n"
        "- Summarise next steps with dates at 25:00, not at the end\n"
    )


def test_section_goals_bullets_or_paragraph():
    body = "# T\n\n## What to try next time\n\n1. Ask for the budget\n* Pause after the price\n"
    assert section_goals(body) == ["Ask for the budget", "Pause after the price"]
    body = "# T\n\n## What to try next time\n\nPause after\nthe price.\n\n## Other\nx\n"
    assert section_goals(body) == ["Pause after the price."]
    assert section_goals("# T\n\n## What went well\n\nx\n") == []


def test_goals_are_carried_into_the_next_review_and_recorded(kb: Path, cli):
    who = pair_and_submit(cli)
    bo = who["ana"]
    ident = complete_review(kb, cli, "ana", bo, edit=with_goals)
    r = cli("--as", bo, "review", "ack", ident, "--goal", "Send the recap within a day")
    assert r.exit_code == 0, r.stderr
    goals = json.loads(cli("goals", "--member", bo, "--json").stdout)
    assert [g["id"] for g in goals] == [f"{CYCLE}/{ident}#{n}" for n in (1, 2, 3)]
    assert [(g["set_by"], g["open"], g["follow_ups"]) for g in goals] == [
        ("ana", True, []),
        ("ana", True, []),
        (bo, True, []),
    ]
    assert goals[0]["text"] == "Ask who signs the renewal before the demo"
    # the next cycle: whoever reviews bo's call is asked about those goals
    who2 = pair_and_submit(cli, NEXT)
    reviewer = next(h for h, e in who2.items() if e == bo)

    def record(text: str) -> str:
        text = text.replace("result: ''\n  evidence: ''", "result: partly\n  evidence: ''", 1)
        return text

    r = cli("--as", reviewer, "review", "new", "--no-edit", "--reviewee", bo, env=NEXT)
    assert r.exit_code == 0, r.stderr
    path = kb / "reviews" / CYCLE2 / f"{reviewer}-reviews-{bo}.md"
    text = path.read_text(encoding="utf-8")
    assert f"Last time, {bo} agreed to try:" in text
    assert f"- Ask who signs the renewal before the demo (`{CYCLE}/{ident}#1`" in text
    meta = yaml.safe_load(text.split("---\n")[1])
    assert [f["goal"] for f in meta["followed"]] == [g["id"] for g in reversed(goals)]
    assert meta["followed"][0] == {
        "goal": f"{CYCLE}/{ident}#3",
        "text": "Send the recap within a day",
        "result": "",
        "evidence": "",
    }
    from tests.coaching.kbs import fill

    fill(path)
    stem = f"{CYCLE2}/{reviewer}-reviews-{bo}"
    r = cli("--as", reviewer, "review", "done", stem, env=NEXT)
    assert r.exit_code == 1 and "followed #1" in r.stderr and "result yes, partly" in r.stderr
    path.write_text(record(path.read_text(encoding="utf-8")), encoding="utf-8")
    r = cli("--as", reviewer, "review", "done", stem, env=NEXT)
    assert r.exit_code == 1 and "add a line of evidence" in r.stderr
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "result: partly\n  evidence: ''", "result: partly\n  evidence: Recap sent two days later", 1
    )
    text = re.sub(r"result: ''\n  evidence: ''", "result: 'no'\n  evidence: Not asked", text)
    text = text.replace("result: 'no'", "result: yes", 1)
    path.write_text(text, encoding="utf-8")
    r = cli("--as", reviewer, "review", "done", stem, env=NEXT)
    assert r.exit_code == 0, r.stderr
    assert cli("check", env=NEXT).exit_code == 0
    shown = cli("review", "show", stem, env=NEXT)
    assert shown.exit_code == 0 and "Followed Send the recap within a day" in shown.stdout
    assert "partly: Recap sent two days later" in shown.stdout
    as_json = json.loads(cli("review", "show", stem, "--json", env=NEXT).stdout)
    assert as_json["followed"][0]["result"] == "partly"
    goals = {
        g["id"]: g for g in json.loads(cli("goals", "--member", bo, "--json", env=NEXT).stdout)
    }
    assert goals[f"{CYCLE}/{ident}#3"]["follow_ups"] == [
        {
            "review": f"reviews/{stem}.md",
            "cycle": CYCLE2,
            "reviewer": reviewer,
            "result": "partly",
            "evidence": "Recap sent two days later",
        }
    ]
    assert [f["result"] for f in goals[f"{CYCLE}/{ident}#2"]["follow_ups"]] == ["yes"]
    # bo closes a goal in their own response file; nobody else may
    other = next(h for h in ("ana", "chen", "dana", "bo") if h != bo)
    r = cli("--as", other, "goals", "done", f"{CYCLE}/{ident}#3")
    assert r.exit_code == 2 and f"only {bo}" in r.stderr
    r = cli("--as", bo, "goals", "done", f"{ident}#3")
    assert r.exit_code == 0, r.stderr
    assert last_commit_files(kb) == [f"reviews/{CYCLE}/{ident}.responses/{bo}.yaml"]
    open_ = json.loads(cli("goals", "--open", "--json").stdout)
    assert f"{CYCLE}/{ident}#3" not in {g["id"] for g in open_}
    r = cli("--as", bo, "goals", "done", f"{ident}#3")
    assert r.exit_code == 2 and "was closed on 2026-11-22" in r.stderr
    r = cli("--as", bo, "goals", "done", "nothing#1")
    assert r.exit_code == 2 and "no goal 'nothing#1'" in r.stderr
    r = cli("goals", "--member", "zed")
    assert r.exit_code == 2 and "no member 'zed'" in r.stderr
    r = cli("goals")
    assert r.exit_code == 0 and "goal(s)" in r.stdout and "Ask who signs" in r.stdout
    assert git(kb, "status", "--porcelain") == ""


def test_a_review_without_goals_to_follow_has_no_followed_field(kb: Path, cli):
    who = pair_and_submit(cli)
    r = cli("--as", "ana", "review", "new", "--no-edit", "--reviewee", who["ana"])
    assert r.exit_code == 0, r.stderr
    text = (kb / "reviews" / CYCLE / f"ana-reviews-{who['ana']}.md").read_text(encoding="utf-8")
    assert "followed" not in text and "Last time" not in text
