"""Search over demo KBs, whole process, beside ripgrep and an empty Python start.

Run: .venv/bin/python benchmarks/bench_search.py [--sizes 1000 10000 50000] [--runs 7]
Needs ripgrep (`apt-get install ripgrep`) for the comparison column.

Per size: the full index build (`cskb index --rebuild`); then, interleaved run by run so every
column sees the same load: `python -c pass`, `rg -l -i "data strategy" reviews/`,
`cskb search "data strategy" --json --no-server` (in-process) and the same search answered by
the resident search server; then each search right after adding one review.
Targets (issue 12): search <= 300 ms at 10,000 (moonshot <= 1.5x rg), faster than rg at
50,000, a search after adding one review <= 1.3x a no-change search, build 10,000 <= 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, cskb, demo_kb, env  # noqa: E402

QUERY = "data strategy"


def add_review(kb: Path, i: int) -> None:
    src = next((kb / "reviews").rglob("*.md"))
    dest = kb / "reviews" / "2026-11-09" / f"bench-added-{i}.md"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(
        src.read_text(encoding="utf-8").replace("data strategy", f"data strategy bench{i}"),
        encoding="utf-8",
    )


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) per column, load-independent-ish
SERVER_PID: list[int] = []


def _proc_cpu(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def once(cmd: list[str], kb: Path, extra: dict[str, str] | None = None, col: str = "") -> float:
    """Wall seconds of one run; its CPU seconds (plus the server's, if one answered) go to CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = sum(_proc_cpu(p) for p in SERVER_PID)
    t = time.perf_counter()
    subprocess.run(
        cmd,
        cwd=kb,
        env={**env(), **(extra or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu += sum(_proc_cpu(p) for p in SERVER_PID) - server_before
    if col:
        CPU.setdefault(col, []).append(cpu)
    return wall


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:>8.0f}" if values else f"{'n/a':>8}"


def wait_for_server(kb: Path) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        r = cskb("server", "status", "--json", cwd=kb, check=False)
        data = json.loads(r.stdout or "{}")
        if data.get("running"):
            SERVER_PID[:] = [int(data["pid"])]
            return
        time.sleep(0.5)
    raise SystemExit("the search server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--no-build", action="store_true", help="Keep the existing index (skip the build row)."
    )
    args = parser.parse_args()
    rg = shutil.which("rg")
    inproc = [CSKB, "search", QUERY, "--json", "--no-server"]
    served = [CSKB, "search", QUERY, "--json"]
    on = {"CSKB_SEARCH_SERVER": "1"}
    print(
        f"load before: {os.getloadavg()[0]:.2f} (medians of {args.runs} interleaved runs; "
        "wall ms, then CPU ms of the process plus the server's share)"
    )
    print(
        f"{'reviews':>8} {'build s':>8} {'pass':>8} {'rg':>8} {'search':>8} {'/rg':>6} "
        f"{'server':>8} {'/rg':>6} {'+1 rev':>8} {'ratio':>6} {'+1 srv':>8} {'ratio':>6}"
    )
    for n in args.sizes:
        kb = demo_kb(n)
        for old in (kb / "reviews" / "2026-11-09").glob("bench-added-*.md"):
            old.unlink()
        cskb("server", "stop", cwd=kb, check=False)
        SERVER_PID.clear()
        CPU.clear()
        build = float("nan")
        if not args.no_build:
            build = once([CSKB, "index", "--rebuild"], kb, col="build")
        once(served, kb, on)  # starts the server in the background
        wait_for_server(kb)
        for _ in range(2):  # warm-up: page cache, bytecode, the server's index
            once(inproc, kb)
            once(served, kb, on)
        cols: dict[str, list[float]] = {k: [] for k in ("pass", "rg", "in", "srv", "in+", "srv+")}
        for _ in range(args.runs):
            cols["pass"].append(once([sys.executable, "-c", "pass"], kb, col="pass"))
            if rg:
                cols["rg"].append(once([rg, "-l", "-i", QUERY, "reviews"], kb, col="rg"))
            cols["in"].append(once(inproc, kb, col="in"))
            cols["srv"].append(once(served, kb, on, col="srv"))
        for i in range(args.runs):
            add_review(kb, 2 * i)
            cols["in+"].append(once(inproc, kb, col="in+"))
            add_review(kb, 2 * i + 1)
            cols["srv+"].append(once(served, kb, on, col="srv+"))
        med = {k: statistics.median(v) if v else float("nan") for k, v in cols.items()}
        print(
            f"{n:>8} {build:>8.1f} {ms(cols['pass'])} {ms(cols['rg'])} {ms(cols['in'])} "
            f"{med['in'] / med['rg']:>6.2f} {ms(cols['srv'])} {med['srv'] / med['rg']:>6.2f} "
            f"{ms(cols['in+'])} {med['in+'] / med['in']:>6.2f} "
            f"{ms(cols['srv+'])} {med['srv+'] / med['srv']:>6.2f}"
        )
        cpu = {k: statistics.median(v) * 1000 for k, v in CPU.items()}
        print(
            f"{'  CPU ms':>8} {cpu.get('build', float('nan')) / 1000:>8.1f} "
            + " ".join(f"{cpu.get(k, float('nan')):>8.0f}" for k in ("pass", "rg", "in"))
            + f" {cpu['in'] / cpu['rg']:>6.2f} {cpu['srv']:>8.0f} {cpu['srv'] / cpu['rg']:>6.2f}"
            + f" {cpu['in+']:>8.0f} {cpu['in+'] / cpu['in']:>6.2f}"
            + f" {cpu['srv+']:>8.0f} {cpu['srv+'] / cpu['srv']:>6.2f}"
        )
        cskb("server", "stop", cwd=kb, check=False)
        for old in (kb / "reviews" / "2026-11-09").glob("bench-added-*.md"):
            old.unlink()
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
