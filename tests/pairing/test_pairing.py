"""The pairing engine: properties over random rosters, and the round-robin optimum."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cskb.config import PairingConfig
from cskb.errors import PairingError
from cskb.models import AwayWindow, Cycle, Group, Member
from cskb.pairing.engine import _valid_by_search, pair_members

START = dt.date(2026, 1, 5)
END = START + dt.timedelta(days=13)


def team(n: int, teams: int = 3) -> list[Member]:
    return [Member(f"m{i:03d}", f"M {i}", team=f"t{i % teams}") for i in range(n)]


def run_cycles(members, cycles, prefs=PairingConfig(), away=None):
    history: list[Cycle] = []
    results = []
    for c in range(cycles):
        start = START + dt.timedelta(days=14 * c)
        present = [m for m in members if not (away and m.handle in away[c])]
        r = pair_members(present, history, prefs, start, start + dt.timedelta(days=13), seed=c)
        results.append(r)
        history.append(Cycle(start, start, start, tuple(Group(g) for g in r.groups)))
    return results


@pytest.mark.parametrize("n", [2, 4, 10, 40])
def test_stable_even_team_gets_n_minus_1_repeat_free_cycles(n):
    results = run_cycles(team(n), n - 1)
    assert all(r.repeats == 0 for r in results)
    pairs = {frozenset(g) for r in results for g in r.groups}
    assert len(pairs) == n * (n - 1) // 2  # every possible pair exactly once


def test_after_a_full_round_partners_are_spread_evenly():
    n = 10
    results = run_cycles(team(n), 2 * (n - 1))
    counts: dict[frozenset[str], int] = {}
    for r in results:
        for g in r.groups:
            counts[frozenset(g)] = counts.get(frozenset(g), 0) + 1
    assert set(counts.values()) == {2}


def test_odd_team_has_exactly_one_trio_and_nobody_left_out():
    for r in run_cycles(team(11), 10):
        sizes = sorted(len(g) for g in r.groups)
        assert sizes == [2, 2, 2, 2, 3]
        trio = [len(g) for g in r.groups].index(3)
        assert "trio (odd number present)" in r.caveats[trio]


def test_one_present_member_is_a_clear_error():
    with pytest.raises(PairingError, match="at least 2"):
        pair_members(team(1), [], PairingConfig(), START, END, 1)
    away = [Member("a", "A"), Member("b", "B", away=(AwayWindow(START, END),))]
    with pytest.raises(PairingError, match="only 1 member present"):
        pair_members(away, [], PairingConfig(), START, END, 1)


def test_empty_roster():
    with pytest.raises(PairingError):
        pair_members([], [], PairingConfig(), START, END, 1)


def test_never_pair_unknown_member_is_named():
    with pytest.raises(PairingError, match="'zed'"):
        pair_members(team(4), [], PairingConfig(never_pair=(("m000", "zed"),)), START, END, 1)


def test_never_pair_impossible_is_relaxed_with_a_warning():
    members = team(2)
    r = pair_members(members, [], PairingConfig(never_pair=(("m000", "m001"),)), START, END, 1)
    assert r.groups == (("m000", "m001"),)
    assert r.warnings and "never_pair" in r.warnings[0]


def test_new_joiners_go_with_tenured_members():
    members = [
        Member("new1", "N1", joined=START - dt.timedelta(days=5)),
        Member("new2", "N2", joined=START - dt.timedelta(days=5)),
        Member("old1", "O1", joined=dt.date(2020, 1, 1)),
        Member("old2", "O2", joined=dt.date(2020, 1, 1)),
    ]
    r = pair_members(
        members, [], PairingConfig(prefer_cross_team=False, new_joiner_days=30), START, END, 3
    )
    for g in r.groups:
        assert not {"new1", "new2"} <= set(g)


def test_caveat_names_recent_meeting():
    members = team(2)
    history = [Cycle(START - dt.timedelta(days=28), START, START, (Group(("m000", "m001")),))]
    r = pair_members(members, history, PairingConfig(), START, END, 1)
    assert any("met last cycle" in c for c in r.caveats[0])


def test_1000_members_are_all_placed():
    r = pair_members(team(1000), [], PairingConfig(), START, END, 1)
    assert sum(len(g) for g in r.groups) == 1000


# --- properties ------------------------------------------------------------------------------

handles = st.lists(
    st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True), min_size=0, max_size=13, unique=True
)


@st.composite
def scenario(draw):
    names = draw(handles)
    members = []
    for h in names:
        away = draw(st.booleans()) and draw(st.integers(0, 4)) == 0
        members.append(
            Member(
                h,
                h,
                team=draw(st.sampled_from(["", "a", "b"])),
                active=draw(st.integers(0, 9)) > 0,
                away=(AwayWindow(START, END),) if away else (),
                joined=draw(
                    st.sampled_from([None, START - dt.timedelta(days=3), dt.date(2020, 1, 1)])
                ),
            )
        )
    never = []
    if len(names) >= 2:
        for _ in range(draw(st.integers(0, 4))):
            a, b = draw(st.lists(st.sampled_from(names), min_size=2, max_size=2, unique=True))
            never.append((a, b))
    history = []
    for c in range(draw(st.integers(0, 4))):
        shuffled = draw(st.permutations(names))
        groups = [tuple(shuffled[i : i + 2]) for i in range(0, len(shuffled) - 1, 2)]
        if groups:
            history.append(
                Cycle(
                    START - dt.timedelta(days=14 * (c + 1)),
                    START,
                    START,
                    tuple(Group(g) for g in groups),
                )
            )
    prefs = PairingConfig(
        prefer_cross_team=draw(st.booleans()),
        new_joiner_days=draw(st.sampled_from([0, 30])),
        never_pair=tuple(never),
    )
    return members, history, prefs, draw(st.integers(0, 2**31))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_pairing_properties(case):
    members, history, prefs, seed = case
    present = [m.handle for m in members if m.active and not m.is_away(START, END)]
    if len(present) < 2:
        with pytest.raises(PairingError):
            pair_members(members, history, prefs, START, END, seed)
        return
    r = pair_members(members, history, prefs, START, END, seed)
    placed = [h for g in r.groups for h in g]
    assert sorted(placed) == sorted(present)  # everyone present exactly once
    assert all(len(g) in (2, 3) for g in r.groups)
    assert sum(len(g) == 3 for g in r.groups) == len(present) % 2  # at most one trio, only when odd
    assert not set(placed) & (set(r.away) | set(r.inactive))
    never = {frozenset(p) for p in prefs.never_pair}
    violated = [
        g for g in r.groups for a, b in itertools.combinations(g, 2) if frozenset((a, b)) in never
    ]
    if violated:  # allowed only when no valid grouping exists at all
        from cskb.pairing.engine import Costs, History

        costs = Costs([m for m in members if m.handle in present], History(), prefs, START)
        assert _valid_by_search(sorted(present), costs, limit=10**7) is None
    again = pair_members(members, history, prefs, START, END, seed)
    assert again == r  # deterministic
