"""Calls submitted for review: `calls/<cycle>/<member>.yaml`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write
from cskb.adapters.store import dump_yaml, load_yaml_file, to_date
from cskb.checks.rules import valid_url
from cskb.errors import DataError, UsageError
from cskb.kb.layout import Kb
from cskb.kb.text import check_line, check_lines
from cskb.models import Call
from cskb.pairing.cycles import get_cycle, parse_cycle_id
from cskb.reviews.tags import check_vocabulary, normalise


@dataclass(frozen=True)
class SubmitResult:
    call: Call
    path: Path
    replaced: bool
    warnings: tuple[str, ...]
    commit: vcs.CommitResult | None


def call_path(kb: Kb, cycle: str, member: str) -> Path:
    return kb.calls_dir / cycle / f"{member}.yaml"


def _one_line(value: str, option: str) -> str:
    value = check_line(value, option).strip()
    if not value:
        raise UsageError(f"{option} is empty; give a value")
    return value


def submit_call(
    kb: Kb,
    today: dt.date,
    cycle_id: str | None,
    member: str,
    url: str,
    customer: str,
    date: dt.date | None,
    tags: list[str],
    products: list[str],
    note: str,
    now: dt.datetime,
    commit: bool = True,
) -> SubmitResult:
    """Record `member`'s call for the cycle (default: the current one); re-submitting
    replaces it, with a warning."""
    if not valid_url(url):
        raise UsageError(
            f"--url {url!r} is not an http(s) URL; paste the recording's link, like https://..."
        )
    customer = _one_line(customer, "--customer")
    check_line(url, "--url")
    check_line(note.replace("\r\n", "\n"), "--note", multiline=True)
    check_lines(tags, "--tags")
    check_lines(products, "--products")
    tags = normalise(tags)
    check_vocabulary(tags, kb.config.vocabulary)
    the_cycle = get_cycle(kb.cycles_dir, cycle_id, today)
    cycle = the_cycle.id
    warnings: list[str] = []
    if the_cycle.group_of(member) is None:
        warnings.append(f"{member} is not in any group of cycle {cycle}; submitted anyway")
    call = Call(
        cycle,
        member,
        url.strip(),
        customer,
        date,
        tuple(tags),
        tuple(normalise(products)),
        note.strip(),
    )
    data: dict[str, Any] = {
        "cycle": dt.date.fromisoformat(cycle),
        "member": member,
        "url": call.url,
        "customer": customer,
        "date": date,
        "tags": list(call.tags),
        "products": list(call.products),
        "note": call.note,
        "submitted": now.replace(microsecond=0).isoformat(),
    }
    path = call_path(kb, cycle, member)
    with kb.write_lock():
        replaced = path.exists()
        if replaced:
            warnings.append(f"replaced {member}'s earlier call for cycle {cycle}")
        atomic_write(path, dump_yaml(data), inside=kb.root)
        done = (
            vcs.commit_paths(kb.root, [path], f"cskb: call by {member} ({cycle})")
            if commit
            else None
        )
    return SubmitResult(call, path, replaced, tuple(warnings), done)


def load_call(path: Path) -> Call:
    """Read one call file; raises DataError naming the file and what is wrong."""
    data = load_yaml_file(path, "call file")
    if not isinstance(data, dict):
        raise DataError(f"{path}: a call file must be a mapping with url and customer")
    url = data.get("url")
    if not valid_url(url):
        raise DataError(f"{path}: url {url!r} must be an http(s) URL")
    tags = data.get("tags") or []
    products = data.get("products") or []
    return Call(
        cycle=str(data.get("cycle", path.parent.name)),
        member=str(data.get("member", path.stem)),
        url=str(url),
        customer=str(data.get("customer") or ""),
        date=to_date(data.get("date")),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (),
        products=tuple(str(p) for p in products) if isinstance(products, list) else (),
        note=str(data.get("note") or ""),
        path=path,
    )


def find_call(kb: Kb, cycle: str, member: str) -> Call | None:
    """`member`'s call for `cycle`, or None when they have not submitted one."""
    path = call_path(kb, cycle, member)
    return load_call(path) if path.exists() else None


def list_calls(kb: Kb, cycle: str | None = None, use_cache: bool = True) -> list[Call]:
    """Every submitted call (of one cycle when given), by cycle then member; each file is
    parsed once, then served from the parsed-record cache while unchanged."""
    import os

    from cskb.reviews.catalog import calls

    def names(folder: str, want_dirs: bool) -> list[str]:
        try:
            with os.scandir(folder) as it:
                return sorted(
                    e.name
                    for e in it
                    if (e.is_dir(follow_symlinks=False) if want_dirs else e.name.endswith(".yaml"))
                )
        except (FileNotFoundError, NotADirectoryError):
            return []

    # os.scandir rather than Path.glob: the same files in the same order, without building
    # and sorting 10,000 Path objects
    root = str(kb.calls_dir)
    folders = [parse_cycle_id(cycle).isoformat()] if cycle is not None else names(root, True)
    paths = [
        Path(os.path.join(root, folder, name))
        for folder in folders
        for name in names(os.path.join(root, folder), False)
    ]
    return calls(kb, paths, use_cache, prune=not cycle)
