"""The language a review is written in, for the search page's "language of each hit".

By script first (kana: Japanese; Thai; Hangul: Korean; Han without kana: Chinese; Cyrillic
with Ukrainian letters or words: Ukrainian, else Russian), then, for Latin script, by which
language's most common short words the text uses most. No outside library and no model: a
guess good enough to label a hit, never used for matching (matching needs no language).
"""

from __future__ import annotations

import re

WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# The most frequent short words of each language (their overlap is small enough to count).
STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to is was we they with for that this on it are our their were be",
        "de": "der die das und ist nicht mit wir sie ein eine den dem zu auf für auch wurde",
        "no": "og det er på til som med ikke vi av en et har den var skal for om kunden",
        "sv": "och det är att på som med inte vi av en ett har den var ska för om kunden",
        "da": "og det er at på som med ikke vi af en et har den var skal for om kunden",
        "es": "el la los las y de que en es con por para una un se del al fue no",
        "fr": "le la les et de des que en est avec pour une un du au pas nous sur",
        "pt": "o a os as e de que em com por para uma um do da não foi são",
        "it": "il la gli le e di che in con per una un del della non sono è",
        "nl": "de het en van een is dat op niet met voor zijn we ze wordt er",
        "pl": "i w na się nie że z do to jest jak po od przez są",
    }.items()
}
_LANGUAGES_OF: dict[str, list[str]] = {}
for _lang, _words in STOPWORDS.items():
    for _word in _words:
        _LANGUAGES_OF.setdefault(_word, []).append(_lang)
UKRAINIAN_RE = re.compile("[іїєґ]|\\b(?:що|які|це|та|з|для)\\b", re.IGNORECASE)
SAMPLE = 3000  # characters looked at: enough to tell, and a long review costs no more


def detect(text: str) -> str:
    """An ISO 639-1 code for `text` ("en" when nothing tells)."""
    text = text[:SAMPLE]
    if re.search("[\u3040-\u30ff\uff66-\uff9f]", text):
        return "ja"
    if re.search("[\u0e00-\u0e7f]", text):
        return "th"
    if re.search("[\uac00-\ud7af]", text):
        return "ko"
    if re.search("[\u4e00-\u9fff]", text):
        return "zh"
    cyrillic = len(re.findall("[\u0400-\u04ff]", text))
    latin = len(re.findall("[A-Za-z\u00c0-\u024f]", text))
    if cyrillic > latin:
        return "uk" if UKRAINIAN_RE.search(text) else "ru"
    counts = dict.fromkeys(STOPWORDS, 0)
    for word in WORD_RE.findall(text.lower()):
        for lang in _LANGUAGES_OF.get(word, ()):
            counts[lang] += 1
    best = max(counts, key=lambda k: (counts[k], k == "en"))
    return best if counts[best] else "en"
