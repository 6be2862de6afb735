"""What a grouping costs: the history of who met whom (and who was in a trio) and the
prices the pairing engine minimises (see `engine.py` and docs/pairing.md). Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cskb.config import PairingConfig
from cskb.models import Cycle, Member

FORBIDDEN = 1_000_000_000
REPEAT = 10_000
RECENCY = 5_000  # divided by cycles since the last meeting
TRIO_AGAIN = 400  # for each cycle a member was in a trio, divided by cycles since
SAME_TEAM = 30
TWO_NEW = 60


@dataclass
class History:
    """How often and how recently each pair met, and who was in a trio when."""

    met: dict[frozenset[str], tuple[int, int]] = field(
        default_factory=dict
    )  # pair -> (times, last index)
    trio: dict[str, list[int]] = field(default_factory=dict)
    cycles: int = 0

    @classmethod
    def from_cycles(cls, cycles: Iterable[Cycle], before: dt.date) -> History:
        h = cls()
        past = sorted((c for c in cycles if c.start < before), key=lambda c: c.start)
        h.cycles = len(past)
        for i, c in enumerate(past):
            for g in c.groups:
                ms = g.members
                for x in range(len(ms)):
                    for y in range(x + 1, len(ms)):
                        key = frozenset((ms[x], ms[y]))
                        times, _ = h.met.get(key, (0, -1))
                        h.met[key] = (times + 1, i)
                if len(ms) == 3:
                    for m in ms:
                        h.trio.setdefault(m, []).append(i)
        return h

    def ago(self, a: str, b: str) -> tuple[int, int]:
        """(times met, cycles since the last meeting; 0 if never)."""
        times, last = self.met.get(frozenset((a, b)), (0, -1))
        return times, (self.cycles - last if times else 0)


class Costs:
    """Cost of putting two members together; lower is better."""

    def __init__(
        self, members: Sequence[Member], history: History, prefs: PairingConfig, start: dt.date
    ):
        self.history = history
        self.by_handle = {m.handle: m for m in members}
        self.never = {frozenset(p) for p in prefs.never_pair}
        self.cross = prefs.prefer_cross_team
        cutoff = start - dt.timedelta(days=prefs.new_joiner_days)
        self.new = {
            m.handle
            for m in members
            if prefs.new_joiner_days and m.joined is not None and m.joined > cutoff
        }
        self._cache: dict[tuple[str, str], int] = {}

    def pair(self, a: str, b: str) -> int:
        key = (a, b) if a < b else (b, a)
        c = self._cache.get(key)
        if c is None:
            c = self._compute(a, b)
            self._cache[key] = c
        return c

    def _compute(self, a: str, b: str) -> int:
        cost = 0
        if frozenset((a, b)) in self.never:
            cost += FORBIDDEN
        times, ago = self.history.ago(a, b)
        if times:
            cost += REPEAT * times + RECENCY // max(ago, 1)
        ma, mb = self.by_handle[a], self.by_handle[b]
        if self.cross and ma.team and ma.team == mb.team:
            cost += SAME_TEAM
        if a in self.new and b in self.new:
            cost += TWO_NEW
        return cost

    def trio_extra(self, m: str) -> int:
        return sum(
            TRIO_AGAIN // max(self.history.cycles - i, 1) for i in self.history.trio.get(m, [])
        )

    def group(self, g: Sequence[str]) -> int:
        if len(g) == 2:
            return self.pair(g[0], g[1])
        return (
            self.pair(g[0], g[1])
            + self.pair(g[1], g[2])
            + self.pair(g[0], g[2])
            + sum(self.trio_extra(m) for m in g)
        )

    def total(self, groups: Iterable[Sequence[str]]) -> int:
        return sum(self.group(g) for g in groups)
