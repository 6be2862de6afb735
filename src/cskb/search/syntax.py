"""What the user typed, as words and boolean operators: no index, no analysis.

`data strategy` is both words (AND is implied between neighbours); `OR`, `NOT`, a leading
`-`, parentheses, `"a phrase"`, `field:value` and `field:(a OR b)` are read here. query.py
turns the result into the index's terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALIASES = {"tags": "tag", "products": "product", "who": "reviewee"}

_TOKEN_RE = re.compile(
    r'\s*(?:([A-Za-z_]+):\(|(\()|(\))|([A-Za-z_]+):(?!//)("[^"]*"|[^\s()"]+)|("[^"]*")|([^\s()"]+))'
)


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    phrase: bool = False


@dataclass(frozen=True)
class FieldGroup:
    field: str


@dataclass(frozen=True)
class Op:
    kind: str  # "and", "or", "not"
    items: tuple[Word | Op, ...]


def parse(text: str) -> Word | Op | None:
    """The user's query as words and operators (AND is implied between neighbours)."""
    tokens: list[object] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group(1):  # field:(a OR b)
            name = m.group(1).lower()
            tokens.append(FieldGroup(ALIASES.get(name, name)))
        elif m.group(2):
            tokens.append("(")
        elif m.group(3):
            tokens.append(")")
        elif m.group(4):
            name = m.group(4).lower()
            name = ALIASES.get(name, name)
            value = m.group(5)
            phrase = value.startswith('"')
            tokens.append(Word(value.strip('"'), name, phrase))
        elif m.group(6):
            tokens.append(Word(m.group(6).strip('"'), None, True))
        elif m.group(7):
            word = m.group(7)
            if word[0] == "-" and _excludes(text, m.start(7)):
                tokens.append("NOT")  # -word, -"a phrase", -tag:x: as NOT (search engines' way)
                pos = m.start(7) + 1
                continue
            tokens.append(word if word in ("AND", "OR", "NOT") else Word(word))
    items, _ = _or(tokens, 0)
    return items


def _excludes(text: str, at: int) -> bool:
    """A `-` at `at` that starts a word (or a phrase) rather than standing alone or in a run
    of dashes: `-renewal`, `-"price increase"`, `-tag:renewal`."""
    nxt = text[at + 1 : at + 2]
    return bool(nxt) and not nxt.isspace() and nxt not in "-)"


def _or(tokens: list[object], i: int) -> tuple[Word | Op | None, int]:
    parts = []
    node, i = _and(tokens, i)
    if node is not None:
        parts.append(node)
    while i < len(tokens) and tokens[i] == "OR":
        node, i = _and(tokens, i + 1)
        if node is not None:
            parts.append(node)
    return _joined("or", parts), i


def _and(tokens: list[object], i: int) -> tuple[Word | Op | None, int]:
    parts = []
    while i < len(tokens) and tokens[i] not in (")", "OR"):
        if tokens[i] == "AND":
            i += 1
            continue
        node, i = _unary(tokens, i)
        if node is not None:
            parts.append(node)
    return _joined("and", parts), i


def _joined(kind: str, parts: list[Word | Op]) -> Word | Op | None:
    """`parts` joined by `kind`: nothing, the one part itself, or an Op of them all."""
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Op(kind, tuple(parts))


def _unary(tokens: list[object], i: int) -> tuple[Word | Op | None, int]:
    tok = tokens[i]
    if tok == "NOT":
        if i + 1 >= len(tokens):
            return None, i + 1
        node, j = _unary(tokens, i + 1)
        return (Op("not", (node,)) if node is not None else None), j
    if tok == "(" or isinstance(tok, FieldGroup):
        node, j = _or(tokens, i + 1)
        if j < len(tokens) and tokens[j] == ")":
            j += 1
        if isinstance(tok, FieldGroup) and node is not None:
            node = _in_field(node, tok.field)
        return node, j
    assert isinstance(tok, Word)
    return tok, i + 1


def _in_field(node: Word | Op, name: str) -> Word | Op:
    if isinstance(node, Word):
        return node if node.field else Word(node.text, name, node.phrase)
    return Op(node.kind, tuple(_in_field(i, name) for i in node.items))


_UNSUPPORTED = "~^[]{}\\"  # `*` and `?` are wildcards cskb reads
_UNSUPPORTED_RE = re.compile(r"[~^\[\]{}\\]+")


def unsupported(text: str) -> str | None:
    """A one-line notice when the query holds syntax other search tools know and cskb does
    not (fuzzy `data~2`, boosts `a^2`, ranges `[a TO b]`), saying what was searched instead: the
    words, with those characters read as spaces. None when there is none (quoted phrases
    are left alone)."""
    outside = re.sub(r'"[^"]*"', " ", text)
    found = "".join(dict.fromkeys(c for c in outside if c in _UNSUPPORTED))
    if not found:
        return None
    words = " ".join(_UNSUPPORTED_RE.sub(" ", text).split())
    return (
        f"{' '.join(found)}: not query syntax cskb reads (no fuzzy, boost or range search)"
        f"; searched for the words {words!r}"
    )
