"""Everything the figures and the site read from a KB, loaded once into plain records.

Review files come from teammates and may be hostile or broken: every field is read
defensively (wrong types become empty values) and an unreadable file is listed, not fatal.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.cache import RecordCache, files_digest, stamp
from cskb.adapters.store import YamlProblem, load_yaml_file, read_document, to_date
from cskb.config import CONFIG_FILE, NA, Config
from cskb.errors import DataError
from cskb.kb.layout import CALLS_DIR, REVIEWS_DIR, Kb
from cskb.kb.roster import load_roster
from cskb.models import Cycle, Member
from cskb.pairing.cycles import cycles_cache, load_cycles
from cskb.reviews.sections import split_sections
from cskb.reviews.tags import normalise


@dataclass(frozen=True)
class CallRecord:
    cycle: str
    member: str
    url: str
    customer: str
    tags: tuple[str, ...]
    products: tuple[str, ...]
    submitted: dt.datetime | None  # when it was recorded (UTC)


@dataclass(frozen=True)
class ReviewRecord:
    """One review file, with every field the figures and pages need."""

    path: str  # relative to the KB root, e.g. reviews/2026-11-16/ana-reviews-bo.md
    cycle: str
    reviewer: str
    reviewee: str
    status: str
    title: str
    customer: str
    call_url: str
    call_date: dt.date | None
    tags: tuple[str, ...]
    products: tuple[str, ...]
    values: dict[str, Any]  # criterion key -> raw score value as written
    norms: dict[str, float]  # criterion key -> score normalised to 0..1 (scored ones only)
    score: float | None  # the review score 0..100 (docs/format.md)
    body: str
    completed: dt.datetime | None = None  # last commit touching the file (complete reviews)

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    @property
    def slug(self) -> str:
        """`<cycle folder>/<file name without .md>`: unique, ASCII, used for page paths."""
        parts = self.path.split("/")
        return f"{parts[-2]}/{parts[-1].removesuffix('.md')}" if len(parts) >= 2 else parts[-1]


@dataclass(frozen=True)
class KbData:
    config: Config
    today: dt.date
    members: tuple[Member, ...]
    cycles: tuple[Cycle, ...]  # oldest first
    calls: dict[tuple[str, str], CallRecord]  # (cycle, member) -> call
    reviews: tuple[ReviewRecord, ...]
    coffees: tuple[tuple[str, frozenset[str]], ...]  # (cycle, members)
    unreadable: tuple[str, ...] = ()
    commit: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # handle -> display name

    def name(self, handle: str) -> str:
        return self.names.get(handle, handle)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    if all(type(v) is str and v.strip() for v in value):  # the common case, ~20,000 times
        return tuple(value)
    return tuple(
        str(v) for v in value if isinstance(v, (str, int, float, dt.date)) and str(v).strip()
    )


def _when(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def review_record(
    rel: str,
    meta: dict[str, Any],
    body: str,
    config: Config,
    completed: dt.datetime | None = None,
) -> ReviewRecord:
    """A review's front-matter and body as a record; wrong types become empty values."""
    call = meta.get("call") if isinstance(meta.get("call"), dict) else {}
    assert isinstance(call, dict)
    scores = meta.get("scores") if isinstance(meta.get("scores"), dict) else {}
    assert isinstance(scores, dict)
    values: dict[str, Any] = {}
    norms: dict[str, float] = {}
    total = weight = 0.0
    for c in config.rubric:
        value = scores.get(c.key)
        values[c.key] = value
        if value is None or (isinstance(value, str) and value.strip().lower() == NA):
            continue
        norm = c.scale.normalise(value)
        if norm is None:
            continue
        norms[c.key] = norm
        total += c.weight * norm
        weight += c.weight
    title = _text(meta.get("title")).strip() or split_sections(body)[0] or rel
    url = _text(call.get("url")).strip()
    return ReviewRecord(
        path=rel,
        cycle=_text(meta.get("cycle")) or (rel.split("/")[-2] if "/" in rel else ""),
        reviewer=_text(meta.get("reviewer")),
        reviewee=_text(meta.get("reviewee")),
        status=_text(meta.get("status")),
        title=title,
        customer=_text(call.get("customer")).strip(),
        call_url=url,
        call_date=to_date(call.get("date")),
        tags=tuple(normalise(list(_strings(meta.get("tags"))))),
        products=_strings(meta.get("products")),
        values=values,
        norms=norms,
        score=round(100 * total / weight, 1) if weight else None,
        body=body,
        completed=completed,
    )


def _files(root: str, folder: str, suffix: str) -> list[str]:
    """Paths relative to `root` (forward slashes) of the files under `folder` ending in
    `suffix`, sorted; os.scandir and plain strings, fast on large KBs."""
    out: list[str] = []
    stack = [folder]
    while stack:
        rel = stack.pop()
        try:
            with os.scandir(os.path.join(root, rel)) as it:
                for entry in it:
                    if entry.name.startswith("."):
                        continue
                    sub = f"{rel}/{entry.name}"
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(sub)
                    elif entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False):
                        out.append(sub)
        except (FileNotFoundError, NotADirectoryError):
            continue
    return sorted(out)


def plain(value: Any) -> Any:
    """A YAML value as JSON: dates as ISO text, anything unusual as its text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def _load_calls(kb: Kb, cache: RecordCache) -> dict[tuple[str, str], CallRecord]:
    out: dict[tuple[str, str], CallRecord] = {}
    base = str(kb.root)
    for rel in _files(base, CALLS_DIR, ".yaml"):
        parts = rel.split("/")
        if len(parts) != 3:
            continue
        full = os.path.join(base, rel)
        file_stamp = stamp(full) if cache.enabled else None
        data = cache.get(rel, file_stamp, _mapping)
        if data is None:
            try:
                raw = load_yaml_file(Path(full), "call file")
            except DataError:
                continue
            if not isinstance(raw, dict):
                continue
            data = plain(raw)
            cache.put(rel, file_stamp, data)
        rec = CallRecord(
            cycle=_text(data.get("cycle")) or parts[1],
            member=_text(data.get("member")) or parts[2].removesuffix(".yaml"),
            url=_text(data.get("url")),
            customer=_text(data.get("customer")),
            tags=_strings(data.get("tags")),
            products=_strings(data.get("products")),
            submitted=_when(data.get("submitted")),
        )
        out[(rec.cycle, rec.member)] = rec
    return out


def _load_coffees(kb: Kb) -> tuple[tuple[str, frozenset[str]], ...]:
    out = []
    if not kb.coffee_dir.is_dir():
        return ()
    for folder in sorted(p for p in kb.coffee_dir.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.yaml")):
            out.append((folder.name, frozenset(path.stem.split("--"))))
    return tuple(out)


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("expected a mapping")
    return value


def _entry(value: Any) -> dict[str, Any]:
    if not isinstance(_mapping(value).get("r"), dict):
        raise TypeError("expected a review record")
    return dict(value)


def _body(value: Any) -> dict[str, Any]:
    if not isinstance(_mapping(value).get("b"), str):
        raise TypeError("expected a body")
    return dict(value)


def load_kb_data(kb: Kb, today: dt.date, bodies: bool = True, use_cache: bool = True) -> KbData:
    """Read the roster, cycles, calls, reviews (with completion times) and coffees; review
    bodies only when `bodies` (the site needs them, the figures do not). Parsed records
    come through the tool's one record cache (adapters/cache.py): review records keyed by
    `cskb.toml` too (the rubric shapes them), bodies and calls by their file alone."""
    members = tuple(load_roster(kb.team_file)) if kb.team_file.is_file() else ()
    cycles = tuple(
        sorted(
            load_cycles(kb.cycles_dir, cycles_cache(kb.state_dir, use_cache)), key=lambda c: c.start
        )
    )
    config = files_digest([kb.root / CONFIG_FILE])
    cache = RecordCache.open(kb.state_dir, "stats", f"stats/1:{config}", use_cache)
    calls_cache = RecordCache.open(kb.state_dir, "stats-calls", "stats-calls/1", use_cache)
    body_cache = (
        RecordCache.open(kb.state_dir, "stats-bodies", "stats-bodies/1", use_cache)
        if bodies
        else None
    )
    parsed: list[tuple[dict[str, Any], str]] = []
    unreadable: list[str] = []
    base = str(kb.root)
    for rel in _files(base, REVIEWS_DIR, ".md"):
        full = os.path.join(base, rel)
        file_stamp = stamp(full) if cache.enabled else None
        entry = cache.get(rel, file_stamp, _entry)
        body = body_cache.get(rel, file_stamp, _body) if body_cache and entry is not None else {}
        if entry is None or body is None:
            try:
                doc = read_document(Path(full))
            except (YamlProblem, DataError, OSError, UnicodeDecodeError):
                unreadable.append(rel)
                continue
            meta = plain(doc.meta)
            record = review_record(rel, meta, doc.body, kb.config)
            entry = {"r": _record_json(record), "completed": meta.get("completed")}
            body = {"b": doc.body}
            cache.put(rel, file_stamp, entry)
            if body_cache:
                body_cache.put(rel, file_stamp, body)
        parsed.append((entry, str(body.get("b", ""))))
    calls = _load_calls(kb, calls_cache)
    for c in (cache, calls_cache, body_cache):
        if c is not None:
            c.save(prune=True)  # every review and call was looked at
    # Git is asked only when a complete review has no `completed:` date of its own.
    need_git = any(
        e["r"].get("status") == "complete" and e.get("completed") is None for e, _ in parsed
    )
    stamps = vcs.last_changed(kb.root, REVIEWS_DIR) if need_git else {}
    reviews = []
    for entry, text in parsed:
        r = entry["r"]
        done = (
            completion_time(entry, stamps.get(r["path"]), today)
            if r.get("status") == "complete"
            else None
        )
        reviews.append(_record_from_json(r, text, done))
    return KbData(
        config=kb.config,
        today=today,
        members=members,
        cycles=cycles,
        calls=calls,
        reviews=tuple(reviews),
        coffees=_load_coffees(kb),
        unreadable=tuple(unreadable),
        commit=vcs.head_commit(kb.root),
        names={m.handle: m.name for m in members},
    )


def _record_json(r: ReviewRecord) -> dict[str, Any]:
    """A record for the cache: everything but the body and the completion time."""
    return {
        "path": r.path,
        "cycle": r.cycle,
        "reviewer": r.reviewer,
        "reviewee": r.reviewee,
        "status": r.status,
        "title": r.title,
        "customer": r.customer,
        "call_url": r.call_url,
        "call_date": r.call_date.isoformat() if r.call_date else None,
        "tags": list(r.tags),
        "products": list(r.products),
        "values": r.values,
        "norms": r.norms,
        "score": r.score,
    }


def _record_from_json(d: dict[str, Any], body: str, completed: dt.datetime | None) -> ReviewRecord:
    return ReviewRecord(
        path=d["path"],
        cycle=d["cycle"],
        reviewer=d["reviewer"],
        reviewee=d["reviewee"],
        status=d["status"],
        title=d["title"],
        customer=d["customer"],
        call_url=d["call_url"],
        call_date=to_date(d.get("call_date")),
        tags=tuple(d["tags"]),
        products=tuple(d["products"]),
        values=d["values"],
        norms=d["norms"],
        score=d["score"],
        body=body,
        completed=completed,
    )


def completion_time(meta: dict[str, Any], stamp: int | None, today: dt.date) -> dt.datetime:
    """When a complete review was finished: its `completed:` date (noon UTC) when it has a
    valid one, else the time of the last commit that touched it, else today (not committed
    yet); never later than the end of today."""
    end = dt.datetime.combine(today, dt.time(23, 59, 59), dt.UTC)
    raw = meta.get("completed")
    when: dt.datetime | None = None
    if isinstance(raw, dt.datetime) or (isinstance(raw, str) and len(raw.strip()) > 10):
        when = _when(raw)
    elif isinstance(raw, (dt.date, str)):
        day = to_date(raw)
        when = dt.datetime.combine(day, dt.time(12), dt.UTC) if day else None
    if when is None and stamp is not None:
        when = dt.datetime.fromtimestamp(stamp, dt.UTC)
    if when is None:
        when = dt.datetime.combine(today, dt.time(), dt.UTC)
    return min(when, end)
