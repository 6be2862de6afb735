"""Grading the graders on regular reviews, without a session.

For each reviewer over a window of recent cycles: how far the scores they give sit from
the rest of the team's on the same criteria (leniency), and how much of their evidence the
`vague-feedback` and `evidence-too-short` rules of `cskb check` flag. Only `reviews/` is
read, so calibration reviews never count here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cskb.adapters.store import Document, YamlProblem, read_document
from cskb.calibration.metrics import SCORE, classify
from cskb.checks.rules import RuleContext, check_body
from cskb.kb.layout import Kb
from cskb.reviews.sections import criterion_sections, split_sections, word_count

VAGUE, SHORT = "vague-feedback", "evidence-too-short"


@dataclass(frozen=True)
class ReviewerLeniency:
    """One reviewer's scoring and writing habits over `cycles`."""

    reviewer: str
    cycles: tuple[str, ...]  # the window: cycle IDs, oldest first
    reviews: int  # reviews they wrote in the window (draft or complete)
    scores: int  # scores compared with the rest of the team
    offset: float | None  # mean (their score - rest of team's mean), in points of 100; + = generous
    sections: int  # criterion sections with evidence written
    vague: int  # sections flagged `vague-feedback`
    short: int  # sections flagged `evidence-too-short`

    @property
    def vague_or_short(self) -> float | None:
        """Per cent of their written criterion sections that the rules flag."""
        return round(100 * (self.vague + self.short) / self.sections, 1) if self.sections else None

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "cycles": list(self.cycles), "vague_or_short": self.vague_or_short}


def window(kb: Kb, last: int, today: dt.date | None = None) -> list[str]:
    """The last `last` cycles (folders under `reviews/`) that started by `today`."""
    root = kb.reviews_dir
    if not root.is_dir():
        return []
    names = sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and len(p.name) == 10 and not p.name.startswith(".")
    )
    if today is not None:
        names = [n for n in names if n <= today.isoformat()]
    return names[-last:] if last > 0 else names


def _written_sections(doc: Document, kb: Kb) -> int:
    _, sections = split_sections(doc.body, doc.body_line)
    by_title = {c.title.lower(): c.key for c in kb.config.rubric}
    found = criterion_sections(sections, by_title)
    return sum(1 for s in found.values() if word_count(s.evidence) > 0 or not s.has_placeholder)


def reviewer_leniency(
    kb: Kb, last: int = 6, today: dt.date | None = None
) -> list[ReviewerLeniency]:
    """Every reviewer with a review in the window, most generous first.

    Leniency compares each score with the mean of everyone else's scores on the same
    criterion in the window (leaving the reviewer out, so a prolific reviewer does not pull
    the baseline towards themselves); scores are fractions of the criterion's scale, so the
    offset is in points of 100. n/a and unscored criteria are left out."""
    cycles = window(kb, last, today)
    ctx = RuleContext(kb.config, frozenset(), {}, {})
    given: list[tuple[str, str, float]] = []  # reviewer, criterion, fraction
    counts: dict[str, list[int]] = {}  # reviewer -> [reviews, sections, vague, short]
    for cycle in cycles:
        for path in sorted((kb.reviews_dir / cycle).glob("*.md")):
            try:
                doc = read_document(path)
            except YamlProblem:
                continue  # `cskb check` reports it
            reviewer = doc.meta.get("reviewer")
            if not isinstance(reviewer, str) or not reviewer:
                continue
            c = counts.setdefault(reviewer, [0, 0, 0, 0])
            c[0] += 1
            scores = doc.meta.get("scores")
            if isinstance(scores, dict):
                for crit in kb.config.rubric:
                    kind, frac = classify(scores.get(crit.key), crit.scale)
                    if kind == SCORE and frac is not None:
                        given.append((reviewer, crit.key, frac))
            c[1] += _written_sections(doc, kb)
            for _, rule, _, _ in check_body(doc, ctx, True):
                if rule == VAGUE:
                    c[2] += 1
                elif rule == SHORT:
                    c[3] += 1
    totals: dict[str, tuple[float, int]] = {}
    for _, key, frac in given:
        s, n = totals.get(key, (0.0, 0))
        totals[key] = (s + frac, n + 1)
    mine: dict[tuple[str, str], tuple[float, int]] = {}
    for who, key, frac in given:
        s, n = mine.get((who, key), (0.0, 0))
        mine[(who, key)] = (s + frac, n + 1)
    rows = []
    for who, (reviews, sections, vague, short) in counts.items():
        diff_sum, compared = 0.0, 0
        for (w, key), (my_sum, my_n) in mine.items():
            if w != who:
                continue
            all_sum, all_n = totals[key]
            if all_n - my_n == 0:
                continue  # nobody else scored this criterion in the window
            others = (all_sum - my_sum) / (all_n - my_n)
            diff_sum += my_sum - my_n * others
            compared += my_n
        offset = round(100 * diff_sum / compared, 1) if compared else None
        rows.append(
            ReviewerLeniency(who, tuple(cycles), reviews, compared, offset, sections, vague, short)
        )
    rows.sort(key=lambda r: (-(r.offset if r.offset is not None else -1e9), r.reviewer))
    return rows
