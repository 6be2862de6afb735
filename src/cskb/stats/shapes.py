"""The shapes of the programme's figures: frozen dataclasses that `figures.py` fills and
`cskb stats`, `--json` and the site read (`Figures.as_dict` gives plain JSON values)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CycleRow:
    """Participation in one cycle; rates are fractions 0..1 (None with nobody paired)."""

    cycle: str
    due: str
    closed: bool  # the due date has passed
    paired: int  # members in a group: each owes one call and one review
    groups: int
    calls: int  # paired members who submitted a call
    written: int  # owed reviews that exist (draft or complete)
    complete: int  # owed reviews marked complete
    on_time: int  # ... and completed on or before the due date
    coffees: int  # groups with a coffee record
    completion_rate: float | None
    on_time_rate: float | None
    meeting_rate: float | None = None  # groups that met for a coffee, of all groups


@dataclass(frozen=True)
class Streak:
    handle: str
    name: str
    current: int  # closed cycles missed in a row, up to the latest closed cycle
    longest: int
    last_missed: str


@dataclass(frozen=True)
class TrendPoint:
    cycle: str
    mean: float | None  # on the criterion's scale (yes/no: share of "yes", 0..1)
    n: int


@dataclass(frozen=True)
class Trend:
    key: str
    title: str
    scale: str
    lo: float
    hi: float
    mean: float | None
    n: int
    points: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class Count:
    label: str
    n: int


@dataclass(frozen=True)
class CriterionCounts:
    key: str
    title: str
    counts: tuple[Count, ...]  # one per value on the scale, low to high


@dataclass(frozen=True)
class Distribution:
    bins: tuple[Count, ...]  # review scores 0..100 in tens
    criteria: tuple[CriterionCounts, ...]
    n: int
    mean: float | None
    median: float | None


@dataclass(frozen=True)
class CycleLatency:
    cycle: str
    n: int
    median_days: float | None


@dataclass(frozen=True)
class Latency:
    """Days from a call's submission to its review's completion (complete reviews only)."""

    n: int
    median_days: float | None
    p90_days: float | None
    mean_days: float | None
    buckets: tuple[Count, ...]
    per_cycle: tuple[CycleLatency, ...]


@dataclass(frozen=True)
class Coverage:
    handles: tuple[str, ...]
    names: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...]  # cycles each two members were grouped together
    pairs_met: int
    pairs_possible: int
    rate: float | None


@dataclass(frozen=True)
class TopicsOverTime:
    cycle: str
    counts: tuple[Count, ...]  # the overall top tags, in the same order every cycle


@dataclass(frozen=True)
class Topics:
    tags: tuple[Count, ...]
    products: tuple[Count, ...]
    customers: tuple[Count, ...]
    over_time: tuple[TopicsOverTime, ...]


@dataclass(frozen=True)
class MemberProfile:
    handle: str
    name: str
    team: str
    active: bool
    cycles_paired: int
    calls: int
    given_complete: int
    given_draft: int
    received_complete: int
    on_time: int
    missed_current: int
    missed_longest: int
    mean_received: float | None  # mean review score of complete reviews of their calls
    trends: tuple[Trend, ...]  # their scores per criterion as reviewee, per cycle
    coffees: int = 0  # cycles in which their group met for a coffee
    meeting_rate: float | None = None  # coffees of cycles_paired


@dataclass(frozen=True)
class Totals:
    reviews: int
    complete: int
    drafts: int
    members: int
    active_members: int
    cycles: int
    calls: int
    coffees: int
    completion_rate: float | None  # over closed cycles only (their due date has passed)
    on_time_rate: float | None
    meeting_rate: float | None = None  # groups that met, over closed cycles only


@dataclass(frozen=True)
class Figures:
    today: str
    commit: str | None
    filters: dict[str, str | None]
    totals: Totals
    participation: tuple[CycleRow, ...]
    streaks: tuple[Streak, ...]
    trends: tuple[Trend, ...]
    distribution: Distribution
    latency: Latency
    coverage: Coverage
    topics: Topics
    members: tuple[MemberProfile, ...]
    unreadable: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        out = _plain(self)
        assert isinstance(out, dict)
        return out


def _plain(obj: Any) -> Any:
    """Dataclasses to dicts and tuples to lists, like `dataclasses.asdict` without its
    deep copies (ten times faster on the figures of a large KB)."""
    if hasattr(obj, "__dataclass_fields__"):
        return {name: _plain(getattr(obj, name)) for name in obj.__dataclass_fields__}
    if isinstance(obj, (tuple, list)):
        return [_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj
