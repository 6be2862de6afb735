"""Opening a calibration session and closing it with a benchmark: validated, written,
committed."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write, write_new
from cskb.calibration.session import (
    CLOSED,
    OPEN,
    SESSION_FILE,
    Benchmark,
    Session,
    calibrations_dir,
    load_session,
    session_to_yaml,
)
from cskb.config import NA, Config
from cskb.errors import NotFoundError, UsageError
from cskb.kb.layout import Kb


def slug(text: str) -> str:
    """An ASCII slug of `text` for a folder name: `Acme GmbH` -> `acme-gmbh`; `call` when
    nothing ASCII is left (a name in another script)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
    return s or "call"


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
