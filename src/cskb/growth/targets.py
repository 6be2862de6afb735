"""The programme's targets (`[targets]` in cskb.toml), met or missed in each closed cycle.

A cycle is closed once its due date has passed. Each figure is the cycle's own: review
completion and meeting rate from the stats figures, the median latency of the cycle's
complete reviews, the share of playbook cards in date on its due day, and the share of its
complete reviews whose feedback `cskb check` flags as vague. Pure but for `targets_report`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cskb.adapters.store import Document
from cskb.checks.rules import RuleContext, check_body
from cskb.config import TargetsConfig
from cskb.growth.evidence import as_plain
from cskb.kb.layout import Kb
from cskb.playbook.cards import Card, load_cards
from cskb.playbook.states import state_of
from cskb.stats.data import KbData, ReviewRecord, load_kb_data
from cskb.stats.figures import Figures
from cskb.stats.summary import compute_figures

# key, title, "min" (at least) or "max" (at most), unit
TARGETS = (
    ("completion", "Review completion", "min", "%"),
    ("latency_days", "Median days from call to review", "max", "days"),
    ("meeting_rate", "Meeting rate", "min", "%"),
    ("playbook_verified", "Playbook verified", "min", "%"),
    ("vague_reviews", "Vague reviews", "max", "%"),
)
MAX_CYCLES = 26  # the dashboard and the table show the last year of cycles


@dataclass(frozen=True)
class TargetPoint:
    cycle: str
    value: float | None  # None: nothing to measure in that cycle
    met: bool | None


@dataclass(frozen=True)
class Target:
    key: str
    title: str
    goal: float
    direction: str  # "min": at least the goal; "max": at most
    unit: str
    points: tuple[TargetPoint, ...]  # closed cycles, oldest first
    last: TargetPoint | None  # the last closed cycle
    trend: str  # "better", "worse", "same" or "" (against the cycle before the last)

    @property
    def wording(self) -> str:
        sign = "≥" if self.direction == "min" else "≤"
        return f"{sign} {self.goal:g}{'%' if self.unit == '%' else ' ' + self.unit}"


@dataclass(frozen=True)
class TargetsReport:
    today: str
    last_closed: str | None
    targets: tuple[Target, ...]
    missed: tuple[str, ...]  # keys the last closed cycle missed

    def as_dict(self) -> dict[str, Any]:
        out = as_plain(self)
        assert isinstance(out, dict)
        for t, d in zip(self.targets, out["targets"], strict=True):
            d["wording"] = t.wording
        return out


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _vague(reviews: Sequence[ReviewRecord], ctx: RuleContext) -> float | None:
    flagged = 0
    for r in reviews:
        doc = Document(meta={"scores": r.values}, body=r.body, body_line=1)
        flagged += any(rule == "vague-feedback" for _, rule, _, _ in check_body(doc, ctx, True))
    return _pct(flagged, len(reviews))


def _in_date(cards: Sequence[Card], day: dt.date) -> float | None:
    ok = sum(
        bool(c.verified_on and c.verified_on <= day and state_of(c, day).trusted) for c in cards
    )
    return _pct(ok, len(cards))


def cycle_values(
    data: KbData, figures: Figures, cards: Sequence[Card]
) -> dict[str, dict[str, float | None]]:
    """Every target figure of every closed cycle: cycle id -> key -> value."""
    ctx = RuleContext(data.config, frozenset(), {}, {})
    latency = {c.cycle: c.median_days for c in figures.latency.per_cycle}
    due = {c.id: c.due for c in data.cycles}
    out = {}
    for row in figures.participation:
        if not row.closed:
            continue
        done = [r for r in data.reviews if r.cycle == row.cycle and r.complete]
        out[row.cycle] = {
            "completion": _pct(row.complete, row.paired),
            "latency_days": latency.get(row.cycle),
            "meeting_rate": _pct(row.coffees, row.groups),
            "playbook_verified": _in_date(cards, due[row.cycle]),
            "vague_reviews": _vague(done, ctx),
        }
    return out


def _met(value: float | None, goal: float, direction: str) -> bool | None:
    if value is None:
        return None
    return value >= goal if direction == "min" else value <= goal


def _trend(points: Sequence[TargetPoint], direction: str) -> str:
    vals = [p.value for p in points if p.value is not None]
    if len(vals) < 2 or points[-1].value is None:
        return ""
    a, b = vals[-2], vals[-1]
    if a == b:
        return "same"
    return "better" if (b > a) == (direction == "min") else "worse"


def evaluate(
    config: TargetsConfig, values: dict[str, dict[str, float | None]], today: str
) -> TargetsReport:
    """Each target set in `config` against the cycles' values (oldest cycle first)."""
    cycles = sorted(values)[-MAX_CYCLES:]
    targets = []
    for key, title, direction, unit in TARGETS:
        goal = getattr(config, key)
        if goal is None:
            continue
        points = tuple(
            TargetPoint(c, values[c][key], _met(values[c][key], goal, direction)) for c in cycles
        )
        last = points[-1] if points else None
        targets.append(
            Target(key, title, goal, direction, unit, points, last, _trend(points, direction))
        )
    missed = tuple(t.key for t in targets if t.last is not None and t.last.met is False)
    return TargetsReport(today, cycles[-1] if cycles else None, tuple(targets), missed)


def targets_from(data: KbData, figures: Figures, cards: Sequence[Card]) -> TargetsReport:
    """The report from data already loaded (the site loads it once)."""
    return evaluate(data.config.targets, cycle_values(data, figures, cards), data.today.isoformat())


def targets_report(kb: Kb, today: dt.date, use_cache: bool = True) -> TargetsReport:
    """`cskb stats --targets`."""
    data = load_kb_data(kb, today, bodies=True, use_cache=use_cache)
    return targets_from(data, compute_figures(data), load_cards(kb)[0])
