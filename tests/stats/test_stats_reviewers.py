"""`cskb stats --reviewers`: leniency and vague or short evidence, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.calibration.test_calibration_leniency import all_at, review
from tests.helpers import build_file_tree
from tests.sitekb import _cycle

C1, C2 = "2026-11-02", "2026-11-16"
# What every reviewer scored, written out again by hand: (cycle, reviewer, criterion, score 1-5)
GIVEN = [
    *[(c, "ana", k, 5) for c in (C1, C2) for k in ("agenda", "control", "next_steps")],
    *[(c, "bo", k, 3) for c in (C1, C2) for k in ("agenda", "control", "next_steps")],
    *[(c, "chen", k, 2) for c in (C1, C2) for k in ("agenda", "control", "next_steps")],
    (C2, "dana", "agenda", 4),  # dana's control is n/a and next_steps unscored: left out
]


def offsets(given: list[tuple[str, str, str, int]]) -> dict[str, float]:
    """Leave-one-out: each score as a fraction of 1-5 minus the mean of everyone else's
    fractions on that criterion; the mean of those differences, in points of 100."""
    out: dict[str, float] = {}
    for who in {g[1] for g in given}:
        diffs = []
        for _, w, key, value in given:
            if w != who:
                continue
            others = [(v - 1) / 4 for _, o, k, v in given if o != who and k == key]
            diffs.append((value - 1) / 4 - sum(others) / len(others))
        out[who] = round(100 * sum(diffs) / len(diffs), 1)
    return out


@pytest.fixture
def reviews(kb: Path) -> Path:
    files: dict = {}
    for cycle in (C1, C2):
        files |= review(cycle, "ana", "bo", all_at(5))
        files |= review(cycle, "bo", "chen", all_at(3))
        files |= review(
            cycle,
            "chen",
            "ana",
            all_at(2),
            {"agenda": "Great job!", "control": "Good control."} if cycle == C2 else {},
        )
    files |= review(C2, "dana", "ana", {"agenda": 4, "control": "n/a"})
    # a reviewer field with a terminal escape: shown, never acted on
    (text,) = review(C2, '"\\e[2Jevil"', "ana", all_at(3)).values()
    files[f"reviews/{C2}/evil.md"] = text
    files[f"cycles/{C1}.yaml"] = _cycle(C1, "2026-11-15", [["ana", "bo", "chen"]])
    files[f"cycles/{C2}.yaml"] = _cycle(C2, "2026-11-29", [["ana", "bo"], ["chen", "dana"]])
    build_file_tree(kb, files)
    return kb


def test_stats_reviewers_json_matches_figures_worked_independently(reviews: Path, cli):
    r = cli("stats", "--reviewers", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert "participation" in data  # the usual figures are still there
    rows = {x["reviewer"]: x for x in data["reviewers"]}
    given = [*GIVEN, *[(C2, "\x1b[2Jevil", k, 3) for k in ("agenda", "control", "next_steps")]]
    expected = offsets(given)
    assert {k: v["offset"] for k, v in rows.items()} == expected
    # by hand for dana: her 4 (0.75) against the others' agenda scores 5,5,3,3,2,2,3
    assert rows["dana"]["offset"] == round(100 * (0.75 - (1 + 1 + 0.5 * 3 + 0.25 * 2) / 7), 1)
    assert [x["reviewer"] for x in data["reviewers"]] == sorted(
        expected, key=lambda h: (-expected[h], h)
    )
    assert (rows["dana"]["scores"], rows["ana"]["scores"], rows["ana"]["reviews"]) == (1, 6, 2)
    chen = rows["chen"]  # "Great job!" is vague, "Good control." too short: 2 of 6 sections
    assert (chen["sections"], chen["vague"], chen["short"]) == (6, 1, 1)
    assert chen["vague_or_short"] == round(100 * 2 / 6, 1)
    assert rows["ana"]["vague_or_short"] == 0.0
    assert rows["ana"]["cycles"] == [C1, C2]


def test_stats_reviewers_table_window_and_filters(reviews: Path, cli):
    r = cli("stats", "--reviewers")
    assert r.exit_code == 0, r.stderr
    assert "reviewer leniency" in r.stdout and f"{C1} to {C2}" in r.stdout
    expected = offsets(
        [*GIVEN, *[(C2, "\x1b[2Jevil", k, 3) for k in ("agenda", "control", "next_steps")]]
    )
    assert f"{expected['ana']:+.1f}" in r.stdout and f"{expected['chen']:+.1f}" in r.stdout
    assert "33%" in r.stdout  # chen's flagged share
    assert "\x1b[2J" not in r.stdout and "\ufffd[2Jevil" in r.stdout

    one = json.loads(cli("stats", "--reviewers", "--cycle", C1, "--json").stdout)["reviewers"]
    c1 = [g for g in GIVEN if g[0] == C1]
    assert {x["reviewer"]: x["offset"] for x in one} == offsets(c1)
    assert all(x["cycles"] == [C1] for x in one) and all(x["vague"] == 0 for x in one)

    last1 = json.loads(cli("stats", "--reviewers", "--last", "1", "--json").stdout)["reviewers"]
    assert {x["reviewer"] for x in last1} >= {"dana", "ana"}
    assert all(x["cycles"] == [C2] for x in last1)

    mine = json.loads(cli("stats", "--reviewers", "--member", "bo", "--json").stdout)
    assert [x["reviewer"] for x in mine["reviewers"]] == ["bo"]

    plain = json.loads(cli("stats", "--json").stdout)
    assert "reviewers" not in plain


def test_stats_reviewers_refuses_since(reviews: Path, cli):
    r = cli("stats", "--reviewers", "--since", C1)
    assert r.exit_code == 2 and "--since" in r.stderr and "\n" not in r.stderr.strip()
    assert "Traceback" not in r.stderr


def test_stats_reviewers_on_an_empty_kb(kb: Path, cli):
    r = cli("stats", "--reviewers")
    assert r.exit_code == 0, r.stderr
    assert "no regular reviews in the window" in r.stdout
    assert json.loads(cli("stats", "--reviewers", "--json").stdout)["reviewers"] == []
