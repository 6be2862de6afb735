"""The query rewrite without whoosh: parsing, forms, filters, corrections."""

from __future__ import annotations

from cskb.search.analysis import Analyzer
from cskb.search.correct import closest, correct, distance
from cskb.search.qtree import All, AnyOf, Maybe, Not, Prefix, Seq, Some, Term, Wildcard, terms
from cskb.search.query import Rewriter, filters
from cskb.search.syntax import Op, Word, parse

R = Rewriter(Analyzer())


def test_parse_operators_fields_and_groups():
    assert parse("a b") == Op("and", (Word("a"), Word("b")))
    assert parse("a OR b") == Op("or", (Word("a"), Word("b")))
    assert parse("a NOT b") == Op("and", (Word("a"), Op("not", (Word("b"),))))
    assert parse('"data strategy"') == Word("data strategy", None, True)
    assert parse("tags:renewal") == Word("renewal", "tag")
    assert parse("title:(a OR b)") == Op("or", (Word("a", "title"), Word("b", "title")))
    assert parse("") is None


def test_every_word_matches_any_of_its_forms_best_of():
    node = R.rewrite("kundene")
    body = [t for t in terms(node) if t.field == "body"]
    assert {t.text for t in body} >= {"kundene", "kund"}
    surface = next(t for t in body if t.text == "kundene")
    stem = next(t for t in body if t.text == "kund")
    assert surface.boost > stem.boost  # the word as written ranks first


def test_phrase_is_a_sequence_of_forms():
    node = R.rewrite('"renewal risks"')
    assert isinstance(node, Some)
    seq = next(i for i in node.items if isinstance(i, Seq))
    assert len(seq.items) == 2 and isinstance(seq.items[1], AnyOf)


def test_proximity_boost_for_plain_words():
    node = R.rewrite("renewal risk")
    assert isinstance(node, Maybe) and isinstance(node.optional, Seq)
    assert node.optional.slop > 1


def test_prefix_wildcard_and_not():
    assert all(isinstance(i, Prefix) for i in R.rewrite("strat*").items)  # type: ignore[union-attr]
    assert all(isinstance(i, Wildcard) for i in R.rewrite("str?t*").items)  # type: ignore[union-attr]
    node = R.rewrite("churn NOT pricing")
    assert isinstance(node, All) and isinstance(node.items[1], Not)


def test_prefix_keeps_only_terms_no_other_term_covers():
    index = ["strategi", "strategies", "strategy", "strategic"]
    r = Rewriter(Analyzer(), lambda f, t: 1, lambda f, p: [t for t in index if t.startswith(p)])
    texts = {t.text for t in terms(r.rewrite("body:strat*"))}
    # "strategies" and "strategy" are covered by their stem "strategi"
    assert "strategi" in texts and "strategies" not in texts and "strategy" not in texts
    assert terms(Rewriter(Analyzer(), lambda f, t: 0, lambda f, p: []).rewrite("body:zz*")) == []


def test_forms_the_index_lacks_are_left_out():
    index = {("body", "kund"), ("title", "kund")}
    r = Rewriter(Analyzer(), lambda f, t: int((f, t) in index))
    assert {t.text for t in terms(r.rewrite("kundene"))} == {"kund"}


def test_compounds_spaced_and_joined_both_ways():
    index = {"kunde", "mote", "kundemote", "data", "strategi"}
    r = Rewriter(Analyzer(), lambda f, t: int(f in ("body", "title") and t in index))
    joined = {t.text for t in terms(r.rewrite("kunde møte"))}
    assert "kundemote" in joined  # the spaced query also looks for the joined word
    parts = {t.text for t in terms(r.rewrite("datastrategi"))}
    assert {"data", "strategi"} <= parts  # the joined query also looks for its parts


def test_filters_are_normalised_like_text():
    node = filters(R, tags=("Renovación",), customer="societe generale", product="Análisis")
    assert isinstance(node, All)
    texts = {t.text for t in terms(node)}
    assert "renovacion" in texts and "analisis" in texts and "generale" in texts
    assert Term("tag", "renovacion") in node.items


def test_distance_counts_a_swap_as_one():
    assert distance("stratgy", "strategy", 2) == 1
    assert distance("renewel", "renewal", 2) == 1
    assert distance("form", "from", 1) == 1
    assert distance("abc", "xyz", 1) == 2


def test_correction_confident_only_when_one_candidate_stands_out():
    vocab = {"strategy": 12, "renewal": 8, "pricing": 5}
    fix = correct("stratgy renewel", vocab)
    assert fix is not None and fix.text == "strategy renewal" and fix.confident
    assert correct("strategy", vocab) is None  # nothing to correct
    tie = {"cart": 3, "card": 3}
    best, sure = closest("carx", tie)
    assert best in ("cart", "card") and not sure


def test_a_leading_dash_excludes_like_not():
    def no(w: Word | Op) -> Op:
        return Op("not", (w,))

    assert parse("onboarding -renewal") == parse("onboarding NOT renewal")
    assert parse('data -"price increase"') == Op(
        "and", (Word("data"), no(Word("price increase", None, True)))
    )
    assert parse("a -tag:renewal") == Op("and", (Word("a"), no(Word("renewal", "tag"))))
    assert parse("x -(a OR b)") == parse("x NOT (a OR b)")
    # a dash inside a word, standing alone or in a run is no operator
    assert parse("follow-up") == Word("follow-up")
    assert parse("data - x") == Op("and", (Word("data"), Word("-"), Word("x")))
    assert parse("data --") == Op("and", (Word("data"), Word("--")))
