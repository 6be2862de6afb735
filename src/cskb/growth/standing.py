"""Where a member stands: their level, the evidence per competency, their coaching goals.

Shared by `cskb member` and the site's member pages. Goals are the coaching loop's
(`coaching/goals.py`: each review's "What to try next time" and the goals added on ack),
newest first, with how later reviews followed them up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cskb.coaching.goals import Goal as CoachingGoal
from cskb.coaching.goals import list_goals
from cskb.errors import NotFoundError
from cskb.growth.evidence import CompetencyEvidence, as_plain, member_evidence, target_level
from cskb.growth.matrix import Matrix, require_matrix
from cskb.kb.layout import Kb
from cskb.reviews.sections import split_sections
from cskb.stats.data import KbData, load_kb_data

GOAL_HEADINGS = ("what to try next time",)
MAX_GOALS = 5
GOAL_CHARS = 400


@dataclass(frozen=True)
class Goal:
    cycle: str
    set_by: str  # the reviewer who suggested it (or the member, on ack)
    text: str
    review: str  # the review file it comes from
    id: str = ""  # the coaching loop's goal id (`cskb goals`)
    open: bool = True  # not closed by its owner
    followed: tuple[str, ...] = ()  # later reviews' results, oldest first: yes, partly, no, ...


@dataclass(frozen=True)
class MemberStanding:
    handle: str
    name: str
    level: str  # "" when team.yaml gives none
    level_title: str
    target: str | None  # the level they work towards
    target_title: str
    cycles: tuple[str, ...]  # the evidence window
    min_reviews: int
    competencies: tuple[CompetencyEvidence, ...]
    goals: tuple[Goal, ...]

    def as_dict(self) -> dict[str, Any]:
        out = as_plain(self)
        assert isinstance(out, dict)
        return out


def goals_of(data: KbData, handle: str, cycles: tuple[str, ...]) -> tuple[Goal, ...]:
    """The "What to try next time" of `handle`'s complete reviews in the window."""
    ids = set(cycles)
    out = []
    done = [r for r in data.reviews if r.complete and r.reviewee == handle and r.cycle in ids]
    for r in sorted(done, key=lambda r: (r.cycle, r.path), reverse=True):
        for s in split_sections(r.body)[1]:
            if s.heading.strip().lower() in GOAL_HEADINGS and s.evidence.strip():
                text = " ".join(s.evidence.split())
                if len(text) > GOAL_CHARS:
                    text = text[: GOAL_CHARS - 1] + "…"
                out.append(Goal(r.cycle, r.reviewer, text, r.path))
                break
        if len(out) >= MAX_GOALS:
            break
    return tuple(out)


def _view(g: CoachingGoal) -> Goal:
    text = g.text if len(g.text) <= GOAL_CHARS else g.text[: GOAL_CHARS - 1] + "…"
    follow = tuple(f.result for f in g.follow_ups)
    return Goal(g.cycle, g.set_by, text, g.review, g.id, g.open, follow)


def _newest(found: list[CoachingGoal]) -> tuple[Goal, ...]:
    found = sorted(found, key=lambda g: (g.cycle, g.id), reverse=True)
    return tuple(_view(g) for g in found[:MAX_GOALS])


def coaching_goals(kb: Kb, handle: str, use_cache: bool = True) -> tuple[Goal, ...]:
    """The member's coaching goals from the coaching loop, newest first (at most MAX_GOALS)."""
    return _newest(list_goals(kb, handle, use_cache=use_cache))


def everyones_goals(kb: Kb, use_cache: bool = True) -> dict[str, tuple[Goal, ...]]:
    """`coaching_goals` of every member at once (one pass over the reviews, for the site)."""
    by_owner: dict[str, list[CoachingGoal]] = {}
    for g in list_goals(kb, None, use_cache=use_cache):
        by_owner.setdefault(g.owner, []).append(g)
    return {owner: _newest(found) for owner, found in by_owner.items()}


def standing_from(
    data: KbData,
    matrix: Matrix,
    handle: str,
    today: dt.date,
    goals: tuple[Goal, ...] | None = None,
) -> MemberStanding:
    """The standing of `handle` from data already loaded (the site loads it once)."""
    member = next((m for m in data.members if m.handle == handle), None)
    if member is None:
        known = ", ".join(m.handle for m in data.members) or "none yet"
        raise NotFoundError(f"no member {handle!r} in team.yaml (members: {known})")
    cycles, evidence = member_evidence(data, matrix, handle, member.level, today)
    own = matrix.level(member.level)
    target = target_level(matrix, member.level)
    return MemberStanding(
        handle,
        member.name,
        member.level,
        own.title if own else "",
        target.key if target else None,
        target.title if target else "",
        cycles,
        matrix.min_reviews,
        tuple(evidence),
        goals_of(data, handle, cycles) if goals is None else goals,
    )


def member_standing(kb: Kb, handle: str, today: dt.date, use_cache: bool = True) -> MemberStanding:
    """`cskb member H`: the matrix, the KB's reviews, and the member's standing."""
    matrix = require_matrix(kb)
    data = load_kb_data(kb, today, bodies=True, use_cache=use_cache)
    if handle not in data.names:
        standing_from(data, matrix, handle, today)  # raises the one-line NotFoundError
    return standing_from(data, matrix, handle, today, coaching_goals(kb, handle, use_cache))
