"""Zero hits: a correction of the query, from the words the reviews use.

Each unknown word is replaced by the closest word of the index's vocabulary (Damerau-
Levenshtein distance, swaps counting one), and the correction says whether it is confident
enough to be searched at once or only suggested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cskb.search.normalise import fold, normalise

WORD_RE = re.compile(r"(?<![:\w*])([^\W\d_]{3,})(?![\w*:])")


@dataclass(frozen=True)
class Correction:
    text: str
    confident: bool


def distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), or limit+1 when above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def closest(word: str, vocab: dict[str, int]) -> tuple[str | None, bool]:
    """(the closest word the reviews use, whether it is a confident correction)."""
    limit = 1 if len(word) < 7 else 2
    found: list[tuple[int, int, str]] = []
    for cand, count in vocab.items():
        if abs(len(cand) - len(word)) > limit or cand[:1] != word[:1] and cand[1:2] != word[1:2]:
            continue
        d = distance(word, cand, limit)
        if d <= limit:
            found.append((d, -count, cand))
    if not found:
        return None, False
    found.sort()
    best = found[0]
    rivals = [f for f in found[1:] if f[0] == best[0]]
    confident = not rivals or -best[1] >= 3 * -rivals[0][1]
    return best[2], confident


def correct(text: str, vocab: dict[str, int]) -> Correction | None:
    """`text` with each word the reviews never use replaced by its closest one; None when no
    word could be corrected. Confident when every replacement was."""
    if not vocab:
        return None
    folded: dict[str, int] = {}
    for w, n in vocab.items():
        key = fold(normalise(w))
        folded[key] = folded.get(key, 0) + n
    changed = False
    confident = True

    def fix(m: re.Match[str]) -> str:
        nonlocal changed, confident
        word = m.group(1)
        key = fold(normalise(word))
        if word in ("AND", "OR", "NOT") or key in folded:
            return word
        best, sure = closest(key, folded)
        if best is None:
            return word
        changed = True
        confident = confident and sure
        return best

    fixed = WORD_RE.sub(fix, text)
    return Correction(fixed, confident) if changed else None
