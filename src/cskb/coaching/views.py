"""The views with their coaching state: `review show`, `review list` and `status`
show whether each complete review is acknowledged, disputed or resolved, and the scores
as resolutions changed them (the review's own scores are shown beside them)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from typing import Any

from cskb.checks.rules import follow_result
from cskb.checks.status import StatusReport, cycle_status
from cskb.coaching.goals import followed_entries
from cskb.coaching.responses import SUFFIX
from cskb.coaching.state import (
    ReviewResponses,
    adjusted,
    has_responses,
    lead_handles,
    responses_of,
)
from cskb.errors import DataError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.models import Review
from cskb.reviews.moments import link_moments
from cskb.reviews.records import ReviewSummary, list_reviews, load, score, summarise


@dataclass(frozen=True)
class ReviewView:
    """One review as `review show` presents it."""

    summary: ReviewSummary  # its score as resolutions changed it
    review: Review  # the file as written
    responses: ReviewResponses | None  # None for a draft
    scores: dict[str, Any]
    original_scores: dict[str, Any]
    original_score: float | None
    problem: str = ""  # a response file that could not be read
    moment_links: tuple[tuple[str, str], ...] = ()

    @property
    def followed(self) -> list[dict[str, str]]:
        """The review's `followed:` entries: goal, text, result, evidence (as text)."""
        out = []
        for e in followed_entries(self.review):
            out.append(
                {
                    "goal": str(e["goal"]),
                    "text": str(e.get("text") or ""),
                    "result": str(follow_result(e.get("result")) or ""),
                    "evidence": str(e.get("evidence") or ""),
                }
            )
        return out

    @property
    def linked_body(self) -> str:
        """The body with its timestamps linked into the call's recording."""
        call = self.review.meta.get("call")
        url = call.get("url") if isinstance(call, dict) else None
        return (
            link_moments(self.review.body, url, dict(self.moment_links))
            if isinstance(url, str)
            else self.review.body
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.summary.as_dict(),
            "original_score": self.original_score,
            "scores": self.scores,
            "original_scores": self.original_scores,
            "responses": None if self.responses is None else self.responses.as_dict(),
            "followed": self.followed,
            "meta": self.review.meta,
            "body": self.review.body,
        }


def _scores(review: Review) -> dict[str, Any]:
    raw = review.meta.get("scores")
    return dict(raw) if isinstance(raw, dict) else {}


def review_view(kb: Kb, review: Review) -> ReviewView:
    """The review, its responses and its scores before and after resolutions."""
    problem = ""
    answers: ReviewResponses | None = None
    shown = review
    if review.status == "complete":
        try:
            answers = responses_of(review, lead_handles(load_roster(kb.team_file), kb.config))
            shown = adjusted(review, answers)
        except DataError as exc:
            problem = exc.message
    return ReviewView(
        summarise(kb, shown),
        review,
        answers,
        _scores(shown),
        _scores(review),
        score(review, kb.config),
        problem,
        kb.config.coaching.moment_links,
    )


@dataclass(frozen=True)
class ListedReview:
    """A `review list` row: the summary (score after resolutions) and the response state."""

    summary: ReviewSummary
    response: str | None  # awaiting | acked | disputed | resolved; None for a draft

    def as_dict(self) -> dict[str, Any]:
        return {**self.summary.as_dict(), "response": self.response}


def _answered_folders(kb: Kb, cycles: set[str]) -> set[str]:
    """KB-relative review paths that have a responses folder (one scan per cycle folder)."""
    out: set[str] = set()
    for cycle in cycles:
        folder = os.path.join(kb.reviews_dir, cycle)
        try:
            with os.scandir(folder) as it:
                for e in it:
                    if e.name.endswith(SUFFIX) and e.is_dir(follow_symlinks=False):
                        out.add(f"reviews/{cycle}/{e.name[: -len(SUFFIX)]}.md")
        except (FileNotFoundError, NotADirectoryError):
            continue
    return out


def list_with_responses(
    kb: Kb,
    cycle: str | None = None,
    reviewer: str | None = None,
    reviewee: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    use_cache: bool = True,
    response: str | None = None,
) -> tuple[list[ListedReview], list[str]]:
    """`list_reviews` with each complete review's response state (only reviews that have
    response files are read again) and, optionally, only those in state `response`."""
    items, unreadable = list_reviews(kb, cycle, reviewer, reviewee, status, tag, use_cache)
    answered = _answered_folders(kb, {s.cycle for s in items if s.status == "complete"})
    leads: frozenset[str] | None = None
    out = []
    for s in items:
        state: str | None = None
        if s.status == "complete":
            state = "awaiting"
            if s.path in answered:
                if leads is None:
                    leads = lead_handles(load_roster(kb.team_file), kb.config)
                try:
                    review = load(kb.root / s.path)
                    answers = responses_of(review, leads)
                except DataError:
                    unreadable.append(s.path[: -len(".md")] + SUFFIX)
                    answers = None
                if answers is not None:
                    state = answers.state()
                    if answers.changes():
                        s = replace(s, score=score(adjusted(review, answers), kb.config))
        if response is None or state == response:
            out.append(ListedReview(s, state))
    return out, unreadable


@dataclass(frozen=True)
class CoachedStatus:
    """`cskb status` with, per member, the response to the review of their call."""

    report: StatusReport
    responses: dict[str, str | None]  # reviewee -> awaiting | acked | disputed | resolved


def status_with_responses(
    kb: Kb, cycle_id: str | None, today: dt.date, last_n: int = 6, use_cache: bool = True
) -> CoachedStatus:
    """The cycle's status, and whether each complete review of this cycle was answered."""
    report = cycle_status(kb, cycle_id, today, last_n, use_cache)
    leads: frozenset[str] | None = None
    out: dict[str, str | None] = {}
    for g in report.groups:
        for s in g.states:
            if not s.review_complete or not s.reviews:
                continue
            path = kb.reviews_dir / report.cycle.id / f"{s.handle}-reviews-{s.reviews}.md"
            state: str | None = "awaiting"
            if has_responses(path):
                if leads is None:
                    leads = lead_handles(load_roster(kb.team_file), kb.config)
                try:
                    state = responses_of(load(path), leads).state()
                except DataError:
                    state = None
            out[s.reviews] = state
    return CoachedStatus(report, out)
