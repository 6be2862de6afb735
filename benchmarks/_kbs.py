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
