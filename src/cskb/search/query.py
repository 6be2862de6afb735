"""The query rewrite (no whoosh): what the user typed, as a tree of the index's terms.

- Every word matches any of its forms (analysis.py), ranked best-of: the word as written
  counts fully, a stem or a spelling variant slightly less. A Chinese pair that straddles a
  word boundary in a review (`续约` in `继续|约见`) does not match a query for that pair.
- A phrase is the same in sequence, each position any of its forms.
- A long word also matches its parts written apart (`datastrategi` -> `data strategi`), and
  two neighbouring words their joined spelling, when the library uses those words.
- Words near each other in the body rank higher (a proximity boost).
- Field filters (`customer:`, `--customer`, `--tag`, `--product`) use the same normalisation.

What the user typed is read by syntax.py; a query with zero hits is corrected by correct.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from cskb.errors import SearchError
from cskb.search import compounds
from cskb.search.analysis import Analyzer
from cskb.search.normalise import fold, normalise, normalise_value
from cskb.search.qtree import (
    All,
    AnyOf,
    Everything,
    Maybe,
    Node,
    Not,
    Nothing,
    Prefix,
    Range,
    Seq,
    Some,
    Term,
    Wildcard,
)
from cskb.search.segment import WEAK, skeleton
from cskb.search.syntax import Op, Word, parse

TEXT_FIELDS = ("title", "body", "tagtext", "customer", "producttext")
EXACT_FIELDS = ("reviewer", "reviewee", "cycle", "status", "date")
KEYWORD_FIELDS = ("tag", "product")
ANALYSED_FIELDS = {"title": "title", "body": "body", "customer": "customer"}
QUERY_FIELDS = ("tag", "reviewer", "reviewee", "customer", "product", "cycle", "status", "title", "body", "date", "type")  # fmt: skip
DOC_TYPES = ("card", "review")  # `type:card`, `type:review`
STEM_BOOST = 0.8
PROXIMITY_SLOP = 6
PROXIMITY_BOOST = 0.5
# Proximity is checked position by position, so only when the rarest word is in at most this
# many reviews (a boost among a few hundred candidates; for words in every review it would
# cost more than it tells).
PROXIMITY_MAX_DOCS = 150
COMPOUND_MAX_DOCS = 150

Known = Callable[[str, str], int]  # (field, term) -> documents holding it
Expand = Callable[[str, str], list[str]]  # (field, prefix) -> the index's terms with it
MAX_EXPANSION = 1000


# --- rewriting into the index's terms --------------------------------------------------------


class Rewriter:
    """Builds the query tree with one analyzer and a way to ask whether the index holds a
    term (`known(field, term)` -> how many documents hold it). Forms the index does not
    hold are left out, which keeps queries fast; without `known` nothing is left out."""

    def __init__(
        self, analyzer: Analyzer, known: Known | None = None, expand: Expand | None = None
    ) -> None:
        self.analyzer = analyzer
        self.known = known
        self.expand = expand
        self._word_counts: dict[str, int] = {}

    def _prefix(self, field: str, head: str) -> Node:
        """A prefix as the index's terms that start with it, without those another of them
        already covers: a review holding `strategies` also holds its stem `strategi`, so
        `strat*` needs only the stem (as many reviews, far fewer terms to score)."""
        if self.expand is None:
            return Prefix(field, head)
        found = self.expand(field, head)
        if not found:
            return Nothing()
        if len(found) > MAX_EXPANSION:
            return Prefix(field, head)
        pool = set(found)
        kept = [
            t
            for t in found
            if not any(f != t and f in pool for f in self.analyzer.word_forms(t)[1:])
        ]
        items: list[Node] = [Term(field, t) for t in kept]
        return items[0] if len(items) == 1 else Some(tuple(items))

    def _has(self, field: str, term: str) -> bool:
        return self.known is None or self.known(field, term) > 0

    # one position's forms -> a best-of over them
    def _forms(self, field: str, forms: tuple[str, ...]) -> Node | None:
        items: list[tuple[str, float]] = []
        for i, form in enumerate(forms):
            if form.startswith(WEAK):
                items += [(form[1:], 1.0), (form, 1.0)]
                continue
            items.append((form, 1.0 if i == 0 else STEM_BOOST))
        best: dict[str, float] = {}
        for text, boost in items:
            best.setdefault(text, boost)
        if self.known is None:
            kept = list(best.items())
        else:
            # Every review holding the word as written also holds its stems, so a stem found in
            # exactly as many reviews adds nothing but work: it is left out.
            counts = {t: self.known(field, t) for t in best}
            surface = counts.get(forms[0], 0) if not forms[0].startswith(WEAK) else 0
            kept = [
                (t, b)
                for t, b in best.items()
                if counts[t] and (t == forms[0] or not surface or counts[t] != surface)
            ]
        terms: list[Node] = [Term(field, t, b) for t, b in kept]
        if not terms:
            return None
        return terms[0] if len(terms) == 1 else AnyOf(tuple(terms))

    def positions(self, text: str) -> list[tuple[int, tuple[str, ...]]]:
        out: dict[int, tuple[str, ...]] = {}
        for pos, forms, _, _ in self.analyzer.analyse(text):
            out[pos] = out.get(pos, ()) + forms
        return sorted(out.items())

    def _seq(self, field: str, groups: list[tuple[str, ...]], near: bool = True) -> Node | None:
        """The positions in sequence (`near`), or only all of them anywhere in the field."""
        weak = any(f.startswith(WEAK) for g in groups for f in g)
        if near and len(groups) > 1 and self.known is not None and not weak:
            return self._phrase(field, groups)
        items = [self._forms(field, g) for g in groups]
        if any(i is None for i in items):
            return None
        found = tuple(i for i in items if i is not None)
        return found[0] if len(found) == 1 else Seq(found) if near else All(found)

    def _phrase(self, field: str, groups: list[tuple[str, ...]]) -> Node | None:
        """A phrase as one term per position: the form found in the most reviews. Every
        occurrence of a word is indexed with its stems at the same position, so that form
        (usually the shortest stem) covers the word as written and its inflections, and
        whoosh can match the phrase term by term, which is much faster than any-of-forms."""
        assert self.known is not None
        known = self.known
        words: list[Node] = []
        for forms in groups:
            counts = {f: known(field, f) for f in forms}
            best = max(counts, key=lambda f: counts[f])
            if not counts[best]:
                return None
            words.append(Term(field, best))
        return Seq(tuple(words))

    def text_query(self, text: str, fields: tuple[str, ...], split: bool = True) -> Node | None:
        """One word or phrase in the given fields; None when it has no searchable terms.
        An unquoted long word also matches its parts written apart (`split`)."""
        groups = [forms for _, forms in self.positions(text)]
        if not groups:
            return None
        alternatives = [(groups, True)]
        if split and len(groups) == 1:
            parts = compounds.split(groups[0][0], self._known_word)
            # the parts as a phrase; skipped when a part is in so many reviews that checking
            # positions would cost more than the rare spaced spelling is worth
            if parts and (
                self.known is None or min(map(self._known_word, parts)) <= COMPOUND_MAX_DOCS
            ):
                alternatives.append(([self.analyzer.word_forms(p) for p in parts], True))
        kanji = skeleton(normalise(text)) if len(groups) > 1 else None
        if kanji:  # okurigana spelt another way: 打ち合わせ, 打合せ
            alternatives.append(([forms for _, forms in self.positions(kanji)], True))
        per_field: list[Node] = []
        for field in fields:
            options = [
                o for o in (self._seq(field, g, n) for g, n in alternatives) if o is not None
            ]
            if options:
                per_field.append(options[0] if len(options) == 1 else AnyOf(tuple(options)))
        if not per_field:
            return Nothing()
        return per_field[0] if len(per_field) == 1 else Some(tuple(per_field))

    def _known_word(self, word: str) -> int:
        """How many reviews use `word` as written (body, else title): compound parts must be
        words the library itself uses. Asked often while splitting, so cached."""
        if self.known is None:
            return 0
        cache = self._word_counts
        if word not in cache:
            surface = fold(normalise(word))
            cache[word] = self.known("body", surface) or self.known("title", surface)
        return cache[word]

    def _known_forms(self, word: str) -> int:
        """The same for any form of `word` (a joined compound may be inflected: `kundemøtet`)."""
        if self.known is None:
            return 0
        known = self.known
        return max(
            (known(f, w) for w in self.analyzer.word_forms(word) for f in ("body", "title")),
            default=0,
        )

    def word(self, w: Word) -> Node | None:
        field = w.field
        if field == "type":
            value = w.text.strip().lower()
            if value not in DOC_TYPES:
                raise SearchError(f"type:{w.text} is not a type; use type:card or type:review")
            return Term("type", value)
        if field in EXACT_FIELDS:
            return Term(field, w.text)
        if field in KEYWORD_FIELDS:
            return Term(field, normalise_value(w.text))
        if field is not None and field not in ANALYSED_FIELDS:
            raise SearchError(
                f"unknown field {field!r} in the query; use one of {', '.join(f + ':' for f in QUERY_FIELDS)}"
            )
        fields = (ANALYSED_FIELDS[field],) if field else TEXT_FIELDS
        if not w.phrase and ("*" in w.text or "?" in w.text) and w.text.strip("*?"):
            pattern = fold(normalise(w.text))
            head = pattern.rstrip("*")
            pieces: list[Node] = [
                self._prefix(f, head)
                if "*" not in head and "?" not in head
                else Wildcard(f, pattern)
                for f in fields
            ]
            return pieces[0] if len(pieces) == 1 else Some(tuple(pieces))
        return self.text_query(w.text, fields, split=not w.phrase)

    def node(self, item: Word | Op) -> Node | None:
        if isinstance(item, Word):
            return self.word(item)
        if item.kind == "not":
            inner = self.node(item.items[0])
            return Not(inner) if inner is not None else None
        if item.kind == "or":
            parts = [n for n in (self.node(i) for i in item.items) if n is not None]
            return None if not parts else parts[0] if len(parts) == 1 else Some(tuple(parts))
        return self._and(item.items)

    def _and(self, items: tuple[Word | Op, ...]) -> Node | None:
        parts: list[Node] = []
        plain: list[Word] = []
        i = 0
        while i < len(items):
            item = items[i]
            nxt = items[i + 1] if i + 1 < len(items) else None
            if _plain(item) and nxt is not None and _plain(nxt):
                assert isinstance(item, Word) and isinstance(nxt, Word)
                joined = self._joined(item.text, nxt.text)
                if joined is not None:
                    both = [self.word(item), self.word(nxt)]
                    apart: Node = All(tuple(n for n in both if n is not None))
                    parts.append(AnyOf((apart, joined)))
                    plain += [item, nxt]
                    i += 2
                    continue
            node = self.node(item)
            if node is not None:
                parts.append(node)
                if _plain(item):
                    assert isinstance(item, Word)
                    plain.append(item)
            i += 1
        if not parts:
            return None
        required: Node = parts[0] if len(parts) == 1 else All(tuple(parts))
        if all(isinstance(p, Not) for p in parts):
            required = All((Everything(), *parts))
        near = self._proximity(plain)
        return Maybe(required, near) if near is not None else required

    def _joined(self, first: str, second: str) -> Node | None:
        a = self.positions(first)
        b = self.positions(second)
        if len(a) != 1 or len(b) != 1:
            return None
        spellings = compounds.joins(a[0][1][0], b[0][1][0], self._known_forms)
        if not spellings:
            return None
        options = [self.text_query(s, TEXT_FIELDS, split=False) for s in spellings]
        found = [o for o in options if o is not None]
        return None if not found else found[0] if len(found) == 1 else AnyOf(tuple(found))

    def _proximity(self, words: list[Word]) -> Node | None:
        """The words as written, in order, within a few positions of each other in the body
        (cheap: one form per word, so whoosh can use its phrase matcher)."""
        if not 2 <= len(words) <= 5:
            return None
        items: list[Node] = []
        rarest = PROXIMITY_MAX_DOCS + 1
        for w in words:
            pos = self.positions(w.text)
            if len(pos) != 1 or not self._has("body", pos[0][1][0]):
                return None
            if self.known is not None:
                rarest = min(rarest, self.known("body", pos[0][1][0]))
            items.append(Term("body", pos[0][1][0]))
        if self.known is not None and rarest > PROXIMITY_MAX_DOCS:
            return None
        return Seq(tuple(items), slop=PROXIMITY_SLOP, boost=PROXIMITY_BOOST)

    def rewrite(self, text: str) -> Node | None:
        """The whole query, or None for an empty one."""
        tree = parse(text)
        if tree is None:
            return None
        node = self.node(tree)
        if node is None:
            raise SearchError(
                f"the query {text!r} has nothing to search for; check quotes and field names"
            )
        return node


def _plain(item: Word | Op) -> bool:
    return (
        isinstance(item, Word) and item.field is None and not item.phrase and "*" not in item.text
    )


# --- filters ---------------------------------------------------------------------------------


def filters(
    rewriter: Rewriter,
    tags: tuple[str, ...] = (),
    exact: dict[str, str | None] | None = None,
    customer: str | None = None,
    product: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Node | None:
    """The filter options as one tree; values are normalised like the indexed text."""
    parts: list[Node] = [Term("tag", normalise_value(t)) for t in tags]
    for name, value in (exact or {}).items():
        if value:
            parts.append(Term(name, value))
    if product:
        parts.append(Term("product", normalise_value(product)))
    if customer:
        groups = [forms for _, forms in rewriter.positions(customer)]
        parts.append(
            Seq(tuple(AnyOf(tuple(Term("customer", f) for f in g)) for g in groups))
            if len(groups) > 1
            else AnyOf(tuple(Term("customer", f) for f in groups[0]))
            if groups
            else Nothing()
        )
    if since or until:
        parts.append(
            Range(
                "date", since.isoformat() if since else None, until.isoformat() if until else None
            )
        )
    return None if not parts else parts[0] if len(parts) == 1 else All(tuple(parts))
