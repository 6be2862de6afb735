"""Review files: scaffolding from the team's template, finding, listing, scoring, finishing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb import vcs
from cskb.config import NA, Config
from cskb.errors import DataError, NotFoundError, UsageError
from cskb.fsio import atomic_write, write_new
from cskb.kb import Kb
from cskb.models import Call, Cycle, Finding, Review
from cskb.sections import PLACEHOLDER_PREFIX, split_sections
from cskb.store import YamlProblem, dump_document, read_document
from cskb.tags import check_vocabulary, normalise

VAR_RE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
KNOWN_FIELDS = (
    "title",
    "cycle",
    "reviewer",
    "reviewee",
    "call",
    "tags",
    "products",
    "scores",
    "status",
)


def review_path(kb: Kb, cycle: str, reviewer: str, reviewee: str) -> Path:
    return kb.reviews_dir / cycle / f"{reviewer}-reviews-{reviewee}.md"


def criteria_markdown(config: Config) -> str:
    parts = []
    for c in config.rubric:
        optional = "" if c.mandatory else ", or n/a"
        parts.append(
            f"## {c.title}\n<!-- criterion: {c.key} -->\n> {c.question} (score {c.scale}{optional} under "
            f"`scores.{c.key}`)\n\n{PLACEHOLDER_PREFIX} with evidence: what was said, when, and its effect._\n"
        )
    return "\n".join(parts).rstrip("\n")


def scaffold(
    kb: Kb,
    cycle: str,
    reviewer: str,
    reviewee: str,
    call: dict[str, Any],
    tags: list[str],
    products: list[str],
    title: str | None = None,
) -> str:
    """The new review's text from `templates/review.md`; fields are set as data."""
    try:
        template = read_document(kb.template_file)
    except YamlProblem as exc:
        raise DataError(f"{kb.rel(kb.template_file)}:{exc.line}: {exc.message}") from None
    customer = str(call.get("customer") or "")
    title = title or (f"{customer}: call by {reviewee}" if customer else f"Call by {reviewee}")
    meta = dict(template.meta)
    meta.update(
        title=title,
        cycle=dt.date.fromisoformat(cycle),
        reviewer=reviewer,
        reviewee=reviewee,
        call={"url": call.get("url") or "", "customer": customer, "date": call.get("date") or ""},
        tags=tags,
        products=products,
        scores={c.key: None for c in kb.config.rubric},
        status="draft",
    )
    ordered = {k: meta[k] for k in KNOWN_FIELDS if k in meta} | {
        k: v for k, v in meta.items() if k not in KNOWN_FIELDS
    }
    values = {
        "title": title,
        "reviewer": reviewer,
        "reviewee": reviewee,
        "customer": customer,
        "call_url": str(call.get("url") or ""),
        "call_date": str(call.get("date") or ""),
        "cycle": cycle,
        "criteria": criteria_markdown(kb.config),
    }
    body = VAR_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template.body)
    return dump_document(ordered, body)


@dataclass(frozen=True)
class NewReview:
    path: Path
    warnings: tuple[str, ...]


def create_review(
    kb: Kb,
    cycle: Cycle,
    reviewer: str,
    reviewee: str | None,
    call: Call | None,
    call_url: str | None,
    customer: str | None,
    tags: list[str],
    products: list[str],
    members: set[str],
) -> NewReview:
    """Write a new draft review (never over an existing one) and return where it is."""
    from cskb.rules import valid_url

    warnings: list[str] = []
    default = cycle.reviewee_of(reviewer)
    if reviewee is None:
        if default is None:
            raise UsageError(
                f"{reviewer} is not in any group of cycle {cycle.id}; pass --reviewee HANDLE"
            )
        reviewee = default
    if reviewee not in members:
        raise NotFoundError(f"--reviewee {reviewee!r} is not in team.yaml; see `cskb team list`")
    if reviewee == reviewer:
        raise UsageError(
            "you cannot review your own call; pass your partner's handle to --reviewee"
        )
    if reviewee != default:
        warnings.append(
            f"{reviewee} is not whom {reviewer} reviews in cycle {cycle.id} ({default or 'nobody'}); writing it anyway"
        )
    if call is None and not call_url:
        raise UsageError(
            f"{reviewee} has not submitted a call for cycle {cycle.id}; ask them to run `cskb call submit`, "
            "or pass --call URL --customer NAME"
        )
    if call_url is not None and not valid_url(call_url):
        raise UsageError(f"--call {call_url!r} is not an http(s) URL")
    tags = normalise([*(call.tags if call else ()), *tags])
    check_vocabulary(tags, kb.config.vocabulary)
    products = normalise([*(call.products if call else ()), *products])
    call_data = {
        "url": call_url or (call.url if call else ""),
        "customer": customer if customer is not None else (call.customer if call else ""),
        "date": call.date if call else None,
    }
    if "\n" in str(call_data["customer"]):
        raise UsageError("--customer must be a single line")
    path = review_path(kb, cycle.id, reviewer, reviewee)
    text = scaffold(kb, cycle.id, reviewer, reviewee, call_data, tags, products)
    if not write_new(path, text):
        raise UsageError(
            f"{kb.rel(path)} already exists; open it with `cskb review edit {path.stem}`"
        )
    return NewReview(path, tuple(warnings))


def all_review_paths(kb: Kb) -> list[Path]:
    from cskb.checks import review_files

    return review_files(kb)


def resolve(kb: Kb, ident: str, cwd: Path) -> Path:
    """A review by path, or by a unique prefix of its file name (e.g. `ana-reviews-bo`)."""
    for candidate in (cwd / ident, kb.root / ident):
        if candidate.is_file():
            return candidate.resolve()
    matches = [p for p in all_review_paths(kb) if p.name.startswith(ident) or p.stem == ident]
    if not matches:
        matches = [p for p in all_review_paths(kb) if kb.rel(p).startswith(ident)]
    if not matches:
        raise NotFoundError(f"no review matches {ident!r}; see `cskb review list`")
    exact = [p for p in matches if p.stem == ident]
    if len(matches) > 1 and len(exact) != 1:
        listed = ", ".join(kb.rel(p) for p in matches[:5])
        raise UsageError(
            f"{ident!r} matches {len(matches)} reviews ({listed}{', ...' if len(matches) > 5 else ''}); give more of the name or the path"
        )
    return (exact or matches)[0]


def load(path: Path) -> Review:
    try:
        doc = read_document(path)
    except YamlProblem as exc:
        raise DataError(f"{path}:{exc.line}: {exc.message}") from None
    return Review(path, doc.meta, doc.body)


def score(review: Review, config: Config) -> float | None:
    """Weighted mean of the scored criteria, each normalised to 0..1, times 100; N/A and
    unscored criteria are left out; None when nothing is scored."""
    scores = review.meta.get("scores")
    if not isinstance(scores, dict):
        return None
    total = weight = 0.0
    for c in config.rubric:
        value = scores.get(c.key)
        if value is None or (isinstance(value, str) and value.strip().lower() == NA):
            continue
        norm = c.scale.normalise(value)
        if norm is None:
            continue
        total += c.weight * norm
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

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "tags": list(self.tags)}


def summarise(kb: Kb, review: Review) -> ReviewSummary:
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
    )


def list_reviews(
    kb: Kb,
    cycle: str | None = None,
    reviewer: str | None = None,
    reviewee: str | None = None,
    status: str | None = None,
    tag: str | None = None,
) -> tuple[list[ReviewSummary], list[str]]:
    """Summaries of the reviews matching every filter, and the files that could not be read."""
    out, unreadable = [], []
    folders = [kb.reviews_dir / cycle] if cycle else None
    paths = (
        all_review_paths(kb)
        if folders is None
        else sorted(folders[0].glob("*.md"))
        if folders[0].is_dir()
        else []
    )
    tag = " ".join(tag.split()).lower() if tag else None
    for path in paths:
        try:
            s = summarise(kb, load(path))
        except DataError:
            unreadable.append(kb.rel(path))
            continue
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
    from cskb.checks import check_review

    return check_review(kb, path, complete)


def commit_review(kb: Kb, path: Path, what: str) -> vcs.CommitResult | None:
    review = load(path)
    with kb.write_lock():
        return vcs.commit_paths(
            kb.root, [path], f"cskb: {what} {review.reviewer} -> {review.reviewee} ({review.cycle})"
        )


STATUS_LINE = re.compile(r"^(status:[ \t]*)([^#\r\n]*?)([ \t]*(#.*)?)(\r?\n?)$")


def set_status_text(text: str, doc: Any, status: str) -> str:
    """`text` with only the `status:` line changed (comments, order, CRLF and BOM kept);
    the front-matter is re-written as data only when that line is not a plain scalar."""
    line = doc.key_lines.get("status")
    lines = text.splitlines(keepends=True)
    if line is not None and 0 < line <= len(lines):
        m = STATUS_LINE.match(lines[line - 1].lstrip("\ufeff"))
        if m and lines[line - 1].startswith("status:"):
            lines[line - 1] = f"{m.group(1)}{status}{m.group(3)}{m.group(5)}"
            return "".join(lines)
    meta = dict(doc.meta)
    meta["status"] = status
    return dump_document(meta, doc.body)


def mark_done(
    kb: Kb, path: Path, commit: bool = True
) -> tuple[list[Finding], vcs.CommitResult | None]:
    """Set `status: complete` once the review validates as complete; the body is kept byte
    for byte. Returns the blocking findings (then nothing is changed)."""
    blocking = errors_of(validate(kb, path, complete=True))
    if blocking:
        return blocking, None
    doc = read_document(path)
    if doc.meta.get("status") != "complete":
        with kb.write_lock():
            atomic_write(path, set_status_text(path.read_bytes().decode("utf-8"), doc, "complete"))
    done = commit_review(kb, path, "complete review") if commit else None
    return [], done
