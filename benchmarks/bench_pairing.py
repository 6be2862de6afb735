"""Pairing quality and speed, side by side with a random shuffle and with a per-cycle
maximum-weight matching (networkx's blossom), all fed the same costs.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/bench_pairing.py
Prints:
  1. repeat-free cycles (cycles before the first repeated pair) for stable teams;
  2. repeated pairs over n-1 cycles for a team of 40 where each member is away with
     probability 0.15 per cycle (median over seeds);
  3. seconds per cycle at 200 and 1,000 members (1,000 with 100 cycles of history).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cskb.config import PairingConfig  # noqa: E402
from cskb.models import Cycle, Group, Member  # noqa: E402
from cskb.pairing.engine import Costs, History, _insert_lone, pair_members  # noqa: E402

START = dt.date(2026, 1, 5)
PREFS = PairingConfig(prefer_cross_team=True, new_joiner_days=0)
Strategy = Callable[[list[Member], list[Cycle], dt.date, int], list[tuple[str, ...]]]


def team(n: int) -> list[Member]:
    return [Member(f"m{i:04d}", f"M{i}", team=f"t{i % 4}") for i in range(n)]


def engine(
    members: list[Member], history: list[Cycle], start: dt.date, seed: int
) -> list[tuple[str, ...]]:
    r = pair_members(members, history, PREFS, start, start + dt.timedelta(days=13), seed)
    return list(r.groups)


def shuffle(
    members: list[Member], history: list[Cycle], start: dt.date, seed: int
) -> list[tuple[str, ...]]:
    hs = [m.handle for m in members]
    random.Random(seed).shuffle(hs)
    groups = [hs[i : i + 2] for i in range(0, len(hs) - 1, 2)]
    if len(hs) % 2:
        groups[-1].append(hs[-1])
    return [tuple(g) for g in groups]


def blossom(
    members: list[Member], history: list[Cycle], start: dt.date, seed: int
) -> list[tuple[str, ...]]:
    import networkx as nx

    costs = Costs(members, History.from_cycles(history, start), PREFS, start)
    hs = [m.handle for m in members]
    big = 2_000_000_000
    g = nx.Graph()
    for i, a in enumerate(hs):
        for b in hs[i + 1 :]:
            g.add_edge(a, b, weight=big - costs.pair(a, b))
    if len(hs) % 2:
        for a in hs:
            g.add_edge(a, "__bye__", weight=big)
    matching = nx.max_weight_matching(g, maxcardinality=True)
    pairs = [sorted(p) for p in matching if "__bye__" not in p]
    lone = [a for p in matching if "__bye__" in p for a in p if a != "__bye__"]
    if lone:
        pairs = _insert_lone([list(p) for p in pairs], lone[0], costs)
    return [tuple(p) for p in pairs]


def simulate(
    strategy: Strategy, n: int, cycles: int, away: float = 0.0, seed: int = 0, budget: float = 60.0
) -> tuple[int | None, int, float]:
    """(repeat-free cycles from the start, repeated pairs in all, seconds per cycle); None
    when the strategy ran out of `budget` seconds."""
    members = team(n)
    rng = random.Random(seed)
    history: list[Cycle] = []
    seen: set[frozenset[str]] = set()
    repeat_free: int | None = None
    repeats = 0
    spent = 0.0
    for c in range(cycles):
        start = START + dt.timedelta(days=14 * c)
        present = [m for m in members if rng.random() >= away] if away else members
        t = time.perf_counter()
        groups = strategy(present, history, start, seed * 1000 + c)
        spent += time.perf_counter() - t
        new = [frozenset((a, b)) for g in groups for i, a in enumerate(g) for b in g[i + 1 :]]
        hits = sum(p in seen for p in new)
        repeats += hits
        if hits and repeat_free is None:
            repeat_free = c
        seen.update(new)
        history.append(Cycle(start, start, start, tuple(Group(g) for g in groups)))
        if spent > budget:
            return None, repeats, spent / (c + 1)
    return (cycles if repeat_free is None else repeat_free), repeats, spent / cycles


def fmt(v: object) -> str:
    return "n/a" if v is None else str(v)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5, help="seeds for the absence scenario")
    args = parser.parse_args()
    strategies: dict[str, Strategy] = {"cskb": engine, "shuffle": shuffle, "blossom": blossom}

    print("1. Repeat-free cycles for a stable team (more is better; the optimum for even n is n-1)")
    print(f"{'team':>6} {'cycles run':>10} " + " ".join(f"{k:>10}" for k in strategies))
    for n in (10, 11, 40, 41, 200):
        cycles = n - 1 if n % 2 == 0 else n
        row = []
        for name, s in strategies.items():
            budget = 30.0 if name == "blossom" else 600.0
            free, _, _ = simulate(s, n, cycles, budget=budget)
            row.append(fmt(free))
        print(f"{n:>6} {cycles:>10} " + " ".join(f"{v:>10}" for v in row))

    print(
        "\n2. Repeated pairs over 39 cycles, team of 40, each member away with p=0.15 (median of "
        f"{args.seeds} seeds; fewer is better)"
    )
    print(f"{'':>17} " + " ".join(f"{k:>10}" for k in strategies))
    med = {}
    for name, s in strategies.items():
        med[name] = statistics.median(
            simulate(s, 40, 39, away=0.15, seed=k)[1] for k in range(args.seeds)
        )
    print(f"{'repeated pairs':>17} " + " ".join(f"{med[k]:>10}" for k in strategies))

    print("\n3. Seconds per cycle (median of 3 cycles)")
    for n, hist in ((200, 20), (1000, 100)):
        members = team(n)
        rng = random.Random(1)
        history = []
        for c in range(hist):
            hs = [m.handle for m in members]
            rng.shuffle(hs)
            history.append(
                Cycle(
                    START - dt.timedelta(days=14 * (hist - c)),
                    START,
                    START,
                    tuple(Group(tuple(hs[i : i + 2])) for i in range(0, n - 1, 2)),
                )
            )
        times = []
        for c in range(3):
            t = time.perf_counter()
            engine(members, history, START + dt.timedelta(days=14 * c), c)
            times.append(time.perf_counter() - t)
        blossom_t = "n/a"
        if n <= 200:
            t = time.perf_counter()
            blossom(members, history, START, 0)
            blossom_t = f"{time.perf_counter() - t:.2f}"
        print(
            f"{n:>6} members, {hist:>3} cycles of history: cskb {statistics.median(times):.2f} s, "
            f"blossom {blossom_t} s"
        )


if __name__ == "__main__":
    main()
