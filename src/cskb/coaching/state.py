"""One review's responses combined: who said what, which disputes are open, the scores
from now on (the review's own scores stay in its file and in git)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.coaching.responses import (
    Ack,
    Dispute,
    GoalDone,
    Resolution,
    ResponseFile,
    read_all,
    responses_dir,
)
from cskb.config import Config
from cskb.models import Member, Review

AWAITING, ACKED, DISPUTED, RESOLVED = "awaiting", "acked", "disputed", "resolved"


@dataclass(frozen=True)
class ScoreChange:
    """A criterion whose score a resolution changed."""

    criterion: str
    was: Any
    now: Any
    outcome: str
    by: str
    date: dt.date


@dataclass(frozen=True)
class ReviewResponses:
    """What the reviewee and the reviewer (or a lead) answered about one review."""

    ack: Ack | None = None
    disputes: tuple[Dispute, ...] = ()
    resolutions: tuple[Resolution, ...] = ()  # the first valid answer to each dispute
    goals_done: tuple[GoalDone, ...] = ()
    ignored: tuple[str, ...] = ()  # files or entries whose author may not say that
    featured_by: tuple[tuple[str, dt.date], ...] = ()  # leads who pinned it, and when

    def resolution_of(self, criterion: str) -> Resolution | None:
        return next((r for r in self.resolutions if r.criterion == criterion), None)

    def dispute_of(self, criterion: str) -> Dispute | None:
        return next((d for d in self.disputes if d.criterion == criterion), None)

    @property
    def open_disputes(self) -> tuple[Dispute, ...]:
        return tuple(d for d in self.disputes if self.resolution_of(d.criterion) is None)

    @property
    def answered(self) -> dt.date | None:
        """When the reviewee first answered (ack or dispute); None while unanswered."""
        days = [d.date for d in self.disputes] + ([self.ack.date] if self.ack else [])
        return min(days) if days else None

    def state(self) -> str:
        """awaiting, acked, disputed (a dispute is open) or resolved (every dispute answered)."""
        if self.open_disputes:
            return DISPUTED
        if self.disputes:
            return RESOLVED
        return ACKED if self.ack else AWAITING

    def changes(self) -> tuple[ScoreChange, ...]:
        out = []
        for r in self.resolutions:
            if r.outcome != "reject" and r.score is not None and r.score != r.was:
                out.append(ScoreChange(r.criterion, r.was, r.score, r.outcome, r.member, r.date))
        return tuple(out)

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state(),
            "ack": None
            if self.ack is None
            else {
                "date": self.ack.date.isoformat(),
                "note": self.ack.note,
                "goals": list(self.ack.goals),
            },
            "disputes": [
                {
                    "criterion": d.criterion,
                    "asked": d.score,
                    "was": d.was,
                    "comment": d.comment,
                    "date": d.date.isoformat(),
                    "resolution": _resolution_dict(self.resolution_of(d.criterion)),
                }
                for d in self.disputes
            ],
        }


def _resolution_dict(r: Resolution | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "outcome": r.outcome,
        "score": r.score,
        "by": r.member,
        "comment": r.comment,
        "date": r.date.isoformat(),
    }


def lead_handles(members: Collection[Member], config: Config) -> frozenset[str]:
    """Members whose role the team names as leading (`[coaching] lead_roles`)."""
    roles = set(config.coaching.lead_roles)
    return frozenset(m.handle for m in members if m.role in roles and m.active)


def combine(
    files: list[ResponseFile], reviewer: str, reviewee: str, leads: Collection[str]
) -> ReviewResponses:
    """Only the reviewee's own file acks and disputes; only the reviewer's or a lead's
    resolves (the earliest answer to a dispute wins, then the author's handle)."""
    ack: Ack | None = None
    disputes: list[Dispute] = []
    done: list[GoalDone] = []
    answers: list[Resolution] = []
    ignored: list[str] = []
    featured = [(f.member, f.featured) for f in files if f.featured and f.member in leads]
    for f in files:
        if f.member == reviewee:
            ack = f.ack
            seen: set[str] = set()
            for d in f.disputes:
                if d.criterion not in seen:
                    seen.add(d.criterion)
                    disputes.append(d)
            done += f.goals_done
            if f.resolutions:
                ignored.append(f"{f.path.name}: a reviewee cannot resolve their own dispute")
        elif f.member == reviewer or f.member in leads:
            answers += f.resolutions
            if f.ack or f.disputes or f.goals_done:
                ignored.append(f"{f.path.name}: only {reviewee} acknowledges or disputes")
        else:
            ignored.append(
                f"{f.path.name}: {f.member} is neither {reviewee}, {reviewer} nor a lead"
            )
    wanted = {d.criterion: d for d in disputes}
    chosen: dict[str, Resolution] = {}
    for r in sorted(answers, key=lambda r: (r.date, r.member)):
        asked = wanted.get(r.criterion)
        if asked is not None and r.criterion not in chosen and r.date >= asked.date:
            chosen[r.criterion] = r
    return ReviewResponses(
        ack,
        tuple(disputes),
        tuple(chosen[d.criterion] for d in disputes if d.criterion in chosen),
        tuple(done),
        tuple(ignored),
        tuple((m, d) for m, d in featured if d is not None),
    )


def responses_of(review: Review, leads: Collection[str]) -> ReviewResponses:
    return combine(read_all(review.path), review.reviewer, review.reviewee, leads)


def adjusted(review: Review, responses: ReviewResponses) -> Review:
    """The review with its scores as accepted and partial resolutions changed them."""
    changes = responses.changes()
    scores = review.meta.get("scores")
    if not changes or not isinstance(scores, dict):
        return review
    new = dict(scores)
    for c in changes:
        new[c.criterion] = c.now
    return Review(review.path, {**review.meta, "scores": new}, review.body)


def has_responses(review_path: Path) -> bool:
    return responses_dir(review_path).is_dir()
