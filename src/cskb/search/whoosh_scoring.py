"""Scores a query the way whoosh's matchers do, a block of postings at a time.

whoosh scores a term one posting at a time through a stack of Python matchers: an `id()`,
a `weight()`, a field-length lookup through the column reader and a scorer call per posting,
then a `next()` per union, max and intersection above it. At 50,000 reviews `data strategy`
touches about 96,000 postings and that stack was 80% of the query's time.

Here a term's postings are read a block at a time from whoosh's own block reader (ids and
weights exactly as whoosh decodes them), scored with whoosh's own BM25F parameters (its
scorer object supplies idf, average length, B and K1) and the field lengths of the segment
read once as one column. The query's combinators are applied to per-document score maps in
the order whoosh's matchers apply them, so the scores are the same floats:

- `Term`: BM25F of each posting, times the term's boost;
- `Union` (cskb's Or): the sum over its parts in their order, each times the boost; with
  more than two parts whoosh preloads an array and keeps only positive sums, and so does this;
- `BestOf` (cskb's DisjunctionMax): the best part's score, times the boost;
- `And`: documents in every part, their scores summed, times the boost; a `Not` part
  removes its documents and adds 1.0 (the weight of whoosh's inverse matcher);
- `AndMaybe` (the proximity boost): the required part's score, plus the optional part's
  where it matches.

Any other query (phrases, prefixes, ranges, negation, everything) is scored by whoosh's own
matcher for that sub-query, so a query this module does not know still gets whoosh's answer.
tests/search/test_search_scoring.py compares every score with whoosh's `Searcher.search`.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer
from whoosh.util.numeric import byte_to_length

from cskb.search.whoosh_analysis import BestOf, Union

Scores = dict[int, float]

_LENGTH_OF = [byte_to_length(b) for b in range(256)]
# A segment's length column (its raw bytes) -> every document's field length. Keyed by the
# bytes themselves, not by the segment's name: whoosh draws names from the global `random`,
# which a test framework may seed, so two segments can share a name. A resident server keeps
# these across searches; entries no searcher used in its last search are dropped.
_lengths: dict[bytes, list[int]] = {}


def scores(searcher: Any, q: Any) -> Scores:
    """Every matching document's score, by global document number (deleted ones left out)."""
    out: Scores = {}
    used: set[bytes] = set()
    context = searcher.context()
    for sub, offset in searcher.leaf_searchers():
        found = _Segment(sub, context, used).node(q)
        if offset:
            out.update({d + offset: s for d, s in found.items()})
        else:
            out.update(found)
    for key in [k for k in _lengths if k not in used]:
        del _lengths[key]
    return out


class _Segment:
    def __init__(self, searcher: Any, context: Any, used: set[bytes]) -> None:
        self.searcher = searcher
        self.context = context
        self.used = used
        self.reader = searcher.reader()
        self.deleted = self.reader.deleted_docs_set if self.reader.has_deletions() else None

    def node(self, q: Any) -> Scores:
        kind = type(q)
        if kind is wq.Term:
            return self.term(q)
        subs: list[Any] = getattr(q, "subqueries", None) or []
        if kind in (Union, BestOf, wq.And) and len(subs) == 1:
            return self.node(subs[0])  # whoosh: one part is that part's matcher, unboosted
        if kind is Union and subs:
            return self.union(subs, q.boost)
        if kind is BestOf and subs:
            return _boosted(_best(self.node(s) for s in subs), q.boost)
        if kind is wq.And and subs:
            return self.every(q, subs)
        if kind is wq.AndMaybe:  # whoosh's AndMaybeMatcher: a's score, plus b's where b matches
            required, optional = self.node(q.a), self.node(q.b)
            return {d: s + optional[d] if d in optional else s for d, s in required.items()}
        return self.whoosh(q)

    def every(self, q: Any, subs: list[Any]) -> Scores:
        """An And: documents in every part, the parts' scores summed. A `Not` part (whoosh's
        inverse matcher) removes its documents and adds its weight, 1.0, to the others."""
        negated = [s for s in subs if type(s) is wq.Not]
        parts = [s for s in subs if not isinstance(s, wq.Not)]
        if not parts or len(parts) + len(negated) != len(subs):
            return self.whoosh(q)
        found = _all([self.node(s) for s in parts])
        for n in negated:
            hidden = self.ids(n.query)
            found = {d: s + 1.0 for d, s in found.items() if d not in hidden}
        return _boosted(found, q.boost)

    def ids(self, q: Any) -> set[int]:
        """The documents `q` matches, unscored (as whoosh's Not asks its query)."""
        m = q.matcher(self.searcher, self.searcher.boolean_context())
        return set(m.all_ids()) if m.is_active() else set()

    def union(self, subs: list[Any], boost: float) -> Scores:
        out: Scores = {}
        get = out.get
        for part in (self.node(s) for s in subs):
            if boost == 1.0:
                for d, s in part.items():
                    out[d] = get(d, 0.0) + s
            else:
                for d, s in part.items():
                    out[d] = get(d, 0.0) + s * boost
        if len(subs) > 2:  # whoosh's preloaded union yields only documents scoring above 0
            out = {d: s for d, s in out.items() if s > 0}
        return out

    def term(self, q: Any) -> Scores:
        field, reader = q.fieldname, self.reader
        if field not in self.searcher.schema:
            return {}
        try:
            text = self.searcher.schema[field].to_bytes(q.text)
        except ValueError:
            return {}
        if (field, text) not in reader:
            return {}
        weighting = self.context.weighting or self.searcher.weighting
        scorer = weighting.scorer(self.searcher, field, text)
        m = reader.postings(field, text, scorer=scorer)
        leaf = m.child if isinstance(m, FilterMatcher) else m
        lengths = self.lengths(field)
        if type(leaf) is not W3LeafMatcher or type(scorer) is not BM25FScorer or lengths is None:
            return self.whoosh(q)
        out = _bm25(leaf, scorer, lengths)
        if self.deleted:
            for d in self.deleted.intersection(out):
                del out[d]
        if q.boost != 1.0:
            return {d: s * q.boost for d, s in out.items()}
        return out

    def lengths(self, field: str) -> list[int] | None:
        """The field's length in every document of the segment, from its length column
        (None: stored some other way; whoosh then scores the term itself)."""
        perdoc = self.reader._perdoc
        column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if type(column) is not NumericColumn.Reader or column._fixedlen != 1:
            return None
        raw = bytes(column._dbfile.get(column._basepos, column._count))
        pad = self.reader.doc_count_all() - len(raw)
        key = raw + b"\0" * pad if pad > 0 else raw  # documents past the column: length 0
        self.used.add(key)
        found = _lengths.get(key)
        if found is None:
            table = _LENGTH_OF
            found = _lengths[key] = [table[b] for b in key]
        return found

    def whoosh(self, q: Any) -> Scores:
        """whoosh's own matcher for this part of the query, read out."""
        m = q.matcher(self.searcher, self.context)
        out: Scores = {}
        while m.is_active():
            out[m.id()] = m.score()
            m.next()
        return out


def _bm25(leaf: Any, scorer: Any, lengths: list[int]) -> Scores:
    """whoosh.scoring.bm25 over every posting of one term, block by block, with whoosh's
    own block decoding (ids and float32 weights as its matcher gives them)."""
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    k1p, unb = k1 + 1, 1 - b
    out: Scores = {}
    while leaf.is_active():
        leaf._read_ids()
        leaf._read_weights()
        ids, weights = leaf._ids, leaf._weights
        out.update(
            {
                d: idf * ((tf * k1p) / (tf + k1 * (unb + b * lengths[d] / avgfl)))
                for d, tf in zip(ids, weights, strict=True)
            }
        )
        leaf._next_block()
    return out


def _best(parts: Any) -> Scores:
    out: Scores = {}
    get = out.get
    for part in parts:
        if not out:
            out = dict(part)
            get = out.get
            continue
        for d, s in part.items():
            here = get(d)
            if here is None or s > here:
                out[d] = s
    return out


def _all(parts: list[Scores]) -> Scores:
    smallest = min(parts, key=len)
    common = set(smallest)
    for part in parts:
        if part is not smallest:
            common.intersection_update(part)
    return {d: sum(p[d] for p in parts) for d in common}


def _boosted(found: Scores, boost: float) -> Scores:
    return found if boost == 1.0 else {d: s * boost for d, s in found.items()}
