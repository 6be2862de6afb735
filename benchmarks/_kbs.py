"""Shared by the benchmarks: demo KBs made once with `cskb demo` and kept in benchmarks/.data/."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / ".data"
TODAY = "2026-11-22"


def env() -> dict[str, str]:
    e = dict(os.environ, CSKB_TODAY=TODAY, NO_COLOR="1")
    e.pop("PYTHONDONTWRITEBYTECODE", None)  # time cskb as installed, with its bytecode cached
    return e


# The console script, as users run it (not `python -m cskb`, which adds runpy's start-up).
CSKB = str(Path(sys.executable).parent / "cskb")


def cskb(
    *args: str, cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CSKB, *args], cwd=cwd, env=env(), capture_output=True, text=True, check=check
    )


def demo_kb(reviews: int) -> Path:
    """A demo KB with exactly `reviews` reviews (made on first use, then reused)."""
    path = DATA / f"kb-{reviews}"
    made = sum(1 for _ in (path / "reviews").rglob("*.md")) if (path / "cskb.toml").exists() else -1
    if made != reviews:
        shutil.rmtree(path, ignore_errors=True)
        DATA.mkdir(parents=True, exist_ok=True)
        members = max(20, min(500, reviews // 50))
        cskb("demo", str(path), "--members", str(members), "--reviews", str(reviews))
    return path


def timed(cmd: list[str], cwd: Path, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(
            cmd,
            cwd=cwd,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        out.append(time.perf_counter() - t)
    return out


def med(values: list[float]) -> float:
    return statistics.median(values)


def pair_kb(members: int = 1_000, cycles: int = 100) -> Path:
    """A KB with `members` members and `cycles` past cycles of random pairs (made once)."""
    import datetime as dt
    import random

    path = DATA / f"pair-{members}-{cycles}"
    if (path / "cycles").is_dir() and len(list((path / "cycles").glob("*.yaml"))) == cycles:
        return path
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True)  # its own repo, not ours
    cskb("init", str(path))
    from cskb.adapters.fsio import atomic_write
    from cskb.kb.roster import dump_roster
    from cskb.models import Cycle, Group, Member
    from cskb.pairing.cycles import cycle_path, dump_cycle

    team = [
        Member(f"m{i:04d}", f"Member {i}", f"m{i}@example.com", f"t{i % 8}", "csm", None)
        for i in range(members)
    ]
    atomic_write(path / "team.yaml", dump_roster(team))
    rng = random.Random(7)
    today = dt.date.fromisoformat(TODAY)
    anchor = dt.date(2026, 1, 5)
    last = anchor + dt.timedelta(days=14 * ((today - anchor).days // 14))
    for c in range(cycles):
        start = last - dt.timedelta(days=14 * (cycles - c))
        hs = [m.handle for m in team]
        rng.shuffle(hs)
        groups = tuple(Group(tuple(hs[i : i + 2])) for i in range(0, len(hs) - 1, 2))
        cycle = Cycle(start, start + dt.timedelta(days=13), start + dt.timedelta(days=13), groups)
        atomic_write(cycle_path(path / "cycles", start), dump_cycle(cycle))
    for args in (["add", "-A"], ["commit", "-q", "-m", "bench: team and history"]):
        subprocess.run(["git", *args], cwd=path, check=True, capture_output=True)
    return path


def run_cpu(
    cmd: list[str], cwd: Path | None = None, extra: dict[str, str] | None = None
) -> tuple[float, float]:
    """Run `cmd` once; (wall seconds, CPU seconds of it and its children)."""
    t = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env={**env(), **(extra or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = 0
    return wall, usage.ru_utime + usage.ru_stime


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"
