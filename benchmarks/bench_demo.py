"""How long `cskb demo` takes, as a whole process, for 1,000 and 10,000 reviews.

Run: .venv/bin/python benchmarks/bench_demo.py [--runs 3]
Target (issue: foundation): 10,000 reviews in under 30 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_once(reviews: int, members: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "kb"
        start = time.perf_counter()
        subprocess.run(
            [
                str(Path(sys.executable).parent / "cskb"),
                "demo",
                str(target),
                "--members",
                str(members),
                "--reviews",
                str(reviews),
            ],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'reviews':>8} {'members':>8} {'median s':>9} {'min s':>7} {'max s':>7}  (runs={args.runs})"
    )
    for reviews, members in ((1_000, 50), (10_000, 200)):
        times = [run_once(reviews, members) for _ in range(args.runs)]
        print(
            f"{reviews:>8} {members:>8} {statistics.median(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f}"
        )


if __name__ == "__main__":
    main()
