"""Both partners record the same coffee on their own clones: `cskb sync` merges the two
records into one, whichever syncs first, and nothing either wrote is lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git
from tests.reviews.test_calls import write_cycle


def run(where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cskb", *args],
        cwd=where,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def two_clones(tmp_path: Path, kb: Path):
    write_cycle(kb)  # ana + bo, chen + dana
    git(kb, "add", "-A")
    git(kb, "commit", "-qm", "the cycle")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(kb, "remote", "add", "origin", str(remote))
    git(kb, "push", "-q", "-u", "origin", "main")
    other = tmp_path / "bo-clone"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    return kb, other, remote


@pytest.mark.parametrize("first", ["ana", "bo"])
def test_the_same_coffee_recorded_on_two_clones_syncs_without_a_conflict(two_clones, first):
    ana, bo, remote = two_clones
    clones = {"ana": ana, "bo": bo}
    notes = {"ana": "Talked through the agenda slide", "bo": "Agreed to try a recap email"}
    for who, where in clones.items():
        r = run(where, "--as", who, "coffee", "done", "--note", notes[who])
        assert r.returncode == 0, r.stderr
    second = "bo" if first == "ana" else "ana"
    for who in (first, second, first):
        r = run(clones[who], "sync")
        assert r.returncode == 0, r.stderr
    records = {}
    for who, where in clones.items():
        (path,) = (where / "coffee").rglob("*.yaml")
        records[who] = path.read_text(encoding="utf-8")
        assert git(where, "status", "--porcelain").strip() == ""
    assert records["ana"] == records["bo"]  # one record on both clones, whatever the order
    for note in notes.values():
        assert note in records["ana"]
    assert "<<<<<<<" not in records["ana"]
    assert run(ana, "check").returncode == 0


def test_a_real_conflict_elsewhere_still_stops_sync(two_clones):
    ana, bo, _ = two_clones
    for where, text in ((bo, "theirs"), (ana, "mine")):
        (where / "notes.md").write_text(text + "\n", encoding="utf-8")
        git(where, "add", "notes.md")
        git(where, "commit", "-qm", text)
    assert run(bo, "sync").returncode == 0
    r = run(ana, "sync")
    assert r.returncode == 2 and "conflict" in r.stderr
    assert (ana / "notes.md").read_text(encoding="utf-8") == "mine\n"
