"""The "brew" half: a record that a group met to talk its reviews through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cskb import vcs
from cskb.errors import UsageError
from cskb.fsio import atomic_write
from cskb.kb import Kb
from cskb.models import Coffee, Cycle
from cskb.store import dump_yaml


@dataclass(frozen=True)
class CoffeeResult:
    coffee: Coffee
    path: Path
    warnings: tuple[str, ...]
    commit: vcs.CommitResult | None


def record_coffee(
    kb: Kb, cycle: Cycle, me: str, with_: list[str], note: str, day: dt.date, commit: bool = True
) -> CoffeeResult:
    """Record that `me` met `with_` (default: my group) in `cycle`."""
    warnings: list[str] = []
    group = cycle.group_of(me)
    if with_:
        members = sorted({me, *with_})
        if group is None or not set(members) <= set(group.members):
            warnings.append(
                f"{', '.join(members)} were not grouped together in cycle {cycle.id}; recorded anyway"
            )
    elif group is None:
        raise UsageError(f"{me} is not in any group of cycle {cycle.id}; pass --with HANDLE")
    else:
        members = sorted(group.members)
    if "\n" in note:
        raise UsageError("--note must be a single line")
    record = Coffee(cycle.id, tuple(members), day, note.strip())
    path = kb.coffee_dir / cycle.id / f"{'--'.join(members)}.yaml"
    data = {
        "cycle": cycle.start,
        "members": members,
        "date": day,
        "note": record.note,
        "recorded_by": me,
    }
    with kb.write_lock():
        atomic_write(path, dump_yaml(data))
        done = (
            vcs.commit_paths(kb.root, [path], f"cskb: coffee {' + '.join(members)} ({cycle.id})")
            if commit
            else None
        )
    return CoffeeResult(record, path, tuple(warnings), done)
