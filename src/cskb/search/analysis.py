"""The search analyzer without whoosh: text to positions, each with one or more forms.

The same function analyses reviews and queries, so they always agree. A word in a spaced
script gives, at one position: its normalised, accent-folded surface form, then its stem in
every configured language (PyStemmer's Snowball stemmers; a light stripper for Ukrainian),
the American spelling of a British word, the two-letter spelling of a German umlaut and the
word without apostrophes. No language detection is needed: a word simply carries the forms
of every language it might be in, and a query word matches any of them (ranked best-of in
query.py). Scripts written without spaces are handled by segment.py.

This is the only module importing PyStemmer (lazily, on the first word to stem).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Generator, Iterator
from typing import Any

from cskb.reviews.sections import UNSPACED
from cskb.search import english, ukrainian
from cskb.search.languages import DEFAULT_LANGUAGES, SNOWBALL, language_name
from cskb.search.normalise import APOSTROPHES, fold, normalise, umlaut_pairs
from cskb.search.segment import join_thai, unspaced_terms

# Spaced words may hold inner apostrophes (`обов'язок`, `don't`).
TOKEN_RE = re.compile(
    rf"(?P<u>[{UNSPACED}]+)|(?P<w>[^\W{UNSPACED}]+(?:[{APOSTROPHES}][^\W{UNSPACED}]+)*)", re.UNICODE
)
THAI_RE = re.compile("[\u0e00-\u0e7f]")
CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
LATIN_RE = re.compile("[a-z\u00c0-\u024f]")

MIN_STEM = 3


def _unspaced_char(ch: str) -> bool:
    """`ch` is in `UNSPACED` (a test, not a compiled class: that takes ms to compile)."""
    o = ord(ch)
    return (
        0x3040 <= o <= 0x30FF
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x0E00 <= o <= 0x0E7F
        or 0xAC00 <= o <= 0xD7AF
        or 0xFF66 <= o <= 0xFF9F
    )


class Analyzer:
    """Text to (position, forms, start, end); forms[0] is the folded surface form."""

    def __init__(self, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> None:
        names = [language_name(n) or n for n in languages]
        self.languages = tuple(dict.fromkeys(names))
        self._snowball_names = [n for n in self.languages if n in SNOWBALL.values()]
        self._latin: list[Any] | None = None
        self._cyrillic: list[Any] | None = None
        self._ukrainian = "ukrainian" in self.languages
        self._english = "english" in self.languages
        self._cache: dict[str, tuple[str, ...]] = {}

    @property
    def signature(self) -> str:
        """What an index built with this analyzer depends on (a change means a rebuild)."""
        return "cskb-analyzer-1:" + ",".join(self.languages)

    def _stemmers(self) -> tuple[list[Any], list[Any]]:
        if self._latin is None or self._cyrillic is None:
            import Stemmer  # PyStemmer: loaded on the first word, only by search commands

            latin: list[Any] = []
            cyrillic: list[Any] = []
            for name in self._snowball_names:
                stemmer = Stemmer.Stemmer(name).stemWord
                (cyrillic if name in ("russian", "serbian") else latin).append(stemmer)
            self._latin, self._cyrillic = latin, cyrillic
        return self._latin, self._cyrillic

    def word_forms(self, raw: str) -> tuple[str, ...]:
        """Every form of one spaced-script word, the folded surface form first."""
        out = self._cache.get(raw)
        if out is not None:
            return out
        word = normalise(raw)
        surface = fold(word)
        forms = [surface]
        if "'" in word:
            bare = word.replace("'", "")
            forms.append(fold(bare))
        if not word.isdigit() and len(word) > MIN_STEM:
            latin, cyrillic = self._stemmers()
            if LATIN_RE.search(word):
                variants = [word]
                pairs = umlaut_pairs(word)
                if pairs:
                    variants.append(pairs)
                    forms.append(pairs)
                if self._english and surface.isascii():
                    us = english.american(surface)
                    if us:
                        forms.append(us)
                        variants.append(us)
                for v in variants:
                    for stem in latin:
                        s = stem(v)
                        if len(s) >= MIN_STEM:
                            forms.append(fold(s))
            elif CYRILLIC_RE.search(word):
                if self._ukrainian:
                    forms.extend(ukrainian.stems(word))
                for stem in cyrillic:
                    forms.append(stem(word))
        out = tuple(dict.fromkeys(forms))
        if len(self._cache) < 300_000:
            self._cache[raw] = out
        return out

    def analyse(self, text: str) -> Iterator[tuple[int, tuple[str, ...], int, int]]:
        """(position, forms, start, end) for every term of `text`, positions from 0."""
        if THAI_RE.search(text):
            yield from self._analyse_spans(text)
            return
        cache = self._cache
        pos = 0
        for m in TOKEN_RE.finditer(text):
            if m.lastgroup == "w":
                raw = m.group()
                forms = cache.get(raw)
                yield pos, forms if forms is not None else self.word_forms(raw), m.start(), m.end()
                pos += 1
            else:
                pos = yield from self._unspaced(m.group(), m.start(), pos)

    def positions(self, text: str) -> dict[str, list[int]]:
        """Every form in `text` with its positions in order: what `analyse` gives, grouped by
        form (what an index stores). A spaced word's forms are looked up once per distinct
        word, not once per occurrence: the build's hottest loop."""
        out: dict[str, list[int]] = {}
        if THAI_RE.search(text):
            for pos, forms, _start, _end in self._analyse_spans(text):
                for form in forms:
                    out.setdefault(form, []).append(pos)
            return out
        by_word: defaultdict[str, list[int]] = defaultdict(list)
        pos = 0
        for run, raw in TOKEN_RE.findall(text):
            if raw:
                by_word[raw].append(pos)
                pos += 1
            else:  # unspaced runs: their forms never equal a spaced word's
                last = -1
                for off, forms, _s, _e in unspaced_terms(run):
                    for form in forms:
                        out.setdefault(form, []).append(pos + off)
                    last = off
                pos += last + 1
        cache, merged = self._cache, set()
        for raw, at in by_word.items():
            known_forms = cache.get(raw)
            for form in known_forms if known_forms is not None else self.word_forms(raw):
                known = out.get(form)
                if known is None:
                    out[form] = at.copy()
                else:  # another word with this form ("Data", "data"): positions interleave
                    known.extend(at)
                    merged.add(form)
        for form in merged:
            out[form].sort()
        return out

    def _analyse_spans(self, text: str) -> Iterator[tuple[int, tuple[str, ...], int, int]]:
        """The same, with Thai runs that only a space separates joined first."""
        spans = join_thai(text, [(m.start(), m.end()) for m in TOKEN_RE.finditer(text)])
        pos = 0
        for start, end in spans:
            raw = text[start:end]
            if raw and _unspaced_char(raw[0]):
                pos = yield from self._unspaced(raw, start, pos)
            else:
                yield pos, self.word_forms(raw), start, end
                pos += 1

    @staticmethod
    def _unspaced(
        raw: str, start: int, pos: int
    ) -> Generator[tuple[int, tuple[str, ...], int, int], None, int]:
        last = -1
        for off, forms, s, e in unspaced_terms(raw):
            yield pos + off, forms, start + s, start + e
            last = off
        return pos + last + 1


_SHARED: dict[tuple[str, ...], Analyzer] = {}


def analyzer(languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> Analyzer:
    """One shared analyzer per language list (its caches survive between documents)."""
    key = tuple(languages)
    if key not in _SHARED:
        _SHARED[key] = Analyzer(key)
    return _SHARED[key]
