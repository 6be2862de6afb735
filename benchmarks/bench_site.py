"""`cskb site` over demo KBs of 1,000 and 10,000 reviews, and `cskb stats --json` at
10,000, whole process.

Run: .venv/bin/python benchmarks/bench_site.py [--runs 3] [--sizes 1000,10000]
Targets: the site of 10,000 reviews in under 60 s; `cskb stats` at 10,000 under 2 s.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, DATA, cskb, demo_kb, med, timed  # noqa: E402


def _cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far: on a shared,
    loaded machine the CPU a build needs says more than its wall time."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _site(kb: Path, out: Path) -> tuple[float, float, float, float]:
    """Whole-process wall and CPU seconds for `cskb site`, then Pagefind's alone."""
    shutil.rmtree(out, ignore_errors=True)
    t, c = time.perf_counter(), _cpu()
    done = cskb("site", str(out), "--json", cwd=kb, check=False)
    total, cpu = time.perf_counter() - t, _cpu() - c
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    from _pagefind import build_index

    shutil.rmtree(out / "pagefind", ignore_errors=True)
    t, c = time.perf_counter(), _cpu()
    build_index(out)
    return total, cpu, time.perf_counter() - t, _cpu() - c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--stats-only", action="store_true", help="Skip the site builds.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if not args.stats_only:
        _sites(sizes, args.runs)
    _stats(max(sizes), args.runs)


def _sites(sizes: list[int], runs_each: int) -> None:
    args = argparse.Namespace(runs=runs_each)
    print(f"cskb site (runs={args.runs})")
    load = Path("/proc/loadavg").read_text().split()[0]
    print(
        f"{'reviews':>8} {'wall s':>7} {'cpu s':>7} {'pagefind wall':>14} {'pagefind cpu':>13} "
        f"{'pages':>7} {'MB':>6}  (medians; load {load})"
    )
    for n in sizes:
        kb = demo_kb(n)
        out = DATA / f"site-{n}"
        runs = [_site(kb, out) for _ in range(args.runs)]
        pages = sum(1 for _ in out.rglob("*.html"))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        cols = [med([r[i] for r in runs]) for i in range(4)]
        print(
            f"{n:>8} {cols[0]:>7.1f} {cols[1]:>7.1f} {cols[2]:>14.1f} {cols[3]:>13.1f} "
            f"{pages:>7} {size:>6.1f}"
        )


def _stats(n: int, runs: int) -> None:
    """`cskb stats` beside `cskb check --format json` (which parses every file too),
    interleaved run by run so both see the same load."""
    kb = demo_kb(n)
    cskb("stats", "--json", cwd=kb)  # warm the page cache, the bytecode and the record cache
    cskb("check", "--format", "json", cwd=kb, check=False)
    rows: dict[str, tuple[list[float], list[float]]] = {}
    commands = {
        "stats --json": [CSKB, "stats", "--json"],
        "stats (tables)": [CSKB, "stats"],
        "check --format json": [CSKB, "check", "--format", "json"],
    }
    for _ in range(max(3, runs)):
        for name, cmd in commands.items():
            c = _cpu()
            wall = timed(cmd, kb, 1)[0]
            walls, cpus = rows.setdefault(name, ([], []))
            walls.append(wall)
            cpus.append(_cpu() - c)
    ref = med(rows["check --format json"][0])
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"at {n} reviews (medians of {max(3, runs)}; load {load}):")
    for name, (walls, cpus) in rows.items():
        print(
            f"  {name:<22} wall {med(walls):6.2f} s ({min(walls):.2f}-{max(walls):.2f}) "
            f"x{med(walls) / ref:.2f}   cpu {med(cpus):5.2f} s"
        )


if __name__ == "__main__":
    main()
