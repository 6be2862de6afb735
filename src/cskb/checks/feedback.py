"""Is a passage of feedback specific? The `vague-feedback` rule of `cskb check`.

Specific feedback points at something that happened on the call: a moment, a quote, a
number, an action the CSM took or missed, a concrete suggestion. Empty praise says how the
call felt, in any length and language. The test, offline and in every language the team
writes:

- a **sign of a fact** makes a passage specific at once: a number or timestamp (not a
  rating such as `5/5` or `10/10`), a quotation holding a content word, an acronym or
  product name (`QBR`, `SSO`, Latin letters inside Chinese, Japanese, Thai or Cyrillic
  text);
- otherwise its **content words** are counted: every word that is not a function word,
  praise or evaluation, or a generic word of "the call went well" (the lists in
  `feedback_words.py`). Chinese, Japanese and Thai, written without spaces, have those
  words removed and what remains counted (two characters a word, four in Thai). A passage
  is specific with at least 3 content words, plus one for every 20 words it has, so a
  long string of praise with a stray unusual word is still refused.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from cskb.checks.feedback_words import LANGUAGES

UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\uac00-\ud7af"
WORD_RE = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")  # on text without unspaced runs
UNSPACED_ANY = re.compile(f"[{UNSPACED}]")
RUN_RE = re.compile(f"[{UNSPACED}]+")
THAI_RE = re.compile("[\u0e00-\u0e7f]")
HIRAGANA_RE = re.compile("[\u3040-\u309f\u30fc]")
KANA_OR_HAN = re.compile("[\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
DIGIT_RE = re.compile("[0-9\uff10-\uff19\u0e50-\u0e59\u0660-\u0669]")
RATING_RE = re.compile(
    r"(?<![\d:.,])\d{1,3}\s*(?:/|of|von|de|из|з|av|på)\s*\d{1,3}(?![\d:])|\b100\s*%"
)
QUOTE_RE = re.compile(
    '\u201c([^\u201d]{2,})\u201d|\u201e([^\u201c\u201d]{2,})[\u201c\u201d]|"([^"]{2,})"'
    "|\u00ab([^\u00bb]{2,})\u00bb|\u300c([^\u300d]{1,})\u300d|\u300e([^\u300f]{1,})\u300f"
    "|(?<![\\w])'([^']{3,})'(?![\\w])|\u2018([^\u2019]{3,})\u2019"
)
ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9]{1,5}s?\b")
LATIN_RE = re.compile("[A-Za-z]{2,}")
CJK_NUMERALS = re.compile(
    "(?:[二三四五六七八九十百千万两]|一[一二三四五六七八九十百千万])[一二三四五六七八九十百千万两]*[个次分秒点%号月年天周位条项页]"
)


NEED = 3  # distinct content words a short passage needs; one more for every 20 words


@dataclass(frozen=True)
class Verdict:
    specific: bool
    reason: str  # what made it specific, or why not


KANA_RE = re.compile("[\u3040-\u30ff]")
CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
QUOTE_CHARS = frozenset("\"'\u201c\u201d\u201e\u00ab\u00bb\u300c\u300e\u2018\u2019")
CONTRACTIONS = frozenset(("t", "s", "re", "ve", "ll", "d", "m"))
PUNCTUATION = ".,;:!?¡¿()[]{}<>\"'«»“”„‘’…-–—/\\*_~`#|+=&%@^"


class _Lexicon:
    """The word lists, ready for lookups: exact words, prefixes (by length), and one
    pattern per unspaced language that finds its words, longest first."""

    def __init__(self) -> None:
        exact: set[str] = set()
        prefixes: set[str] = set()
        unspaced: dict[str, set[str]] = {"ja": set(), "zh": set(), "th": set()}
        codes = {"japanese": "ja", "chinese": "zh", "thai": "th"}
        for lang, text in LANGUAGES.items():
            for raw in text.split():
                w = _norm(raw)
                if RUN_RE.fullmatch(w.rstrip("*")):
                    unspaced[codes.get(lang, "zh")].add(w.rstrip("*"))
                elif w.endswith("*"):
                    prefixes.add(w[:-1])
                else:
                    exact.add(w)
                    exact.update(w.split("-"))
        self.exact = frozenset(exact)
        self.prefixes = frozenset(prefixes)
        self.lengths = tuple(sorted({len(p) for p in prefixes}))
        self.patterns = {
            k: re.compile("|".join(re.escape(w) for w in sorted(v, key=len, reverse=True)))
            for k, v in unspaced.items()
        }
        self.memo: dict[str, bool] = {}

    def generic(self, word: str) -> bool:
        """A function word, praise, or a generic word of "the call went well"."""
        found = self.memo.get(word)
        if found is None:
            found = self._generic(word)
            if len(self.memo) > 200_000:  # a bound, whatever a KB holds
                self.memo.clear()
            self.memo[word] = found
        return found

    def _generic(self, word: str) -> bool:
        if word in self.exact:
            return True
        if "'" in word:  # didn't, it's, c'est, l'appel
            head, _, tail = word.partition("'")
            if tail in CONTRACTIONS:
                return True
            if head in self.exact and (not tail or self.generic(tail)):
                return True
        return any(word[:n] in self.prefixes for n in self.lengths if n <= len(word))

    def unspaced_units(self, run: str, japanese: bool) -> tuple[float, float]:
        """(content units, all units) of a run of Chinese, Japanese or Thai: the lexicon's
        words of that language removed (Japanese: also kana particles and endings)."""
        thai = bool(THAI_RE.match(run))
        per = 4.0 if thai else 2.0
        total = len(run) / per
        left = self.patterns["th" if thai else "ja" if japanese else "zh"].sub(" ", run)
        if not thai:
            left = HIRAGANA_RE.sub(" ", left)
        return (len(left) - left.count(" ")) / per, total


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")


def assess(text: str) -> Verdict:
    """Whether `text` points at something that happened on the call (see the module).
    The signs are tried cheapest and commonest first; any one decides."""
    if not text.strip():
        return Verdict(False, "it is empty")
    lex = _lexicon()
    unspaced = UNSPACED_ANY.search(text) is not None
    if DIGIT_RE.search(text):
        if DIGIT_RE.search(RATING_RE.sub(" ", text)):
            return Verdict(True, "a number or a moment")
    elif unspaced and CJK_NUMERALS.search(text):
        return Verdict(True, "a number or a moment")
    if _content(_norm(text), lex, None, unspaced) >= 0:
        return Verdict(True, "what happened on the call")
    if not QUOTE_CHARS.isdisjoint(text):
        for m in QUOTE_RE.finditer(text):
            quoted = next(g for g in m.groups() if g is not None)
            if _content(_norm(quoted), lex, 1) >= 0:
                return Verdict(True, "a quotation")
    for m in ACRONYM_RE.finditer(text):
        if not lex.generic(_norm(m.group(0))):
            return Verdict(True, f"a name ({m.group(0)})")
    if KANA_OR_HAN.search(text) or THAI_RE.search(text) or CYRILLIC_RE.search(text):
        for m in LATIN_RE.finditer(text):
            if not lex.generic(_norm(m.group(0))):
                return Verdict(True, f"a name ({m.group(0)})")
    return Verdict(False, "it only says how the call felt")


def _content(
    norm: str, lex: _Lexicon, need: int | None = None, unspaced: bool | None = None
) -> float:
    """Content words of `norm` minus the number needed (NEED, one more per 20 words, or
    `need`): not negative means specific. Counting stops once that is certain."""
    if unspaced is None:
        unspaced = UNSPACED_ANY.search(norm) is not None
    runs = RUN_RE.findall(norm) if unspaced else []
    japanese = bool(runs) and bool(KANA_RE.search(norm))
    units = [lex.unspaced_units(r, japanese) for r in runs]
    spaced = RUN_RE.sub(" ", norm) if runs else norm
    total = len(spaced.split()) + sum(t for _, t in units)
    want = float(need if need is not None else NEED + int(total // 20))
    content = sum(c for c, _ in units)
    if content >= want:
        return content - want
    seen: set[str] = set()  # a word said five times is one content word
    memo, generic = lex.memo, lex.generic
    for token in spaced.split():
        w = token.strip(PUNCTUATION)
        if len(w) < 2 or w in seen:
            continue
        if not w.isalpha() and "'" not in w and "-" not in w:  # a/b, x.y: its longest word
            parts = WORD_RE.findall(w)
            if not parts:
                continue
            w = max(parts, key=len)
        found = memo.get(w)
        if found is None:
            found = generic(w)
        if not found:
            seen.add(w)
            if content + len(seen) >= want:
                break
    return content + len(seen) - want


@functools.lru_cache(maxsize=4096)
def is_specific(text: str) -> bool:
    """`assess(text).specific`, remembered for repeated passages (templates, copies)."""
    return assess(text).specific
