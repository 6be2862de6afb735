"""One normalisation for indexed text and queries alike (no whoosh, no outside library).

- Unicode NFKC, so full-width `ＡＰＩ` is `API` and half-width `ｻﾎﾟｰﾄ` is `サポート`, then
  `casefold()`, so `Maßnahme` is `massnahme`. NFKC splits Thai SARA AM (U+0E33) into NIKHAHIT
  and SARA AA; that is undone, so Thai keeps its one spelling.
- Every apostrophe (`'` `’` `ʼ` `‘` ...) becomes `'`, so Ukrainian `обов’язок` and `обовʼязок` meet.
- Diacritics are folded for Latin letters only (`résumé` is `resume`, `ø` is `o`); Cyrillic
  (`й`, `ї`), kana (`ガ`) and Thai marks are letters of their own and are kept.
- The katakana long-vowel mark at the end of a katakana word is dropped (`データー` is `データ`).
"""

from __future__ import annotations

import functools
import re
import unicodedata

APOSTROPHES = "'\u2019\u02bc\u2018\u0060\u00b4\u02b9\u2032\uff07"
_APOS = str.maketrans({c: "'" for c in APOSTROPHES})
# Latin letters NFD does not decompose.
_LATIN_EXTRA = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ð": "d"}
)
_NONASCII_LATIN = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")


@functools.cache
def _katakana_long() -> re.Pattern[str]:
    """A long-vowel mark ending a katakana word (compiled on first use: a few ms)."""
    return re.compile("(?<=[\u30a1-\u30fa])\u30fc+(?![\u30a1-\u30fc])")


def normalise(text: str) -> str:
    """NFKC, case-folded, one apostrophe, Thai SARA AM kept, final katakana `ー` dropped.
    Diacritics are not folded here (stemmers need them): see `fold`."""
    if text.isascii():
        return text.lower().replace("`", "'")
    text = unicodedata.normalize("NFKC", text)
    if "\u0e4d\u0e32" in text:
        text = text.replace("\u0e4d\u0e32", "\u0e33")
    text = text.casefold().translate(_APOS)
    if "\u30fc" in text:
        text = _katakana_long().sub("", text)
    return text


_FOLDED: dict[str, str] = {}


def fold(word: str) -> str:
    """`word` (already normalised) with the diacritics of Latin letters removed."""
    if word.isascii() or not _NONASCII_LATIN.search(word):
        return word
    out = _FOLDED.get(word)
    if out is None:
        chars = []
        for ch in word.translate(_LATIN_EXTRA):
            if "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff":
                base = unicodedata.normalize("NFD", ch)[0]
                chars.append(base if base.isascii() else ch)
            else:
                chars.append(ch)
        out = "".join(chars)
        if len(_FOLDED) < 100_000:
            _FOLDED[word] = out
    return out


# German umlauts are also written as two letters (`Übergabe`, `Uebergabe`).
_UMLAUT_PAIRS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def umlaut_pairs(word: str) -> str | None:
    """`übergabe` -> `uebergabe`; None when `word` has no German umlaut."""
    if "ä" in word or "ö" in word or "ü" in word:
        return word.translate(_UMLAUT_PAIRS)
    return None


def normalise_value(value: str) -> str:
    """A whole field value (a tag, a product, a customer) as one comparable key."""
    return fold(" ".join(normalise(value).split()))


def value_keys(value: str) -> tuple[str, ...]:
    """The keys a stored value is indexed under: `normalise_value`, and for a German umlaut
    also its two-letter spelling (`übergabe` is found as `ubergabe` and `uebergabe`)."""
    key = normalise_value(value)
    pairs = umlaut_pairs(" ".join(normalise(value).split()))
    return (key, fold(pairs)) if pairs else (key,)


def joins_previous(ch: str) -> bool:
    """A character that belongs to the letter before it: a combining mark (Thai vowels and
    tone marks, accents written apart), a zero-width joiner, a variation selector."""
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == "\u200d"
        or "\ufe00" <= ch <= "\ufe0f"
    )


def from_grapheme(part: str) -> str:
    """`part` starting at a grapheme boundary: a snippet cut just after a letter drops the
    marks that belonged to it, which would otherwise show on nothing."""
    start = 0
    while start < len(part) and joins_previous(part[start]):
        start += 1
    return part[start:].lstrip()
