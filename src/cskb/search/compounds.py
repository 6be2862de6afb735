"""Compound words (Norwegian, German, Swedish, Danish, Dutch) against the library's own words.

`datastrategi` and `data strategi`, `kundemøte` and `kunde møte` are the same thing written
two ways. At query time a long word is split into parts the index already holds (with the
linking letters these languages put between parts: `Vertrag-s-verlängerung`), and two
neighbouring query words are also tried joined. Nothing is guessed from a dictionary: a split
or a join is used only when the library itself uses those words.
"""

from __future__ import annotations

from collections.abc import Callable

MIN_PART = 3
MIN_COMPOUND = 7
LINKERS = ("", "s", "e", "n", "en", "er", "es")


def split(word: str, known: Callable[[str], int], depth: int = 2) -> list[str] | None:
    """The best split of `word` (folded surface form) into 2-3 parts the library uses, or
    None. Best: fewest parts, then the most common rarest part."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return None
    best: tuple[int, int, list[str]] | None = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[:i]
        for link in LINKERS:
            if link and not head.endswith(link):
                continue
            base = head[: len(head) - len(link)] if link else head
            if len(base) < MIN_PART:
                continue
            head_count = known(base)
            if not head_count:
                continue
            tail = word[i:]
            tail_count = known(tail)
            if tail_count:
                score = (-2, min(head_count, tail_count), [base, tail])
            elif depth > 1 and len(tail) >= MIN_COMPOUND:
                rest = split(tail, known, depth - 1)
                if not rest:
                    continue
                score = (-len(rest) - 1, min(head_count, *(known(p) for p in rest)), [base, *rest])
            else:
                continue
            if best is None or score[:2] > best[:2]:
                best = score
    return best[2] if best else None


def joins(first: str, second: str, known: Callable[[str], int]) -> list[str]:
    """Joined spellings of two neighbouring words that the library uses."""
    if not (first.isalpha() and second.isalpha()) or len(first) + len(second) < MIN_COMPOUND:
        return []
    out = []
    for link in LINKERS:
        joined = first + link + second
        if known(joined):
            out.append(joined)
    return out
