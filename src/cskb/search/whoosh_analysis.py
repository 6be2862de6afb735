"""The analyzer and the query tree as whoosh objects; imported only by engine.py.

Module level classes because whoosh pickles the schema (and so these class names) into its
table of contents. The language logic itself is in analysis.py, which knows nothing of whoosh.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cskb.search import _whoosh_compat  # noqa: F401  (must run before whoosh is imported)

# isort: split
from whoosh import query as wq
from whoosh.analysis import Token, Tokenizer
from whoosh.matching.binary import DisjunctionMaxMatcher

from cskb.search import qtree as qt
from cskb.search.analysis import DEFAULT_LANGUAGES, analyzer
from cskb.search.normalise import value_keys


class CskbTokenizer(Tokenizer):
    """Every form of every term (analysis.py), several forms at one position."""

    def __init__(self, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> None:
        self.languages = tuple(languages)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CskbTokenizer) and other.languages == self.languages

    def __hash__(self) -> int:
        return hash(self.languages)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for pos, forms, start, end in analyzer(self.languages).analyse(value):
            for form in forms:
                t.text = form
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = form
                if positions:
                    t.pos = start_pos + pos
                if chars:
                    t.startchar, t.endchar = start_char + start, start_char + end
                yield t


class ValueTokenizer(Tokenizer):
    """Comma-separated values (tags, products), each normalised as a whole."""

    def __call__(
        self, value: str, positions: bool = False, chars: bool = False, **kwargs: Any
    ) -> Iterator[Any]:
        t = Token(positions, chars, **kwargs)
        for i, part in enumerate(p for p in value.split(",") if p.strip()):
            for key in value_keys(part):
                t.text = key
                t.boost = 1.0
                t.stopped = False
                if positions:
                    t.pos = i
                if chars:
                    t.startchar, t.endchar = 0, len(value)
                yield t


class Union(wq.Or):
    """whoosh's Or, with its matcher chosen by cskb rather than by segment size.

    whoosh preloads the matches of an Or into arrays for segments of up to 5,000 documents
    and walks a tree of matchers above that; measured on 10,000 reviews (two segments of
    4,900 and 5,100), the tree was three times slower for the same query. Preloading costs
    one array of the segment's size per Or, small at these sizes."""

    def _matcher(self, subs: Any, searcher: Any, context: Any) -> Any:
        if (context is not None and context.needs_current) or len(subs) == 2:
            return super()._matcher(subs, searcher, context)
        from whoosh.query.compound import PreloadedOr

        return PreloadedOr(subs, boost=self.boost).matcher(searcher, context)


class BestOf(wq.DisjunctionMax):
    """whoosh's DisjunctionMax with a matcher that scores only the sub-matchers on the
    current document. whoosh 2.7's DisjunctionMaxMatcher.score takes the higher score of both
    sub-matchers wherever they stand, so a document matching one form of a word took the score
    of another document matching the other form, in segments where both forms occur: the
    same review ranked differently depending on which segment held it."""

    def _matcher(self, subs: Any, searcher: Any, context: Any) -> Any:
        r = searcher.reader()
        return self._tree_matcher(
            subs,
            _BestOfMatcher,
            searcher,
            context,
            lambda q: q.estimate_size(r),
            tiebreak=self.tiebreak,
        )


class _BestOfMatcher(DisjunctionMaxMatcher):
    def score(self) -> float:
        a, b = self.a, self.b
        if not a.is_active():
            return float(b.score())
        if not b.is_active():
            return float(a.score())
        here_a, here_b = a.id(), b.id()
        if here_a != here_b:
            return float(a.score() if here_a < here_b else b.score())
        return float(max(a.score(), b.score()))


def to_whoosh(node: qt.Node) -> Any:
    """The whoosh query for a query tree from query.py."""
    if isinstance(node, qt.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, qt.Prefix):
        return wq.Prefix(node.field, node.text)
    if isinstance(node, qt.Wildcard):
        return wq.Wildcard(node.field, node.pattern)
    if isinstance(node, qt.AnyOf):
        return BestOf([to_whoosh(i) for i in node.items])
    if isinstance(node, qt.Some):
        return Union([to_whoosh(i) for i in node.items])
    if isinstance(node, qt.All):
        return wq.And([to_whoosh(i) for i in node.items])
    if isinstance(node, qt.Not):
        return wq.Not(to_whoosh(node.item))
    if isinstance(node, qt.Seq):
        items = [to_whoosh(i) for i in node.items]
        if node.ordered and all(isinstance(i, wq.Term) for i in items):
            words = [i.text for i in items]
            return wq.Phrase(items[0].fieldname, words, slop=node.slop, boost=node.boost)
        return wq.Sequence(items, slop=node.slop, ordered=node.ordered, boost=node.boost)
    if isinstance(node, qt.Maybe):
        return wq.AndMaybe(to_whoosh(node.required), to_whoosh(node.optional))
    if isinstance(node, qt.Range):
        return wq.TermRange(node.field, node.start, node.end)
    if isinstance(node, qt.Everything):
        return wq.Every()
    return wq.NullQuery
