"""Reliability under faults, with real processes: kills at random moments, races, a full
disk and a read-only state folder (the last two on a small tmpfs, when running as root).

Marked slow; they still run in the default `pytest` run and in `.ci/run`, bounded to a
few dozen cskb processes in total.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cskb.adapters.store import load_yaml_file, read_document
from cskb.kb.roster import load_roster
from tests.helpers import git
from tests.reliability import CYCLE, one_line_error, paired, run

pytestmark = pytest.mark.slow


def _popen(cwd: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cskb", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _no_empty_or_partial_records(kb: Path) -> None:
    """Every record file is whole: parses, and is never 0 bytes."""
    for path in kb.rglob("*"):
        if ".git" in path.parts or ".cskb" in path.parts or not path.is_file():
            continue
        if path.name == ".gitkeep":
            continue
        assert path.stat().st_size > 0, f"0-byte {path}"
        assert not path.name.endswith(".tmp") or path.name.startswith("."), path
        if path.suffix == ".yaml":
            load_yaml_file(path)
        elif path.suffix == ".md" and "reviews" in path.parts:
            read_document(path)
    load_roster(kb / "team.yaml")


def _clear_git_lock(kb: Path) -> None:
    """A kill inside `git commit` can leave .git/index.lock; cskb then says to remove it."""
    lock = kb / ".git" / "index.lock"
    if lock.exists():
        p = run(kb, "team", "add", "zz-probe")
        assert p.returncode == 2 and "index.lock" in one_line_error(p.stderr)
        lock.unlink()


def test_sigkill_at_random_moments_never_leaves_a_broken_record(kb: Path, cli):
    reviewee = paired(cli)
    rng = random.Random(int(os.environ.get("CSKB_KILL_SEED", "9")))
    commands = [
        (
            "--as",
            "ana",
            "call",
            "submit",
            "--url",
            "https://r.example.com/k",
            "--customer",
            "Kill Co",
        ),
        ("team", "add", "kx", "--name", "Kay"),
        ("--as", "ana", "review", "new"),
        ("pair", "--redo"),
        ("--as", "ana", "coffee", "done"),
    ]
    for i in range(6):
        args = commands[i % len(commands)]
        proc = _popen(kb, *args)
        time.sleep(rng.uniform(0.05, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        _clear_git_lock(kb)
        _no_empty_or_partial_records(kb)
    # and every command still works afterwards (or says exactly why not)
    for args in commands:
        p = run(kb, *args, timeout=60)
        err = p.stderr.decode()
        assert p.returncode in (0, 2) and "Traceback" not in err, err
        if p.returncode == 2:
            # either the record exists already, or a kill between writing team.yaml and
            # committing it left cskb's own edit uncommitted: kept, and the fix is named
            line = one_line_error(err)
            assert "already" in line or ("not committed" in line and "git commit" in line), err
    _no_empty_or_partial_records(kb)
    assert (kb / "reviews" / CYCLE / f"ana-reviews-{reviewee}.md").stat().st_size > 0


def test_interrupted_demo_can_simply_be_run_again(tmp_path: Path):
    target = tmp_path / "demo"
    args = ("demo", str(target), "--members", "6", "--cycles", "3")
    for delay in (0.3, 0.9):
        proc = _popen(tmp_path, *args)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        if target.exists() and any(target.iterdir()):
            # the kill came too late: then the demo must be whole and committed
            assert "demo data" in git(target, "log", "--format=%s")
            assert git(target, "status", "--porcelain") == ""
            return
    p = run(tmp_path, *args, timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    assert git(target, "status", "--porcelain") == ""
    assert "demo data" in git(target, "log", "--format=%s")


@contextlib.contextmanager
def _holding_the_write_lock(kb: Path) -> Iterator[None]:
    """Hold the KB's write lock from this process, so racing commands pile up behind it."""
    from cskb.adapters.locks import file_lock

    (kb / ".cskb").mkdir(exist_ok=True)
    with file_lock(kb / ".cskb" / "write.lock"):
        yield


def _wait_until_waiting(
    procs: list[subprocess.Popen[bytes]], lock: Path, timeout: float = 60
) -> None:
    """Return once every process has the lock file open (it is queued behind the lock)."""
    deadline = time.monotonic() + timeout
    pending = {p.pid for p in procs}
    while pending and time.monotonic() < deadline:
        for pid in list(pending):
            fd_dir = Path(f"/proc/{pid}/fd")
            with contextlib.suppress(OSError):
                if any(os.readlink(fd) == str(lock) for fd in fd_dir.iterdir()):
                    pending.discard(pid)
        time.sleep(0.05)
    if not Path("/proc/self/fd").is_dir():
        time.sleep(5)


def test_concurrent_pair_for_one_cycle_exactly_one_wins(kb: Path):
    with _holding_the_write_lock(kb):
        procs = [_popen(kb, "pair", "--date", "2026-11-23", "--seed", str(i)) for i in range(4)]
        _wait_until_waiting(procs, kb / ".cskb" / "write.lock")
    results = [(p.communicate(timeout=120)[1].decode(), p.returncode)[::-1] for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2, 2, 2], results
    assert all("already paired" in err for code, err in results if code == 2)
    log = git(kb, "log", "--format=%s")
    assert sum("cskb: pair cycle (2026-11-23)" in line for line in log.splitlines()) == 1
    assert git(kb, "status", "--porcelain") == ""


def test_concurrent_review_new_exactly_one_wins(kb: Path, cli):
    paired(cli)
    with _holding_the_write_lock(kb):
        procs = [_popen(kb, "--as", "ana", "review", "new") for _ in range(3)]
        _wait_until_waiting(procs, kb / ".cskb" / "write.lock")
    results = [(p.communicate(timeout=120)[1].decode(), p.returncode)[::-1] for p in procs]
    assert sorted(c for c, _ in results) == [0, 2, 2], results
    assert all("already exists" in e for c, e in results if c == 2)


@contextlib.contextmanager
def _tmpfs(path: Path, size: str, readonly: bool = False) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; run the suite as root to cover full disks")
    path.mkdir(parents=True, exist_ok=True)
    opts = f"size={size}" + (",ro" if readonly else "")
    p = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)], capture_output=True, check=False
    )
    if p.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({p.stderr.decode().strip()})")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as fh:
        for block in (1 << 20, 4096, 1):
            with contextlib.suppress(OSError):
                while fh.write(b"\0" * block):
                    pass
    return filler


def test_full_disk_loses_nothing_and_says_so(tmp_path: Path):
    with _tmpfs(tmp_path / "disk", "16m") as disk:
        root = disk / "kb"
        p = run(disk, "init", str(root))
        assert p.returncode == 0, p.stderr
        for h in ("ana", "bo", "chen", "dana"):
            assert run(root, "team", "add", h, "--name", h.title()).returncode == 0
        assert run(root, "pair").returncode == 0
        roster = (root / "team.yaml").read_bytes()
        cycle_files = {p: p.read_bytes() for p in (root / "cycles").glob("*.yaml")}
        filler = _fill(disk)
        for args in (
            ("team", "add", "eve", "--name", "E" * 5000),
            (
                "--as",
                "ana",
                "call",
                "submit",
                "--url",
                "https://r.example.com/x",
                "--customer",
                "C" * 5000,
            ),
            ("pair", "--redo"),
            (
                "--as",
                "ana",
                "review",
                "new",
                "--call",
                "https://r.example.com/x",
                "--customer",
                "C" * 5000,
            ),
        ):
            p = run(root, *args, timeout=60)
            err = p.stderr.decode()
            assert p.returncode == 2, (args, err)
            assert "Traceback" not in err and "unexpected" not in err, err
        assert (root / "team.yaml").read_bytes() == roster
        assert {p: p.read_bytes() for p in (root / "cycles").glob("*.yaml")} == cycle_files
        assert not (root / "calls" / CYCLE / "ana.yaml").exists()
        assert not [p for p in root.rglob(".*.tmp")]
        assert not list((root / "reviews").rglob("*.md"))
        filler.unlink()
        p = run(
            root,
            "--as",
            "ana",
            "call",
            "submit",
            "--url",
            "https://r.example.com/x",
            "--customer",
            "C",
        )
        assert p.returncode == 0, p.stderr.decode()
        _no_empty_or_partial_records(root)


def test_read_only_state_folder_is_one_line(kb: Path, cli):
    paired(cli)
    (kb / ".cskb").mkdir(exist_ok=True)
    for child in (kb / ".cskb").iterdir():
        if child.is_file():
            child.unlink()
    with _tmpfs(kb / ".cskb", "1m", readonly=True):
        p = run(
            kb,
            "--as",
            "ana",
            "call",
            "submit",
            "--url",
            "https://r.example.com/y",
            "--customer",
            "Y",
        )
        assert p.returncode == 2
        assert ".cskb" in one_line_error(p.stderr) and "writable" in p.stderr.decode()
