"""Coaching goals: what a review's "What to try next time" asks of the reviewee (one goal
per bullet, or the section as one goal), the goals the reviewee adds on ack, whether a
later review recorded that they tried it (`followed:`), and whether the owner closed it.

A goal's id is `<cycle>/<review file name>#<n>`, e.g. `2026-11-09/ana-reviews-bo#1`:
the review's goals first, then the reviewee's own from their ack.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from cskb.adapters.store import to_date
from cskb.checks.rules import FOLLOW_RESULTS, follow_result
from cskb.coaching.state import lead_handles, responses_of
from cskb.errors import DataError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.models import Review
from cskb.reviews.records import list_reviews, load
from cskb.reviews.sections import split_sections

GOAL_HEADINGS = ("what to try next time",)
RESULTS = FOLLOW_RESULTS
BULLET_RE = re.compile(r"^(?:[-*+•]|\d+[.)])\s+")
GOAL_ID_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})/([a-z0-9][a-z0-9_-]*-reviews-[a-z0-9][a-z0-9_-]*)#(\d+)$"
)
MAX_FOLLOWED = 5  # goals carried into one new review


@dataclass(frozen=True)
class FollowUp:
    """A later review recorded whether the goal was tried on that call."""

    review: str  # the later review, KB-relative
    cycle: str
    reviewer: str
    result: str  # yes | partly | no | not-applicable
    evidence: str


@dataclass(frozen=True)
class Goal:
    id: str
    owner: str  # the reviewee
    text: str
    set_by: str  # the reviewer, or the owner for goals added on ack
    set_on: dt.date
    review: str  # the review that set it, KB-relative
    cycle: str
    done: dt.date | None = None  # closed by its owner
    follow_ups: tuple[FollowUp, ...] = ()

    @property
    def open(self) -> bool:
        return self.done is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "owner": self.owner,
            "text": self.text,
            "set_by": self.set_by,
            "set_on": self.set_on.isoformat(),
            "review": self.review,
            "cycle": self.cycle,
            "open": self.open,
            "done": self.done.isoformat() if self.done else None,
            "follow_ups": [f.__dict__ for f in self.follow_ups],
        }


def section_goals(body: str) -> list[str]:
    """The goals a review body sets: each bullet of "What to try next time", or its text."""
    for s in split_sections(body)[1]:
        if s.heading.strip().lower() not in GOAL_HEADINGS:
            continue
        lines = [ln for ln in s.evidence.split("\n") if ln.strip()]
        bullets = [BULLET_RE.sub("", ln).strip() for ln in lines if BULLET_RE.match(ln)]
        if bullets:
            return [b for b in bullets if b]
        text = " ".join(" ".join(lines).split())
        return [text] if text else []
    return []


def _set_on(review: Review) -> dt.date:
    return to_date(review.meta.get("completed")) or to_date(review.cycle) or dt.date.min


def followed_entries(review: Review) -> list[dict[str, Any]]:
    """The review's `followed:` list (entries that are mappings with a goal id)."""
    raw = review.meta.get("followed")
    if not isinstance(raw, list):
        return []
    return [e for e in raw if isinstance(e, dict) and isinstance(e.get("goal"), str)]


def goals_of_review(kb: Kb, review: Review, leads: frozenset[str]) -> list[Goal]:
    """The goals one complete review sets (the reviewer's, then the reviewee's own)."""
    cycle, stem = review.cycle, review.path.stem
    owner = review.reviewee
    answers = responses_of(review, leads)
    done = {g.goal: g.date for g in answers.goals_done}
    rel = kb.rel(review.path)
    texts = [(t, review.reviewer, _set_on(review)) for t in section_goals(review.body)]
    if answers.ack is not None:
        texts += [(g, owner, answers.ack.date) for g in answers.ack.goals]
    out = []
    for n, (text, by, day) in enumerate(texts, 1):
        gid = f"{cycle}/{stem}#{n}"
        out.append(Goal(gid, owner, text, by, day, rel, cycle, done.get(gid)))
    return out


def list_goals(
    kb: Kb, member: str | None = None, only_open: bool = False, use_cache: bool = True
) -> list[Goal]:
    """Every goal (of one member), oldest first, each with its follow-up history."""
    items, _ = list_reviews(kb, reviewee=member, status="complete", use_cache=use_cache)
    leads = lead_handles(load_roster(kb.team_file), kb.config)
    reviews: list[Review] = []
    for s in items:
        try:
            reviews.append(load(kb.root / s.path))
        except DataError:
            continue  # `cskb check` reports it
    goals: list[Goal] = []
    for r in reviews:
        try:
            goals += goals_of_review(kb, r, leads)
        except DataError:
            continue
    history: dict[str, list[FollowUp]] = {}
    for r in reviews:
        for e in followed_entries(r):
            history.setdefault(e["goal"], []).append(
                FollowUp(
                    kb.rel(r.path),
                    r.cycle,
                    r.reviewer,
                    str(follow_result(e.get("result")) or ""),
                    str(e.get("evidence") or ""),
                )
            )
    out = [
        Goal(**{**g.__dict__, "follow_ups": tuple(history.get(g.id, ()))})
        for g in goals
        if not only_open or g.open
    ]
    out.sort(key=lambda g: (g.owner, g.set_on, g.id))
    return out


def goals_to_follow(kb: Kb, reviewee: str, cycle: str, use_cache: bool = True) -> list[Goal]:
    """The open goals of `reviewee` set before `cycle` and not yet followed with a "yes",
    newest first (at most MAX_FOLLOWED): what the next review of their call asks about."""
    found = [
        g
        for g in list_goals(kb, reviewee, only_open=True, use_cache=use_cache)
        if g.cycle < cycle and not any(f.result == "yes" for f in g.follow_ups)
    ]
    found.sort(key=lambda g: (g.cycle, g.id), reverse=True)
    return found[:MAX_FOLLOWED]


def find_goal(goals: list[Goal], ident: str) -> Goal | None:
    ident = ident.strip()
    exact = [g for g in goals if g.id == ident]
    if exact:
        return exact[0]
    tail = [g for g in goals if g.id.split("/", 1)[1] == ident]
    return tail[0] if len(tail) == 1 else None
