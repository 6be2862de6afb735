""" "Did you mean": the vocabulary the reviews use, and the closest words to a query's (no whoosh)."""

from __future__ import annotations

import json
import re

from cskb.reviews.sections import spaced_words
from cskb.search.documents import ReviewDoc

WORD_RE = re.compile(r"(?<![:\w*])([^\W\d_]{3,})(?![\w*:])")


def words(doc: ReviewDoc) -> set[str]:
    """The distinct words (3+ letters, spaced scripts) a review uses, lower-cased."""
    text = " ".join(
        (doc.title, doc.body, doc.customer, " ".join(doc.tags), " ".join(doc.products))
    ).lower()
    return {w for w in spaced_words(text) if len(w) >= 3 and not w.isdigit()}


def encode(counts: dict[str, int]) -> bytes:
    return json.dumps(counts, ensure_ascii=False, separators=(",", ":")).encode()


def decode(data: bytes | None) -> dict[str, int]:
    try:
        value = json.loads(data or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def did_you_mean(vocab: dict[str, int], text: str) -> str | None:
    """The query with each unknown word replaced by the closest word the reviews use."""
    import difflib

    if not vocab:
        return None
    changed = False

    def fix(m: re.Match[str]) -> str:
        nonlocal changed
        word = m.group(1)
        low = word.lower()
        if word in ("AND", "OR", "NOT") or low in vocab:
            return word
        pool = [w for w in vocab if w[:1] == low[:1] and abs(len(w) - len(low)) <= 2]
        close = difflib.get_close_matches(low, pool, n=3, cutoff=0.75)
        if not close:
            return word
        changed = True
        return max(close, key=lambda w: (difflib.SequenceMatcher(None, low, w).ratio(), vocab[w]))

    fixed = WORD_RE.sub(fix, text)
    return fixed if changed else None
