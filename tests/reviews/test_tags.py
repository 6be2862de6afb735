"""Tags: normalising, the vocabulary check with a suggestion, counting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cskb.errors import UsageError
from cskb.reviews.tags import check_vocabulary, count, normalise, suggest


def test_normalise_trims_lowercases_folds_spaces_and_deduplicates():
    assert normalise([" Data  Strategy", "data strategy", "", "  ", "QBR", "qbr "]) == [
        "data strategy",
        "qbr",
    ]
    assert normalise(["Ørsted", "ДАНІ", "データ"]) == ["ørsted", "дані", "データ"]


@given(st.lists(st.text(max_size=12), max_size=8))
def test_normalise_is_idempotent_and_duplicate_free(tags):
    once = normalise(tags)
    assert normalise(once) == once
    assert len(set(once)) == len(once) and all(t and t == t.strip() for t in once)


def test_suggest_the_closest_known_tag():
    vocab = ["data strategy", "renewal", "onboarding"]
    assert suggest("data stratgy", vocab) == "data strategy"
    assert suggest("  Renewl ", vocab) == "renewal"
    assert suggest("zzz", vocab) is None


def test_vocabulary_check():
    check_vocabulary(["anything"], ())  # no vocabulary: every tag is fine
    check_vocabulary(["renewal"], ("renewal",))
    with pytest.raises(
        UsageError, match=r"--tags: 'data stratgy' is not in .* did you mean 'data strategy'\?"
    ):
        check_vocabulary(["data stratgy"], ("data strategy", "renewal"))
    with pytest.raises(UsageError, match="known tags: data strategy, renewal"):
        check_vocabulary(["zzz"], ("data strategy", "renewal"))


def test_count_counts_records_not_mentions_most_used_first():
    assert count([["a", "b"], ["a"], ["A ", "a"], [], [3]]) == [("a", 3), ("b", 1)]  # type: ignore[list-item]
    assert count([["b"], ["a"]]) == [("a", 1), ("b", 1)]
