"""Planning a cycle: pick its dates, pair the team, write `cycles/<start>.yaml`, commit."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write, is_leftover
from cskb.errors import UsageError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.models import Cycle, Group
from cskb.pairing.cycles import (
    cycle_bounds,
    cycle_path,
    cycle_start_for,
    cycles_cache,
    dump_cycle,
    load_cycles,
)
from cskb.pairing.engine import ALGORITHM, PairingResult, default_seed, pair_members


@dataclass(frozen=True)
class PlanResult:
    cycle: Cycle
    pairing: PairingResult
    path: Path
    written: bool
    replaced: bool
    commit: vcs.CommitResult | None


def target_start(kb: Kb, today: dt.date, date: dt.date | None) -> dt.date:
    """The cycle to pair: the one containing `date`; without it, the one containing today
    if it has no file yet, else the next one."""
    cfg = kb.config.cycle
    if date is not None:
        return cycle_start_for(date, cfg)
    start = cycle_start_for(today, cfg)
    if _present(cycle_path(kb.cycles_dir, start)):
        start += dt.timedelta(days=cfg.cadence_days)
    return start


def _present(path: Path) -> bool:
    """The cycle file exists and holds something (an empty leftover of a crash does not count)."""
    return os.path.lexists(path) and not is_leftover(path)


def plan_cycle(
    kb: Kb,
    today: dt.date,
    date: dt.date | None = None,
    seed: int | None = None,
    redo: bool = False,
    dry_run: bool = False,
    commit: bool = True,
    use_cache: bool = True,
    paused: tuple[str, ...] = (),
    force: bool = False,
) -> PlanResult:
    """Pair the team for a cycle and (unless `dry_run`) write and commit its file. The
    "already paired" decision, the pairing and the write happen under the KB's write lock,
    so two `cskb pair` runs for one cycle cannot both succeed. The history comes through
    the parsed-record cache of cycle files. `paused` members are left out, like inactive
    ones (listed under `inactive` in the cycle file)."""
    if dry_run:
        return _plan(kb, today, date, seed, redo, True, commit, use_cache, paused, force)
    with kb.write_lock():
        return _plan(kb, today, date, seed, redo, False, commit, use_cache, paused, force)


def _reviews_of(kb: Kb, start: dt.date) -> int:
    """How many review files (drafts and complete ones) the cycle starting `start` holds."""
    folder = kb.reviews_dir / start.isoformat()
    try:
        return sum(1 for p in folder.iterdir() if p.suffix == ".md" and p.is_file())
    except (FileNotFoundError, NotADirectoryError):
        return 0


def _plan(
    kb: Kb,
    today: dt.date,
    date: dt.date | None,
    seed: int | None,
    redo: bool,
    dry_run: bool,
    commit: bool,
    use_cache: bool,
    paused: tuple[str, ...] = (),
    force: bool = False,
) -> PlanResult:
    start = target_start(kb, today, date)
    end, due = cycle_bounds(start, kb.config.cycle)
    path = cycle_path(kb.cycles_dir, start)
    exists = _present(path)
    if exists and not redo:  # a dry run says so too: it would not pair either
        raise UsageError(
            f"cycle {start} is already paired ({kb.rel(path)}); pass --redo to replace it, "
            "or --date for another cycle"
        )
    if exists and redo and not force:
        written = _reviews_of(kb, start)
        if written:
            raise UsageError(
                f"cycle {start} already has {written} review(s) in progress or done under "
                f"reviews/{start}/; re-pairing would leave them with other partners: pass "
                "--force with --redo to replace it anyway"
            )
    members = [m for m in load_roster(kb.team_file) if m.handle not in paused]
    cycles = load_cycles(kb.cycles_dir, cycles_cache(kb.state_dir, use_cache))
    history = [c for c in cycles if c.start != start]
    seed = default_seed(start) if seed is None else seed
    result = pair_members(members, history, kb.config.pairing, start, end, seed)
    cycle = Cycle(
        start=start,
        end=end,
        due=due,
        groups=tuple(Group(g, c) for g, c in zip(result.groups, result.caveats, strict=True)),
        seed=seed,
        algorithm=ALGORITHM,
        away=result.away,
        inactive=(*result.inactive, *paused),
        warnings=result.warnings,
        path=path,
    )
    if dry_run:
        return PlanResult(cycle, result, path, False, False, None)
    atomic_write(path, dump_cycle(cycle), inside=kb.root)
    done = None
    if commit:
        verb = "re-pair" if exists else "pair"
        done = vcs.commit_paths(kb.root, [path], f"cskb: {verb} cycle ({start})")
    return PlanResult(cycle, result, path, True, exists, done)
