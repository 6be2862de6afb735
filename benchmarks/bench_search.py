"""Search over demo KBs of 1,000, 10,000 and 50,000 reviews, whole process, beside ripgrep.

Run: .venv/bin/python benchmarks/bench_search.py [--sizes 1000 10000 50000] [--runs 7]
Needs ripgrep (`apt-get install ripgrep`) for the comparison column.
Prints per size: the full index build (`cskb index --rebuild`), `cskb search "data strategy"`
with nothing changed, the same search right after adding one review (an incremental update
inside the search), and `rg -l -i "data strategy" reviews/` over the same files, with ratios.
Targets: build 10,000 in < 10 s; search after one added review < 1.5x a search with no change;
search < 300 ms at 10,000 and faster than ripgrep at 50,000.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, cskb, demo_kb, env, med, timed  # noqa: E402

QUERY = "data strategy"


def add_review(kb: Path, i: int) -> None:
    src = next((kb / "reviews").rglob("*.md"))
    dest = kb / "reviews" / "2026-11-09" / f"bench-added-{i}.md"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(
        src.read_text(encoding="utf-8").replace("data strategy", f"data strategy bench{i}"),
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rg = shutil.which("rg")
    search_cmd = [CSKB, "search", QUERY, "--json"]
    print(
        f"{'reviews':>8} {'build s':>8} {'search ms':>10} {'+1 review ms':>13} {'ratio':>6} "
        f"{'rg ms':>7} {'search/rg':>10}   (medians of {args.runs} runs)"
    )
    for n in args.sizes:
        kb = demo_kb(n)
        for old in (kb / "reviews" / "2026-11-09").glob("bench-added-*.md"):
            old.unlink()
        t = time.perf_counter()
        cskb("index", "--rebuild", cwd=kb)
        build = time.perf_counter() - t
        timed(search_cmd, kb, 2)  # warm-up: page cache, bytecode
        plain = timed(search_cmd, kb, args.runs)
        after = []
        for i in range(args.runs):
            add_review(kb, i)
            after += timed(search_cmd, kb, 1)
        rg_times = timed([rg, "-l", "-i", QUERY, "reviews"], kb, args.runs) if rg else []
        rg_ms = f"{med(rg_times) * 1000:>7.0f}" if rg_times else f"{'n/a':>7}"
        ratio_rg = f"{med(plain) / med(rg_times):>10.2f}" if rg_times else f"{'n/a':>10}"
        print(
            f"{n:>8} {build:>8.1f} {med(plain) * 1000:>10.0f} {med(after) * 1000:>13.0f} "
            f"{med(after) / med(plain):>6.2f} {rg_ms} {ratio_rg}"
        )
        for old in (kb / "reviews" / "2026-11-09").glob("bench-added-*.md"):
            old.unlink()
    _ = env


if __name__ == "__main__":
    main()
