"""Cycle dates and `cycles/<start>.yaml` files: reading, writing, listing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from cskb.adapters.cache import RecordCache
from cskb.adapters.store import dump_yaml, in_date_range, load_yaml_file, to_date
from cskb.config import CycleConfig
from cskb.errors import DataError, NotFoundError, UsageError
from cskb.models import Cycle, Group


def cycle_start_for(day: dt.date, cfg: CycleConfig) -> dt.date:
    """The start of the cycle that contains `day` (anchor + k * cadence, k may be negative)."""
    k = (day - cfg.anchor).days // cfg.cadence_days
    return cfg.anchor + dt.timedelta(days=k * cfg.cadence_days)


def cycle_bounds(start: dt.date, cfg: CycleConfig) -> tuple[dt.date, dt.date]:
    """(last day, due date) of the cycle starting on `start`."""
    end = start + dt.timedelta(days=cfg.cadence_days - 1)
    return end, start + dt.timedelta(days=cfg.due_days)


CYCLE_WORDS = ("current", "last")
CYCLE_FORMS = "a start date like 2026-11-23 (or 20261123), current or last"
_CYCLE_DATE_RE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


def parse_cycle_id(text: str, option: str = "--cycle") -> dt.date:
    """A cycle's start date as typed: `2026-11-23` or `20261123` (nothing else: not "",
    not `tomorrow`, not ISO week dates). `current` and `last` need the KB's cycles:
    `resolve_cycle_id`."""
    m = _CYCLE_DATE_RE.match(text.strip())
    day = None
    if m and (m.group(0).count("-") in (0, 2)):
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            day = None
    if day is None:
        raise UsageError(
            f"{option} {text!r} is not a cycle date; give {CYCLE_FORMS} (see `cskb cycles`)"
        )
    if not in_date_range(day):
        raise UsageError(f"{option} {text!r} is out of range; see `cskb cycles`")
    return day


def resolve_cycle_id(cycles_dir: Path, text: str, today: dt.date, option: str = "--cycle") -> str:
    """The one parser of every `--cycle` (and CYCLE argument): a start date in either form,
    `current` (the latest cycle that has started by `today`, else the first) or `last` (the
    one before it), as the cycle's ISO start date. Anything else is "not a cycle date"."""
    word = text.strip().lower()
    if word not in CYCLE_WORDS:
        return parse_cycle_id(text, option).isoformat()
    starts = [p.stem for p in cycle_files(cycles_dir)]
    if not starts:
        raise NotFoundError(f"{option} {word}: no cycles yet; run `cskb pair` to start one")
    started = [s for s in starts if s <= today.isoformat()]
    current = started[-1] if started else starts[0]
    if word == "current":
        return current
    before = [s for s in starts if s < current]
    if not before:
        raise NotFoundError(
            f"{option} last: there is no cycle before the current one ({current}); "
            "see `cskb cycles`"
        )
    return before[-1]


def cycle_path(cycles_dir: Path, start: dt.date) -> Path:
    return cycles_dir / f"{start.isoformat()}.yaml"


def unpaired_cycle(cycles_dir: Path, today: dt.date, cfg: CycleConfig) -> dt.date | None:
    """The start of the cycle containing `today` when it has no file yet, else None.

    What `cskb pair --if-due` pairs: a daily scheduled job pairs each cycle once, on its
    first run inside it, and never pairs ahead.
    """
    start = cycle_start_for(today, cfg)
    return None if cycle_path(cycles_dir, start).exists() else start


def cycle_to_dict(c: Cycle) -> dict[str, Any]:
    return {
        "cycle": c.start,
        "start": c.start,
        "end": c.end,
        "due": c.due,
        "algorithm": c.algorithm,
        "seed": c.seed,
        "groups": [
            {"members": list(g.members), **({"caveats": list(g.caveats)} if g.caveats else {})}
            for g in c.groups
        ],
        "away": list(c.away),
        "inactive": list(c.inactive),
        **({"warnings": list(c.warnings)} if c.warnings else {}),
    }


def dump_cycle(c: Cycle) -> str:
    return (
        f"# cskb cycle {c.id}: written by cskb; see docs/format.md in the cskb docs\n"
        + dump_yaml(cycle_to_dict(c))
    )


def load_cycle(path: Path) -> Cycle:
    """Read one cycle file; a hand-edited typo gives a DataError naming file and field."""
    data = load_yaml_file(path, "cycle file")
    where = str(path)
    if not isinstance(data, dict):
        raise DataError(f"{where}: a cycle file must be a mapping with start and groups")
    start = to_date(data.get("start", data.get("cycle")))
    if start is None:
        raise DataError(f"{where}: 'start' must be a date like 2026-11-16")
    if path.stem != start.isoformat():
        raise DataError(f"{where}: start {start} does not match the file name; rename one of them")
    end = to_date(data.get("end")) or start + dt.timedelta(days=13)
    due = to_date(data.get("due")) or end
    raw_groups = data.get("groups")
    if not isinstance(raw_groups, list):
        raise DataError(f"{where}: 'groups' must be a list of {{members: [a, b]}} entries")
    groups: list[Group] = []
    seen: set[str] = set()
    for i, g in enumerate(raw_groups, 1):
        members = g.get("members") if isinstance(g, dict) else g
        if (
            not isinstance(members, list)
            or not 2 <= len(members) <= 3
            or not all(isinstance(m, str) and m for m in members)
        ):
            raise DataError(f"{where}: group #{i} must list 2 or 3 member handles under 'members'")
        dup = seen.intersection(members)
        if dup or len(set(members)) != len(members):
            who = sorted(dup)[0] if dup else members[0]
            raise DataError(f"{where}: group #{i}: {who!r} appears in more than one place")
        seen.update(members)
        caveats = g.get("caveats", []) if isinstance(g, dict) else []
        groups.append(Group(tuple(members), tuple(str(c) for c in caveats or [])))
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise DataError(f"{where}: 'seed' must be a whole number")

    def strs(key: str) -> tuple[str, ...]:
        v = data.get(key) or []
        if not isinstance(v, list):
            raise DataError(f"{where}: '{key}' must be a list")
        return tuple(str(x) for x in v)

    return Cycle(
        start=start,
        end=end,
        due=due,
        groups=tuple(groups),
        seed=seed,
        algorithm=str(data.get("algorithm", "")),
        away=strs("away"),
        inactive=strs("inactive"),
        warnings=strs("warnings"),
        path=path,
    )


def cycle_files(cycles_dir: Path) -> list[Path]:
    """Cycle files, oldest first."""
    if not cycles_dir.is_dir():
        return []
    return sorted(p for p in cycles_dir.glob("*.yaml") if not p.name.startswith("."))


def load_cycles(cycles_dir: Path, cache: RecordCache | None = None) -> list[Cycle]:
    """Every cycle, oldest first (through the parsed-record `cache` when given)."""
    return load_cycle_files(cycle_files(cycles_dir), cache)


def load_cycle_files(paths: list[Path], cache: RecordCache | None = None) -> list[Cycle]:
    """The cycles in `paths`, each parsed once and then served from `cache` while its file
    is unchanged; a file that does not load is never cached (its error is raised each time)."""
    if cache is None or not cache.enabled:
        return [load_cycle(p) for p in paths]
    out = [
        cache.through(p, f"cycles/{p.name}", partial(load_cycle, p), _cycle_json, _json_cycle(p))
        for p in paths
    ]
    cache.save()
    return out


def cycles_cache(state_dir: Path, enabled: bool = True) -> RecordCache:
    """The parsed-cycle cache: a cycle depends only on its own file."""
    return RecordCache.open(state_dir, "cycles", "cycles/2", enabled)


def _cycle_json(c: Cycle) -> list[Any]:
    # groups flattened (sizes, then every member in order): 500 groups decode in one pass
    return [
        c.start.isoformat(),
        c.end.isoformat(),
        c.due.isoformat(),
        [len(g.members) for g in c.groups],
        [h for g in c.groups for h in g.members],
        {str(i): list(g.caveats) for i, g in enumerate(c.groups) if g.caveats},
        c.seed,
        c.algorithm,
        list(c.away),
        list(c.inactive),
        list(c.warnings),
    ]


def _json_cycle(path: Path) -> Callable[[Any], Cycle]:
    def decode(v: Any) -> Cycle:
        start, end, due, sizes, flat, caveats, seed, algorithm, away, inactive, warnings = v
        if (
            type(seed) is not int
            or not isinstance(algorithm, str)
            or not isinstance(caveats, dict)
            or sum(_ints(sizes)) != len(_strs(flat))
        ):
            raise TypeError("bad cycle entry")
        groups, at = [], 0
        for i, size in enumerate(sizes):
            cav = caveats.get(str(i))
            groups.append(Group(tuple(flat[at : at + size]), _strs(cav) if cav else ()))
            at += size
        return Cycle(
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
            due=dt.date.fromisoformat(due),
            groups=tuple(groups),
            seed=seed,
            algorithm=algorithm,
            away=_strs(away),
            inactive=_strs(inactive),
            warnings=_strs(warnings),
            path=path,
        )

    return decode


def _strs(v: Any) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(type(x) is str for x in v):
        raise TypeError("expected a list of strings")
    return tuple(v)


def _ints(v: Any) -> list[int]:
    if not isinstance(v, list) or not all(type(x) is int and x > 0 for x in v):
        raise TypeError("expected a list of positive whole numbers")
    return v


def get_cycle(cycles_dir: Path, cycle_id: str | None, today: dt.date) -> Cycle:
    """The named cycle, or the current one: the latest that has started by `today`
    (the earliest if none has started yet)."""
    if cycle_id is not None:
        start = dt.date.fromisoformat(resolve_cycle_id(cycles_dir, cycle_id, today))
        path = cycle_path(cycles_dir, start)
        if not path.exists():
            raise NotFoundError(f"no cycle {start} (no {path.name} in cycles/); see `cskb cycles`")
        return load_cycle(path)
    files = cycle_files(cycles_dir)
    if not files:
        raise NotFoundError("no cycles yet; run `cskb pair` to start one")
    started = [p for p in files if p.stem <= today.isoformat()]
    return load_cycle(started[-1] if started else files[0])
