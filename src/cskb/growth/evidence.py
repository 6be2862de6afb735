"""The evidence figures: a member's leniency-adjusted scores per competency, from reviews.

Pure: everything comes from a `KbData` and a `Matrix`. Only complete reviews count (drafts
are their reviewer's private work, as everywhere else in cskb), and only those of the last
`matrix.window` cycles up to today. docs/growth.md explains the figures with an example.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cskb.growth.matrix import Competency, Level, Matrix
from cskb.stats.data import KbData, ReviewRecord


def as_plain(obj: Any) -> Any:
    """Dataclasses to dicts and tuples to lists (for `--json`)."""
    if hasattr(obj, "__dataclass_fields__"):
        return {name: as_plain(getattr(obj, name)) for name in obj.__dataclass_fields__}
    if isinstance(obj, (tuple, list)):
        return [as_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): as_plain(v) for k, v in obj.items()}
    return obj


@dataclass(frozen=True)
class EvidenceCall:
    """One reviewed call behind a figure, with its competency value (0..100, adjusted)."""

    path: str
    cycle: str
    title: str
    customer: str
    reviewer: str
    value: float


@dataclass(frozen=True)
class CompetencyEvidence:
    key: str
    title: str
    criteria: tuple[str, ...]
    reviews: int  # reviews behind the figure
    enough: bool  # at least the matrix's min_reviews
    figure: float | None  # leniency-adjusted mean, 0..100; None with too little evidence
    raw: float | None  # the same without the adjustment
    level: str | None  # the highest level whose expectation the figure meets
    target: str | None  # the level looked at: the next one (or their own at the top)
    expects: float | None  # what the target level expects
    gap: float | None  # expects - figure: above 0 is still to go
    best: EvidenceCall | None
    weakest: EvidenceCall | None
    note: str  # plain words for the figure, e.g. "too little evidence: 2 of 3 reviews"


def window_cycles(data: KbData, last: int, today: dt.date) -> tuple[str, ...]:
    """The last `last` cycle IDs that started by `today` (cycle files and review folders)."""
    ids = {c.id for c in data.cycles} | {r.cycle for r in data.reviews if len(r.cycle) == 10}
    return tuple(sorted(i for i in ids if i <= today.isoformat())[-last:])


def leniency_offsets(reviews: Iterable[ReviewRecord]) -> dict[str, float]:
    """Each reviewer's mean offset from everyone else's scores on the same criteria, as a
    fraction of the scale (+ = generous); the same figure as `cskb stats --reviewers`, over
    complete reviews. A reviewer nobody else can be compared with gets 0."""
    given = [(r.reviewer, k, v) for r in reviews for k, v in r.norms.items() if r.reviewer]
    totals: dict[str, list[float]] = {}
    mine: dict[tuple[str, str], list[float]] = {}
    for who, key, v in given:
        t = totals.setdefault(key, [0.0, 0])
        t[0] += v
        t[1] += 1
        m = mine.setdefault((who, key), [0.0, 0])
        m[0] += v
        m[1] += 1
    diff: dict[str, list[float]] = {}
    for (who, key), (my_sum, my_n) in mine.items():
        all_sum, all_n = totals[key]
        if all_n - my_n == 0:
            continue
        others = (all_sum - my_sum) / (all_n - my_n)
        d = diff.setdefault(who, [0.0, 0])
        d[0] += my_sum - my_n * others
        d[1] += my_n
    return {who: s / n for who, (s, n) in diff.items() if n}


def adjusted(r: ReviewRecord, key: str, offsets: dict[str, float]) -> float | None:
    """A review's score on `key` less its reviewer's leniency, kept within 0..1."""
    v = r.norms.get(key)
    if v is None:
        return None
    return min(1.0, max(0.0, v - offsets.get(r.reviewer, 0.0)))


def competency_value(r: ReviewRecord, comp: Competency, offsets: dict[str, float]) -> float | None:
    """A review's value on `comp`: the mean of its adjusted scores on the criteria, 0..1."""
    vals = [a for k in comp.criteria if (a := adjusted(r, k, offsets)) is not None]
    return statistics.fmean(vals) if vals else None


def _raw(r: ReviewRecord, comp: Competency) -> float | None:
    vals = [r.norms[k] for k in comp.criteria if k in r.norms]
    return statistics.fmean(vals) if vals else None


def _call(r: ReviewRecord, value: float) -> EvidenceCall:
    return EvidenceCall(r.path, r.cycle, r.title, r.customer, r.reviewer, round(100 * value, 1))


def met_level(matrix: Matrix, comp: Competency, figure: float | None) -> str | None:
    """The highest level whose expectation for `comp` the figure reaches."""
    if figure is None:
        return None
    found = None
    for lv in matrix.levels:
        if figure >= comp.expectation(lv):
            found = lv.key
    return found


def target_level(matrix: Matrix, level: str) -> Level | None:
    """The level a member works towards: the next one, their own at the top, the lowest
    when they have none (or one the matrix does not know)."""
    if matrix.rank(level) is None:
        return matrix.levels[0]
    return matrix.next_level(level) or matrix.level(level)


def competency_evidence(
    matrix: Matrix,
    comp: Competency,
    theirs: Sequence[ReviewRecord],
    offsets: dict[str, float],
    target: Level | None,
) -> CompetencyEvidence:
    """The figure for one competency from the member's reviews in the window."""
    scored = [(r, v) for r in theirs if (v := competency_value(r, comp, offsets)) is not None]
    n = len(scored)
    enough = n >= matrix.min_reviews
    mean = statistics.fmean(v for _, v in scored) if scored else None
    raws = [x for r, _ in scored if (x := _raw(r, comp)) is not None]
    figure = round(100 * mean, 1) if enough and mean is not None else None
    raw = round(100 * statistics.fmean(raws), 1) if enough and raws else None
    expects = comp.expectation(target) if target else None
    gap = round(expects - figure, 1) if expects is not None and figure is not None else None
    recent = sorted(scored, key=lambda rv: (rv[0].cycle, rv[0].path), reverse=True)
    best = max(recent, key=lambda rv: rv[1], default=None)
    worst = min(recent, key=lambda rv: rv[1], default=None)
    if not enough:
        note = f"too little evidence: {n} of {matrix.min_reviews} reviews needed"
    elif gap is not None and target is not None:
        note = (
            f"{abs(gap):g} points {'below' if gap > 0 else 'above'} what {target.title} expects"
            if gap
            else f"exactly what {target.title} expects"
        )
    else:
        note = ""
    return CompetencyEvidence(
        comp.key,
        comp.title,
        comp.criteria,
        n,
        enough,
        figure,
        raw,
        met_level(matrix, comp, figure),
        target.key if target else None,
        expects,
        gap,
        _call(*best) if best and n > 0 else None,
        _call(*worst) if worst and n > 1 else None,
        note,
    )


def member_evidence(
    data: KbData, matrix: Matrix, handle: str, level: str, today: dt.date
) -> tuple[tuple[str, ...], list[CompetencyEvidence]]:
    """(the window's cycles, one figure per competency) for the member `handle`."""
    cycles = window_cycles(data, matrix.window, today)
    ids = set(cycles)
    done = [r for r in data.reviews if r.complete and r.cycle in ids]
    offsets = leniency_offsets(done)
    theirs = [r for r in done if r.reviewee == handle and r.reviewer != handle]
    target = target_level(matrix, level)
    return cycles, [
        competency_evidence(matrix, c, theirs, offsets, target) for c in matrix.competencies
    ]
