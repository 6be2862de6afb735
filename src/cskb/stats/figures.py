"""The programme's figures as dataclasses: participation per cycle, missed cycles in a row,
scores per criterion over time, the score distribution, review latency, pair coverage and
topics. Pure: everything comes from a `KbData`; docs/stats.md explains each figure."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

from cskb.config import Criterion
from cskb.models import Cycle
from cskb.stats.data import KbData, ReviewRecord
from cskb.stats.shapes import Count as Count
from cskb.stats.shapes import Coverage as Coverage
from cskb.stats.shapes import CriterionCounts as CriterionCounts
from cskb.stats.shapes import CycleLatency as CycleLatency
from cskb.stats.shapes import CycleRow as CycleRow
from cskb.stats.shapes import Distribution as Distribution
from cskb.stats.shapes import Figures as Figures
from cskb.stats.shapes import Latency as Latency
from cskb.stats.shapes import MemberProfile as MemberProfile
from cskb.stats.shapes import Streak as Streak
from cskb.stats.shapes import Topics as Topics
from cskb.stats.shapes import TopicsOverTime as TopicsOverTime
from cskb.stats.shapes import Totals as Totals
from cskb.stats.shapes import Trend as Trend
from cskb.stats.shapes import TrendPoint as TrendPoint

SCORE_BINS = tuple((lo, lo + 10) for lo in range(0, 100, 10))  # the last bin includes 100
LATENCY_BUCKETS = (
    (0, 3, "0-2 days"),
    (3, 7, "3-6 days"),
    (7, 14, "1-2 weeks"),
    (14, 28, "2-4 weeks"),
    (28, None, "4+ weeks"),
)
TOPIC_LIMIT = 15


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _mean(values: Sequence[float]) -> float | None:
    # statistics.fmean's own sum and division, without its checks (called ~30,000 times)
    return round(math.fsum(values) / len(values), 2) if values else None


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least q of the values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 2)


def _raw(c: Criterion, norm: float) -> float:
    """A normalised score back on the criterion's own scale (yes/no stays 0..1)."""
    return norm if c.scale.yes_no else c.scale.lo + norm * (c.scale.hi - c.scale.lo)


def _owed(cycle: Cycle) -> list[tuple[str, str]]:
    """(reviewer, reviewee) for every member of every group: a pair reviews each other, a
    trio a->b->c->a (as `Cycle.reviewee_of`, without its search per member)."""
    return [
        (h, g.members[(i + 1) % len(g.members)])
        for g in cycle.groups
        for i, h in enumerate(g.members)
    ]


def _had_coffee(cycle: Cycle, coffees: set[frozenset[str]]) -> list[bool]:
    """Per group: a coffee record names at least its first two members."""
    pairs = {frozenset(p) for c in coffees for p in combinations(sorted(c), 2)}
    return [frozenset(g.members[:2]) in pairs for g in cycle.groups]


def participation(
    data: KbData,
    cycles: Sequence[Cycle],
    by_key: dict[tuple[str, str, str], ReviewRecord],
    only: str | None = None,
) -> list[CycleRow]:
    coffees_by_cycle: dict[str, set[frozenset[str]]] = {}
    for cid, members in data.coffees:
        coffees_by_cycle.setdefault(cid, set()).add(members)
    rows = []
    for cycle in cycles:
        cid = cycle.id
        owed = [o for o in _owed(cycle) if only is None or o[0] == only]
        groups = [g for g in cycle.groups if only is None or only in g.members]
        reviews = [by_key.get((cid, h, r)) for h, r in owed]
        written = [r for r in reviews if r is not None]
        complete = [r for r in written if r.complete]
        on_time = [r for r in complete if r.completed and r.completed.date() <= cycle.due]
        coffee_flags = _had_coffee(cycle, coffees_by_cycle.get(cid, set()))
        chosen = {id(g) for g in groups}
        coffees = sum(
            flag for g, flag in zip(cycle.groups, coffee_flags, strict=True) if id(g) in chosen
        )
        rows.append(
            CycleRow(
                cid,
                cycle.due.isoformat(),
                cycle.due < data.today,
                len(owed),
                len(groups),
                sum((cid, h) in data.calls for h, _ in owed),
                len(written),
                len(complete),
                len(on_time),
                coffees,
                rate(len(complete), len(owed)),
                rate(len(on_time), len(owed)),
                rate(coffees, len(groups)),
            )
        )
    return rows


def member_meetings(data: KbData, cycles: Sequence[Cycle]) -> dict[str, tuple[int, int]]:
    """handle -> (cycles grouped, cycles in which their group met for a coffee)."""
    coffees_by_cycle: dict[str, set[frozenset[str]]] = {}
    for cid, members in data.coffees:
        coffees_by_cycle.setdefault(cid, set()).add(members)
    out: dict[str, list[int]] = {}
    for cycle in cycles:
        flags = _had_coffee(cycle, coffees_by_cycle.get(cycle.id, set()))
        for g, met in zip(cycle.groups, flags, strict=True):
            for h in g.members:
                row = out.setdefault(h, [0, 0])
                row[0] += 1
                row[1] += met
    return {h: (v[0], v[1]) for h, v in out.items()}


def member_participation(
    data: KbData, cycles: Sequence[Cycle], by_key: dict[tuple[str, str, str], ReviewRecord]
) -> dict[str, tuple[int, int, int]]:
    """handle -> (cycles paired, calls submitted, reviews completed on time), in one pass."""
    out: dict[str, list[int]] = {}
    for cycle in cycles:
        cid = cycle.id
        for h, reviewee in _owed(cycle):
            row = out.setdefault(h, [0, 0, 0])
            row[0] += 1
            row[1] += (cid, h) in data.calls
            r = by_key.get((cid, h, reviewee))
            row[2] += bool(r and r.complete and r.completed and r.completed.date() <= cycle.due)
    return {h: (v[0], v[1], v[2]) for h, v in out.items()}


def streaks(
    data: KbData, cycles: Sequence[Cycle], by_key: dict[tuple[str, str, str], ReviewRecord]
) -> dict[str, Streak]:
    """Closed cycles missed in a row: paired, and no call or no complete review by now.
    Cycles a member was not paired in (away, inactive, joined later) neither count nor break."""
    state: dict[str, list[Any]] = {}  # handle -> [current, longest, last_missed]
    for cycle in cycles:
        if cycle.due >= data.today:
            continue
        cid = cycle.id
        for h, reviewee in _owed(cycle):
            s = state.setdefault(h, [0, 0, ""])
            review = by_key.get((cid, h, reviewee))
            missed = (cid, h) not in data.calls or review is None or not review.complete
            if missed:
                s[0] += 1
                s[1] = max(s[1], s[0])
                s[2] = cid
            else:
                s[0] = 0
    return {h: Streak(h, data.name(h), s[0], s[1], s[2]) for h, s in state.items()}


def trends(data: KbData, cycle_ids: Sequence[str], reviews: Iterable[ReviewRecord]) -> list[Trend]:
    """Mean score per criterion per cycle over complete reviews, on the criterion's scale."""
    rubric = data.config.rubric
    crits = [
        (
            c.key,
            0.0 if c.scale.yes_no else float(c.scale.lo),
            1.0 if c.scale.yes_no else float(c.scale.hi - c.scale.lo),
        )
        for c in rubric
    ]
    per: dict[str, dict[str, list[float]]] = {c.key: {} for c in rubric}  # key -> cycle -> values
    for r in reviews:
        if r.status != "complete":
            continue
        norms = r.norms
        if not norms:
            continue
        for key, base, span in crits:
            norm = norms.get(key)
            if norm is not None:
                per[key].setdefault(r.cycle, []).append(base + norm * span)
    out = []
    empty: list[float] = []
    for c in rubric:
        by_cycle = per[c.key]
        points = []
        for cid in cycle_ids:
            vals = by_cycle.get(cid, empty)
            points.append(TrendPoint(cid, _mean(vals), len(vals)))
        every = [v for vs in by_cycle.values() for v in vs]
        lo, hi = (0.0, 1.0) if c.scale.yes_no else (float(c.scale.lo), float(c.scale.hi))
        out.append(
            Trend(c.key, c.title, str(c.scale), lo, hi, _mean(every), len(every), tuple(points))
        )
    return out


def distribution(data: KbData, reviews: Sequence[ReviewRecord]) -> Distribution:
    done = [r for r in reviews if r.complete]
    scores = [r.score for r in done if r.score is not None]
    bins = []
    for lo, hi in SCORE_BINS:
        last = hi == 100
        n = sum(lo <= s < hi or (last and s == 100) for s in scores)
        bins.append(Count(f"{lo}-{hi if last else hi - 1}", n))
    per = []
    for c in data.config.rubric:
        labels = (
            ["no", "yes"] if c.scale.yes_no else [str(v) for v in range(c.scale.lo, c.scale.hi + 1)]
        )
        counter: Counter[str] = Counter()
        for r in done:
            if c.key in r.norms:
                v = _raw(c, r.norms[c.key])
                counter[labels[round(v)] if c.scale.yes_no else str(round(v))] += 1
        per.append(
            CriterionCounts(c.key, c.title, tuple(Count(lab, counter[lab]) for lab in labels))
        )
    return Distribution(tuple(bins), tuple(per), len(scores), _mean(scores), _median(scores))


def latency(data: KbData, reviews: Sequence[ReviewRecord], cycle_ids: Sequence[str]) -> Latency:
    per: dict[str, list[float]] = {}
    days: list[float] = []
    for r in reviews:
        call = data.calls.get((r.cycle, r.reviewee))
        if not r.complete or r.completed is None or call is None or call.submitted is None:
            continue
        d = max(0.0, (r.completed - call.submitted).total_seconds() / 86400)
        days.append(d)
        per.setdefault(r.cycle, []).append(d)
    buckets = tuple(
        Count(label, sum(lo <= d and (hi is None or d < hi) for d in days))
        for lo, hi, label in LATENCY_BUCKETS
    )
    return Latency(
        len(days),
        _median(days),
        percentile(days, 0.9),
        _mean(days),
        buckets,
        tuple(
            CycleLatency(cid, len(per.get(cid, [])), _median(per.get(cid, []))) for cid in cycle_ids
        ),
    )


def coverage(data: KbData, cycles: Sequence[Cycle]) -> Coverage:
    handles = [m.handle for m in data.members if m.active]
    index = {h: i for i, h in enumerate(handles)}
    grid = [[0] * len(handles) for _ in handles]
    for cycle in cycles:
        for g in cycle.groups:
            for a in g.members:
                for b in g.members:
                    if a != b and a in index and b in index:
                        grid[index[a]][index[b]] += 1
    n = len(handles)
    met = sum(1 for i in range(n) for j in range(i + 1, n) if grid[i][j])
    possible = n * (n - 1) // 2
    return Coverage(
        tuple(handles),
        tuple(data.name(h) for h in handles),
        tuple(tuple(row) for row in grid),
        met,
        possible,
        rate(met, possible),
    )


def _counts(values: Iterable[str], limit: int | None = TOPIC_LIMIT) -> tuple[Count, ...]:
    counter = Counter(v for v in values if v)
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(Count(k, v) for k, v in (ranked if limit is None else ranked[:limit]))


def topics(
    reviews: Sequence[ReviewRecord], cycle_ids: Sequence[str], limit: int | None = TOPIC_LIMIT
) -> Topics:
    done = [r for r in reviews if r.complete]
    tags = _counts((t for r in done for t in r.tags), limit)
    top = [c.label for c in tags[:6]]
    by_cycle: dict[str, Counter[str]] = {}
    for r in done:
        by_cycle.setdefault(r.cycle, Counter()).update(t for t in r.tags if t in top)
    return Topics(
        tags,
        _counts((p for r in done for p in r.products), limit),
        _counts((r.customer for r in done), limit),
        tuple(
            TopicsOverTime(cid, tuple(Count(t, by_cycle.get(cid, Counter())[t]) for t in top))
            for cid in cycle_ids
        ),
    )
