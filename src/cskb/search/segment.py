"""Scripts written without spaces (Chinese, Japanese, Thai, Korean) as index terms, no whoosh.

Without a dictionary, a run of such characters is indexed as overlapping character pairs
(bigrams) and a query in those scripts is the same pairs in sequence. Three light tricks
make that closer to words, each measured in `benchmarks/bench_relevance.py`:

- Thai runs separated only by a space are joined first: writers put spaces inside compounds
  and between phrases, and the pair across the space lets `กลยุทธ์ ข้อมูล` match `กลยุทธ์ข้อมูล`.
- Chinese word boundaries: a small lexicon of very common words finds some boundaries
  (forward longest match); a pair that straddles one (`续约` in `继续|约见`) is indexed as a
  weak form, which only a query spanning the same boundary (`继续约见`) matches.
- Japanese okurigana: kanji separated by one or two hiragana (`打ち合わせ`, `打合せ`) also
  give the pair of kanji (`打合`), so the spelling variants meet.
"""

from __future__ import annotations

from collections.abc import Iterator

from cskb.search.lexicon_zh import WORDS as ZH_WORDS
from cskb.search.normalise import normalise

WEAK = "~"  # prefix of a pair that straddles a Chinese word boundary
MAX_WORD = max(len(w) for w in ZH_WORDS)


def is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _boundaries(run: str) -> set[int]:
    """Indexes i where a lexicon word starts or ends inside a Han stretch of `run`."""
    cuts: set[int] = set()
    i, n = 0, len(run)
    while i < n:
        if not is_han(run[i]):
            i += 1
            continue
        for size in range(min(MAX_WORD, n - i), 1, -1):
            if run[i : i + size] in ZH_WORDS:
                cuts.add(i)
                cuts.add(i + size)
                i += size
                break
        else:
            i += 1
    return cuts


def _skeleton_pairs(run: str) -> list[tuple[int, str]]:
    """(index of the first kanji, kanji pair) for kanji joined by one or two hiragana."""
    out = []
    for i, ch in enumerate(run):
        if not is_han(ch):
            continue
        for gap in (1, 2):
            j = i + gap + 1
            if j < len(run) and is_han(run[j]) and all(is_hiragana(c) for c in run[i + 1 : j]):
                out.append((i, ch + run[j]))
                break
    return out


def skeleton(text: str) -> str | None:
    """The kanji of `text` with okurigana between them dropped (`打ち合わせ` -> `打合`), when
    that differs from the text and keeps two or more kanji; else None."""
    chain = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if is_han(ch):
            chain += ch
            i += 1
            continue
        j = i
        while j < len(text) and is_hiragana(text[j]) and j - i < 3:
            j += 1
        if chain and 0 < j - i <= 2 and j < len(text) and is_han(text[j]):
            i = j
            continue
        if len(chain) >= 2:
            break
        chain = ""
        i += 1
    return chain if len(chain) >= 2 and chain != text else None


def run_terms(run: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    """(offset in the run, forms) for one normalised unspaced run: bigrams, weak pairs at
    Chinese word boundaries, okurigana-free kanji pairs as extra forms."""
    if len(run) == 1:
        yield 0, (run,)
        return
    cuts = _boundaries(run) if any(is_han(c) for c in run) else set()
    extra: dict[int, list[str]] = {}
    if cuts or any(is_hiragana(c) for c in run):
        for i, pair in _skeleton_pairs(run):
            extra.setdefault(i, []).append(pair)
    for i in range(len(run) - 1):
        pair = run[i : i + 2]
        if i + 1 in cuts:  # straddles the edge of a lexicon word
            forms: tuple[str, ...] = (WEAK + pair,)
        else:
            forms = (pair,)
        if i in extra:
            forms = forms + tuple(extra[i])
        yield i, forms


def join_thai(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans of Thai runs that only a short space separates."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and is_thai(text[start]) and is_thai(text[out[-1][1] - 1]):
            gap = text[out[-1][1] : start]
            if len(gap) <= 2 and gap.strip(" \u00a0\u200b") == "":
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


def unspaced_terms(raw: str) -> Iterator[tuple[int, tuple[str, ...], int, int]]:
    """(offset, forms, start, end) for one raw run (possibly Thai joined across spaces);
    offsets count positions, start/end are character offsets into `raw`."""
    compact = raw.replace(" ", "").replace("\u00a0", "").replace("\u200b", "")
    norm = normalise(compact)
    if not norm:
        return
    # character offsets of `norm` in `raw`: exact when lengths match, else proportional
    raw_idx = [i for i, c in enumerate(raw) if c not in " \u00a0\u200b"]
    exact = len(norm) == len(raw_idx)
    for off, forms in run_terms(norm):
        if exact:
            start, end = raw_idx[off], raw_idx[min(off + 1, len(raw_idx) - 1)] + 1
            if len(norm) == 1:
                end = raw_idx[0] + 1
        else:
            start = len(raw) * off // len(norm)
            end = max(start + 1, len(raw) * (off + 2) // len(norm))
        yield off, forms, start, end
