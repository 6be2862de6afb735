"""Members paused for inactivity, on a 40-member history in a real git KB: left out after N
cycles with the reason printed, brought back by `team back` and by activity."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cskb.adapters.store import dump_yaml
from cskb.models import Member
from tests.helpers import git
from tests.round.helpers import add_members, submit, write_cycle

STARTS = [dt.date(2026, 10, 12), dt.date(2026, 10, 26), dt.date(2026, 11, 9)]
IDLE, COFFEE_ONLY, LATE = "m07", "m13", "m21"


@pytest.fixture
def history(kb: Path) -> Path:
    add_members(
        kb,
        *(Member(f"m{i:02d}", f"Member {i}", f"m{i:02d}@example.com", "emea", "csm", None)
          for i in range(4, 40)),
    )  # fmt: skip
    handles = ["ana", "bo", "chen", "dana", *(f"m{i:02d}" for i in range(4, 40))]
    for k, start in enumerate(STARTS):
        order = handles[k:] + handles[:k]  # other partners every cycle
        pairs = [tuple(order[i : i + 2]) for i in range(0, 40, 2)]
        write_cycle(kb, pairs, start=start)
        for h in handles:
            if h in (IDLE, COFFEE_ONLY, LATE):
                continue
            path = kb / "calls" / str(start) / f"{h}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            data = {
                "cycle": start,
                "member": h,
                "url": "https://rec.example.com/x",
                "customer": "Acme",
            }
            path.write_text(dump_yaml(data), encoding="utf-8")
        if k == 0:  # COFFEE_ONLY had a coffee in the oldest of the three cycles
            group = next(p for p in pairs if COFFEE_ONLY in p)
            path = kb / "coffee" / str(start) / f"{'--'.join(sorted(group))}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump_yaml({"cycle": start, "members": sorted(group)}), encoding="utf-8")
    git(kb, "add", "-A")
    git(kb, "commit", "-qm", "test: three cycles of history")
    return kb


def plan(cli, *args: str) -> dict:
    r = cli("pair", "--dry-run", "--json", *args)
    assert r.exit_code == 0, r.stderr
    return {**json.loads(r.stdout), "stderr": r.stderr}


def grouped(result: dict) -> set[str]:
    return {h for g in result["groups"] for h in g["members"]}


def test_left_out_with_the_reason_and_brought_back(history: Path, cli):
    first = plan(cli)
    assert first["cycle"] == "2026-11-23"
    assert [p["member"] for p in first["paused"]] == [IDLE, LATE]
    reason = first["paused"][0]["reason"]
    assert "no call, review or coffee in the last 3 cycles" in reason
    assert "2026-10-12, 2026-10-26, 2026-11-09" in reason and f"cskb team back {IDLE}" in reason
    assert f"left out {IDLE}: no call, review or coffee" in first["stderr"]
    assert IDLE not in grouped(first) and LATE not in grouped(first)
    assert COFFEE_ONLY in grouped(first) and len(grouped(first)) == 38
    assert {IDLE, LATE} <= set(first["inactive"])
    # --include-inactive: this once
    everyone = plan(cli, "--include-inactive")
    assert everyone["paused"] == [] and len(grouped(everyone)) == 40
    # team back: paired again
    r = cli("team", "back", IDLE)
    assert r.exit_code == 0 and "paired again" in r.stdout, r.stderr
    assert "back_on: 2026-11-22" in (history / "team.yaml").read_text(encoding="utf-8")
    assert [p["member"] for p in plan(cli)["paused"]] == [LATE]
    # any activity of theirs: a call (here, late, for the last cycle)
    submit(cli, LATE, STARTS[-1])
    last = plan(cli)
    assert last["paused"] == [] and len(grouped(last)) == 40
    r = cli("pair")
    assert r.exit_code == 0 and "left out" not in r.stderr, r.stderr


def test_a_pause_is_not_counted_against_the_partners(history: Path, cli):
    partner = next(
        h for g in json.loads(cli("cycle", "show", "--json").stdout)["groups"]
        for h in g["members"] if IDLE in g["members"] and h != IDLE
    )  # fmt: skip
    owed = json.loads(cli("remind", "--member", partner, "--json").stdout)["people"]
    kinds = [o["kind"] for p in owed for o in p["owes"]]
    assert "review" not in kinds  # nothing to review: the idle member sent no call
    assert "review" in [
        o["kind"] for p in json.loads(cli("remind", "--member", IDLE, "--json").stdout)["people"]
        for o in p["owes"]
    ]  # fmt: skip


def test_inactive_after_zero_turns_it_off(history: Path, cli):
    toml = history / "cskb.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("inactive_after = 3", "inactive_after = 0"),
        encoding="utf-8",
    )
    assert plan(cli)["paused"] == []
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("inactive_after = 0", "inactive_after = -1"),
        encoding="utf-8",
    )
    r = cli("pair", "--dry-run")
    assert r.exit_code == 2 and "inactive_after" in r.stderr
