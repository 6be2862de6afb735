"""British spellings as American ones, so `prioritise` meets `prioritize` and `colour` meets
`color`: a small rule set plus a few irregular words. The result is an extra form of the word
(never a replacement), so a rule that fires on the wrong word only adds a form nobody types."""

from __future__ import annotations

import re

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"^(\w{3,})is(ation|ations|e|es|ed|ing|er|ers)$", r"\1iz\2"),
        (r"^(\w{2,})ys(e|es|ed|ing|er|ers)$", r"\1yz\2"),
        (r"^(\w{3,})our(s|ed|ing|ite|ites|able|ably|ful|less|er|ers|)$", r"\1or\2"),
        (r"^(\w{2,})tre(s|d|)$", r"\1ter\2"),
        (r"^(\w{3,}[aeiou])ll(ed|ing|er|ers)$", r"\1l\2"),
        (r"^(\w{3,})ogue(s|)$", r"\1og\2"),
        (r"^(\w{2,}[^aeiou])ae(\w{2,})$", r"\1e\2"),  # anaesthetic, encyclopaedia
    )
)
_WORDS = {
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "licences": "licenses",
    "pretence": "pretense",
    "programme": "program",
    "programmes": "programs",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "enrol": "enroll",
    "cheque": "check",
    "cheques": "checks",
    "grey": "gray",
    "tyre": "tire",
    "tyres": "tires",
    "aluminium": "aluminum",
    "storey": "story",
    "whilst": "while",
    "amongst": "among",
    "practise": "practice",
    "practised": "practiced",
    "practises": "practices",
    "practising": "practicing",
    "ageing": "aging",
    "skilful": "skillful",
    "manoeuvre": "maneuver",
    "aeroplane": "airplane",
    "plough": "plow",
    "sceptical": "skeptical",
    "mould": "mold",
    "draught": "draft",
    "kerb": "curb",
    "counsellor": "counselor",
    "jewellery": "jewelry",
}


def american(word: str) -> str | None:
    """The American spelling of a lower-case ASCII word, or None when there is no other."""
    if word in _WORDS:
        return _WORDS[word]
    if len(word) < 5:
        return None
    for pattern, repl in _RULES:
        out, n = pattern.subn(repl, word)
        if n and out != word:
            return out
    return None
