"""Exemplary calls: the highest-scored complete reviews on a card's criteria.

Reviews a lead featured (`cskb review feature`) come first, with who chose them; the others
count only when their evidence under the criterion passes the feedback-quality rule, and
with their scores as accepted disputes changed them.

For each criterion a card teaches, the complete reviews that scored it in the top quarter of
its scale (4 or 5 on 1-5, yes on yes/no), best first, then newest cycle first, each with an
excerpt of the reviewer's evidence under that criterion and the review's path. Scores and
evidence come from the reviews' own loading and scoring (`reviews/records.py`,
`reviews/sections.py`), so they are the same numbers `cskb review list` shows.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from cskb.checks.feedback import is_specific
from cskb.coaching.state import adjusted, has_responses, lead_handles, responses_of
from cskb.errors import DataError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.reviews.records import all_review_paths, criterion_scores, load
from cskb.reviews.sections import criterion_sections, split_sections

MIN_SCORE = 0.75  # normalised 0..1: the top quarter of the criterion's scale
EXCERPT_CHARS = 240
DEFAULT_LIMIT = 3
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Exemplar:
    """One exemplary call on one criterion."""

    criterion: str
    path: str  # the review, relative to the KB: `cskb review show PATH` opens it
    cycle: str
    reviewer: str
    reviewee: str
    customer: str
    score: str  # the score as written in the review, e.g. "5" or "yes"
    scale: str  # the criterion's scale, e.g. "1-5"
    normalised: float  # 0..1
    excerpt: str  # the start of the reviewer's evidence under that criterion, one line
    chosen_by: str = ""  # the lead(s) who featured the review (`cskb review feature`)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` on one line without control characters, cut at a word near `limit`."""
    flat = " ".join(CONTROL_RE.sub("", text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(",;:.") + "…"


def exemplars_by_criterion(
    kb: Kb, keys: Collection[str], limit: int = DEFAULT_LIMIT
) -> dict[str, list[Exemplar]]:
    """The best `limit` exemplary calls for each criterion in `keys`, in one pass over the
    reviews; unreadable and draft reviews are skipped."""
    wanted = [c for c in kb.config.rubric if c.key in set(keys)]
    found: dict[str, list[Exemplar]] = {c.key: [] for c in wanted}
    if not wanted or limit <= 0:
        return found
    by_title = {c.title.strip().lower(): c.key for c in kb.config.rubric}
    leads = lead_handles(load_roster(kb.team_file), kb.config)
    for path in all_review_paths(kb):
        try:
            review = load(path)
        except DataError:
            continue
        if review.status != "complete":
            continue
        chosen = ""
        if has_responses(path):
            try:
                answers = responses_of(review, leads)
            except DataError:
                continue
            chosen = ", ".join(sorted(m for m, _ in answers.featured_by))
            review = adjusted(review, answers)  # scores as resolutions changed them
        norms = criterion_scores(review, kb.config)
        hits = [c for c in wanted if chosen or norms.get(c.key, 0.0) >= MIN_SCORE]
        if not hits:
            continue
        sections = criterion_sections(split_sections(review.body)[1], by_title)
        # only feedback that passes the quality rule teaches anything (a lead's pick aside)
        hits = [
            c
            for c in hits
            if c.key in norms
            and (chosen or (sections.get(c.key) and is_specific(sections[c.key].evidence)))
        ]
        call = review.meta.get("call")
        customer = call.get("customer") if isinstance(call, dict) else ""
        scores = review.meta.get("scores")
        for c in hits:
            section = sections.get(c.key)
            raw = scores.get(c.key) if isinstance(scores, dict) else None
            found[c.key].append(
                Exemplar(
                    criterion=c.key,
                    path=kb.rel(path),
                    cycle=review.cycle,
                    reviewer=review.reviewer,
                    reviewee=review.reviewee,
                    customer=excerpt(str(customer or ""), 80),
                    score=("yes" if raw else "no") if isinstance(raw, bool) else str(raw),
                    scale=str(c.scale),
                    normalised=round(norms[c.key], 4),
                    excerpt=excerpt(section.evidence) if section else "",
                    chosen_by=chosen,
                )
            )
    for key, items in found.items():
        items.sort(key=lambda e: e.path)
        items.sort(key=lambda e: e.cycle, reverse=True)
        items.sort(key=lambda e: e.normalised, reverse=True)
        items.sort(key=lambda e: not e.chosen_by)  # featured first
        found[key] = items[:limit]
    return found


def exemplars_for(kb: Kb, criteria: Collection[str], limit: int = DEFAULT_LIMIT) -> list[Exemplar]:
    """A card's exemplary calls: up to `limit` per criterion, in the card's criteria order."""
    found = exemplars_by_criterion(kb, criteria, limit)
    return [e for key in criteria for e in found.get(key, [])]
