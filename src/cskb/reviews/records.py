"""Review files: finding, loading, listing, scoring, the edit session and finishing.

Scaffolding a new review from the template lives in `scaffold.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.editor import EditOutcome, Outcome, edit
from cskb.adapters.fsio import atomic_write, read_bytes
from cskb.adapters.store import (
    Document,
    YamlProblem,
    decode,
    dump_document,
    parse_document,
    read_document,
)
from cskb.config import NA, Config
from cskb.errors import CskbError, DataError, Interrupted, NotFoundError, UsageError
from cskb.kb.layout import Kb
from cskb.models import Finding, Review
from cskb.pairing.cycles import parse_cycle_id
from cskb.reviews.sections import split_sections
from cskb.reviews.tags import normalise


def all_review_paths(kb: Kb) -> list[Path]:
    from cskb.checks.runner import review_files

    return review_files(kb)


def is_review_file(kb: Kb, path: Path) -> bool:
    """A `.md` file where reviews live: under `reviews/`, or a calibration review
    (`calibrations/<session>/<reviewer>.md`); never a template, a card or a README."""
    parts = kb.rel(path).split("/")
    if path.suffix != ".md" or parts[-1].lower() == "readme.md":
        return False
    return (parts[0] == "reviews" and len(parts) >= 2) or (
        parts[0] == "calibrations" and len(parts) == 3
    )


def resolve(kb: Kb, ident: str, cwd: Path) -> Path:
    """A review by path, or by a unique prefix of its file name (e.g. `ana-reviews-bo`)."""
    ident = ident.strip()
    if not ident:
        raise UsageError("ID is empty; give a review's path or file name, see `cskb review list`")
    for candidate in (cwd / ident, kb.root / ident):
        if candidate.is_file():
            found = candidate.resolve()
            if found.suffix != ".md" or not found.is_relative_to(kb.root.resolve()):
                raise UsageError(
                    f"{ident!r} is not a review (a .md file inside the knowledge base)"
                )
            if not is_review_file(kb, found):
                raise UsageError(
                    f"{kb.rel(found)} is not a review: reviews live in reviews/<cycle>/ (or "
                    "calibrations/<session>/); see `cskb review list`"
                )
            return found
    paths = all_review_paths(kb)
    matches = [p for p in paths if p.name.startswith(ident)]
    if not matches:
        matches = [
            p
            for p in paths
            if kb.rel(p).startswith(ident) or kb.rel(p).removeprefix("reviews/").startswith(ident)
        ]
    if not matches:
        raise NotFoundError(f"no review matches {ident!r}; see `cskb review list`")
    exact = [
        p
        for p in matches
        if ident in (p.stem, kb.rel(p).removeprefix("reviews/").removesuffix(".md"))
    ]
    if len(matches) > 1 and len(exact) != 1:
        listed = ", ".join(kb.rel(p) for p in matches[:5])
        more = ", ..." if len(matches) > 5 else ""
        raise UsageError(
            f"{ident!r} matches {len(matches)} reviews ({listed}{more}); "
            "give more of the name or the path"
        )
    return (exact or matches)[0]


def load(path: Path) -> Review:
    try:
        doc = read_document(path)
    except YamlProblem as exc:
        raise DataError(f"{path}:{exc.line}: {exc.message}") from None
    return Review(path, doc.meta, doc.body)


def criterion_scores(review: Review, config: Config) -> dict[str, float]:
    """Each scored criterion's score normalised to 0..1, in rubric order; N/A, unscored
    and off-scale criteria are left out."""
    scores = review.meta.get("scores")
    if not isinstance(scores, dict):
        return {}
    out: dict[str, float] = {}
    for c in config.rubric:
        value = scores.get(c.key)
        if value is None or (isinstance(value, str) and value.strip().lower() == NA):
            continue
        norm = c.scale.normalise(value)
        if norm is not None:
            out[c.key] = norm
    return out


def score(review: Review, config: Config) -> float | None:
    """Weighted mean of the scored criteria, each normalised to 0..1, times 100; N/A and
    unscored criteria are left out; None when nothing is scored."""
    norms = criterion_scores(review, config)
    total = weight = 0.0
    for c in config.rubric:
        if c.key in norms:
            total += c.weight * norms[c.key]
            weight += c.weight
    return round(100 * total / weight, 1) if weight else None


@dataclass(frozen=True)
class ReviewSummary:
    path: str
    cycle: str
    reviewer: str
    reviewee: str
    status: str
    title: str
    customer: str
    tags: tuple[str, ...]
    score: float | None
    id: str = ""  # what `review edit|done|show` take: the file name, or cycle/name if shared

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "tags": list(self.tags)}


def review_id(path: Path, shared: Collection[str] = ()) -> str:
    """The file name without `.md`; `<cycle>/<name>` when other cycles have the same name."""
    return path.stem if path.stem not in shared else f"{path.parent.name}/{path.stem}"


def _shared_stems(paths: list[Path]) -> set[str]:
    seen: set[str] = set()
    shared: set[str] = set()
    for p in paths:
        (shared if p.stem in seen else seen).add(p.stem)
    return shared


def summarise(kb: Kb, review: Review) -> ReviewSummary:
    """What lists and `--json` show of a review, with its score."""
    meta = review.meta
    call = meta.get("call") if isinstance(meta.get("call"), dict) else {}
    raw_tags = meta.get("tags")
    tags: list[Any] = raw_tags if isinstance(raw_tags, list) else []
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    if not title:
        title = split_sections(review.body)[0]
    return ReviewSummary(
        kb.rel(review.path),
        review.cycle,
        review.reviewer,
        review.reviewee,
        review.status,
        title,
        str((call or {}).get("customer") or ""),
        tuple(str(t) for t in tags),
        score(review, kb.config),
        review_id(review.path),
    )


def list_reviews(
    kb: Kb,
    cycle: str | None = None,
    reviewer: str | None = None,
    reviewee: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    use_cache: bool = True,
) -> tuple[list[ReviewSummary], list[str]]:
    """Summaries of the reviews matching every filter, and the files that could not be read
    (each file parsed once, then served from the parsed-record cache while unchanged)."""
    from cskb.reviews.catalog import summaries

    out, unreadable = [], []
    every = all_review_paths(kb)
    shared = _shared_stems(every)
    folder = kb.reviews_dir / parse_cycle_id(cycle).isoformat() if cycle is not None else None
    paths = every if folder is None else [p for p in every if p.parent == folder]
    tag = " ".join(tag.split()).lower() if tag else None
    for path, summary in summaries(kb, paths, use_cache, prune=folder is None):
        if summary is None:
            unreadable.append(kb.rel(path))
            continue
        ident = review_id(path, shared)
        s = summary if summary.id == ident else replace(summary, id=ident)
        if (
            (reviewer and s.reviewer != reviewer)
            or (reviewee and s.reviewee != reviewee)
            or (status and s.status != status)
            or (tag and tag not in normalise(s.tags))
        ):
            continue
        out.append(s)
    return out, unreadable


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def validate(kb: Kb, path: Path, complete: bool | None = None) -> list[Finding]:
    """The same findings as `cskb check` for one file; `complete=True` lists what is still
    missing before `cskb review done`."""
    from cskb.checks.runner import check_review

    return check_review(kb, path, complete)


def commit_review(
    kb: Kb, path: Path, what: str, message: str | None = None
) -> vcs.CommitResult | None:
    review = load(path)
    with kb.write_lock(after=f"{kb.rel(path)} is kept on disk, not committed"):
        return vcs.commit_paths(
            kb.root,
            [path],
            message or f"cskb: {what} {review.reviewer} -> {review.reviewee} ({review.cycle})",
        )


@dataclass(frozen=True)
class EditResult:
    """What happened in one edit session; nothing in it was printed yet."""

    path: str  # relative to the KB root
    ident: str  # the file name without .md, for `cskb review edit ID`
    edit: EditOutcome
    errors: tuple[Finding, ...] = ()  # the file does not validate: kept on disk, not committed
    missing: tuple[Finding, ...] = ()  # still missing before `cskb review done`
    committed: bool = False  # a commit was attempted
    commit: vcs.CommitResult | None = None
    resume: str = ""  # the command that reopens the file, e.g. `cskb review edit ID`
    then: str = ""  # what to run after editing the file by hand, e.g. `cskb review done ID`
    complete: bool = False  # the review was already complete when the session began


def edit_session(
    kb: Kb,
    path: Path,
    editor: str | None,
    *,
    interactive: bool,
    ci: bool = False,
    requested: bool | None = None,
    validate: Callable[[Path], list[Finding]],
    commit: Callable[[], vcs.CommitResult | None] | None,
    ident: str,
    resume: str,
    then: str = "",
) -> EditResult:
    """Open the editor (when wanted), then `validate` and `commit` (None: do not commit).
    The file is on disk before the editor starts and is never rewritten here: when the
    editor fails, or the file does not validate, it stays as it is and is not committed.
    Shared by reviews and playbook cards."""
    rel = kb.rel(path)
    outcome = edit(path, editor, interactive=interactive, ci=ci, requested=requested)
    if outcome.outcome is Outcome.INTERRUPTED:
        raise Interrupted(
            f"{outcome.reason}; {rel} is kept on disk as a draft (not committed): "
            f"continue with `{resume}`"
        )
    base = EditResult(rel, ident, outcome, resume=resume, then=then)
    if outcome.failed:
        return base
    errors = errors_of(validate(path))
    if errors:
        return replace(base, errors=tuple(errors))
    done = commit() if commit is not None else None
    return replace(base, committed=commit is not None, commit=done)


def edit_review(
    kb: Kb,
    path: Path,
    editor: str | None,
    *,
    interactive: bool,
    ci: bool = False,
    requested: bool | None = None,
    commit: bool = True,
    what: str = "edit review",
    ident: str | None = None,
    message: str | None = None,
) -> EditResult:
    """A review's edit session: editor, validation, commit; a draft also lists what is
    still missing before `cskb review done`. `ident` is what the hints tell the user to pass
    back (default: the file name); `message` replaces the commit message."""
    ident = ident or path.stem
    try:
        complete = load(path).status == "complete"
    except CskbError:  # the session's validation says what is wrong with the file
        complete = False
    result = edit_session(
        kb,
        path,
        editor,
        interactive=interactive,
        ci=ci,
        requested=requested,
        validate=lambda p: validate(kb, p),
        commit=(lambda: commit_review(kb, path, what, message)) if commit else None,
        ident=ident,
        resume=f"cskb review edit {ident}",
        then=f"cskb review edit {ident} --no-edit" if complete else f"cskb review done {ident}",
    )
    result = replace(result, complete=complete)
    if result.edit.failed or result.errors or load(path).status == "complete":
        return result
    return replace(result, missing=tuple(errors_of(validate(kb, path, complete=True))))


YAML_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"])


def _line_re(key: str) -> re.Pattern[str]:
    return re.compile(rf"^({re.escape(key)}:[ \t]*)([^#\r\n]*?)([ \t]*(#.*)?)(\r?\n?)$")


def yaml_scalar(value: str | dt.date) -> str:
    """`value` as a plain YAML scalar: dates as ISO dates, text quoted unless plainly text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", value) and value.lower() not in YAML_WORDS:
        return value
    return "'" + value.replace("'", "''") + "'"


def set_fields_text(text: str, doc: Document, fields: dict[str, str | dt.date]) -> str:
    """`text` with only the given top-level fields' lines changed, and fields it lacks added
    just before the closing `---` (comments, order, CRLF and BOM kept). The front-matter is
    re-written as data when a field's line is not a plain scalar, or the edit would not read
    back as intended."""
    lines = text.split("\n")
    added: list[str] = []
    for key, value in fields.items():
        line = doc.key_lines.get(key)
        if key not in doc.meta and line is None:
            added.append(f"{key}: {yaml_scalar(value)}")
            continue
        m = None
        if line is not None and 0 < line <= len(lines):
            raw = lines[line - 1]
            bom = "\ufeff" if line == 1 and raw.startswith("\ufeff") else ""
            m = _line_re(key).match(raw.removeprefix(bom))
        if m is None or line is None:
            break
        rest = m.group(3)
        rest = f" {rest}" if rest.startswith("#") else rest  # `x# y` would not be a comment
        lines[line - 1] = f"{bom}{m.group(1)}{yaml_scalar(value)}{rest}{m.group(5)}"
    else:
        close = doc.body_line - 2  # 0-based index of the closing `---`
        if added and 0 < close < len(lines):
            end = "\r" if lines[close].endswith("\r") else ""
            lines[close:close] = [a + end for a in added]
        edited = "\n".join(lines)
        try:
            back = parse_document(decode(edited.encode("utf-8"))[0])
        except YamlProblem:
            back = None
        if back is not None and back.meta == {**doc.meta, **fields} and back.body == doc.body:
            return edited
    return dump_document({**doc.meta, **fields}, doc.body)


def set_status_text(text: str, doc: Document, status: str) -> str:
    """`text` with only the `status:` line changed (comments, order, CRLF and BOM kept);
    the front-matter is re-written as data only when that line is not a plain scalar."""
    return set_fields_text(text, doc, {"status": status})


def mark_done(
    kb: Kb, path: Path, commit: bool = True
) -> tuple[list[Finding], vcs.CommitResult | None]:
    """Set `status: complete` once the review validates as complete; the body is kept byte
    for byte. Returns the blocking findings (then nothing is changed) and the commit."""
    with kb.write_lock():
        blocking = errors_of(validate(kb, path, complete=True))
        if blocking:
            return blocking, None
        doc = read_document(path)
        if doc.meta.get("status") != "complete":
            atomic_write(
                path,
                set_status_text(read_bytes(path).decode("utf-8"), doc, "complete"),
                inside=kb.root,
            )
    done = commit_review(kb, path, "complete review") if commit else None
    return [], done


@dataclass(frozen=True)
class TagCount:
    tag: str
    reviews: int  # how many reviews carry it
    calls: int  # how many submitted calls carry it
    known: bool | None  # in the cskb.toml vocabulary; None when there is no vocabulary

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def tag_counts(kb: Kb, use_cache: bool = True) -> tuple[list[TagCount], list[str]]:
    """Every tag used in reviews or calls (and every vocabulary tag), most used first; and
    the review files that could not be read."""
    from cskb.reviews.calls import list_calls
    from cskb.reviews.tags import count

    items, unreadable = list_reviews(kb, use_cache=use_cache)
    in_reviews = dict(count(i.tags for i in items))
    in_calls = dict(count(c.tags for c in list_calls(kb, use_cache=use_cache)))
    vocab = kb.config.vocabulary
    names = {*in_reviews, *in_calls, *vocab}
    rows = [
        TagCount(t, in_reviews.get(t, 0), in_calls.get(t, 0), (t in vocab) if vocab else None)
        for t in names
    ]
    rows.sort(key=lambda r: (-r.reviews, -r.calls, r.tag))
    return rows, unreadable
