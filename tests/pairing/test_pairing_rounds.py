"""The circle method's round arithmetic, which lets large teams rank rounds without
pricing every pair of every round."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from cskb.config import PairingConfig
from cskb.models import Cycle, Group, Member
from cskb.pairing import engine
from cskb.pairing.engine import Costs, History, circle_round, round_of, stable_order

START = dt.date(2026, 1, 5)


@pytest.mark.parametrize("n", [2, 4, 10, 11, 40, 131])
def test_round_of_names_the_round_where_two_people_meet(n: int):
    people = stable_order(f"m{i}" for i in range(n))
    if len(people) % 2:
        people.append("")
    m = len(people) - 1
    index = {h: i - 1 for i, h in enumerate(people) if h}
    seen = set()
    for r in range(m):
        for a, b in circle_round(people, r):
            if a and b:
                assert round_of(index, m, a, b) == r == round_of(index, m, b, a)
                seen.add(frozenset((a, b)))
    assert len(seen) == len(index) * (len(index) - 1) // 2  # every pair meets exactly once


def _history(members: list[Member], cycles: int, seed: int) -> list[Cycle]:
    rng = random.Random(seed)
    out = []
    for c in range(cycles):
        hs = [m.handle for m in members]
        rng.shuffle(hs)
        start = START - dt.timedelta(days=14 * (cycles - c))
        out.append(
            Cycle(
                start,
                start,
                start,
                tuple(Group(tuple(hs[i : i + 2])) for i in range(0, len(hs) - 1, 2)),
            )
        )
    return out


def test_large_teams_rank_rounds_by_their_repeats(monkeypatch: pytest.MonkeyPatch):
    """With ranking on, the round chosen is the cheapest of all rounds priced in full."""
    members = [Member(f"m{i:03d}", f"M{i}", team=f"t{i % 3}") for i in range(90)]
    history = History.from_cycles(_history(members, 12, 3), START)
    costs = Costs(members, history, PairingConfig(), START)
    handles = [m.handle for m in members]
    far = 10**9
    monkeypatch.setattr(engine, "FULL_SCAN", 10**6)
    full = engine.circle_candidate(handles, costs, far)
    monkeypatch.setattr(engine, "FULL_SCAN", 8)
    ranked = engine.circle_candidate(handles, costs, far)
    assert costs.total(ranked) == costs.total(full)
