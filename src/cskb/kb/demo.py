"""`cskb demo`: a realistic synthetic knowledge base, deterministic for a seed and a date.

It writes a roster, a history of cycles (a round-robin rotation, so the demo does not
depend on the pairing engine's version), the calls, the reviews (mostly English, some
Japanese, Thai, Ukrainian and Norwegian) and coffee records, then commits them in one
commit. It only ever writes into a new or empty folder, and builds the KB in a hidden
temporary folder beside it that is renamed into place once committed: an interrupted
demo leaves the target as it was (a killed one leaves only a hidden `.NAME.cskb-demo-*`
folder to delete), so running it again just works. Files are written without a per-file
fsync: the folder is new, and the commit plus the rename are the unit of success.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import random
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.store import dump_document, dump_yaml, load_yaml_text
from cskb.config import Config, load_config
from cskb.errors import UsageError
from cskb.kb.demo_coaching import add_coaching, write_responses
from cskb.kb.demo_growth import with_levels, write_growth
from cskb.kb.demo_retro import write_retros
from cskb.kb.initkb import init_kb
from cskb.kb.layout import CALLS_DIR, COFFEE_DIR, CYCLES_DIR, REVIEWS_DIR, TEAM_FILE
from cskb.kb.roster import dump_roster
from cskb.models import Cycle, Group, Member
from cskb.pairing.cycles import cycle_bounds, cycle_path, cycle_start_for, dump_cycle

PEOPLE = [
    ("ana", "Ana Lima"),
    ("bjorn", "Bjørn Haugen"),
    ("chen", "Chen Wei"),
    ("dana", "Dana Kovalenko"),
    ("emeka", "Emeka Obi"),
    ("fatima", "Fatima Zahra"),
    ("giulia", "Giulia Rossi"),
    ("hana", "Hana Sato"),
    ("ingrid", "Ingrid Solberg"),
    ("jonas", "Jonas Berg"),
    ("kateryna", "Kateryna Shevchenko"),
    ("lars", "Lars Nilsen"),
    ("mai", "Mai Tanaka"),
    ("niran", "Niran Chaiyasit"),
    ("olena", "Olena Bondar"),
    ("priya", "Priya Nair"),
    ("quentin", "Quentin Morel"),
    ("rosa", "Rosa Díaz"),
    ("somchai", "Somchai Srisuk"),
    ("tomoko", "Tomoko Ito"),
    ("ulrik", "Ulrik Dahl"),
    ("valeria", "Valeria Gómez"),
    ("wei", "Wei Zhang"),
    ("yuki", "Yuki Mori"),
    ("zanele", "Zanele Dlamini"),
]
TEAMS = ["emea", "amer", "apac"]
CUSTOMERS = [
    "Acme Analytics",
    "Borealis Foods",
    "Cobalt Health",
    "Delta Freight",
    "Evergreen Bank",
    "Fjord Energy",
    "Granite Insurance",
    "Harbor Retail",
    "Ion Robotics",
    "Juniper Media",
    "Kestrel Airlines",
    "Lumen Schools",
    "Meridian Pharma",
    "Nordic Telecom",
    "Orchid Hotels",
    "Pioneer Logistics",
    "Quartz Security",
    "Riverbend Utilities",
    "Sakura Trading",
    "Tundra Mining",
]
TOPICS = [
    "data strategy",
    "renewal",
    "onboarding",
    "expansion",
    "churn risk",
    "adoption",
    "executive alignment",
    "integration",
    "pricing",
    "quarterly business review",
]
PRODUCTS = ["analytics", "platform", "connectors", "mobile", "billing"]
LANG_WEIGHTS = [("en", 80), ("ja", 5), ("th", 5), ("uk", 5), ("no", 5)]
SECTIONS = ("agenda", "control", "next_steps")


@dataclass(frozen=True)
class DemoResult:
    root: Path
    members: int
    cycles: int
    calls: int
    reviews: int
    coffees: int
    commit: vcs.CommitResult | None


def _pools() -> dict[str, dict[str, Any]]:
    text = resources.files("cskb.resources").joinpath("demo_text.yaml").read_text(encoding="utf-8")
    data = load_yaml_text(text)
    assert isinstance(data, dict)
    return data


def _members(rng: random.Random, n: int, first_cycle: dt.date) -> list[Member]:
    out = []
    for i in range(n):
        base, name = PEOPLE[i % len(PEOPLE)]
        k = i // len(PEOPLE)
        handle = base if k == 0 else f"{base}-{k + 1}"
        team = TEAMS[i % len(TEAMS)]
        role = "manager" if i < len(TEAMS) else "csm"
        recent = rng.random() < 0.1
        joined = first_cycle - dt.timedelta(
            days=rng.randint(5, 60) if recent else rng.randint(200, 1500)
        )
        out.append(
            Member(
                handle,
                name if k == 0 else f"{name} {k + 1}",
                f"{handle}@example.com",
                team,
                role,
                joined,
            )
        )
    return out


def _rotation(handles: list[str], r: int) -> list[tuple[str, ...]]:
    """Round r of the circle method; an odd count puts the one left over into a trio."""
    people = list(handles)
    odd = len(people) % 2 == 1
    if odd:
        people.append("")
    n = len(people)
    r %= n - 1
    fixed, rest = people[0], people[1:]
    rest = rest[r:] + rest[:r]
    ring = [fixed, *rest]
    groups = [[ring[i], ring[n - 1 - i]] for i in range(n // 2)]
    if odd:
        lone = next(g for g in groups if "" in g)
        groups.remove(lone)
        single = lone[0] or lone[1]
        groups[-1].append(single)
    return [tuple(g) for g in groups]


def _fill(text: str, **kw: str) -> str:
    for key, value in kw.items():
        text = text.replace("{" + key + "}", value)
    return text


def make_demo(
    root: Path,
    today: dt.date,
    members: int = 12,
    cycles: int | None = None,
    reviews: int | None = None,
    seed: int = 7,
) -> DemoResult:
    """Write a demo KB into the new or empty folder `root` and commit it."""
    if members < 2:
        raise UsageError("--members must be at least 2")
    if reviews is not None and reviews < 0:
        raise UsageError("--reviews must be 0 or more")
    if cycles is None:
        cycles = max(1, math.ceil((reviews or 0) / members)) if reviews else 6
    if cycles < 1:
        raise UsageError("--cycles must be at least 1")
    if reviews is not None and reviews > members * cycles:
        raise UsageError(
            f"--reviews {reviews} is more than {members} members x {cycles} cycles can write; "
            "raise --members or --cycles, or leave --cycles out"
        )
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UsageError(
            f"{root}: exists and is not empty; `cskb demo` writes only into a new or empty "
            "folder: pick another path (or, if it is a demo KB you no longer want, delete it)"
        )
    target = Path(os.path.abspath(root))
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.cskb-demo-", dir=target.parent))
    try:
        result = _build(work, today, members, cycles, reviews, seed)
        if target.exists():
            target.rmdir()  # empty, checked above; fails (and keeps it) if it filled up since
        os.rename(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return dataclasses.replace(result, root=target.resolve())


def _build(
    root: Path, today: dt.date, members: int, cycles: int, reviews: int | None, seed: int
) -> DemoResult:
    init_kb(root, commit=True, own_repo=True)
    root = root.resolve()
    config = load_config(root / "cskb.toml")
    rng = random.Random(seed)
    pools = _pools()
    current = cycle_start_for(today, config.cycle)
    starts = [
        current - dt.timedelta(days=config.cycle.cadence_days * (cycles - 1 - i))
        for i in range(cycles)
    ]
    team = with_levels(_members(rng, members, starts[0]))
    (root / TEAM_FILE).write_text(dump_roster(team), encoding="utf-8")
    handles = [m.handle for m in team]
    first_names = {m.handle: m.name.split()[0] for m in team}
    order = handles[:]
    rng.shuffle(order)
    budget = members * cycles if reviews is None else reviews
    counts = {"calls": 0, "reviews": 0, "coffees": 0}
    # reviewee -> their last goal (id, text), followed up in the next review of their call
    goals: dict[str, tuple[str, str]] = {}
    made: list[Cycle] = []
    for ci, start in enumerate(starts):
        end, due = cycle_bounds(start, config.cycle)
        groups = _rotation(order, ci)
        cycle = Cycle(
            start, end, due, tuple(Group(g) for g in groups), seed=seed, algorithm="cskb-demo/1"
        )
        (root / CYCLES_DIR).mkdir(exist_ok=True)
        cycle_path(root / CYCLES_DIR, start).write_text(dump_cycle(cycle), encoding="utf-8")
        made.append(cycle)
        is_current = start == current
        budget = _write_cycle(
            root,
            config,
            cycle,
            rng,
            pools,
            first_names,
            is_current,
            budget,
            counts,
            exact=reviews is not None,
            today=today,
            goals=goals,
        )
    paths = [root / p for p in (TEAM_FILE, CYCLES_DIR, CALLS_DIR, REVIEWS_DIR, COFFEE_DIR)]
    paths += write_growth(root, team, today, seed)
    paths += write_retros(root, made, today, seed)
    commit = vcs.commit_paths(root, paths, f"cskb: demo data ({members} members, {cycles} cycles)")
    return DemoResult(
        root, members, cycles, counts["calls"], counts["reviews"], counts["coffees"], commit
    )


def _write_cycle(
    root: Path,
    config: Config,
    cycle: Cycle,
    rng: random.Random,
    pools: dict[str, dict[str, Any]],
    first_names: dict[str, str],
    is_current: bool,
    budget: int,
    counts: dict[str, int],
    exact: bool,
    today: dt.date,
    goals: dict[str, tuple[str, str]],
) -> int:
    """Write one cycle's calls, reviews and coffee records; returns the review budget left.

    With an exact review count every call is submitted; otherwise a few past items are
    missing (as in a real team) and the current cycle is about half done."""
    cid = cycle.id
    calls_dir = root / CALLS_DIR / cid
    reviews_dir = root / REVIEWS_DIR / cid
    calls_dir.mkdir(parents=True, exist_ok=True)
    calls: dict[str, dict[str, Any]] = {}
    for group in cycle.groups:
        for handle in group.members:
            if exact or rng.random() < (0.6 if is_current else 0.97):
                day = cycle.start + dt.timedelta(days=rng.randint(0, 6))
                topic_tags = rng.sample(TOPICS, rng.randint(1, 2))
                call = {
                    "cycle": cycle.start,
                    "member": handle,
                    "url": f"https://recordings.example.com/calls/{cid}/{handle}",
                    "customer": rng.choice(CUSTOMERS),
                    "date": day,
                    "tags": topic_tags,
                    "products": rng.sample(PRODUCTS, rng.randint(1, 2)),
                    "note": "",
                    "submitted": dt.datetime.combine(day, dt.time(17, 0), dt.UTC).isoformat(),
                }
                calls[handle] = call
                (calls_dir / f"{handle}.yaml").write_text(dump_yaml(call), encoding="utf-8")
                counts["calls"] += 1
    for group in cycle.groups:
        wrote = 0
        for reviewer in group.members:
            reviewee = cycle.reviewee_of(reviewer)
            assert reviewee is not None
            if budget <= 0 or reviewee not in calls:
                continue
            if not exact and rng.random() < (0.4 if is_current else 0.03):
                continue
            status = "draft" if is_current and rng.random() < 0.5 else "complete"
            text = _review_text(
                config, cycle, reviewer, reviewee, calls[reviewee], status, rng, pools, first_names
            )
            reviews_dir.mkdir(parents=True, exist_ok=True)
            path = reviews_dir / f"{reviewer}-reviews-{reviewee}.md"
            responses: dict[str, str] = {}
            if status == "complete":
                text, responses = add_coaching(
                    text, f"{REVIEWS_DIR}/{cid}/{path.name}", today, config, goals
                )
            path.write_text(text, encoding="utf-8")
            write_responses(path, responses)
            counts["reviews"] += 1
            budget -= 1
            wrote += 1
        if wrote and rng.random() < (0.3 if is_current else 0.85):
            coffee_dir = root / COFFEE_DIR / cycle.id
            coffee_dir.mkdir(parents=True, exist_ok=True)
            names = sorted(group.members)
            record = {
                "cycle": cycle.start,
                "members": names,
                "date": cycle.start + dt.timedelta(days=rng.randint(7, 12)),
                "note": "",
                "recorded_by": names[0],
            }
            (coffee_dir / f"{'--'.join(names)}.yaml").write_text(
                dump_yaml(record), encoding="utf-8"
            )
            counts["coffees"] += 1
    return budget


def _review_text(
    config: Config,
    cycle: Cycle,
    reviewer: str,
    reviewee: str,
    call: dict[str, Any],
    status: str,
    rng: random.Random,
    pools: dict[str, dict[str, Any]],
    first_names: dict[str, str],
) -> str:
    lang = rng.choices([lw[0] for lw in LANG_WEIGHTS], [lw[1] for lw in LANG_WEIGHTS])[0]
    pool = pools[lang]
    topic = call["tags"][0]
    kw = {
        "name": first_names[reviewee],
        "customer": call["customer"],
        "topic": topic,
        "product": call["products"][0],
    }
    title = _fill(pool["title"], **kw)
    scores: dict[str, Any] = {}
    parts = [f"# {title}\n"]
    for crit in config.rubric:
        section = crit.key if crit.key in SECTIONS else SECTIONS[len(parts) % 3]
        sentences = rng.sample(pool[section], min(2, len(pool[section])))
        if crit.scale.yes_no:
            scores[crit.key] = rng.random() < 0.7
        else:
            scores[crit.key] = rng.randint(max(crit.scale.lo, crit.scale.hi - 3), crit.scale.hi)
        draft_gap = status == "draft" and rng.random() < 0.5
        if draft_gap:
            scores[crit.key] = None
            evidence = "_Replace this line with evidence: what was said, when, and its effect._"
        else:
            evidence = " ".join(_fill(s, **kw) for s in sentences)
        parts.append(
            f"## {crit.title}\n<!-- criterion: {crit.key} -->\n> {crit.question} ({crit.scale})\n\n{evidence}\n"
        )
    parts.append(f"## What went well\n\n{_fill(rng.choice(pool['well']), **kw)}\n")
    parts.append(f"## What to try next time\n\n{_fill(rng.choice(pool['next_time']), **kw)}\n")
    meta = {
        "title": title,
        "cycle": cycle.start,
        "reviewer": reviewer,
        "reviewee": reviewee,
        "call": {"url": call["url"], "customer": call["customer"], "date": call["date"]},
        "tags": list(call["tags"]),
        "products": list(call["products"]),
        "scores": scores,
        "status": status,
    }
    if status == "complete":  # when it was finished (read by `cskb stats`); no rng draw
        meta["completed"] = call["date"] + dt.timedelta(
            days=2 + (len(reviewer) * 7 + len(reviewee)) % 11
        )
    return dump_document(meta, "\n".join(parts))
