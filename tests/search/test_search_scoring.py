"""whoosh_scoring: the block-at-a-time scorer gives whoosh's own matches and scores."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cskb.search import engine, whoosh_scoring
from cskb.search.api import Filters
from tests.search.test_search_build import LANGS, WORDS, _docs


@pytest.fixture(scope="module")
def ix():
    """Three bulk-built segments, then an update through whoosh's writer: a fourth segment,
    and deleted documents in the first three."""
    docs = _docs(900)
    index = engine.assemble(
        LANGS, [engine.segment(LANGS, docs[i : i + 300]) for i in range(0, 900, 300)]
    )
    changed = [dict(d, body=d["body"] + " renewal agenda data") for d in docs[5:900:37]]
    engine.write(index, changed, [d["path"] for d in changed])
    assert index.doc_count() == 900
    return index


def _whoosh(s, q) -> dict[int, float]:
    return {d: sc for sc, d in s.search(q, limit=None, optimize=False).top_n}


def _same(ours: dict[int, float], theirs: dict[int, float]) -> None:
    assert set(ours) == set(theirs)
    for d, sc in theirs.items():
        assert math.isclose(ours[d], sc, rel_tol=1e-12), (d, ours[d], sc)


QUERIES = [
    "data strategy",
    "data",
    "renewal agenda data",
    '"data strategy"',
    "データ戦略",
    "กลยุทธ์ข้อมูล",
    "стратегія",
    "Kundengespräch",
    "dat*",
    "renewal OR agenda",
    "strategy NOT renewal",
    "(renewal OR agenda) data",
    "tag:renewal data",
    "customer:acme",
    "title:call",
    "word17",
    "word17 data",
    "strategy -renewal -agenda",
    "data word1 -agenda",
    "nothingmatchesthis",
]


@pytest.mark.parametrize("text", QUERIES)
def test_scores_are_whooshs(ix, text: str):
    with ix.searcher() as s:
        q = engine._query(engine._rewriter(s, LANGS), text)
        theirs = _whoosh(s, q)
        _same(whoosh_scoring.scores(s, q), theirs)
    if text != "nothingmatchesthis":
        assert theirs


def test_deleted_documents_never_match(ix):
    with ix.searcher() as s:
        q = engine._query(engine._rewriter(s, LANGS), "data")
        found = whoosh_scoring.scores(s, q)
        deleted = {
            d + offset for sub, offset in s.leaf_searchers() for d in sub.reader().deleted_docs_set
        }
    assert deleted and not deleted & set(found)


def test_a_second_search_reuses_the_lengths_and_forgets_gone_segments(ix):
    """Length columns are kept by their bytes: reused by the next search, dropped once no
    search used them (segment names are no key: whoosh draws them from `random`)."""
    with ix.searcher() as s:
        q = engine._query(engine._rewriter(s, LANGS), "data strategy")
        first = whoosh_scoring.scores(s, q)
        kept = dict(whoosh_scoring._lengths)
        assert kept and all(len(v) == len(k) for k, v in kept.items())
        assert whoosh_scoring.scores(s, q) == first
        assert all(whoosh_scoring._lengths[k] is v for k, v in kept.items())  # not rebuilt
    one = engine.assemble(LANGS, [engine.segment(LANGS, _docs(50))])
    with one.searcher() as s:
        whoosh_scoring.scores(s, engine._query(engine._rewriter(s, LANGS), "data"))
    assert len(whoosh_scoring._lengths) < len(kept) + 2
    assert all(len(k) == 50 for k in whoosh_scoring._lengths)


def test_run_ranks_filters_and_counts_as_before(ix):
    """engine.run through the block scorer: the filter applies, the count is every match."""
    with ix.searcher() as s:
        rw = engine._rewriter(s, LANGS)
        q = engine._query(rw, "data strategy")
        flt = engine._filters(Filters(tags=("renewal",)), rw)
        allowed = {d for d in _whoosh(s, q) if d in set(s.docs_for_query(flt))}
    out = engine.run(ix, "data strategy", Filters(tags=("renewal",)), 5, lambda r: "", LANGS, {})
    assert out.total == len(allowed) > 5
    assert len(out.hits) == 5
    assert all("renewal" in h.stored["tag"] for h in out.hits)
    scores = [h.score for h in out.hits]
    assert scores == sorted(scores, reverse=True)


_word = st.sampled_from([*WORDS, "call", "about", "acme", "word3", "dat*", "analytics"])
_op = st.sampled_from([" ", " OR ", " NOT ", " AND "])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(_word, _op), min_size=1, max_size=4), st.booleans())
def test_any_query_scores_as_whoosh(ix, parts, quoted: bool):
    text = "".join(w + op for w, op in parts).strip().removesuffix("NOT").removesuffix("AND")
    text = text.strip().removesuffix("OR").strip()
    if quoted:
        text = f'"{text}"'
    with ix.searcher() as s:
        try:
            q = engine._query(engine._rewriter(s, LANGS), text)
        except Exception:  # a query the parser refuses is refused before scoring
            return
        _same(whoosh_scoring.scores(s, q), _whoosh(s, q))


@pytest.mark.parametrize("text", ["data strategy renewal", "word17 data", "data -renewal"])
def test_words_forms_proximity_and_not_never_fall_back_to_whooshs_matchers(ix, monkeypatch, text):
    """The common query shapes (words, their forms, compounds, the proximity boost, a
    negated word) are block-scored; whoosh's matchers score only phrases inside them."""
    from whoosh import query as wq

    original = whoosh_scoring._Segment.whoosh

    def only_phrases(self, q):
        assert isinstance(q, wq.Phrase), f"fell back for {q!r}"
        return original(self, q)

    with ix.searcher() as s:
        q = engine._query(engine._rewriter(s, LANGS), text)
        monkeypatch.setattr(whoosh_scoring._Segment, "whoosh", only_phrases)
        assert whoosh_scoring.scores(s, q)
