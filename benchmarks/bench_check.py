"""`cskb check` over demo KBs of 1,000 and 10,000 reviews, whole process.

Run: .venv/bin/python benchmarks/bench_check.py [--runs 5]
Target: under 3 s at 10,000 reviews.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, cskb, demo_kb, med, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{'reviews':>8} {'median s':>9} {'min s':>7} {'max s':>7} {'findings':>9}  (runs={args.runs})"
    )
    for n in (1_000, 10_000):
        kb = demo_kb(n)
        cskb("check", cwd=kb, check=False)  # warm the page cache and the bytecode
        times = timed([CSKB, "check", "--format", "json"], kb, args.runs)
        findings = cskb("check", "--format", "json", cwd=kb, check=False).stdout.count('"rule"')
        print(f"{n:>8} {med(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f} {findings:>9}")


if __name__ == "__main__":
    main()
