"""The evidence figures of the worked example in docs/growth.md, through the core."""

from __future__ import annotations

import pytest

from cskb.config import parse_config
from cskb.growth.evidence import competency_evidence
from cskb.growth.matrix import parse_matrix
from cskb.stats.data import review_record

MATRIX = {
    "levels": [
        {"key": "csm", "expects": 60},
        {"key": "senior", "expects": 80},
    ],
    "evidence": {"window": 3, "min_reviews": 2},
    "competencies": [{"key": "closing", "title": "Closing", "criteria": ["control", "next_steps"]}],
}


def rec(i, reviewer, control, next_steps):
    meta = {
        "cycle": "2026-11-09",
        "reviewer": reviewer,
        "reviewee": "ana",
        "status": "complete",
        "scores": {"agenda": 3, "control": control, "next_steps": next_steps},
    }
    return review_record(f"reviews/2026-11-09/r{i}.md", meta, "", parse_config({}))


def test_the_worked_example_of_the_docs():
    matrix = parse_matrix(MATRIX)
    reviews = [rec(1, "bo", 4, 5), rec(2, "chen", 2, 3), rec(3, "dana", 3, "n/a")]
    offsets = {"bo": 0.20, "chen": -0.15, "dana": 0.0}
    ev = competency_evidence(matrix, matrix.competencies[0], reviews, offsets, matrix.levels[1])
    assert ev.reviews == 3 and ev.enough
    assert ev.figure == pytest.approx(56.7) and ev.raw == pytest.approx(58.3)
    assert ev.expects == 80 and ev.gap == pytest.approx(23.3)
    assert ev.best.path.endswith("r1.md") and ev.weakest.path.endswith("r3.md")
    assert ev.level is None  # 56.7 is below what the lowest level (csm, 60) expects


def test_a_score_corrected_below_zero_stays_at_zero():
    matrix = parse_matrix(MATRIX)
    reviews = [rec(1, "bo", 1, 1), rec(2, "bo", 1, 1)]
    ev = competency_evidence(matrix, matrix.competencies[0], reviews, {"bo": 0.3}, None)
    assert ev.figure == 0.0 and ev.gap is None
