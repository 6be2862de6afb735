"""Calibration sessions on disk: `calibrations/<id>/session.yaml`, read, found and listed.

The folder name is the session's ID (`<opened>-<customer slug>`); the reviews written for it
live beside `session.yaml` as `<reviewer>.md`. Nothing under `calibrations/` is a regular
review: the review listers only walk `reviews/`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cskb.adapters.store import MAX_BYTES, dump_yaml, load_yaml_file
from cskb.errors import DataError, NotFoundError, UsageError
from cskb.kb.layout import Kb

CALIBRATIONS_DIR = "calibrations"
SESSION_FILE = "session.yaml"
OPEN, CLOSED = "open", "closed"
SESSION_KEYS = ("status", "opened", "due", "lead", "call", "reviewers", "benchmark")
CALL_KEYS = ("url", "customer", "reviewee")
BENCHMARK_KEYS = ("from", "closed", "scores")


@dataclass(frozen=True)
class Benchmark:
    """The scores every reviewer is compared with, copied from one review when closing."""

    source: str  # whose review it came from
    closed: dt.date
    scores: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Session:
    """One calibration session."""

    id: str
    status: str
    opened: dt.date
    due: dt.date | None
    lead: str
    url: str
    customer: str
    reviewee: str | None
    reviewers: tuple[str, ...]
    benchmark: Benchmark | None
    path: Path

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def participants(self) -> tuple[str, ...]:
        """The reviewers, then the lead (who may write a review too, often the benchmark)."""
        return self.reviewers + (() if self.lead in self.reviewers else (self.lead,))

    def review_path(self, handle: str) -> Path:
        return self.folder / f"{handle}.md"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "opened": self.opened.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "lead": self.lead,
            "call": {"url": self.url, "customer": self.customer, "reviewee": self.reviewee},
            "reviewers": list(self.reviewers),
        }


def calibrations_dir(kb: Kb) -> Path:
    return kb.root / CALIBRATIONS_DIR


def is_calibration_path(kb: Kb, path: Path) -> bool:
    return kb.rel(path).startswith(CALIBRATIONS_DIR + "/")


def _handle(value: Any, where: str) -> str:
    from cskb.kb.roster import HANDLE_RE

    if not isinstance(value, str) or not HANDLE_RE.match(value.strip()):
        raise DataError(f"{where} {value!r} must be a member's handle, like 'ana'")
    return value.strip()


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise DataError(f"{where} {value!r} must be a date like 2026-11-16")


def parse_session(data: Any, path: Path, rel: str) -> Session:
    """A session from the YAML of `session.yaml`; DataError names the file and the field."""
    if not isinstance(data, dict):
        raise DataError(f"{rel}: must be a mapping with status, opened, lead, call, reviewers")
    unknown = [k for k in data if k not in SESSION_KEYS]
    if unknown:
        raise DataError(f"{rel}: unknown key {unknown[0]!r}; expected {', '.join(SESSION_KEYS)}")
    for key in ("status", "opened", "lead", "call", "reviewers"):
        if key not in data:
            raise DataError(f"{rel}: no {key!r} field; add it (see docs/format.md)")
    status = data["status"]
    if status not in (OPEN, CLOSED):
        raise DataError(f"{rel}: status {status!r} must be open or closed")
    opened = _date(data["opened"], f"{rel}: opened")
    due = None if data.get("due") in (None, "") else _date(data["due"], f"{rel}: due")
    lead = _handle(data["lead"], f"{rel}: lead")
    call = data["call"]
    if not isinstance(call, dict) or set(call) - set(CALL_KEYS):
        raise DataError(f"{rel}: call must be a mapping with url, customer and reviewee")
    url, customer = call.get("url"), call.get("customer")
    if not isinstance(url, str) or not isinstance(customer, str):
        raise DataError(f"{rel}: call.url and call.customer must be text")
    reviewee = call.get("reviewee")
    reviewee = None if reviewee in (None, "") else _handle(reviewee, f"{rel}: call.reviewee")
    raw = data["reviewers"]
    if not isinstance(raw, list) or not raw:
        raise DataError(f"{rel}: reviewers must be a list of one or more handles")
    reviewers = tuple(_handle(h, f"{rel}: reviewers") for h in raw)
    if len(set(reviewers)) != len(reviewers):
        raise DataError(f"{rel}: reviewers lists someone twice; keep one")
    benchmark = None
    b = data.get("benchmark")
    if b is not None:
        if not isinstance(b, dict) or set(b) - set(BENCHMARK_KEYS):
            raise DataError(f"{rel}: benchmark must be a mapping with from, closed and scores")
        scores = b.get("scores")
        if not isinstance(scores, dict):
            raise DataError(f"{rel}: benchmark.scores must be a mapping of criterion to score")
        benchmark = Benchmark(
            _handle(b.get("from"), f"{rel}: benchmark.from"),
            _date(b.get("closed"), f"{rel}: benchmark.closed"),
            {str(k): v for k, v in scores.items()},
        )
    return Session(
        path.parent.name,
        status,
        opened,
        due,
        lead,
        url,
        customer,
        reviewee,
        reviewers,
        benchmark,
        path,
    )


def load_session(kb: Kb, path: Path) -> Session:
    rel = kb.rel(path)
    if path.is_symlink() or path.parent.is_symlink():
        raise DataError(f"{rel}: a symbolic link; a session must be a plain file in the KB")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise DataError(f"{rel}: over the {MAX_BYTES:,}-byte limit")
    except FileNotFoundError:
        raise DataError(f"{rel}: not found") from None
    return parse_session(load_yaml_file(path, "session file"), path, rel)


def session_to_yaml(s: Session) -> str:
    data: dict[str, Any] = {"status": s.status, "opened": s.opened}
    if s.due:
        data["due"] = s.due
    data["lead"] = s.lead
    data["call"] = {"url": s.url, "customer": s.customer, "reviewee": s.reviewee or ""}
    data["reviewers"] = list(s.reviewers)
    if s.benchmark:
        data["benchmark"] = {
            "from": s.benchmark.source,
            "closed": s.benchmark.closed,
            "scores": dict(s.benchmark.scores),
        }
    return dump_yaml(data)


def session_folders(kb: Kb) -> list[Path]:
    root = calibrations_dir(kb)
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
    )


def list_sessions(kb: Kb) -> tuple[list[Session], list[str]]:
    """Every session, oldest first, and the session files that could not be read."""
    out, unreadable = [], []
    for folder in session_folders(kb):
        path = folder / SESSION_FILE
        try:
            out.append(load_session(kb, path))
        except DataError:
            unreadable.append(kb.rel(path))
    out.sort(key=lambda s: (s.opened, s.id))
    return out, unreadable


def find_session(kb: Kb, ident: str) -> Session:
    """A session by its ID, a unique prefix of it, or its folder path."""
    ident = ident.strip().rstrip("/")
    if not ident:
        raise UsageError("session ID is empty; see `cskb calibrate list`")
    name = ident.removeprefix(CALIBRATIONS_DIR + "/").removesuffix("/" + SESSION_FILE)
    folders = session_folders(kb)
    matches = [f for f in folders if f.name == name] or [
        f for f in folders if f.name.startswith(name)
    ]
    if not matches or "/" in name or name in (".", ".."):
        raise NotFoundError(f"no calibration session {ident!r}; see `cskb calibrate list`")
    if len(matches) > 1:
        listed = ", ".join(f.name for f in matches[:5])
        raise UsageError(f"{ident!r} matches {len(matches)} sessions ({listed}); give more of it")
    path = matches[0] / SESSION_FILE
    if not path.is_file():
        raise NotFoundError(f"{kb.rel(path)} is missing; the session folder has no session file")
    return load_session(kb, path)
