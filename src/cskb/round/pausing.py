"""Members paused for inactivity: nobody is paired by surprise with someone who never shows up.

With `[pairing] inactive_after = N` (default 3; 0 turns it off), a member whose last N cycles
they were paired for (before the one being paired, and since `back_on`, the day `cskb team
back` last brought them back) hold no call, no review and no coffee of theirs is left out of
the next pairing, with the reason. Any activity of theirs from the first of those cycles on
(a call, a review or a coffee, in any cycle) brings them back. Only which files exist is
read, never their content.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.models import Cycle
from cskb.pairing.cycles import cycles_cache, load_cycles
from cskb.pairing.schedule import PlanResult, plan_cycle, target_start


@dataclass(frozen=True)
class Pause:
    handle: str
    cycles: tuple[str, ...]  # the cycles they were paired for without any activity

    @property
    def reason(self) -> str:
        return (
            f"no call, review or coffee in the last {len(self.cycles)} cycles they were paired "
            f"for ({', '.join(self.cycles)}); `cskb team back {self.handle}` brings them back"
        )


def _names(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as it:
            return [e.name for e in it]
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return []


def _active(kb: Kb, cycle_ids: list[str]) -> set[str]:
    """Everyone with a call, a review they wrote or a coffee in any of `cycle_ids`."""
    out: set[str] = set()
    for cid in cycle_ids:
        out.update(n.removesuffix(".yaml") for n in _names(kb.calls_dir / cid))
        out.update(n.split("-reviews-", 1)[0] for n in _names(kb.reviews_dir / cid))
        for n in _names(kb.coffee_dir / cid):
            if n.endswith(".yaml"):
                out.update(n.removesuffix(".yaml").split("--"))
    return out


def paused_members(
    kb: Kb, start: dt.date, cycles: list[Cycle] | None = None, use_cache: bool = True
) -> list[Pause]:
    """Who is left out of pairing the cycle starting on `start`, and why."""
    n = kb.config.pairing.inactive_after
    if n <= 0:
        return []
    if cycles is None:
        cycles = load_cycles(kb.cycles_dir, cycles_cache(kb.state_dir, use_cache))
    before = sorted((c for c in cycles if c.start < start), key=lambda c: c.start)
    every = sorted({c.id for c in cycles} | {p for p in _names(kb.calls_dir)})
    out = []
    seen: dict[str, set[str]] = {}  # the active since a cycle, per first cycle
    for m in load_roster(kb.team_file):
        if not m.active:
            continue
        since = m.back_on or dt.date.min
        paired = [c for c in before if c.start >= since and c.group_of(m.handle) is not None]
        if len(paired) < n:
            continue
        last = paired[-n:]
        first = last[0].id
        if first not in seen:
            seen[first] = _active(kb, [cid for cid in every if cid >= first])
        if m.handle not in seen[first]:
            out.append(Pause(m.handle, tuple(c.id for c in last)))
    return out


def plan_round(
    kb: Kb,
    today: dt.date,
    date: dt.date | None = None,
    seed: int | None = None,
    *,
    redo: bool = False,
    dry_run: bool = False,
    commit: bool = True,
    use_cache: bool = True,
    include_inactive: bool = False,
    force: bool = False,
) -> tuple[PlanResult, list[Pause]]:
    """Pair the next cycle (see `pairing.schedule.plan_cycle`) leaving out the members
    paused for inactivity, unless `include_inactive`; returns who was left out and why."""
    pauses = (
        []
        if include_inactive
        else paused_members(kb, target_start(kb, today, date), None, use_cache)
    )
    result = plan_cycle(
        kb,
        today,
        date,
        seed,
        redo=redo,
        dry_run=dry_run,
        commit=commit,
        use_cache=use_cache,
        paused=tuple(p.handle for p in pauses),
        force=force,
    )
    return result, pauses
