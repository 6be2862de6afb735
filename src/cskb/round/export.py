"""`cskb stats --csv DIR`: one CSV file per table, for the people who live in spreadsheets.

Tables: participation per member and cycle, scores per review and criterion, latency per
review, meetings per group and cycle, retro answers. Each file has a header row, is UTF-8
(no byte-order mark), quoted as RFC 4180 says (fields with a comma, a quote or a line break
in double quotes, quotes doubled, CRLF line ends), and holds plain values: ISO dates,
numbers with a dot, `yes`/`no`, lists joined with `; `. Values are written exactly as the KB
holds them, so they round-trip. A file in DIR is only replaced when it is an earlier export
of the same table (its first line is the same header); anything else there is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters.fsio import atomic_write, read_bytes
from cskb.errors import UsageError
from cskb.kb.layout import Kb
from cskb.round.meetings import SKIPPED, skipped_groups
from cskb.round.retro import load_retros
from cskb.stats.data import KbData, load_kb_data

TABLES: dict[str, tuple[str, ...]] = {
    "participation": (
        "cycle", "due", "member", "name", "team", "group", "reviews", "call_submitted",
        "review", "completed_on_time", "coffee",
    ),
    "scores": (
        "cycle", "review", "reviewer", "reviewee", "status", "criterion", "value",
        "normalised", "review_score",
    ),
    "latency": ("cycle", "review", "reviewer", "reviewee", "call_submitted", "review_completed", "days"),
    "meetings": ("cycle", "group", "met", "said_not_met", "reason"),
    "retros": (
        "cycle", "member", "name", "useful", "worked", "change", "suggestion", "about", "tags",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Export:
    folder: Path
    files: tuple[tuple[str, int], ...]  # (file name, data rows)


def cell(value: Any) -> str:
    """A value as a spreadsheet reads it without cleaning."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(round(value, 4))
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value)
    return str(value)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for row in rows:
        w.writerow([cell(v) for v in row])
    return buf.getvalue()


def _review_id(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".md")


def _participation(data: KbData, cycles: set[str], member: str | None) -> Iterable[list[Any]]:
    teams = {m.handle: m.team for m in data.members}
    reviews = {(r.cycle, r.reviewer, r.reviewee): r for r in data.reviews}
    met: dict[str, list[frozenset[str]]] = {}
    for cid, ms in data.coffees:
        met.setdefault(cid, []).append(ms)
    for c in data.cycles:
        if c.id not in cycles:
            continue
        for g in c.groups:
            pair = frozenset(g.members[:2])  # as stats counts a group's coffee
            coffee = any(pair <= ms for ms in met.get(c.id, []))
            for h in g.members:
                if member and h != member:
                    continue
                reviewee = c.reviewee_of(h) or ""
                r = reviews.get((c.id, h, reviewee))
                on_time = bool(r and r.complete and r.completed and r.completed.date() <= c.due)
                partners = [p for p in g.members if p != h]
                yield [
                    c.id, c.due, h, data.name(h), teams.get(h, ""), partners, reviewee,
                    (c.id, h) in data.calls, r.status if r else "none", on_time, coffee,
                ]  # fmt: skip


def _scores(data: KbData, cycles: set[str], member: str | None) -> Iterable[list[Any]]:
    for r in data.reviews:
        if r.cycle not in cycles or (member and member not in (r.reviewer, r.reviewee)):
            continue
        for c in data.config.rubric:
            if c.key in r.values:
                yield [
                    r.cycle, _review_id(r.path), r.reviewer, r.reviewee, r.status, c.key,
                    r.values[c.key], r.norms.get(c.key), r.score,
                ]  # fmt: skip


def _latency(data: KbData, cycles: set[str], member: str | None) -> Iterable[list[Any]]:
    for r in data.reviews:
        if r.cycle not in cycles or (member and member not in (r.reviewer, r.reviewee)):
            continue
        call = data.calls.get((r.cycle, r.reviewee))
        submitted = call.submitted if call else None
        days = None
        if r.complete and r.completed and submitted:
            days = round(max(0.0, (r.completed - submitted).total_seconds() / 86400), 2)
        yield [r.cycle, _review_id(r.path), r.reviewer, r.reviewee, submitted, r.completed, days]


def _meetings(kb: Kb, data: KbData, cycles: set[str], member: str | None) -> Iterable[list[Any]]:
    from cskb.adapters.store import load_yaml_file
    from cskb.errors import DataError

    met = {(c, frozenset(ms)) for c, ms in data.coffees}
    for c in data.cycles:
        if c.id not in cycles:
            continue
        skipped = skipped_groups(kb, c.id)
        for g in c.groups:
            if member and member not in g.members:
                continue
            pair = frozenset(g.members[:2])
            has = any(cid == c.id and pair <= ms for cid, ms in met)
            said_no = frozenset(g.members) in skipped
            reason = ""
            if said_no:
                path = kb.coffee_dir / c.id / SKIPPED / f"{'--'.join(sorted(g.members))}.yaml"
                try:
                    raw = load_yaml_file(path, "skip")
                    reason = str(raw.get("reason", "")) if isinstance(raw, dict) else ""
                except DataError:
                    reason = ""
            yield [c.id, list(g.members), has, said_no, reason]


def _retros(kb: Kb, data: KbData, cycles: set[str], member: str | None) -> Iterable[list[Any]]:
    for r in load_retros(kb)[0]:
        if r.cycle in cycles and (member is None or r.member == member):
            yield [
                r.cycle, r.member, data.name(r.member), r.useful, r.worked, r.change,
                r.suggestion, r.about, list(r.tags),
            ]  # fmt: skip


def _ours(path: Path, header: str) -> bool:
    """Whether `path` is an earlier export of the table with `header` (its first line)."""
    try:
        first = read_bytes(path, 1 << 16).decode("utf-8", "replace").split("\r\n", 1)[0]
    except OSError:
        return False
    return first == header


def export_csv(
    kb: Kb,
    today: dt.date,
    folder: Path,
    cycle: str | None = None,
    member: str | None = None,
    since: dt.date | None = None,
    use_cache: bool = True,
) -> Export:
    """Write the five tables to `folder` (created when missing)."""
    data = load_kb_data(kb, today, bodies=False, use_cache=use_cache)
    if member is not None and member not in data.names:
        raise UsageError(f"--member {member}: not on the roster; see `cskb team list`")
    ids = {c.id for c in data.cycles}
    if cycle is not None:
        if cycle not in ids:
            raise UsageError(f"--cycle {cycle}: no such cycle; see `cskb cycles`")
        ids = {cycle}
    if since is not None:
        ids = {i for i in ids if i >= since.isoformat()}
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--csv {folder}: is a file; give a folder for the CSV files")
    tables = {
        "participation": _participation(data, ids, member),
        "scores": _scores(data, ids, member),
        "latency": _latency(data, ids, member),
        "meetings": _meetings(kb, data, ids, member),
        "retros": _retros(kb, data, ids, member),
    }
    rows = {name: list(found) for name, found in tables.items()}
    texts = {name: to_csv(TABLES[name], rows[name]) for name in rows}
    for name in texts:
        path = folder / f"{name}.csv"
        header = to_csv(TABLES[name], []).removesuffix("\r\n")
        if path.exists() and not _ours(path, header):
            raise UsageError(
                f"--csv {folder}: {path.name} exists and is not an earlier export of this "
                "table; choose another folder or move the file"
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--csv {folder}: cannot create the folder ({exc.strerror})") from None
    written = []
    for name, text in texts.items():
        atomic_write(folder / f"{name}.csv", text)
        written.append((f"{name}.csv", len(rows[name])))
    return Export(folder, tuple(written))
