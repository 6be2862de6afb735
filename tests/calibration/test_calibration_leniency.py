"""Reviewer leniency and vague or short evidence on regular reviews, in a real KB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cskb.calibration.leniency import reviewer_leniency
from cskb.kb.layout import open_kb
from tests.helpers import build_file_tree

GOOD = (
    "Opened with a shared agenda on screen and asked the customer to add one item before starting."
)
TITLES = {
    "agenda": "Setting a clear agenda",
    "control": "Controlling the conversation",
    "next_steps": "Defining the customer's next steps",
}


def review(cycle: str, reviewer: str, reviewee: str, scores: dict, evidence: dict | None = None):
    evidence = evidence or {}
    lines = [
        "---",
        f"cycle: {cycle}",
        f"reviewer: {reviewer}",
        f"reviewee: {reviewee}",
        "call: {url: 'https://rec.example.com/1', customer: Acme, date: ''}",
        "tags: []",
        "scores: {" + ", ".join(f"{k}: {v}" for k, v in scores.items()) + "}",
        "status: complete",
        "---",
        "# Review",
    ]
    for key, title in TITLES.items():
        lines += ["", f"## {title}", f"<!-- criterion: {key} -->", evidence.get(key, GOOD)]
    return {f"reviews/{cycle}/{reviewer}-reviews-{reviewee}.md": "\n".join(lines) + "\n"}


def all_at(value) -> dict:
    return {"agenda": value, "control": value, "next_steps": value}


@pytest.fixture
def reviews(kb: Path) -> Path:
    files: dict = {}
    for cycle in ("2026-11-02", "2026-11-16"):
        files |= review(cycle, "ana", "bo", all_at(5))  # 1.0 of the scale
        files |= review(cycle, "bo", "chen", all_at(3))  # 0.5
        files |= review(
            cycle,
            "chen",
            "ana",
            all_at(2),  # 0.25
            {"agenda": "Great job!", "control": "Good control."} if cycle == "2026-11-16" else {},
        )
    files |= review("2026-11-16", "dana", "ana", {"agenda": 4, "control": "n/a"})
    build_file_tree(kb, files)
    return kb


def test_offsets_against_the_rest_of_the_team(reviews: Path):
    rows = {r.reviewer: r for r in reviewer_leniency(open_kb(reviews), last=6)}
    assert list(rows) == ["ana", "dana", "bo", "chen"]  # most generous first
    # ana: every score 1.0; the others' mean on agenda is (0.5*2 + 0.25*2 + 0.75) / 5
    others_agenda = (0.5 * 2 + 0.25 * 2 + 0.75) / 5
    others_rest = (0.5 * 2 + 0.25 * 2) / 4
    expected = 100 * ((1.0 - others_agenda) * 2 + (1.0 - others_rest) * 4) / 6
    assert rows["ana"].offset == round(expected, 1)
    assert rows["ana"].scores == 6 and rows["ana"].reviews == 2
    # dana's n/a is left out: one score compared, on agenda
    assert rows["dana"].scores == 1
    assert rows["dana"].offset == round(100 * (0.75 - (1.0 * 2 + 0.5 * 2 + 0.25 * 2) / 6), 1)
    assert rows["chen"].offset is not None and rows["chen"].offset < rows["bo"].offset < 0
    assert rows["ana"].cycles == ("2026-11-02", "2026-11-16")


def test_vague_and_short_evidence_uses_the_check_rules(reviews: Path):
    rows = {r.reviewer: r for r in reviewer_leniency(open_kb(reviews))}
    chen = rows["chen"]
    assert (chen.sections, chen.vague, chen.short) == (6, 1, 1)
    assert chen.vague_or_short == round(100 * 2 / 6, 1)
    assert rows["ana"].vague_or_short == 0.0


def test_window_and_today(reviews: Path):
    kb = open_kb(reviews)
    rows = {r.reviewer: r for r in reviewer_leniency(kb, last=1)}
    assert rows["ana"].cycles == ("2026-11-16",) and rows["ana"].reviews == 1
    import datetime as dt

    early = {r.reviewer: r for r in reviewer_leniency(kb, last=6, today=dt.date(2026, 11, 10))}
    assert set(early) == {"ana", "bo", "chen"} and early["chen"].vague == 0


def test_report_shows_leniency_and_ignores_calibration_reviews(reviews: Path, cli):
    r = cli(
        "--as", "ana", "calibrate", "new", "--call", "https://rec.example.com/9",
        "--customer", "Acme", "--reviewers", "dana",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    sid = json.loads(cli("calibrate", "list", "--json").stdout)[0]["id"]
    assert cli("--as", "dana", "calibrate", "review", sid, "--no-edit").exit_code == 0
    data = json.loads(cli("calibrate", "report", "--json").stdout)
    by = {x["reviewer"]: x for x in data["leniency"]}
    assert by["dana"]["reviews"] == 1  # the regular review only, not the calibration one
    assert by["chen"]["vague_or_short"] == round(100 * 2 / 6, 1)
    text = cli("calibrate", "report")
    assert text.exit_code == 0 and "reviewer leniency" in text.stdout
    assert f"{by['ana']['offset']:+.1f}" in text.stdout
