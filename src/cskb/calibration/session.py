"""Calibration sessions on disk: `calibrations/<id>/session.yaml`, opened, found, closed.

The folder name is the session's ID (`<opened>-<customer slug>`); the reviews written for it
live beside `session.yaml` as `<reviewer>.md`. Nothing under `calibrations/` is a regular
review: the review listers only walk `reviews/`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write, write_new
from cskb.adapters.store import MAX_BYTES, dump_yaml, load_yaml_file
from cskb.config import NA, Config
from cskb.errors import DataError, NotFoundError, UsageError
from cskb.kb.layout import Kb

CALIBRATIONS_DIR = "calibrations"
SESSION_FILE = "session.yaml"
OPEN, CLOSED = "open", "closed"
SESSION_KEYS = ("status", "opened", "due", "lead", "call", "reviewers", "benchmark")
CALL_KEYS = ("url", "customer", "reviewee")
BENCHMARK_KEYS = ("from", "closed", "scores")
ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]{0,60}$")


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


def slug(text: str) -> str:
    """An ASCII slug of `text` for a folder name: `Acme GmbH` -> `acme-gmbh`; `call` when
    nothing ASCII is left (a name in another script)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
    return s or "call"


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


@dataclass(frozen=True)
class Opened:
    session: Session
    warnings: tuple[str, ...]
    commit: vcs.CommitResult | None


def open_session(
    kb: Kb,
    members: dict[str, bool],
    today: dt.date,
    url: str,
    customer: str,
    reviewers: list[str],
    lead: str,
    reviewee: str | None = None,
    due: dt.date | None = None,
    commit: bool = True,
) -> Opened:
    """Validate everything, then write `calibrations/<id>/session.yaml` (never over another
    session) and commit it. `members` maps each handle in team.yaml to whether it is active."""
    from cskb.checks.rules import valid_url

    warnings: list[str] = []
    url, customer = url.strip(), customer.strip()
    if not valid_url(url):
        raise UsageError(f"--call {url!r} is not an http(s) URL; paste the recording's link")
    if not customer or any(unicodedata.category(ch) == "Cc" for ch in customer):
        raise UsageError("--customer must be a single, non-empty line of text")
    if not reviewers:
        raise UsageError("--reviewers is empty; name one or more members, like --reviewers ana,bo")
    seen: list[str] = []
    for h in reviewers:
        if h not in members:
            raise NotFoundError(
                f"--reviewers: {h!r} is not in team.yaml; use handles from `cskb team list`"
            )
        if h in seen:
            warnings.append(f"--reviewers names {h} twice; counted once")
        else:
            seen.append(h)
    for h in seen:
        if not members[h]:
            warnings.append(f"{h} is inactive in team.yaml; included anyway")
    if lead not in members:
        raise NotFoundError(
            f"--lead {lead!r} is not in team.yaml; use a handle from `cskb team list`"
        )
    if reviewee is not None:
        reviewee = reviewee.strip()
        if reviewee not in members:
            raise NotFoundError(
                f"--reviewee {reviewee!r} is not in team.yaml; leave it out for a call by "
                "someone outside the team"
            )
        if reviewee in seen or reviewee == lead:
            raise UsageError(
                f"--reviewee {reviewee} cannot also score their own call; take them out of "
                "--reviewers/--lead"
            )
    if due is not None and due < today:
        raise UsageError(f"--due {due.isoformat()} is before today ({today.isoformat()})")
    base = f"{today.isoformat()}-{slug(customer)}"
    with kb.write_lock():
        for n in range(1, 100):
            ident = base if n == 1 else f"{base}-{n}"
            path = calibrations_dir(kb) / ident / SESSION_FILE
            session = Session(
                ident, OPEN, today, due, lead, url, customer, reviewee, tuple(seen), None, path
            )
            if not path.parent.exists() and write_new(path, session_to_yaml(session)):
                break
        else:
            raise UsageError(f"too many sessions named {base}; pass a different --customer")
        done = (
            vcs.commit_paths(kb.root, [path], f"cskb: open calibration {ident} ({', '.join(seen)})")
            if commit
            else None
        )
    return Opened(session, tuple(warnings), done)


def benchmark_scores(session: Session, meta: dict[str, Any], config: Config) -> dict[str, Any]:
    """The benchmark taken from a review's front-matter: every criterion in the rubric, each
    a valid score, or n/a where the criterion is optional. Raises UsageError saying what is
    missing."""
    from cskb.calibration.metrics import MISSING, NOT_APPLICABLE, classify

    scores = meta.get("scores")
    scores = scores if isinstance(scores, dict) else {}
    out: dict[str, Any] = {}
    problems = []
    for c in config.rubric:
        value = scores.get(c.key)
        kind, _ = classify(value, c.scale)
        if kind == MISSING or (kind == NOT_APPLICABLE and c.mandatory):
            problems.append(f"{c.key} ({'n/a but mandatory' if kind != MISSING else 'not scored'})")
        out[c.key] = NA if kind == NOT_APPLICABLE else value
    if problems:
        raise UsageError(
            f"the benchmark must score every criterion; missing: {', '.join(problems)}; "
            "finish that review first"
        )
    return out


@dataclass(frozen=True)
class Closed:
    session: Session
    commit: vcs.CommitResult | None


def close_session(
    kb: Kb, session: Session, source: str, today: dt.date, commit: bool = True
) -> Closed:
    """Fix the benchmark from `source`'s review and close the session."""
    from dataclasses import replace

    from cskb.reviews.records import load

    if session.status == CLOSED:
        b = session.benchmark
        raise UsageError(
            f"calibration session {session.id} is already closed"
            + (f" (benchmark from {b.source} on {b.closed})" if b else "")
        )
    if source not in session.participants:
        raise UsageError(
            f"--from {source!r} is not in session {session.id} "
            f"(reviewers: {', '.join(session.reviewers)}; lead: {session.lead})"
        )
    review = session.review_path(source)
    if review.is_symlink() or not review.is_file():
        raise UsageError(
            f"{source} has no review in session {session.id} ({kb.rel(review)}); "
            f"they write it with `cskb --as {source} calibrate review {session.id}`"
        )
    scores = benchmark_scores(session, load(review).meta, kb.config)
    closed = replace(session, status=CLOSED, benchmark=Benchmark(source, today, scores))
    with kb.write_lock():
        if load_session(kb, session.path).status == CLOSED:
            raise UsageError(f"calibration session {session.id} was closed meanwhile")
        atomic_write(session.path, session_to_yaml(closed))
        done = (
            vcs.commit_paths(
                kb.root,
                [session.path],
                f"cskb: close calibration {session.id} (benchmark from {source})",
            )
            if commit
            else None
        )
    return Closed(closed, done)
