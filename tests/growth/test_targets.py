"""`cskb stats --targets`: each target met or missed per closed cycle, and the exit code."""

from __future__ import annotations

import json

import pytest

from cskb.adapters.store import dump_yaml
from tests.growth.growthkb import SPECIFIC, well_written
from tests.helpers import build_file_tree, git

C1, C2 = "2026-10-26", "2026-11-09"
DUE = {C1: "2026-11-08", C2: "2026-11-21"}
TARGETS = """
[targets]
completion = 90
latency_days = 5
meeting_rate = 80
vague_reviews = 50
"""
OWED = [("ana", "bo"), ("bo", "ana"), ("chen", "dana"), ("dana", "chen")]


def cycle(start):
    return dump_yaml(
        {
            "cycle": start,
            "start": start,
            "end": DUE[start],
            "due": DUE[start],
            "groups": [{"members": ["ana", "bo"]}, {"members": ["chen", "dana"]}],
        }
    )


def call(c, member):
    return dump_yaml(
        {
            "cycle": c,
            "member": member,
            "url": "https://rec.example.com/x",
            "customer": "Acme",
            "submitted": f"{c}T12:00:00+00:00",
        }
    )


def plus(day, n):
    import datetime as dt

    return (dt.date.fromisoformat(day) + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def tkb(kb):
    toml = (kb / "cskb.toml").read_text().split("[targets]")[0] + TARGETS
    files = {"cskb.toml": toml, f"cycles/{C1}.yaml": cycle(C1), f"cycles/{C2}.yaml": cycle(C2)}
    for c in (C1, C2):
        for who, _ in OWED:
            files[f"calls/{c}/{who}.yaml"] = call(c, who)
    # C1: every review complete, 2, 3, 4 and 6 days after the calls; both groups met
    for (a, b), days in zip(OWED, (2, 3, 4, 6), strict=True):
        files[f"reviews/{C1}/{a}-reviews-{b}.md"] = well_written(
            C1, a, b, [4, 4, 4], SPECIFIC, completed=plus(C1, days)
        )
    files[f"coffee/{C1}/ana--bo.yaml"] = dump_yaml({"cycle": C1, "members": ["ana", "bo"]})
    files[f"coffee/{C1}/chen--dana.yaml"] = dump_yaml({"cycle": C1, "members": ["chen", "dana"]})
    # C2: three of four complete (7, 8 and 9 days), one of them vague; one group met
    for (a, b), days, text in zip(
        OWED[:3], (7, 8, 9), (SPECIFIC, SPECIFIC, "Great job."), strict=True
    ):
        files[f"reviews/{C2}/{a}-reviews-{b}.md"] = well_written(
            C2, a, b, [4, 4, 4], text, completed=plus(C2, days)
        )
    files[f"coffee/{C2}/ana--bo.yaml"] = dump_yaml({"cycle": C2, "members": ["ana", "bo"]})
    build_file_tree(kb, files)
    git(kb, "add", "-A")
    git(kb, "commit", "-q", "-m", "test: two closed cycles")
    return kb


def report(cli):
    r = cli("stats", "--targets", "--json")
    return r.exit_code, json.loads(r.stdout)


def test_targets_met_and_missed_with_the_exit_code(tkb, cli):
    code, data = report(cli)
    assert code == 1 and data["last_closed"] == C2
    assert set(data["missed"]) == {"completion", "latency_days", "meeting_rate"}
    by = {t["key"]: t for t in data["targets"]}
    assert "playbook_verified" not in by  # not set in [targets]
    pts = {k: {p["cycle"]: (p["value"], p["met"]) for p in t["points"]} for k, t in by.items()}
    assert pts["completion"] == {C1: (100.0, True), C2: (75.0, False)}
    assert pts["meeting_rate"] == {C1: (100.0, True), C2: (50.0, False)}
    # medians of 2, 3, 4, 6 days and of 7, 8, 9 days (12:00 to 12:00)
    assert pts["latency_days"] == {C1: (3.5, True), C2: (8.0, False)}
    assert pts["vague_reviews"][C1] == (0.0, True)
    assert pts["vague_reviews"][C2] == (pytest.approx(33.3), True)
    assert by["completion"]["trend"] == "worse" and by["vague_reviews"]["trend"] == "worse"
    assert by["completion"]["wording"] == "≥ 90%"
    r = cli("stats", "--targets")
    assert r.exit_code == 1 and f"cycle {C2} missed: completion" in r.stderr
    assert "Review completion" in r.stdout and "✗" in r.stdout


def test_all_met_exits_0(tkb, cli):
    toml = (tkb / "cskb.toml").read_text().split("[targets]")[0]
    toml += "[targets]\ncompletion = 70\nmeeting_rate = 50\nlatency_days = 10\n"
    build_file_tree(tkb, {"cskb.toml": toml})
    code, data = report(cli)
    assert code == 0 and data["missed"] == []
    assert cli("stats", "--targets").exit_code == 0


def test_playbook_verified_counts_cards_in_date_on_the_due_day(tkb, cli):
    toml = (tkb / "cskb.toml").read_text() + "playbook_verified = 80\n"
    build_file_tree(tkb, {"cskb.toml": toml})
    _, data = report(cli)
    t = next(t for t in data["targets"] if t["key"] == "playbook_verified")
    assert [p["value"] for p in t["points"]] == [0.0, 0.0]  # the seeded cards: never verified
    assert "playbook_verified" in data["missed"]


def test_no_closed_cycle_and_no_targets(kb, cli):
    code, data = report(cli)
    assert code == 0 and data["last_closed"] is None
    toml = (kb / "cskb.toml").read_text().split("[targets]")[0]
    build_file_tree(kb, {"cskb.toml": toml})
    r = cli("stats", "--targets")
    assert r.exit_code == 0 and "no [targets]" in r.stdout


@pytest.mark.parametrize(
    "line",
    ["completion = 120", "latency_days = -1", "completion = nan", 'completion = "90"', "speed = 3"],
)
def test_bad_targets_are_refused_in_one_line(tkb, cli, line):
    toml = (tkb / "cskb.toml").read_text().split("[targets]")[0] + "[targets]\n" + line + "\n"
    build_file_tree(tkb, {"cskb.toml": toml})
    r = cli("stats", "--targets")
    assert r.exit_code == 2 and "[targets]" in r.stderr and len(r.stderr.strip().splitlines()) == 1
