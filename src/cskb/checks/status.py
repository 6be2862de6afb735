"""`cskb status`: per group, what is done this cycle; per member, participation over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cskb.checks.participation import GroupState, group_states
from cskb.kb.layout import Kb
from cskb.models import Cycle
from cskb.pairing.cycles import get_cycle, load_cycles


@dataclass(frozen=True)
class MemberRecord:
    handle: str
    cycles: int  # cycles among the last N in which the member was grouped
    done: int  # of those, cycles in which they submitted a call and wrote a review
    missed_in_a_row: int  # most recent closed cycles missed back to back


@dataclass(frozen=True)
class StatusReport:
    cycle: Cycle
    groups: tuple[GroupState, ...]
    overdue: bool
    participation: float  # share of calls and reviews done this cycle, 0..1
    members: tuple[MemberRecord, ...]
    last_n: int


def _both(g: GroupState, handle: str) -> bool:
    s = next(s for s in g.states if s.handle == handle)
    return s.call_submitted and s.review_written


def cycle_status(kb: Kb, cycle_id: str | None, today: dt.date, last_n: int = 6) -> StatusReport:
    cycle = get_cycle(kb.cycles_dir, cycle_id, today)
    groups = group_states(kb, cycle)
    items = [x for g in groups for s in g.states for x in (s.call_submitted, s.review_written)]
    share = sum(items) / len(items) if items else 1.0
    history = [c for c in load_cycles(kb.cycles_dir) if c.start <= cycle.start][-last_n:]
    states = {c.id: (c, group_states(kb, c)) if c.id != cycle.id else (c, groups) for c in history}
    records = []
    for handle in sorted(
        {h for g in groups for h in g.members}
        | {h for c in history for g in c.groups for h in g.members}
    ):
        seen = done = streak = 0
        streak_open = True
        for c in reversed(history):
            _, gs = states[c.id]
            g = next((g for g in gs if handle in g.members), None)
            if g is None:
                continue
            seen += 1
            ok = _both(g, handle)
            done += ok
            closed = c.due < today
            if closed and streak_open:
                if ok:
                    streak_open = False
                else:
                    streak += 1
        records.append(MemberRecord(handle, seen, done, streak))
    return StatusReport(cycle, tuple(groups), cycle.due < today, share, tuple(records), last_n)
