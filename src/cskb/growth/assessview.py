"""`cskb assess show`: self, lead and review evidence side by side, for one period.

Who sees what: a member's assessments are shown only to the member and to the leads; a
draft only to its author; a final lead assessment to the member too. Ratings more than one
level apart (self, any lead, the evidence) are flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from cskb.coaching.state import lead_handles
from cskb.errors import NotFoundError, UsageError
from cskb.growth.assess import FINAL, SELF, Assessment, load_assessments, period_of
from cskb.growth.evidence import as_plain
from cskb.growth.matrix import Matrix, require_matrix
from cskb.growth.standing import MemberStanding, standing_from
from cskb.kb.layout import Kb
from cskb.models import Member
from cskb.stats.data import load_kb_data


@dataclass(frozen=True)
class Row:
    key: str
    title: str
    self_level: str | None  # None: not rated, or not visible to the viewer
    leads: dict[str, str | None]  # lead handle -> level
    evidence: str | None  # the level the evidence figure reaches; None with too little
    figure: float | None
    disagree: bool  # two of the ratings are more than one level apart
    why: str  # e.g. "self senior, lead bo associate: 2 levels apart"


@dataclass(frozen=True)
class AssessmentView:
    member: str
    name: str
    viewer: str
    period: str
    periods: tuple[str, ...]  # periods with an assessment the viewer may see
    shown: tuple[str, ...]  # the files shown
    rows: tuple[Row, ...]

    def as_dict(self) -> dict[str, Any]:
        out = as_plain(self)
        assert isinstance(out, dict)
        return out


def visible(a: Assessment, viewer: str, leads: frozenset[str]) -> bool:
    """A draft only to its author; a final assessment to its member and the leads."""
    if a.status != FINAL:
        return a.assessor == viewer
    return viewer == a.member or viewer in leads


def _rows(
    matrix: Matrix, own: Assessment | None, by_leads: list[Assessment], standing: MemberStanding
) -> list[Row]:
    evidence = {c.key: c for c in standing.competencies}
    rows = []
    for comp in matrix.competencies:
        ev = evidence.get(comp.key)
        ratings: list[tuple[str, str]] = []
        mine = own.ratings.get(comp.key) if own else None
        if mine:
            ratings.append(("self", mine))
        leads = {a.assessor: a.ratings.get(comp.key) for a in by_leads}
        ratings += [(f"lead {h}", lv) for h, lv in leads.items() if lv]
        if ev and ev.level:
            ratings.append(("evidence", ev.level))
        worst: tuple[int, str] = (0, "")
        for (wa, la), (wb, lb) in combinations(ratings, 2):
            ra, rb = matrix.rank(la), matrix.rank(lb)
            if ra is not None and rb is not None and abs(ra - rb) > worst[0]:
                worst = (abs(ra - rb), f"{wa} {la}, {wb} {lb}: {abs(ra - rb)} levels apart")
        rows.append(
            Row(
                comp.key,
                comp.title,
                mine,
                leads,
                ev.level if ev else None,
                ev.figure if ev else None,
                worst[0] > 1,
                worst[1] if worst[0] > 1 else "",
            )
        )
    return rows


def assessment_view(
    kb: Kb,
    viewer: Member,
    handle: str,
    today: dt.date,
    period: str | None = None,
    use_cache: bool = True,
) -> AssessmentView:
    """What `viewer` may see of `handle`'s assessments in `period` (default: the latest)."""
    matrix = require_matrix(kb)
    data = load_kb_data(kb, today, bodies=True, use_cache=use_cache)
    leads = lead_handles(data.members, kb.config)
    if handle not in data.names:
        raise NotFoundError(f"no member {handle!r} in team.yaml; see `cskb team list`")
    if viewer.handle != handle and viewer.handle not in leads:
        roles = ", ".join(kb.config.coaching.lead_roles) or "none"
        raise UsageError(
            f"{handle}'s assessments are shown only to {handle} and the leads "
            f"(team.yaml role: {roles})"
        )
    found, _ = load_assessments(kb, matrix)
    seen = [a for a in found if a.member == handle and visible(a, viewer.handle, leads)]
    periods = tuple(sorted({a.period for a in seen}))
    chosen = period or (periods[-1] if periods else period_of(today, kb.config.assess.period))
    if period is not None and period not in periods:
        raise NotFoundError(
            f"--period {period}: no assessment of {handle} you may see "
            f"(periods: {', '.join(periods) or 'none yet'})"
        )
    here = [a for a in seen if a.period == chosen]
    own = next((a for a in here if a.kind == SELF), None)
    by_leads = sorted((a for a in here if a.kind != SELF), key=lambda a: a.assessor)
    standing = standing_from(data, matrix, handle, today)
    return AssessmentView(
        handle,
        data.name(handle),
        viewer.handle,
        chosen,
        periods,
        tuple(a.path for a in here),
        tuple(_rows(matrix, own, by_leads, standing)),
    )
