"""`cskb path`: what a member reads and listens to next, with their progress.

The steps shown are those of the member's level and below, up to the level they work
towards, in level order and then as the path files list them. An exemplary step resolves to
the best call on the competency's criteria by someone else: complete reviews ranked by the
leniency-adjusted value of `evidence.py`, leaving out reviews whose feedback `cskb check`
flags as vague or too short. A featured step is a call a lead chose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cskb.adapters.store import Document
from cskb.checks.rules import RuleContext, check_body
from cskb.growth.evidence import (
    EvidenceCall,
    as_plain,
    competency_value,
    leniency_offsets,
    target_level,
)
from cskb.growth.matrix import Competency, Matrix, require_matrix
from cskb.growth.paths import LearningPath, load_paths, load_progress
from cskb.kb.layout import Kb
from cskb.playbook.cards import load_cards
from cskb.stats.data import KbData, ReviewRecord, load_kb_data

FLAGGED = ("vague-feedback", "evidence-too-short", "section-missing")


@dataclass(frozen=True)
class StepView:
    id: str
    competency: str
    competency_title: str
    level: str
    level_title: str
    kind: str  # "card", "exemplary" or "featured"
    title: str  # the card's title or the call's review title; "" when not available
    card: str  # the card id (card steps)
    call: EvidenceCall | None  # the call to listen to (exemplary and featured steps)
    note: str
    done: bool
    done_on: str | None


@dataclass(frozen=True)
class PathView:
    member: str
    name: str
    level: str
    target: str | None
    steps: tuple[StepView, ...]
    done: int
    total: int
    next: str | None  # the first step not done yet

    def as_dict(self) -> dict[str, Any]:
        out = as_plain(self)
        assert isinstance(out, dict)
        return out


def _well_written(r: ReviewRecord, ctx: RuleContext) -> bool:
    doc = Document(meta={"scores": r.values}, body=r.body, body_line=1)
    return not any(rule in FLAGGED for _, rule, _, _ in check_body(doc, ctx, True))


class Exemplars:
    """The exemplary call of each competency, ranked once per competency and with each
    review's feedback checked at most once, however many members' paths ask."""

    def __init__(self, data: KbData) -> None:
        self.done = [r for r in data.reviews if r.complete]
        self.offsets = leniency_offsets(self.done)
        self.ctx = RuleContext(data.config, frozenset(), {}, {})
        self._ranked: dict[str, list[tuple[float, ReviewRecord]]] = {}
        self._ok: dict[str, bool] = {}

    def best(self, comp: Competency, not_of: str) -> EvidenceCall | None:
        """The best well-written complete review on `comp` of someone other than `not_of`."""
        ranked = self._ranked.get(comp.key)
        if ranked is None:
            ranked = sorted(
                (
                    (v, r)
                    for r in self.done
                    if (v := competency_value(r, comp, self.offsets)) is not None
                ),
                key=lambda vr: (vr[0], vr[1].cycle, vr[1].path),
                reverse=True,
            )
            self._ranked[comp.key] = ranked
        for value, r in ranked:
            if r.reviewee == not_of:
                continue
            ok = self._ok.get(r.path)
            if ok is None:
                ok = self._ok[r.path] = _well_written(r, self.ctx)
            if ok:
                return EvidenceCall(
                    r.path, r.cycle, r.title, r.customer, r.reviewer, round(100 * value, 1)
                )
        return None


def path_view(
    data: KbData,
    matrix: Matrix,
    paths: list[LearningPath],
    cards: dict[str, str],
    handle: str,
    progress: dict[str, dt.date | None],
    exemplars: Exemplars | None = None,
) -> PathView:
    member = next(m for m in data.members if m.handle == handle)
    target = target_level(matrix, member.level)
    top = matrix.rank(target.key) if target else 0
    exemplars = exemplars or Exemplars(data)
    offsets = exemplars.offsets
    by_path = {r.path: r for r in data.reviews if r.complete}
    steps = [s for lp in paths for s in lp.steps if (matrix.rank(s.level) or 0) <= (top or 0)]
    steps.sort(key=lambda s: matrix.rank(s.level) or 0)
    out = []
    for s in steps:
        comp = matrix.competency(s.competency)
        assert comp is not None
        level = matrix.level(s.level)
        call, title = None, ""
        if s.kind == "card":
            title = cards.get(s.target, "")
        elif s.kind == "exemplary":
            call = exemplars.best(comp, handle)
        else:
            r = by_path.get(s.target)
            v = competency_value(r, comp, offsets) if r else None
            if r is not None:
                call = EvidenceCall(
                    r.path,
                    r.cycle,
                    r.title,
                    r.customer,
                    r.reviewer,
                    round(100 * v, 1) if v is not None else 0.0,
                )
        if call is not None:
            title = call.title
        on = progress.get(s.id)
        out.append(
            StepView(
                s.id,
                comp.key,
                comp.title,
                s.level,
                level.title if level else s.level,
                s.kind,
                title,
                s.target if s.kind == "card" else "",
                call,
                s.note,
                s.id in progress,
                on.isoformat() if on else None,
            )
        )
    done = sum(v.done for v in out)
    nxt = next((v.id for v in out if not v.done), None)
    return PathView(
        handle,
        member.name,
        member.level,
        target.key if target else None,
        tuple(out),
        done,
        len(out),
        nxt,
    )


def learning_path(kb: Kb, handle: str, today: dt.date, use_cache: bool = True) -> PathView:
    """`cskb path [--member H]`."""
    from cskb.errors import NotFoundError

    matrix = require_matrix(kb)
    paths, bad = load_paths(kb, matrix)
    if bad:
        raise bad[0][1]
    data = load_kb_data(kb, today, bodies=True, use_cache=use_cache)
    if handle not in data.names:
        raise NotFoundError(f"no member {handle!r} in team.yaml; see `cskb team list`")
    cards = {c.id: c.title for c in load_cards(kb)[0]}
    return path_view(data, matrix, paths, cards, handle, load_progress(kb, handle))
