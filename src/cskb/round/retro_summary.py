"""`cskb retro summary`: the response rate, the usefulness trend over cycles, the themes of
what to change, and the round's own figures beside them (completion, median latency from
call to review, meeting rate, disputes, vague reviews caught)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from cskb.checks.runner import check_review, rule_context
from cskb.coaching.state import has_responses, lead_handles, responses_of
from cskb.errors import DataError, NotFoundError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.pairing.cycles import cycles_cache, load_cycles, parse_cycle_id
from cskb.reviews.records import load
from cskb.round.retro import Retro, load_retros
from cskb.round.themes import Theme, themes
from cskb.stats.data import load_kb_data
from cskb.stats.summary import compute_figures

VAGUE_RULE = "vague-feedback"


@dataclass(frozen=True)
class RetroCycle:
    """One cycle's retros beside its own figures; rates are fractions 0..1."""

    cycle: str
    responses: int
    paired: int
    response_rate: float | None
    useful_mean: float | None
    completion_rate: float | None
    median_latency_days: float | None
    meeting_rate: float | None
    disputes: int
    vague_reviews: int  # reviews in which `cskb check` caught vague feedback


@dataclass(frozen=True)
class RetroSummary:
    cycle: str | None  # the cycle asked for (None: every cycle)
    cycles: tuple[RetroCycle, ...]  # oldest first: the trend
    themes: tuple[Theme, ...]  # of what to change, in the selection
    retros: tuple[Retro, ...]  # the selection's retros
    unreadable: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle,
            "cycles": [c.__dict__ for c in self.cycles],
            "themes": [t.__dict__ for t in self.themes],
            "retros": [r.as_dict() for r in self.retros],
            "unreadable": list(self.unreadable),
        }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _review_signals(kb: Kb, cycle_id: str) -> tuple[int, int]:
    """(disputes raised, reviews with vague feedback caught) among the cycle's reviews."""
    folder = kb.reviews_dir / cycle_id
    if not folder.is_dir():
        return 0, 0
    leads = lead_handles(load_roster(kb.team_file), kb.config)
    ctx = rule_context(kb)
    disputes = vague = 0
    for path in sorted(folder.glob("*.md")):
        try:
            if has_responses(path):
                disputes += len(responses_of(load(path), leads).disputes)
        except DataError:
            pass  # `cskb check` reports the file
        vague += any(f.rule == VAGUE_RULE for f in check_review(kb, path, ctx=ctx))
    return disputes, vague


def retro_summary(
    kb: Kb, today: dt.date, cycle_id: str | None = None, use_cache: bool = True
) -> RetroSummary:
    """Every cycle with a retro (and the one asked for) with its figures; the themes and the
    retros of the cycle asked for, or of every cycle."""
    cycles = load_cycles(kb.cycles_dir, cycles_cache(kb.state_dir, use_cache))
    if cycle_id is not None:
        wanted = parse_cycle_id(cycle_id).isoformat()
        if wanted not in {c.id for c in cycles}:
            raise NotFoundError(
                f"no cycle {wanted} (no {wanted}.yaml in cycles/); see `cskb cycles`"
            )
        cycle_id = wanted
    retros, bad = load_retros(kb)
    by_cycle: dict[str, list[Retro]] = {}
    for r in retros:
        by_cycle.setdefault(r.cycle, []).append(r)
    shown = [c for c in cycles if c.id in by_cycle or c.id == cycle_id]
    figures = compute_figures(load_kb_data(kb, today, bodies=False, use_cache=use_cache))
    rows_by = {r.cycle: r for r in figures.participation}
    latency = {c.cycle: c.median_days for c in figures.latency.per_cycle}
    rows = []
    for c in shown:
        mine = by_cycle.get(c.id, [])
        paired = {h for g in c.groups for h in g.members}
        answered = [r for r in mine if r.member in paired]
        row = rows_by.get(c.id)
        disputes, vague = _review_signals(kb, c.id)
        rows.append(
            RetroCycle(
                c.id,
                len(mine),
                len(paired),
                _rate(len(answered), len(paired)),
                round(statistics.fmean(r.useful for r in mine), 2) if mine else None,
                row.completion_rate if row else None,
                latency.get(c.id),
                row.meeting_rate if row else None,
                disputes,
                vague,
            )
        )
    selected = by_cycle.get(cycle_id, []) if cycle_id else retros
    found = themes([r.change for r in selected], [r.tags for r in selected])
    return RetroSummary(cycle_id, tuple(rows), tuple(found), tuple(selected), tuple(bad))
