"""What the feedback-quality test (`checks/feedback.py`) adds to `cskb check`: the CPU time
of checking every review of a 10,000-review demo KB in one process (read, parse, every
rule), with the test and with it replaced by "always specific", interleaved run by run.

Run: .venv/bin/python benchmarks/bench_feedback.py [--runs 5] [--reviews 10000]
Target: under 20% added.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, env, load  # noqa: E402


def demo_kb(reviews: int, folder: Path) -> Path:
    """A demo KB with `reviews` reviews in `folder` (made on first use, then reused)."""
    import subprocess

    path = folder / f"kb-{reviews}"
    if not (path / "cskb.toml").exists():
        members = str(max(20, min(500, reviews // 50)))
        subprocess.run(
            [CSKB, "demo", str(path), "--members", members, "--reviews", str(reviews)],
            env=env(),
            check=True,
            capture_output=True,
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--data", type=Path, default=Path("/tmp/cskb-bench-feedback"))
    args = parser.parse_args()
    from cskb.checks import feedback, rules
    from cskb.checks.runner import _check_one, review_file_names, rule_context
    from cskb.kb.layout import open_kb

    kb = open_kb(demo_kb(args.reviews, args.data))
    names = review_file_names(kb)
    ctx = rule_context(kb)
    real = rules.is_specific

    def run(with_test: bool) -> float:
        rules.is_specific = real if with_test else (lambda text: True)
        feedback.is_specific.cache_clear()
        start = time.process_time()
        for name in names:
            _check_one(kb, name, ctx)
        return time.process_time() - start

    run(True)  # warm the page cache and the lexicon
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.runs):
        for with_test in (False, True):
            times[with_test].append(run(with_test))
    rules.is_specific = real
    off, on = statistics.median(times[False]), statistics.median(times[True])
    print(f"{len(names):,} reviews, median of {args.runs}, CPU in one process; load {load()}")
    print(f"  every rule but the feedback test: {off:6.2f} s")
    print(f"  with the feedback test:           {on:6.2f} s  (+{100 * (on - off) / off:.1f}%)")


if __name__ == "__main__":
    main()
