"""The pairing engine: present members + history + preferences + seed -> groups with caveats.

Pure: no files, no git. What it optimises (see docs/pairing.md):

1. never-pair lists hold whenever any valid grouping exists (cost `FORBIDDEN`);
2. as few repeated partners as possible, and among repeats the pair that has met the
   fewest times, then longest ago (`REPEAT` per earlier meeting plus a recency term);
3. cross-team pairs and new joiners with tenured members (small preference costs);
4. ties broken by the seed, so the same inputs always give the same groups.

First it tries the cheapest round of the circle-method round-robin over a fixed,
cycle-independent order of the members: when that round has no repeat it is taken as it
is, which gives a stable team of even size n all n-1 repeat-free cycles. Otherwise both
that round and a greedy matching (most constrained member first, sampled partners) are
improved by local search, which swaps members between two groups (2-opt, the trio
included) while that lowers the total cost, and the cheaper result wins. Everything is O(n * k) per pass, so 1,000 members take well
under a second; an exact general matching (blossom) is O(n^3) and too slow in Python.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cskb.config import PairingConfig
from cskb.errors import PairingError
from cskb.models import Cycle, Member
from cskb.pairing.costs import FORBIDDEN as FORBIDDEN
from cskb.pairing.costs import RECENCY as RECENCY
from cskb.pairing.costs import REPEAT as REPEAT
from cskb.pairing.costs import SAME_TEAM as SAME_TEAM
from cskb.pairing.costs import TRIO_AGAIN as TRIO_AGAIN
from cskb.pairing.costs import TWO_NEW as TWO_NEW
from cskb.pairing.costs import Costs as Costs
from cskb.pairing.costs import History as History

ALGORITHM = "cskb-pair/1"
SAMPLE = 40  # partners looked at per member by the greedy candidate


@dataclass(frozen=True)
class PairingResult:
    """Groups for one cycle and what could not be ideal about them."""

    groups: tuple[tuple[str, ...], ...]
    caveats: tuple[tuple[str, ...], ...]  # one tuple of caveat lines per group
    away: tuple[str, ...]
    inactive: tuple[str, ...]
    warnings: tuple[str, ...]
    cost: int
    repeats: int


def stable_order(handles: Iterable[str]) -> list[str]:
    """A fixed order that does not depend on the cycle, so circle rounds line up over time."""
    return sorted(handles, key=lambda h: (hashlib.sha256(h.encode()).hexdigest(), h))


def _insert_lone(pairs: list[list[str]], lone: str, costs: Costs) -> list[list[str]]:
    best = min(range(len(pairs)), key=lambda i: (costs.group([*pairs[i], lone]), i))
    pairs[best] = [*pairs[best], lone]
    return pairs


FULL_SCAN = 64  # rounds of the circle method priced in full; more are ranked first


def circle_round(people: list[str], r: int) -> list[list[str]]:
    """Round `r` of the circle method: people[0] stays, the others rotate by `r`."""
    n = len(people)
    ring = [people[0], *people[1:][r:], *people[1:][:r]]
    return [[ring[i], ring[n - 1 - i]] for i in range(n // 2)]


def round_of(people_index: dict[str, int], m: int, a: str, b: str) -> int:
    """The circle round (0..m-1) in which `a` and `b` meet; `people_index` gives each
    rotating person's index (0..m-1) and -1 for the fixed one; `m` (odd) is the rounds.

    In round r the rotating person x sits at 1 + (x - r) mod m and meets the one whose
    place adds up with it to m; so x and y meet when x + y + 2 = 2r (mod m), and the fixed
    person meets x when x + 1 = r (mod m). 2 is invertible because m is odd."""
    x, y = people_index[a], people_index[b]
    if x < 0 or y < 0:
        return (max(x, y) + 1) % m
    return (x + y + 2) * ((m + 1) // 2) % m


def _candidate_rounds(people: list[str], costs: Costs) -> list[int]:
    """The rounds worth pricing in full: all of them for small teams; for large ones the
    FULL_SCAN rounds holding the least cost of pairs that met before or must never meet
    (each such pair falls in exactly one round, so this costs O(history), not O(n^2))."""
    m = len(people) - 1
    if m <= FULL_SCAN:
        return list(range(m))
    index = {h: i - 1 for i, h in enumerate(people) if h}
    half = (m + 1) // 2
    hard = [0] * m
    weighted: list[tuple[frozenset[str], int]] = [
        (pair, times) for pair, (times, _) in costs.history.met.items()
    ]
    weighted += [(pair, FORBIDDEN) for pair in costs.never if len(pair) == 2]
    for pair, times in weighted:
        a, b = pair
        x, y = index.get(a), index.get(b)
        if x is None or y is None:
            continue
        r = (max(x, y) + 1) % m if x < 0 or y < 0 else (x + y + 2) * half % m
        hard[r] += times  # same as round_of(index, m, a, b), inlined: this loop is hot
    return sorted(range(m), key=lambda r: (hard[r], r))[:FULL_SCAN]


def circle_candidate(handles: list[str], costs: Costs, deadline: float) -> list[list[str]]:
    """The cheapest round of the circle method over a cycle-independent order."""
    people = stable_order(handles)
    odd = len(people) % 2 == 1
    if odd:
        people.append("")
    best: list[list[str]] | None = None
    best_key = (-1, -1)
    for r in _candidate_rounds(people, costs):
        groups = circle_round(people, r)
        key = (sum(costs.pair(a, b) for a, b in groups if a and b), r)
        if best is None or key < best_key:
            best, best_key = groups, key
            if key[0] == 0:
                break
        if time.monotonic() > deadline:
            break
    assert best is not None
    pairs = [g for g in best if g[0] and g[1]]
    if odd:
        lone = next(a or b for a, b in best if not (a and b))
        pairs = _insert_lone(pairs, lone, costs)
    return pairs


def greedy_candidate(handles: list[str], costs: Costs, rng: random.Random) -> list[list[str]]:
    """Most constrained member first, each takes the cheapest of a sample of partners."""
    order = handles[:]
    rng.shuffle(order)
    burden = (
        {h: sum(1 for o in handles if o != h and costs.pair(h, o) >= REPEAT) for h in handles}
        if len(handles) <= 200
        else {h: 0 for h in handles}
    )
    order.sort(key=lambda h: -burden[h])
    free = set(handles)
    pool = handles[:]
    groups: list[list[str]] = []
    lone = None
    for a in order:
        if a not in free:
            continue
        free.discard(a)
        if not free:
            lone = a
            break
        if len(free) <= SAMPLE * 2:
            options = sorted(free)
        else:
            options = [p for p in rng.sample(pool, min(len(pool), SAMPLE * 3)) if p in free][
                :SAMPLE
            ]
            if not options:
                options = sorted(free)
        b = min(options, key=lambda o: (costs.pair(a, o), o))
        free.discard(b)
        groups.append([a, b])
    if lone is not None:
        groups = _insert_lone(groups, lone, costs)
    return groups


def improve(groups: list[list[str]], costs: Costs, deadline: float) -> list[list[str]]:
    """Swap members between two groups while that lowers the total cost."""
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        bad = [i for i, g in enumerate(groups) if costs.group(g) > 0]
        for i in bad:
            gi = groups[i]
            base_i = costs.group(gi)
            if base_i == 0:
                continue
            best_gain, best_move = 0, None
            for j, gj in enumerate(groups):
                if j == i:
                    continue
                base = base_i + costs.group(gj)
                for x in range(len(gi)):
                    for y in range(len(gj)):
                        ni = [*gi[:x], gj[y], *gi[x + 1 :]]
                        nj = [*gj[:y], gi[x], *gj[y + 1 :]]
                        gain = base - costs.group(ni) - costs.group(nj)
                        if gain > best_gain:
                            best_gain, best_move = gain, (j, ni, nj)
            if best_move is not None:
                j, ni, nj = best_move
                groups[i], groups[j] = ni, nj
                improved = True
            if time.monotonic() > deadline:
                break
    return groups


def _valid_by_search(
    handles: list[str], costs: Costs, limit: int = 200_000
) -> list[list[str]] | None:
    """Backtracking for a grouping with no forbidden pair (used when local search left one)."""
    steps = 0
    odd = len(handles) % 2 == 1

    def allowed(a: str, b: str) -> bool:
        return costs.pair(a, b) < FORBIDDEN

    def solve(free: list[str], trio_used: bool) -> list[list[str]] | None:
        nonlocal steps
        steps += 1
        if steps > limit:
            return None
        if not free:
            return [] if (trio_used or not odd) else None
        a = min(free, key=lambda h: (sum(allowed(h, o) for o in free if o != h), h))
        rest = [h for h in free if h != a]
        for b in sorted((o for o in rest if allowed(a, o)), key=lambda o: (costs.pair(a, o), o)):
            rest_b = [h for h in rest if h != b]
            if odd and not trio_used:
                for c in sorted(
                    (o for o in rest_b if allowed(a, o) and allowed(b, o)), key=lambda o: o
                ):
                    sub = solve([h for h in rest_b if h != c], True)
                    if sub is not None:
                        return [[a, b, c], *sub]
            if len(rest_b) % 2 == 1 and trio_used or len(rest_b) != 1 or not odd:
                sub = solve(rest_b, trio_used)
                if sub is not None:
                    return [[a, b], *sub]
        return None

    return solve(sorted(handles), False)


def _present(
    members: Sequence[Member], start: dt.date, end: dt.date
) -> tuple[list[Member], list[str], list[str]]:
    present, away, inactive = [], [], []
    for m in sorted(members, key=lambda m: m.handle):
        if not m.active:
            inactive.append(m.handle)
        elif m.is_away(start, end):
            away.append(m.handle)
        else:
            present.append(m)
    return present, away, inactive


def pair_members(
    members: Sequence[Member],
    history_cycles: Iterable[Cycle],
    prefs: PairingConfig,
    start: dt.date,
    end: dt.date,
    seed: int,
    time_budget: float = 1.2,
) -> PairingResult:
    """Group the members present from `start` to `end` into pairs and at most one trio."""
    present, away, inactive = _present(members, start, end)
    known = {m.handle for m in members}
    warnings: list[str] = []
    for a, b in prefs.never_pair:
        for h in (a, b):
            if h not in known:
                raise PairingError(
                    f"cskb.toml: [pairing] never_pair names {h!r}, who is not in team.yaml; fix the handle or remove it"
                )
    if not members:
        raise PairingError("team.yaml has no members yet; add at least two with `cskb team add`")
    if len(present) < 2:
        who = present[0].handle if present else "nobody"
        raise PairingError(
            f"only {len(present)} member present from {start} to {end} ({who}); at least 2 are needed "
            "(check `cskb team list` for who is away or inactive)"
        )
    handles = [m.handle for m in present]
    history = History.from_cycles(history_cycles, start)
    costs = Costs(present, history, prefs, start)
    rng = random.Random(seed)
    deadline = time.monotonic() + time_budget
    circle = circle_candidate(handles, costs, deadline)
    if all(costs.group(g) < REPEAT for g in circle):
        # A repeat-free round of the fixed schedule: keep to the schedule, so that a stable
        # team gets all n-1 repeat-free rounds (local search would break the structure).
        groups = circle
    else:
        half = deadline - (deadline - time.monotonic()) / 2
        greedy = improve(greedy_candidate(handles, costs, rng), costs, half)
        if costs.total(greedy) == 0:  # nothing can beat it: skip improving the circle round
            groups = greedy
        else:
            groups = min(
                (improve([list(g) for g in circle], costs, deadline), greedy), key=costs.total
            )
    if any(costs.group(g) >= FORBIDDEN for g in groups) and len(handles) <= 60:
        found = _valid_by_search(handles, costs)
        if found is not None:
            groups = improve(found, costs, time.monotonic() + time_budget / 2)
    if any(costs.group(g) >= FORBIDDEN for g in groups):
        warnings.append(
            "never_pair could not hold for everyone present: no valid grouping exists this cycle"
        )
    groups = [_orient(g) for g in groups]
    groups.sort(key=lambda g: g[0])
    caveats = tuple(tuple(_caveats(g, costs, len(handles) % 2 == 1)) for g in groups)
    repeats = sum(
        1
        for g in groups
        for x in range(len(g))
        for y in range(x + 1, len(g))
        if history.ago(g[x], g[y])[0]
    )
    return PairingResult(
        groups=tuple(tuple(g) for g in groups),
        caveats=caveats,
        away=tuple(away),
        inactive=tuple(inactive),
        warnings=tuple(warnings),
        cost=costs.total(groups),
        repeats=repeats,
    )


def _orient(g: list[str]) -> list[str]:
    """Alphabetical pair; a trio starts at its alphabetically first member (a->b->c->a)."""
    if len(g) == 2:
        return sorted(g)
    first = min(range(3), key=lambda i: g[i])
    return g[first:] + g[:first]


def _caveats(g: list[str], costs: Costs, odd: bool) -> list[str]:
    out: list[str] = []
    if len(g) == 3:
        out.append("trio (odd number present)")
    for x in range(len(g)):
        for y in range(x + 1, len(g)):
            a, b = g[x], g[y]
            if frozenset((a, b)) in costs.never:
                out.append(f"{a} and {b} are on a never-pair list (no valid grouping without it)")
            times, ago = costs.history.ago(a, b)
            if times:
                when = "last cycle" if ago == 1 else f"{ago} cycles ago"
                again = "" if times == 1 else f" ({times} times before)"
                out.append(f"{a} and {b} met {when}{again}")
            ma, mb = costs.by_handle[a], costs.by_handle[b]
            if costs.cross and ma.team and ma.team == mb.team:
                out.append(f"{a} and {b} are both in team {ma.team}")
            if a in costs.new and b in costs.new:
                out.append(f"{a} and {b} are both new joiners")
    return out


def default_seed(start: dt.date) -> int:
    """A seed derived from the cycle date, so re-running a cycle gives the same groups."""
    return int.from_bytes(hashlib.sha256(f"cskb:{start.isoformat()}".encode()).digest()[:4], "big")
