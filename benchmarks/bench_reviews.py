"""Reading reviews over demo KBs of 1,000 and 10,000 reviews, whole process, side by side.

`review list --json`, the `review list` table (its default of the last 200, and all rows),
`tags --json` (reviews and calls) and `review show`, beside `cskb check --format json`,
which reads and parses every review once too. Commands are interleaved run by run, so
they share the machine's noise.

Run: .venv/bin/python benchmarks/bench_reviews.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, cskb, demo_kb, med, timed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for n in (1_000, 10_000):
        kb = demo_kb(n)
        first = json.loads(cskb("review", "list", "--json", "--limit", "1", cwd=kb).stdout)[0]["id"]
        commands = {
            "check --format json (reference)": ["check", "--format", "json"],
            "review list --json": ["review", "list", "--json"],
            "review list (table, last 200)": ["review", "list"],
            "review list --limit 0 (table, all)": ["review", "list", "--limit", "0"],
            "tags --json": ["tags", "--json"],
            "review show ID": ["review", "show", first],
        }
        for argv in commands.values():  # warm the page cache and the bytecode
            cskb(*argv, cwd=kb, check=False)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                times[name] += timed([CSKB, *argv], kb, 1)
        ref = med(times["check --format json (reference)"])
        print(f"\n{n:,} reviews, median of {args.runs} (min-max), ratio to check")
        for name, values in times.items():
            m = med(values)
            print(f"  {name:<36} {m:6.2f} s ({min(values):.2f}-{max(values):.2f})  x{m / ref:.2f}")


if __name__ == "__main__":
    main()
