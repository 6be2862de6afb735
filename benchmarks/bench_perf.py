"""Every row of the speed targets outside search, whole process, with anchors beside them.

Run: .venv/bin/python benchmarks/bench_perf.py [--runs 7] [--big]
Rows (commands interleaved run by run, medians; CPU = user + system of the process and its
children, which a loaded machine inflates less than the wall clock):
  `cskb --help`                              target <= 120 ms   anchors: python -c pass, import typer
  `cskb check`, 10k, no cache (CI)            target <= 2 s      anchor: rg over the same files
  `cskb check`, 10k, unchanged KB             target <= 0.5 s
  `cskb pair --dry-run`, 1,000 members, 100 cycles   target <= 1 s
  `cskb status`, 10k (and 50k with --big)     target <= 300 ms
  `cskb review list --json`, `cskb tags --json`, 10k, cached and not
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, demo_kb, load, pair_kb, run_cpu  # noqa: E402

PY = str(Path(CSKB).parent / "python")
NO_CACHE = {"CSKB_NO_CACHE": "1"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", action="store_true", help="also status at 50,000 reviews")
    args = parser.parse_args()
    rg = shutil.which("rg")
    k10 = demo_kb(10_000)
    pk = pair_kb()
    rows: dict[str, tuple[list[str], Path | None, dict[str, str] | None]] = {
        "python -c pass": ([PY, "-c", "pass"], None, None),
        "python -c 'import typer'": ([PY, "-c", "import typer"], None, None),
        "cskb --help": ([CSKB, "--help"], None, None),
        "cskb --version": ([CSKB, "--version"], None, None),
    }
    if rg:
        rows["rg -c '^status:' reviews/ (10k)"] = ([rg, "-c", "^status:", "reviews/"], k10, None)
    rows |= {
        "check 10k, no cache (CI)": ([CSKB, "check", "--format", "json"], k10, NO_CACHE),
        "check 10k, unchanged": ([CSKB, "check", "--format", "json"], k10, None),
        "pair --dry-run 1000 members/100 cycles": ([CSKB, "pair", "--dry-run"], pk, None),
        "pair --dry-run --json 1000/100": ([CSKB, "pair", "--dry-run", "--json"], pk, None),
        "status 10k": ([CSKB, "status"], k10, None),
        "status --json 10k": ([CSKB, "status", "--json"], k10, None),
        "status 10k, no cache": ([CSKB, "status"], k10, NO_CACHE),
        "review list --json 10k": ([CSKB, "review", "list", "--json"], k10, None),
        "review list --json 10k, no cache": ([CSKB, "review", "list", "--json"], k10, NO_CACHE),
        "tags --json 10k": ([CSKB, "tags", "--json"], k10, None),
        "tags --json 10k, no cache": ([CSKB, "tags", "--json"], k10, NO_CACHE),
    }
    if args.big:
        k50 = demo_kb(50_000)
        if rg:
            rows["rg -c '^status:' reviews/ (50k)"] = (
                [rg, "-c", "^status:", "reviews/"],
                k50,
                None,
            )
        rows["status 50k"] = ([CSKB, "status"], k50, None)
        rows["status --json 50k"] = ([CSKB, "status", "--json"], k50, None)
    for cmd, cwd, extra in rows.values():  # warm: page cache, bytecode, parsed-record cache
        run_cpu(cmd, cwd, extra)
    walls: dict[str, list[float]] = {k: [] for k in rows}
    cpus: dict[str, list[float]] = {k: [] for k in rows}
    for _ in range(args.runs):
        for name, (cmd, cwd, extra) in rows.items():
            w, c = run_cpu(cmd, cwd, extra)
            walls[name].append(w)
            cpus[name].append(c)
    print(f"medians of {args.runs} interleaved runs; load before {load()}")
    print(f"{'':<42} {'wall ms':>9} {'min ms':>8} {'cpu ms':>8}")
    for name in rows:
        print(
            f"{name:<42} {statistics.median(walls[name]) * 1000:>9.0f} "
            f"{min(walls[name]) * 1000:>8.0f} {statistics.median(cpus[name]) * 1000:>8.0f}"
        )
    print(f"load after {load()}")


if __name__ == "__main__":
    main()
