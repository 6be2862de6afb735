"""Calibration reviews: the team's normal review file, written in the session's folder.

Scaffolding, the editor, validation and the commit are the regular review machinery
(`reviews/scaffold.py`, `reviews/records.py`); this module only decides who may write
which file and what the front-matter says about the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cskb.adapters.fsio import write_new
from cskb.calibration.session import CLOSED, OPEN, Session, find_session, is_calibration_path
from cskb.errors import CskbError, UsageError
from cskb.kb.layout import Kb


def refuse_unless_open_for(session: Session, handle: str) -> None:
    """UsageError unless `handle` is in the session and the session is open."""
    if handle not in session.participants:
        raise UsageError(
            f"you ({handle}) are not in calibration session {session.id}: its reviewers are "
            f"{', '.join(session.reviewers)} and its lead is {session.lead}; ask the lead to "
            "open a session that includes you"
        )
    if session.status == CLOSED:
        b = session.benchmark
        since = f" on {b.closed} (benchmark from {b.source})" if b else ""
        raise UsageError(
            f"calibration session {session.id} was closed{since}; its reviews can no longer "
            "change: see `cskb calibrate report " + session.id + "`"
        )


@dataclass(frozen=True)
class Started:
    path: Path
    created: bool  # False: the member's review already existed and is reopened
    warnings: tuple[str, ...]


def start_review(kb: Kb, session: Session, handle: str) -> Started:
    """The member's calibration review: scaffolded from the team's template when it does not
    exist yet (never over an existing file), otherwise the one already written."""
    from cskb.reviews.scaffold import read_template, scaffold

    refuse_unless_open_for(session, handle)
    path = session.review_path(handle)
    if path.is_symlink():
        raise UsageError(f"{kb.rel(path)} is a symbolic link; replace it with a plain file")
    if path.exists():
        return Started(path, False, ())
    template, warning = read_template(kb)
    call = {"url": session.url, "customer": session.customer, "date": "", "note": ""}
    text = scaffold(
        kb,
        template,
        session.opened.isoformat(),
        handle,
        session.reviewee or "(not on the team)",
        call,
        [],
        [],
        title=f"Calibration: {session.customer}",
        fields={"calibration": session.id, "reviewee": session.reviewee},
    )
    with kb.write_lock():
        written = write_new(path, text)
    if not written:  # someone else's command wrote it meanwhile: reopen theirs, do not replace
        return Started(path, False, ())
    return Started(path, True, (warning,) if warning else ())


def session_of(kb: Kb, path: Path) -> Session | None:
    """The session a review file under `calibrations/` belongs to, else None."""
    if not is_calibration_path(kb, path):
        return None
    parts = kb.rel(path).split("/")
    if len(parts) != 3:
        return None
    try:
        return find_session(kb, parts[1])
    except CskbError:  # an unreadable session: `cskb check` reports it
        return None


def open_session_of(kb: Kb, path: Path) -> Session | None:
    """The open session a file under `calibrations/` belongs to, else None."""
    session = session_of(kb, path)
    return session if session is not None and session.status == OPEN else None


def refuse_closed(kb: Kb, path: Path) -> None:
    """UsageError when `path` is a review in a closed session: changing it would move a
    reviewer's alignment after the benchmark was fixed."""
    session = session_of(kb, path)
    if session is None or session.status != CLOSED:
        return
    b = session.benchmark
    since = f" on {b.closed}" if b else ""
    raise UsageError(
        f"{kb.rel(path)} belongs to calibration session {session.id}, closed{since}; "
        "its reviews can no longer change (that would move the alignment after the fact): "
        f"see `cskb calibrate report {session.id}`"
    )


def refuse_peer_scores(kb: Kb, path: Path, viewer: Callable[[], str | None]) -> None:
    """While a session is open a participant's review is shown only to its author: a
    courtesy against anchoring (the file is readable in git), not secrecy. `viewer` gives
    the current member's handle (asked only for a file in an open session)."""
    session = open_session_of(kb, path)
    if session is None or viewer() == path.stem:
        return
    raise UsageError(
        f"{kb.rel(path)} is {path.stem}'s review in the open calibration session "
        f"{session.id}; cskb shows it once the lead runs `cskb calibrate final` "
        "(a courtesy against anchoring, not secrecy: the file is readable in git)"
    )


SHOW, EDIT, DONE = "show", "edit", "done"


def guard_review(kb: Kb, path: Path, action: str, viewer: Callable[[], str | None]) -> None:
    """The one rule for a review command (`SHOW`, `EDIT`, `DONE`) on a file under
    `calibrations/`: nothing changes once its session is closed, and while it is open only
    the review's author may open, edit or finish it (each shows the scores). Any other file
    passes. Every caller (`cskb review show/edit/done`, and any tool) goes through this."""
    if not is_calibration_path(kb, path):
        return
    if action != SHOW:
        refuse_closed(kb, path)
    session = open_session_of(kb, path)
    if session is None or viewer() == path.stem:
        return
    if action == SHOW:
        refuse_peer_scores(kb, path, viewer)
    raise UsageError(
        f"{kb.rel(path)} is {path.stem}'s review in the open calibration session "
        f"{session.id}; only {path.stem} can {action} it while the session is open (it "
        "would show their scores); see `cskb calibrate show " + session.id + "`"
    )
