"""A round in a real KB: a cycle with a pair and a trio, written as a cycle file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cskb.adapters.fsio import atomic_write
from cskb.config import CycleConfig
from cskb.kb.roster import dump_roster, load_roster
from cskb.models import Cycle, Group, Member
from cskb.pairing.cycles import cycle_bounds, dump_cycle
from tests.helpers import git

START = dt.date(2026, 11, 9)  # the cycle containing the fixture's today (2026-11-22)
URL = "https://rec.example.com/c/{}"


def add_members(kb: Path, *members: Member) -> None:
    roster = load_roster(kb / "team.yaml")
    atomic_write(kb / "team.yaml", dump_roster([*roster, *members]))
    git(kb, "commit", "-qam", "test: more members")


def set_slack_ids(kb: Path, ids: dict[str, str]) -> None:
    import dataclasses

    roster = [
        dataclasses.replace(m, slack_id=ids.get(m.handle, m.slack_id))
        for m in load_roster(kb / "team.yaml")
    ]
    atomic_write(kb / "team.yaml", dump_roster(roster))
    git(kb, "commit", "-qam", "test: slack ids")


def write_cycle(
    kb: Path, groups: list[tuple[str, ...]], start: dt.date = START, away: tuple[str, ...] = ()
) -> Cycle:
    end, due = cycle_bounds(start, CycleConfig())
    cycle = Cycle(start, end, due, tuple(Group(g) for g in groups), away=away)
    path = kb / "cycles" / f"{start}.yaml"
    path.parent.mkdir(exist_ok=True)
    atomic_write(path, dump_cycle(cycle))
    git(kb, "add", "cycles")
    git(kb, "commit", "-qm", f"test: cycle {start}")
    return cycle


def submit(cli, who: str, cycle: dt.date = START) -> None:
    r = cli(
        "--as", who, "call", "submit", "--url", URL.format(who), "--customer", "Acme",
        "--cycle", str(cycle),
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
