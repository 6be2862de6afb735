"""The calibration figures against values worked out independently: by hand, by a second
formulation of Krippendorff's alpha written here, and against a published example."""

from __future__ import annotations

import itertools

import pytest

from cskb.calibration.metrics import (
    alignment,
    coincidences,
    compare,
    krippendorff_alpha_ordinal,
)
from cskb.config import Criterion, Scale

RUBRIC = (
    Criterion("agenda", "Agenda", "?", Scale(1, 5)),
    Criterion("control", "Control", "?", Scale(1, 5)),
    Criterion("next_steps", "Next steps", "?", Scale(1, 5), mandatory=False),
)


def pairwise_alpha(units):
    """Krippendorff's ordinal alpha without a coincidence matrix: the marginal count of a
    value is how often it occurs among pairable values; D_o sums the pairs inside each unit
    weighted 1/(m_u - 1), D_e sums every pair of pairable values in the whole data."""
    pairable = [[v for v in u if v is not None] for u in units]
    pairable = [u for u in pairable if len(u) >= 2]
    values = [v for u in pairable for v in u]
    n = len(values)
    counts = {v: values.count(v) for v in set(values)}
    ranks = sorted(counts)

    def d2(a, b):
        lo, hi = sorted((ranks.index(a), ranks.index(b)))
        s = sum(counts[ranks[g]] for g in range(lo, hi + 1)) - (counts[a] + counts[b]) / 2
        return s * s

    d_o = (
        sum(sum(d2(a, b) for a, b in itertools.permutations(u, 2)) / (len(u) - 1) for u in pairable)
        / n
    )
    d_e = sum(d2(a, b) for a, b in itertools.permutations(values, 2)) / (n * (n - 1))
    return 1 - d_o / d_e


# Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), the example with four
# observers, twelve units and missing values; the paper gives ordinal alpha = 0.815.
N = None
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def test_alpha_matches_the_published_example():
    units = list(zip(*OBSERVERS, strict=True))
    a = krippendorff_alpha_ordinal(units)
    assert round(a.value, 3) == 0.815
    assert a.value == pytest.approx(pairwise_alpha(units), abs=1e-12)
    # unit 12 has a single value and unit 11 two: 11 pairable units, 40 pairable values
    assert (a.units, a.values) == (11, 40)


def test_coincidence_matrix_of_a_unit():
    # one unit with three values 1, 1, 2: ordered pairs (1,1) x2, (1,2) x2, (2,1) x2, each 1/2
    o = coincidences([[1, 1, 2]])
    assert o == {(1, 1): 1.0, (1, 2): 1.0, (2, 1): 1.0}


def test_alpha_of_the_worked_example_in_the_docs():
    # agenda 4,2,4,4; control 3,3,1,3; next steps 5,4,5,4 (docs/calibration.md works it by
    # hand: sum o*d2 = 368/3, sum n_c*n_k*d2 = 3132, n = 12)
    units = [[4, 2, 4, 4], [3, 3, 1, 3], [5, 4, 5, 4]]
    expected = 1 - 11 * (368 / 3) / 3132
    a = krippendorff_alpha_ordinal(units)
    assert a.value == pytest.approx(expected, abs=1e-12)
    assert a.value == pytest.approx(pairwise_alpha(units), abs=1e-12)
    assert round(a.value, 2) == 0.57


def test_alpha_perfect_agreement_and_undefined_cases():
    assert krippendorff_alpha_ordinal([[1, 1], [3, 3], [5, 5]]).value == pytest.approx(1.0)
    same = krippendorff_alpha_ordinal([[4, 4], [4, 4]])
    assert same.value is None and "no variation" in same.reason
    lonely = krippendorff_alpha_ordinal([[4, None], [None, 2]])
    assert lonely.value is None and lonely.units == 0


def test_alpha_is_ordinal_not_interval():
    # only the order matters: stretching the top value keeps alpha the same
    a = krippendorff_alpha_ordinal([[1, 2], [2, 3], [3, 3]]).value
    b = krippendorff_alpha_ordinal([[1, 2], [2, 30], [30, 30]]).value
    assert a == pytest.approx(b)


def test_distance_is_normalised_by_the_scale():
    rubric = (Criterion("a", "A", "?", Scale(1, 5)), Criterion("b", "B", "?", Scale(0, 10)))
    d = compare({"a": 2, "b": 7}, {"a": 4, "b": 2}, rubric)
    assert [x.distance for x in d] == [0.5, 0.5]  # 2 of 4 steps; 5 of 10 steps
    assert [x.offset for x in d] == [-0.5, 0.5]
    assert alignment(d) == 50.0


def test_yes_no_criteria():
    rubric = (Criterion("q", "Q", "?", Scale.parse("yes/no")),)
    assert compare({"q": "yes"}, {"q": True}, rubric)[0].distance == 0.0
    assert compare({"q": "no"}, {"q": "yes"}, rubric)[0].distance == 1.0


def test_na_and_missing():
    bench = {"agenda": 4, "control": 3, "next_steps": "n/a"}
    both_na = compare({"agenda": 4, "control": 3, "next_steps": "N/A"}, bench, RUBRIC)
    assert [(d.distance, d.note) for d in both_na][2] == (0.0, "n/a on both")
    assert alignment(both_na) == 100.0
    scored_vs_na = compare({"agenda": 4, "control": 3, "next_steps": 5}, bench, RUBRIC)
    assert scored_vs_na[2].distance == 1.0 and scored_vs_na[2].note == "n/a against a score"
    assert alignment(scored_vs_na) == pytest.approx(100 * (1 - 1 / 3), abs=0.05)
    missing = compare({"agenda": 5, "control": None, "next_steps": "n/a"}, bench, RUBRIC)
    assert missing[1].distance is None and missing[1].note == "not scored"
    # left out: the mean is over agenda (1/4) and next steps (0) only
    assert alignment(missing) == 87.5
    out_of_scale = compare({"agenda": 9}, bench, RUBRIC)
    assert out_of_scale[0].distance is None
    assert alignment(compare({}, bench, RUBRIC)) is None
