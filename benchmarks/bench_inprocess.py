"""`cskb search` without a resident process and `cskb stats`, at 10,000 reviews: this tree beside
an earlier one, whole process, interleaved run by run, with the machine's load.

Run: .venv/bin/python benchmarks/bench_inprocess.py [--baseline REF] [--runs 9] [--size 10000]

The earlier tree (default: main just before issue 25's start-up and stats changes; it must
read the demo KB's cskb.toml) is exported with
`git archive` and run from there (PYTHONPATH); both run the same way,
`python -c "from cskb.cli import main; main()" ARGS`, with their bytecode cached, on the same
demo KB (benchmarks/_kbs.py), its index and record cache warm. Targets (issue 25): search
in-process <= 300 ms median wall; `cskb stats` <= 1 s CPU. ripgrep over the same files is the
anchor. CPU = user + system of the process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from _kbs import demo_kb, env, load, run_cpu  # noqa: E402

BASELINE = "1ced383^"  # main before issue 25's start-up and stats changes
LAUNCH = "from cskb.cli import main; main()"


def export(ref: str, dest: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", ref, "src"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    kb = demo_kb(args.size)
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="cskb-inprocess-") as tmp:
        trees = {"before": export(args.baseline, Path(tmp)), "now": REPO / "src"}
        subprocess.run([py, "-m", "compileall", "-q", *map(str, trees.values())], check=False)
        rows: dict[str, tuple[list[str], dict[str, str]]] = {}
        rg = shutil.which("rg")
        if rg:
            rows["rg -l -i 'data strategy' reviews/"] = (
                [rg, "-l", "-i", "data strategy", "reviews/"],
                {},
            )
        for name, src in trees.items():
            run_env = {"PYTHONPATH": str(src), "CSKB_SEARCH_SERVER": "0"}
            search = [py, "-c", LAUNCH, "search", "data strategy", "--json", "--no-server"]
            rows[f"search --no-server ({name})"] = (search, run_env)
            rows[f"stats ({name})"] = ([py, "-c", LAUNCH, "stats"], run_env)
            rows[f"stats --json ({name})"] = ([py, "-c", LAUNCH, "stats", "--json"], run_env)
        for name, (cmd, extra) in rows.items():  # warm: index, record cache, page cache
            done = subprocess.run(
                cmd, cwd=kb, env={**env(), **extra}, capture_output=True, text=True
            )
            if done.returncode != 0:
                raise SystemExit(f"{name}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
        walls: dict[str, list[float]] = {k: [] for k in rows}
        cpus: dict[str, list[float]] = {k: [] for k in rows}
        before = load()
        for _ in range(args.runs):
            for name, (cmd, extra) in rows.items():
                w, c = run_cpu(cmd, kb, extra)
                walls[name].append(w)
                cpus[name].append(c)
    print(f"{args.size} reviews; medians of {args.runs} interleaved runs; baseline {args.baseline}")
    print(f"load average before {before}, after {load()} ({os.cpu_count()} cores)")
    print(f"{'':<38} {'wall ms':>8} {'min ms':>7} {'cpu ms':>7}")
    for name in rows:
        print(
            f"{name:<38} {statistics.median(walls[name]) * 1000:>8.0f} "
            f"{min(walls[name]) * 1000:>7.0f} {statistics.median(cpus[name]) * 1000:>7.0f}"
        )


if __name__ == "__main__":
    main()
