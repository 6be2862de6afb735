"""A light Ukrainian stemmer (Snowball has none): strip one inflectional ending, then undo the
vowel of a closed last syllable, so `рахунок`, `рахунку`, `рахунки`, `рахунками` share `рахунк`.

The vowel of a closed last syllable (`о`, `е`, `і`) is dropped, which joins both the fleeting
vowel (`рахунок`/`рахунку`) and the `і`/`о` alternation (`договір`/`договору`).
Honest about its limits: consonant changes (`рука`/`руці`), alternations in short words
(`рік`/`року`) and suppletive forms stay apart.
Its effect is measured per language in `benchmarks/bench_relevance.py`.
"""

from __future__ import annotations

_VOWELS = set("аеєиіїоуюяь")
MIN_STEM = 3

# Longest first: adjective, verb and noun endings.
_ENDINGS = sorted(
    {
        # adjectives and participles
        "ого",
        "ому",
        "ими",
        "іми",
        "ій",
        "ий",
        "ої",
        "ою",
        "ую",
        "юю",
        "ім",
        "им",
        "их",
        "іх",
        "ього",
        "ьому",
        "є",
        "ая",
        "ее",
        # verbs
        "ати",
        "ити",
        "іти",
        "яти",
        "ути",
        "увати",
        "ювати",
        "ував",
        "ювал",
        "ували",
        "ювали",
        "увала",
        "ювала",
        "ила",
        "ило",
        "или",
        "ив",
        "ала",
        "ало",
        "али",
        "ав",
        "яла",
        "яли",
        "ує",
        "ують",
        "юють",
        "ють",
        "ять",
        "ать",
        "ить",
        "ємо",
        "имо",
        "ете",
        "єте",
        "ите",
        "уєте",
        "ла",
        "ло",
        "ли",
        "ти",
        "ть",
        "еш",
        "єш",
        "иш",
        "мо",
        # nouns
        "ами",
        "ями",
        "ах",
        "ях",
        "ам",
        "ям",
        "ові",
        "еві",
        "єві",
        "ом",
        "ем",
        "єм",
        "ів",
        "їв",
        "ей",
        "ею",
        "єю",
        "ія",
        "ії",
        "ію",
        "ією",
        "іям",
        "іями",
        "іях",
        "ість",
        "ості",
        "остю",
        "ня",
        "ні",
        "ню",
        "нню",
        "ння",
        "нні",
        "нням",
        "ннями",
        "ннях",
        "а",
        "я",
        "о",
        "е",
        "у",
        "ю",
        "і",
        "и",
        "ї",
        "ь",
    },
    key=len,
    reverse=True,
)
_REFLEXIVE = ("ся", "сь", "ться", "тись")


def stems(word: str, most: int = 3) -> tuple[str, ...]:
    """The stems of one lower-case Ukrainian word, one per ending it may carry (up to `most`,
    longest ending first): `звіти` is a plural (`звіт`) or looks like an infinitive (`зві`),
    and both are indexed, so whichever reading is right, its forms meet."""
    w = word.replace("'", "")
    for suffix in _REFLEXIVE:
        if w.endswith(suffix) and len(w) - len(suffix) >= MIN_STEM + 1:
            w = w[: -len(suffix)]
            break
    # instrumental of feminine nouns doubles the last consonant: зустріччю, сіллю
    if len(w) > MIN_STEM + 3 and w.endswith("ю") and w[-2] == w[-3] and w[-2] not in _VOWELS:
        w = w[:-2]
    found = [w[: -len(e)] for e in _ENDINGS if w.endswith(e) and len(w) - len(e) >= MIN_STEM]
    return tuple(dict.fromkeys(_closed(s) for s in (found[:most] or [w])))


def stem(word: str) -> str:
    """The main stem (the longest ending removed)."""
    return stems(word, 1)[0]


def _closed(w: str) -> str:
    # the vowel of a closed last syllable: fleeting (рахунок/рахунку, кінець/кінця) or
    # alternating with і (договір/договору, вечір/вечора): dropped, so all forms meet
    if len(w) > MIN_STEM + 1 and w[-2] in "оеі" and w[-1] not in _VOWELS and w[-3] not in _VOWELS:
        w = w[:-2] + w[-1]
    return w
