from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cskb.adapters.fsio import atomic_write, write_new
from cskb.adapters.locks import file_lock
from cskb.errors import RepoError
from cskb.kb.roster import load_roster


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path: Path):
    p = tmp_path / "sub" / "f.yaml"
    atomic_write(p, "one\n")
    atomic_write(p, "two ✓\n")
    assert p.read_text(encoding="utf-8") == "two ✓\n"
    assert [x.name for x in p.parent.iterdir()] == ["f.yaml"]


def test_write_new_never_overwrites(tmp_path: Path):
    p = tmp_path / "f"
    assert write_new(p, "a") is True
    assert write_new(p, "b") is False
    assert p.read_text(encoding="utf-8") == "a"


def test_lock_times_out_with_a_message(tmp_path: Path):
    lock = tmp_path / "l"
    with (
        file_lock(lock),
        pytest.raises(RepoError, match="still locked"),
        file_lock(lock, timeout=0.2),
    ):
        pass


def test_the_write_lock_of_a_dead_holder_is_taken_over(tmp_path: Path):
    """A lock still flocked by an orphan (a child that inherited it) whose recorded holder
    is dead is replaced at once; a live holder's lock is waited for, its pid in the file."""
    from tests.helpers import orphaned_lock

    lock = tmp_path / "write.lock"
    # The orphan holds it for 60 s: waiting for it would be refused at 10 s.
    with orphaned_lock(lock), file_lock(lock, timeout=10):
        assert lock.read_text(encoding="ascii") == str(os.getpid())
        with pytest.raises(RepoError, match="still locked"), file_lock(lock, timeout=0.3):
            pass  # held by a live process (this one): waited for, not taken over


def test_concurrent_write_commands_serialise(kb: Path):
    """Eight processes adding members at once: every member lands, every commit is whole."""
    env = dict(os.environ)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "cskb", "team", "add", f"p{i}", "--name", f"P {i}"],
            cwd=kb,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(8)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    handles = {m.handle for m in load_roster(kb / "team.yaml")}
    assert {f"p{i}" for i in range(8)} <= handles
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=kb, capture_output=True, text=True
    ).stdout
    assert sum("cskb: add p" in line for line in log.splitlines()) == 8
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=kb, capture_output=True, text=True
    ).stdout
    assert status == ""
