"""The figures of a calibration session, as pure functions over plain values.

Nothing here reads files: a score is whatever a review holds under `scores.<key>` and a
criterion's scale comes from `cskb.toml` (`config.Scale`). docs/calibration.md explains
every figure in plain words with a worked example.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cskb.config import NA, Criterion, Scale

SCORE, NOT_APPLICABLE, MISSING = "score", "n/a", "missing"


def classify(value: Any, scale: Scale) -> tuple[str, float | None]:
    """(kind, fraction): a valid score as a 0..1 fraction of its scale; `n/a`; or missing
    (not scored, empty, or not on the scale, which `cskb check` reports)."""
    if isinstance(value, str) and value.strip().lower() == NA:
        return NOT_APPLICABLE, None
    norm = scale.normalise(value)
    if norm is None:
        return MISSING, None
    return SCORE, norm


@dataclass(frozen=True)
class CriterionDistance:
    """One reviewer against the benchmark on one criterion."""

    key: str
    score: Any  # as written in the review (None when missing)
    benchmark: Any  # as fixed in session.yaml
    distance: float | None  # 0 (identical) .. 1 (opposite ends of the scale); None: not compared
    offset: float | None  # signed: reviewer minus benchmark as a fraction of the scale
    note: str = ""  # why it was scored as it was, for the N/A and missing cases

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def compare(
    scores: Mapping[str, Any], benchmark: Mapping[str, Any], rubric: Sequence[Criterion]
) -> list[CriterionDistance]:
    """Each criterion's distance from the benchmark, normalised by the criterion's scale.

    Both scored: |reviewer - benchmark| / (hi - lo). Both n/a: 0 (they agree it does not
    apply). One n/a, the other a score: 1 (they disagree on whether it applies at all).
    Missing on either side: not compared, and said so."""
    out = []
    for c in rubric:
        mine, theirs = scores.get(c.key), benchmark.get(c.key)
        kind_m, m = classify(mine, c.scale)
        kind_b, b = classify(theirs, c.scale)
        shown_m = mine if kind_m != MISSING else None
        shown_b = theirs if kind_b != MISSING else None
        if kind_b == MISSING:
            out.append(CriterionDistance(c.key, shown_m, None, None, None, "no benchmark score"))
        elif kind_m == MISSING:
            out.append(CriterionDistance(c.key, None, shown_b, None, None, "not scored"))
        elif kind_m == kind_b == NOT_APPLICABLE:
            out.append(CriterionDistance(c.key, shown_m, shown_b, 0.0, None, "n/a on both"))
        elif NOT_APPLICABLE in (kind_m, kind_b):
            out.append(CriterionDistance(c.key, shown_m, shown_b, 1.0, None, "n/a against a score"))
        else:
            assert m is not None and b is not None
            span = c.scale.hi - c.scale.lo  # steps, so 7 vs 2 on 0-10 is exactly 0.5
            diff = (round(m * span) - round(b * span)) / span
            out.append(CriterionDistance(c.key, shown_m, shown_b, abs(diff), diff))
    return out


def alignment(distances: Sequence[CriterionDistance]) -> float | None:
    """100 x (1 - the mean distance over the compared criteria): 100 means identical to the
    benchmark, 0 means at the opposite end of every scale; None when nothing compares."""
    ds = [d.distance for d in distances if d.distance is not None]
    if not ds:
        return None
    return round(100 * (1 - sum(ds) / len(ds)), 1)


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's alpha for ordinal data, with what it was computed from."""

    value: float | None  # None when undefined (no pairable values, or no variation at all)
    units: int  # units (criteria) with at least two values
    values: int  # pairable values n
    reason: str = ""  # why value is None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def coincidences(units: Sequence[Sequence[Any]]) -> dict[tuple[Any, Any], float]:
    """The coincidence matrix o_ck: every ordered pair of values from different raters in
    a unit adds 1 / (m_u - 1), where m_u is how many values the unit has. Missing values
    (None) are left out; units with fewer than two values add nothing."""
    o: dict[tuple[Any, Any], float] = {}
    for unit in units:
        vals = [v for v in unit if v is not None]
        m = len(vals)
        if m < 2:
            continue
        for i, c in enumerate(vals):
            for j, k in enumerate(vals):
                if i != j:
                    o[(c, k)] = o.get((c, k), 0.0) + 1.0 / (m - 1)
    return o


def ordinal_delta2(order: Sequence[Any], n: Mapping[Any, float]) -> dict[tuple[Any, Any], float]:
    """Krippendorff's ordinal metric: delta^2(c, k) = (sum of n_g for g from c to k,
    minus (n_c + n_k) / 2) squared, over the values in rank order."""
    out: dict[tuple[Any, Any], float] = {}
    for i, c in enumerate(order):
        for j, k in enumerate(order):
            lo, hi = min(i, j), max(i, j)
            s = sum(n[order[g]] for g in range(lo, hi + 1)) - (n[c] + n[k]) / 2
            out[(c, k)] = s * s
    return out


def krippendorff_alpha_ordinal(units: Sequence[Sequence[Any]]) -> Alpha:
    """alpha = 1 - D_o / D_e from the coincidence matrix, with the ordinal metric:
    D_o = sum o_ck d2_ck / n, D_e = sum n_c n_k d2_ck / (n (n - 1)). Values need only be
    orderable; None is a missing value."""
    o = coincidences(units)
    n_c: dict[Any, float] = {}
    for (c, _), w in o.items():
        n_c[c] = n_c.get(c, 0.0) + w
    n = sum(n_c.values())
    used = sum(1 for u in units if sum(v is not None for v in u) >= 2)
    total = round(n)
    if used == 0 or n < 2:
        return Alpha(None, used, total, "fewer than two scores on any criterion")
    order = sorted(n_c)
    d2 = ordinal_delta2(order, n_c)
    observed = sum(w * d2[ck] for ck, w in o.items())
    expected = sum(n_c[c] * n_c[k] * d2[(c, k)] for c in order for k in order)
    if expected == 0:
        return Alpha(
            None, used, total, "every score is the same, so there is no variation to judge"
        )
    return Alpha(1 - (n - 1) * observed / expected, used, total)


def alpha_reading(value: float | None) -> str:
    """What an alpha means, in plain words (docs/calibration.md explains the thresholds)."""
    if value is None:
        return "not defined"
    if value >= 0.8:
        return "the team scores this call consistently"
    if value >= 0.667:
        return "fair agreement, good enough to draw tentative conclusions"
    return "low agreement: the team reads the rubric differently; talk it through"
