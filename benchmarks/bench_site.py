"""`cskb site` over demo KBs of 1,000 and 10,000 reviews, and `cskb stats --json` at
10,000, whole process.

Run: .venv/bin/python benchmarks/bench_site.py [--runs 3] [--sizes 1000,10000]
Targets: the site of 10,000 reviews in under 60 s; `cskb stats` at 10,000 under 2 s.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, DATA, cskb, demo_kb, med, timed  # noqa: E402


def _site(kb: Path, out: Path) -> tuple[float, float]:
    """Whole-process seconds for `cskb site`, and how much of it Pagefind took."""
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    done = cskb("site", str(out), "--json", cwd=kb, check=False)
    total = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    t = time.perf_counter()
    from cskb.site.pagefind import build_index

    shutil.rmtree(out / "pagefind", ignore_errors=True)
    build_index(out)
    return total, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"cskb site (runs={args.runs})")
    print(
        f"{'reviews':>8} {'median s':>9} {'min s':>7} {'max s':>7} {'pagefind s':>11} {'pages':>7} {'MB':>6}"
    )
    for n in sizes:
        kb = demo_kb(n)
        out = DATA / f"site-{n}"
        runs = [_site(kb, out) for _ in range(args.runs)]
        totals = [r[0] for r in runs]
        pages = sum(1 for _ in out.rglob("*.html"))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        print(
            f"{n:>8} {med(totals):>9.2f} {min(totals):>7.2f} {max(totals):>7.2f} "
            f"{med([r[1] for r in runs]):>11.2f} {pages:>7} {size:>6.1f}"
        )
    n = max(sizes)
    kb = demo_kb(n)
    cskb("stats", "--json", cwd=kb)  # warm the page cache and the bytecode
    times = timed([CSKB, "stats", "--json"], kb, max(3, args.runs))
    text = timed([CSKB, "stats"], kb, max(3, args.runs))
    print(
        f"cskb stats at {n} reviews: --json median {med(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}); tables median {med(text):.2f} s"
    )


if __name__ == "__main__":
    main()
