"""What the Playbook and Calibration sections add to `cskb site`: the same build with and
without them, side by side in one process (CPU seconds, record cache warm, search off), and
their data alone (`site_cards`, `calibration_report`).

Run: .venv/bin/python benchmarks/bench_site_sections.py [--runs 3] [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import demo_kb  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    os.environ["PAGEFIND_BINARY_PATH"] = "/nonexistent"  # search off: Pagefind is measured apart
    from cskb.calibration.report import calibration_report
    from cskb.kb.layout import open_kb
    from cskb.playbook.export import site_cards
    from cskb.site import context as sc
    from cskb.site.builder import _load_extensions, build_site

    today = dt.date(2026, 11, 22)
    _load_extensions()
    full = (list(sc.PAGE_BUILDERS), list(sc.CONTEXT_HOOKS), list(sc.NAV))
    core_nav = [n for n in sc.NAV if n.key not in ("playbook", "calibration")]
    print("load average", Path("/proc/loadavg").read_text().split()[:3])
    for size in [int(s) for s in args.sizes.split(",")]:
        kb = open_kb(demo_kb(size))
        tmp = Path(tempfile.mkdtemp())
        build_site(kb, tmp / "warm", today)  # fills the record cache
        res: dict[str, list[float]] = {"with": [], "without": [], "cards": [], "calib": []}
        for _ in range(args.runs):
            for mode in ("with", "without"):
                on = mode == "with"
                sc.PAGE_BUILDERS[:] = full[0] if on else []
                sc.CONTEXT_HOOKS[:] = full[1] if on else []
                sc.NAV[:] = full[2] if on else core_nav
                out = tmp / mode
                shutil.rmtree(out, ignore_errors=True)
                t = time.process_time()
                build_site(kb, out, today)
                res[mode].append(time.process_time() - t)
            t = time.process_time()
            site_cards(kb, today)
            res["cards"].append(time.process_time() - t)
            t = time.process_time()
            calibration_report(kb, today=today)
            res["calib"].append(time.process_time() - t)
        sc.PAGE_BUILDERS[:], sc.CONTEXT_HOOKS[:], sc.NAV[:] = full
        shutil.rmtree(tmp, ignore_errors=True)
        med = {k: statistics.median(v) for k, v in res.items()}
        print(
            f"{size} reviews, median CPU of {args.runs}: site with sections {med['with']:.2f} s, "
            f"without {med['without']:.2f} s (x{med['with'] / med['without']:.2f}); "
            f"site_cards {med['cards']:.2f} s, calibration_report {med['calib']:.2f} s"
        )


if __name__ == "__main__":
    main()
