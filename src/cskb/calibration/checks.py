"""What `cskb check` says about `calibrations/`: each calibration review is checked like
any review (the rules of `checks/rules.py`, minus pairing and file location), plus the
calibration rules below; each `session.yaml` must be well formed, name members only, and
carry a benchmark once closed. Rule ids are documented in docs/checks.md.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from cskb.adapters import fsio
from cskb.adapters.store import MAX_BYTES, YamlProblem, decode, load_yaml_text, read_document
from cskb.calibration.metrics import MISSING, NOT_APPLICABLE, classify
from cskb.calibration.session import (
    CALIBRATIONS_DIR,
    CLOSED,
    OPEN,
    SESSION_FILE,
    Session,
    parse_session,
    session_folders,
)
from cskb.checks.rules import (
    ERROR,
    WARNING,
    Hit,
    RuleContext,
    check_body,
    check_fields,
    check_scores,
    check_tags,
)
from cskb.errors import DataError
from cskb.kb.layout import Kb
from cskb.models import Finding

SESSION_RULE = "calibration-session"  # session.yaml malformed, or missing beside a review
MEMBER_RULE = "calibration-member"  # a handle in session.yaml is not in team.yaml
BENCHMARK_RULE = "calibration-benchmark"  # closed without a valid benchmark
PARTICIPANT_RULE = "calibration-participant"  # a review by someone not in the session
MISMATCH_RULE = "calibration-mismatch"  # the review's file name/calibration/reviewee disagree


def calibration_files(kb: Kb) -> list[Path]:
    """Every `calibrations/<id>/session.yaml` and `calibrations/<id>/*.md`, sorted; one
    that is not a regular file (a pipe, a socket) is listed too, so check names it."""
    out: list[Path] = []
    for folder in session_folders(kb):
        if os.path.lexists(folder / SESSION_FILE) and not (folder / SESSION_FILE).is_dir():
            out.append(folder / SESSION_FILE)
        out.extend(
            sorted(p for p in folder.glob("*.md") if not p.is_dir() and not p.name.startswith("."))
        )
    return out


def is_checked(kb: Kb, path: Path) -> bool:
    """A file `cskb check` looks at under `calibrations/`."""
    parts = kb.rel(path).split("/")
    return (
        len(parts) == 3
        and parts[0] == CALIBRATIONS_DIR
        and (parts[2] == SESSION_FILE or parts[2].endswith(".md"))
    )


def _session(kb: Kb, folder: Path) -> tuple[Session | None, list[Hit]]:
    """The session in `folder` and the findings on its session.yaml."""
    path = folder / SESSION_FILE
    rel = kb.rel(path)
    if path.is_symlink() or folder.is_symlink():
        return None, [(1, SESSION_RULE, ERROR, "a symbolic link; keep sessions as plain files")]
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [(1, SESSION_RULE, ERROR, f"over the {MAX_BYTES:,}-byte limit")]
        text, _ = decode(fsio.read_bytes(path))
        data = load_yaml_text(text)
    except FileNotFoundError:
        return None, [(1, SESSION_RULE, ERROR, "no session.yaml")]
    except OSError as exc:
        return None, [(1, SESSION_RULE, ERROR, f"cannot read ({exc.strerror})")]
    except YamlProblem as exc:
        return None, [(exc.line, exc.code, ERROR, exc.message)]
    try:
        return parse_session(data, path, rel), []
    except DataError as exc:
        return None, [(1, SESSION_RULE, ERROR, exc.message.removeprefix(f"{rel}: "))]


def check_session(kb: Kb, path: Path, ctx: RuleContext) -> list[Hit]:
    session, hits = _session(kb, path.parent)
    if session is None:
        return hits
    for role, handle in [
        ("lead", session.lead),
        *(("reviewers", h) for h in session.reviewers),
        *([("call.reviewee", session.reviewee)] if session.reviewee else []),
    ]:
        if handle not in ctx.members:
            hits.append(
                (
                    1,
                    MEMBER_RULE,
                    ERROR,
                    f"{role}: {handle!r} is not in team.yaml; use a handle from `cskb team list`",
                )
            )
    if session.reviewee and session.reviewee in session.participants:
        hits.append(
            (
                1,
                SESSION_RULE,
                ERROR,
                f"{session.reviewee} cannot score their own call; take them out",
            )
        )
    b = session.benchmark
    if session.status == OPEN and b is not None:
        hits.append(
            (1, SESSION_RULE, ERROR, "status is open but a benchmark is set; set status: closed")
        )
    if session.status == CLOSED and b is None:
        hits.append(
            (
                1,
                BENCHMARK_RULE,
                ERROR,
                "the session is closed but has no benchmark; add it with "
                "`cskb calibrate final ID --from HANDLE` on an open session",
            )
        )
    if b is not None:
        if b.source not in session.participants:
            hits.append(
                (1, BENCHMARK_RULE, ERROR, f"benchmark.from {b.source!r} is not in the session")
            )
        elif not session.review_path(b.source).is_file():
            hits.append(
                (
                    1,
                    BENCHMARK_RULE,
                    WARNING,
                    f"the benchmark's review {b.source}.md is not in the session folder",
                )
            )
        for c in ctx.config.rubric:
            kind, _ = classify(b.scores.get(c.key), c.scale)
            if kind == MISSING or (kind == NOT_APPLICABLE and c.mandatory):
                hits.append(
                    (
                        1,
                        BENCHMARK_RULE,
                        ERROR,
                        f"benchmark.scores.{c.key} ({c.title}) must be a score {c.scale}"
                        + ("" if c.mandatory else " or n/a"),
                    )
                )
    return hits


def check_calibration_review(
    kb: Kb, path: Path, complete: bool | None, ctx: RuleContext
) -> list[Hit]:
    if path.is_symlink():
        return [
            (1, SESSION_RULE, ERROR, "a symbolic link; keep calibration reviews as plain files")
        ]
    try:
        doc = read_document(path)
    except YamlProblem as exc:
        return [(exc.line, exc.code, ERROR, exc.message)]
    review_cfg = dataclasses.replace(
        ctx.config.review,
        required_fields=tuple(f for f in ctx.config.review.required_fields if f != "reviewee"),
    )
    cal_ctx = dataclasses.replace(ctx, config=dataclasses.replace(ctx.config, review=review_cfg))
    is_complete = doc.meta.get("status") == "complete" if complete is None else complete
    folder = path.parent
    session, problems = _session(kb, folder)
    # `cskb check` output never shows a peer's score while the session is open (nor when
    # its session cannot be read: whether it is open is unknown)
    withheld = (
        f"while calibration session {session.id} is open"
        if session is not None and session.status == OPEN
        else ("while its session cannot be read" if session is None else "")
    )
    hits: list[Hit] = [(line, "file-format", WARNING, note) for line, note in doc.notes]
    hits += check_fields(doc, cal_ctx)
    hits += check_scores(doc, cal_ctx, is_complete, withheld)
    hits += check_body(doc, cal_ctx, is_complete)
    hits += check_tags(doc, cal_ctx)
    line = doc.key_lines.get
    if session is None:
        hits.append(
            (
                1,
                SESSION_RULE,
                ERROR,
                f"no readable session for this review ({kb.rel(folder / SESSION_FILE)}: "
                f"{problems[0][3] if problems else 'unreadable'})",
            )
        )
        return hits
    reviewer = doc.meta.get("reviewer")
    if isinstance(reviewer, str) and reviewer:
        if reviewer not in session.participants:
            hits.append(
                (
                    line("reviewer", 1),
                    PARTICIPANT_RULE,
                    ERROR,
                    f"{reviewer} is not in session {session.id} (reviewers: "
                    f"{', '.join(session.reviewers)}; lead: {session.lead})",
                )
            )
        if path.stem != reviewer:
            hits.append(
                (
                    1,
                    MISMATCH_RULE,
                    ERROR,
                    f"a calibration review is named after its reviewer; rename it {reviewer}.md",
                )
            )
    if doc.meta.get("calibration") != session.id:
        hits.append(
            (
                line("calibration", 1),
                MISMATCH_RULE,
                ERROR,
                f"calibration {doc.meta.get('calibration')!r} must be the session's ID "
                f"{session.id!r}",
            )
        )
    reviewee = doc.meta.get("reviewee")
    if (reviewee != session.reviewee) if session.reviewee else (reviewee not in (None, "")):
        hits.append(
            (
                line("reviewee", 1),
                MISMATCH_RULE,
                ERROR,
                f"reviewee must be the session's ({session.reviewee or 'none: leave it out'})",
            )
        )
    return hits


def check_file(kb: Kb, path: Path, complete: bool | None, ctx: RuleContext) -> list[Finding]:
    """The findings for one file under `calibrations/` (a session or a review)."""
    rel = kb.rel(path)
    hits = (
        check_session(kb, path, ctx)
        if path.name == SESSION_FILE
        else check_calibration_review(kb, path, complete, ctx)
    )
    return [Finding(rel, line, rule, sev, msg) for line, rule, sev, msg in hits]
