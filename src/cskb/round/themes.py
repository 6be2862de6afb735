"""Themes of what the team wants to change: tags, and the keywords several retros share, in
any language.

Text is NFKC-normalised and case-folded; words are runs of letters (any script). Chinese,
Japanese, Korean and Thai, written without spaces, count by character pairs. Short words and
a few very common words of the team's languages are left out; a plain ASCII plural `s` is
dropped, so "templates" and "template" are one theme.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_LETTERS = 4
LIMIT = 12
_WORD = re.compile(r"[^\W\d_]+")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
STOP = frozenset(
    [
        "that",
        "this",
        "with",
        "have",
        "more",
        "less",
        "would",
        "could",
        "should",
        "about",
        "from",
        "they",
        "them",
        "their",
        "there",
        "what",
        "when",
        "which",
        "will",
        "been",
        "were",
        "some",
        "into",
        "than",
        "then",
        "also",
        "just",
        "only",
        "very",
        "much",
        "make",
        "each",
        "other",
        "does",
        "want",
        "need",
        "like",
        "next",
        "time",
        "round",
        "cycle",
        "everything",
        "something",
        "dass",
        "nicht",
        "eine",
        "einen",
        "oder",
        "aber",
        "mehr",
        "wenn",
        "sind",
        "auch",
        "noch",
        "sehr",
        "para",
        "pero",
        "como",
        "más",
        "menos",
        "esto",
        "esta",
        "todo",
        "mais",
        "pour",
        "avec",
        "dans",
        "plus",
        "moins",
        "être",
        "også",
        "ikke",
        "mere",
        "noen",
        "blir",
        "есть",
        "этот",
        "чтобы",
        "більше",
        "менше",
        "щоб",
        "дуже",
        "можна",
        "треба",
        "також",
    ]
)


@dataclass(frozen=True)
class Theme:
    label: str
    kind: str  # "tag" or "keyword"
    n: int  # how many retros mention it


def words(text: str) -> set[str]:
    """The distinct keywords of `text`."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: set[str] = set()
    for run in _UNSPACED.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    for w in _WORD.findall(_UNSPACED.sub(" ", text)):
        if len(w) < MIN_LETTERS or w in STOP:
            continue
        if w.isascii() and w.endswith("s") and not w.endswith("ss") and len(w) > MIN_LETTERS:
            w = w[:-1]
        out.add(w)
    return out


def themes(texts: Sequence[str], tags: Iterable[Sequence[str]], limit: int = LIMIT) -> list[Theme]:
    """Tags used by any retro, then keywords shared by at least two retros, most mentioned
    first (ties by label)."""
    tag_counts = Counter(t for ts in tags for t in set(ts))
    word_counts = Counter(w for t in texts for w in words(t))
    found = [Theme(t, "tag", n) for t, n in tag_counts.items()]
    found += [
        Theme(w, "keyword", n) for w, n in word_counts.items() if n >= 2 and w not in tag_counts
    ]
    found.sort(key=lambda t: (-t.n, t.kind != "tag", t.label))
    return found[:limit]
