"""The "brew" half: a record that a group met to talk its reviews through,
`coffee/<cycle>/<a>--<b>.yaml`, read by `cskb status`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write
from cskb.adapters.store import dump_yaml
from cskb.errors import NotFoundError, UsageError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.kb.text import check_line
from cskb.models import Coffee
from cskb.pairing.cycles import get_cycle


@dataclass(frozen=True)
class CoffeeResult:
    coffee: Coffee
    path: Path
    warnings: tuple[str, ...]
    commit: vcs.CommitResult | None


_TEXT_FIELDS = ("note", "reason")  # what two people may each have written: both are kept


def merge_records(path: str, upstream: str, ours: str) -> str | None:
    """Two clones' versions of one coffee record (`coffee/<cycle>/...yaml`, a skip
    included), as `cskb sync` meets them when both partners recorded the same coffee: one
    record whatever the order, the earliest date, its recorder, and every note either wrote.
    None for any other file or when the two disagree on more than that (git's conflict then
    stands)."""
    from cskb.adapters.store import YamlProblem, load_yaml_text

    if not (path.startswith("coffee/") and path.endswith(".yaml")):
        return None
    try:
        a, b = load_yaml_text(upstream), load_yaml_text(ours)
    except YamlProblem:
        return None
    if not (isinstance(a, dict) and isinstance(b, dict)) or set(a) != set(b):
        return None
    fixed = set(a) - {"date", "recorded_by", *_TEXT_FIELDS}
    if any(a[k] != b[k] for k in fixed):
        return None
    if not all(isinstance(r.get("date"), dt.date) for r in (a, b) if "date" in r):
        return None
    first, _ = sorted((a, b), key=lambda r: (str(r.get("date", "")), str(r.get("recorded_by", ""))))
    merged = dict(first)
    for key in _TEXT_FIELDS:
        if key in merged:
            notes = sorted({str(r[key]).strip() for r in (a, b) if str(r[key]).strip()})
            merged[key] = " / ".join(notes)
    return dump_yaml(merged)


def coffee_path(kb: Kb, cycle: str, members: list[str]) -> Path:
    return kb.coffee_dir / cycle / f"{'--'.join(sorted(members))}.yaml"


def record_coffee(
    kb: Kb,
    today: dt.date,
    cycle_id: str | None,
    me: str,
    with_: list[str],
    note: str,
    day: dt.date | None = None,
    commit: bool = True,
) -> CoffeeResult:
    """Record that `me` met `with_` (default: my group) in the cycle (default: the current
    one). Recording again for the same people replaces the earlier record."""
    cycle = get_cycle(kb.cycles_dir, cycle_id, today)
    check_line(note, "--note")
    known = {m.handle for m in load_roster(kb.team_file)}
    warnings: list[str] = []
    group = cycle.group_of(me)
    if with_:
        others = [h.strip() for h in with_]
        for handle in others:
            if handle not in known:
                raise NotFoundError(f"--with {handle!r} is not in team.yaml; see `cskb team list`")
        members = sorted({me, *others})
        if len(members) < 2:
            raise UsageError("--with names only you; give whom you met")
        if group is None or not set(members) <= set(group.members):
            warnings.append(
                f"{', '.join(members)} were not grouped together in cycle {cycle.id}; "
                "recorded anyway"
            )
    elif group is None:
        raise UsageError(f"{me} is not in any group of cycle {cycle.id}; pass --with HANDLE")
    else:
        members = sorted(group.members)
    day = day or today
    if day < cycle.start:
        warnings.append(f"{day} is before cycle {cycle.id} started; recorded anyway")
    record = Coffee(cycle.id, tuple(members), day, note.strip())
    path = coffee_path(kb, cycle.id, members)
    data = {
        "cycle": cycle.start,
        "members": members,
        "date": day,
        "note": record.note,
        "recorded_by": me,
    }
    with kb.write_lock():
        if path.exists():
            warnings.append(f"replaced the earlier coffee record for {' + '.join(members)}")
        atomic_write(path, dump_yaml(data), inside=kb.root)
        done = (
            vcs.commit_paths(kb.root, [path], f"cskb: coffee {' + '.join(members)} ({cycle.id})")
            if commit
            else None
        )
    return CoffeeResult(record, path, tuple(warnings), done)
