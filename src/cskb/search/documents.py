"""What the search index holds, without whoosh: review files as documents (only the
reviewer's own writing, not the template's lines) and playbook cards (their title, tags,
criteria and body), with the same analyzer (freshness stamps: freshness.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cskb.adapters import fsio
from cskb.reviews.sections import COMMENT_RE, PLACEHOLDER_PREFIX, split_sections

if TYPE_CHECKING:  # the YAML parser is imported only when a file is read (not by a search)
    from cskb.adapters.store import Document

TEMPLATE_FILE = "templates/review.md"
VAR_RE = re.compile(r"\{\{\s*\w+\s*\}\}")
MIN_LITERAL = 12  # a template line with fewer fixed characters is not recognised


@dataclass(frozen=True)
class ReviewDoc:
    """One review as the index sees it."""

    path: str  # relative to the KB root, forward slashes
    title: str
    body: str
    tags: tuple[str, ...]
    products: tuple[str, ...]
    customer: str
    reviewer: str
    reviewee: str
    cycle: str
    status: str
    date: dt.date | None
    type: str = "review"  # "review" or "card" (a playbook card: no call, reviewer or cycle)
    criteria: tuple[str, ...] = ()  # a card's rubric keys (searched like its tags)


CARD_FOLDER = "playbook"
REVIEW, CARD = "review", "card"
TYPES = (CARD, REVIEW)


def doc_type(rel: str) -> str:
    """What a path in the index is: a playbook card or a review."""
    return CARD if rel.startswith(f"{CARD_FOLDER}/") else REVIEW


def _strs(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(
            " ".join(str(v).split()).lower() for v in value if isinstance(v, str | int | float)
        )
    return ()


@dataclass(frozen=True)
class Boilerplate:
    """The template's own lines (instructions, the "Reviewer: ... · Customer: ..." line),
    which every review made from it repeats: exact lines, and patterns for lines with
    `{{variables}}`."""

    exact: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]

    def __contains__(self, line: str) -> bool:
        key = " ".join(line.split())
        return key in self.exact or any(p.fullmatch(key) for p in self.patterns)


def _template_lines(text: str) -> tuple[set[str], list[re.Pattern[str]]]:
    body = text.split("\n---", 1)[1] if text.startswith("---") and "\n---" in text else text
    exact: set[str] = set()
    patterns = []
    for raw in COMMENT_RE.sub("", body).split("\n"):
        line = " ".join(raw.split())
        if not line or line.startswith(("#", ">", PLACEHOLDER_PREFIX)):
            continue
        literal = VAR_RE.sub("", line)
        if len(literal.strip()) < MIN_LITERAL:
            continue
        if VAR_RE.search(line):
            parts = [re.escape(p) for p in VAR_RE.split(line)]
            patterns.append(re.compile(".*?".join(parts)))
        else:
            exact.add(line)
    return exact, patterns


_BOILERPLATE: dict[tuple[str, int, int], Boilerplate] = {}


def boilerplate(root: Path) -> Boilerplate:
    """The lines of cskb's default template and of this KB's `templates/review.md`."""
    path = root / TEMPLATE_FILE
    try:
        st = path.stat()
        key = (str(root), st.st_mtime_ns, st.st_size)
    except OSError:
        key = (str(root), 0, 0)
    found = _BOILERPLATE.get(key)
    if found is None:
        from importlib import resources

        from cskb.adapters.decoding import YamlProblem, decode

        texts = [resources.files("cskb.resources").joinpath("review.md").read_text("utf-8")]
        if key[1]:
            with contextlib.suppress(OSError, YamlProblem):
                texts.append(decode(fsio.read_bytes(path, 1 << 20))[0])
        exact: set[str] = set()
        patterns: list[re.Pattern[str]] = []
        for text in texts:
            e, p = _template_lines(text)
            exact |= e
            patterns += p
        found = _BOILERPLATE[key] = Boilerplate(frozenset(exact), tuple(patterns))
    return found


def clean_body(body: str, template: Boilerplate | None = None) -> str:
    """The body as prose for indexing: the reviewer's own writing only. No headings, quoted
    guiding questions (the same in every review, so only noise for ranking), HTML comments,
    template placeholders, or the template's own instruction lines."""
    body = COMMENT_RE.sub("", body)
    return "\n".join(
        line
        for line in body.split("\n")
        if not line.lstrip().startswith(("#", ">", PLACEHOLDER_PREFIX))
        and not (template is not None and line.strip() and line in template)
    )


def review_doc(root: Path, rel: str) -> ReviewDoc | None:
    """The document for one review; None when the file cannot be read (`cskb check` says why)."""
    return read_review(root, rel)[0]


def read_review(root: Path, rel: str) -> tuple[ReviewDoc | None, str]:
    """(the document or None, the content hash) from a single read of the file; a path
    under `playbook/` is read as a card (`read_card`)."""
    if doc_type(rel) == CARD:
        return read_card(root, rel)
    from cskb.adapters.store import YamlProblem, decode, parse_document

    try:
        data = fsio.read_bytes(root / rel)
    except OSError:
        return None, ""
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    try:
        if not data.strip():
            return None, digest
        text, _ = decode(data)
        doc = parse_document(text)
    except YamlProblem:
        return None, digest
    return _to_doc(rel, doc, boilerplate(root)), digest


def read_card(root: Path, rel: str) -> tuple[ReviewDoc | None, str]:
    """A playbook card as a search document, from one read that never follows a symbolic
    link (O_NOFOLLOW): its title (else the file name), tags and criteria (both searched like
    tags) and body. A card whose front-matter cannot be read is left out (`cskb check` says
    why); the fields the playbook checks more strictly are taken as they are written."""
    from cskb.adapters.fsio import read_bytes
    from cskb.adapters.store import YamlProblem, decode, parse_document

    try:
        data = read_bytes(root / rel)
    except OSError:
        return None, ""
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    try:
        if not data.strip():
            return None, digest
        doc = parse_document(decode(data)[0])
    except YamlProblem:
        return None, digest
    meta = doc.meta
    title = meta.get("title")
    heading, _ = split_sections(doc.body)
    name = rel.rsplit("/", 1)[-1].removesuffix(".md")
    return (
        ReviewDoc(
            path=rel,
            title=" ".join(title.split())
            if isinstance(title, str) and title.strip()
            else heading or name,
            body=clean_body(doc.body),
            tags=_strs(meta.get("tags")),
            products=(),
            customer="",
            reviewer="",
            reviewee="",
            cycle="",
            status="",
            date=None,
            type=CARD,
            criteria=_strs(meta.get("criteria")),
        ),
        digest,
    )


def _to_doc(rel: str, doc: Document, template: Boilerplate | None = None) -> ReviewDoc:
    meta = doc.meta
    call = meta.get("call") if isinstance(meta.get("call"), dict) else {}
    heading, _ = split_sections(doc.body)
    title = (
        meta.get("title") if isinstance(meta.get("title"), str) and meta.get("title") else heading
    )
    cycle = meta.get("cycle")
    date = (call or {}).get("date")
    return ReviewDoc(
        path=rel,
        title=str(title or rel.rsplit("/", 1)[-1]),
        body=clean_body(doc.body, template),
        tags=_strs(meta.get("tags")),
        products=_strs(meta.get("products")),
        customer=str((call or {}).get("customer") or ""),
        reviewer=str(meta.get("reviewer") or ""),
        reviewee=str(meta.get("reviewee") or ""),
        cycle=cycle.isoformat() if isinstance(cycle, dt.date) else str(cycle or ""),
        status=str(meta.get("status") or ""),
        date=date if isinstance(date, dt.date) else (cycle if isinstance(cycle, dt.date) else None),
    )


def content_hash(path: Path) -> str:
    try:
        return hashlib.blake2b(fsio.read_bytes(path), digest_size=16).hexdigest()
    except OSError:
        return ""
