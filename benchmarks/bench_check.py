"""`cskb check` over demo KBs of 1,000 and 10,000 reviews, whole process: without the
parsed-record cache (as in CI) and on an unchanged KB (cache warm), beside ripgrep reading
the same files. Commands are interleaved run by run.

Run: .venv/bin/python benchmarks/bench_check.py [--runs 5]
Targets at 10,000: no cache <= 2 s; unchanged KB <= 0.5 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, cskb, demo_kb, load, run_cpu  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rg = shutil.which("rg")
    print(f"median of {args.runs} (min-max), wall; CPU (user+system, with children); load {load()}")
    for n in (1_000, 10_000):
        kb = demo_kb(n)
        rows = {
            "check, no cache (CI)": ([CSKB, "check", "--format", "json"], {"CSKB_NO_CACHE": "1"}),
            "check, unchanged KB": ([CSKB, "check", "--format", "json"], {}),
        }
        if rg:
            rows["rg -c '^status:' reviews/"] = ([rg, "-c", "^status:", "reviews/"], {})
        cskb("check", cwd=kb, check=False)  # warm the page cache, the bytecode and the cache
        walls: dict[str, list[float]] = {k: [] for k in rows}
        cpus: dict[str, list[float]] = {k: [] for k in rows}
        for _ in range(args.runs):
            for name, (cmd, extra) in rows.items():
                w, c = run_cpu(cmd, kb, extra)
                walls[name].append(w)
                cpus[name].append(c)
        findings = cskb("check", "--format", "json", cwd=kb, check=False).stdout.count('"rule"')
        print(f"\n{n:,} reviews ({findings} findings)")
        for name in rows:
            w = walls[name]
            print(
                f"  {name:<28} {statistics.median(w):6.2f} s ({min(w):.2f}-{max(w):.2f})"
                f"  cpu {statistics.median(cpus[name]):.2f} s"
            )


if __name__ == "__main__":
    main()
