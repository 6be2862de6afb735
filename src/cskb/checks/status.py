"""`cskb status`: per group, what is done this cycle; per member, participation over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cskb.checks.participation import GroupState, group_states
from cskb.kb.layout import Kb
from cskb.models import Cycle
from cskb.pairing.cycles import cycle_files, cycles_cache, get_cycle, load_cycle_files


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


def cycle_status(
    kb: Kb, cycle_id: str | None, today: dt.date, last_n: int = 6, use_cache: bool = True
) -> StatusReport:
    """One cycle's state and the last `last_n` cycles' participation. Reads only those
    cycles' files (their cycle files through the parsed-record cache, then per member a
    call file's existence and a review's status, also cached)."""
    from cskb.reviews.catalog import reviews_cache

    cycle = get_cycle(kb.cycles_dir, cycle_id, today)
    cache = reviews_cache(kb, use_cache)
    groups = group_states(kb, cycle, cache)
    items = [x for g in groups for s in g.states for x in (s.call_submitted, s.review_written)]
    share = sum(items) / len(items) if items else 1.0
    wanted = [p for p in cycle_files(kb.cycles_dir) if p.stem < cycle.id][-(last_n - 1) :]
    history = [
        *(load_cycle_files(wanted, cycles_cache(kb.state_dir, use_cache)) if last_n > 1 else []),
        cycle,
    ]
    states = {
        c.id: (c, group_states(kb, c, cache, completion=False)) if c.id != cycle.id else (c, groups)
        for c in history
    }
    cache.save()
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
            if g is None or c.due >= today:  # a cycle still open is nobody's miss yet
                continue
            seen += 1
            ok = _both(g, handle)
            done += ok
            if streak_open:
                if ok:
                    streak_open = False
                else:
                    streak += 1
        records.append(MemberRecord(handle, seen, done, streak))
    return StatusReport(cycle, tuple(groups), cycle.due < today, share, tuple(records), last_n)
