"""What the search index holds, without whoosh: review files as documents and the text
segmentation used for languages written without spaces (freshness stamps: freshness.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cskb.adapters.store import Document, YamlProblem, decode, parse_document
from cskb.reviews.sections import COMMENT_RE, PLACEHOLDER_PREFIX, UNSPACED, split_sections

# Runs of characters from scripts written without spaces between words: they are indexed
# as overlapping character bigrams (a lone character as itself).
TOKEN_RE = re.compile(rf"[{UNSPACED}]+|[^\W{UNSPACED}]+(?:['’][^\W{UNSPACED}]+)*", re.UNICODE)
UNSPACED_RE = re.compile(rf"[{UNSPACED}]")


def segments(text: str) -> Iterator[tuple[str, int, int]]:
    """(token, start, end): words as they are; unspaced runs as character bigrams."""
    for m in TOKEN_RE.finditer(text):
        word, start = m.group(0), m.start()
        if UNSPACED_RE.match(word):
            if len(word) == 1:
                yield word, start, start + 1
            else:
                for i in range(len(word) - 1):
                    yield word[i : i + 2], start + i, start + i + 2
        else:
            yield word, start, m.end()


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


def _strs(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(
            " ".join(str(v).split()).lower() for v in value if isinstance(v, str | int | float)
        )
    return ()


def clean_body(body: str) -> str:
    """The body as prose for indexing: no headings, quoted guiding questions (the same in
    every review, so only noise for ranking), HTML comments or template placeholders."""
    body = COMMENT_RE.sub("", body)
    return "\n".join(
        line
        for line in body.split("\n")
        if not line.lstrip().startswith(("#", ">", PLACEHOLDER_PREFIX))
    )


def review_doc(root: Path, rel: str) -> ReviewDoc | None:
    """The document for one review; None when the file cannot be read (`cskb check` says why)."""
    return read_review(root, rel)[0]


def read_review(root: Path, rel: str) -> tuple[ReviewDoc | None, str]:
    """(the document or None, the content hash) from a single read of the file."""
    try:
        data = (root / rel).read_bytes()
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
    return _to_doc(rel, doc), digest


def _to_doc(rel: str, doc: Document) -> ReviewDoc:
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
        body=clean_body(doc.body),
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
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return ""
