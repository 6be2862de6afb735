"""Start-up: `cskb --help`, `cskb --version`, and a command's `--help`, whole process, beside
`python -c pass` and `python -c "import typer"` in the same run (interleaved run by run).

Run: .venv/bin/python benchmarks/bench_startup.py [--runs 21] [--cskb PATH ...]
Targets: `cskb --help` <= 120 ms (moonshot 80 ms).
Several `--cskb` paths (console scripts of venvs with different Typer releases) are timed
side by side; each row also shows the CPU time (user + system) the process used, which
varies less than the wall clock on a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, env  # noqa: E402


def run_once(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime


def typer_version(script: str) -> str:
    py = str(Path(script).parent / "python")
    out = subprocess.run(
        [py, "-c", "import importlib.metadata as m; print(m.version('typer'))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--cskb", nargs="+", default=[CSKB], help="console scripts to compare")
    args = parser.parse_args()
    py = str(Path(args.cskb[0]).parent / "python")
    rows: dict[str, list[str]] = {
        "python -c pass": [py, "-c", "pass"],
        "python -c 'import typer'": [py, "-c", "import typer"],
    }
    for script in args.cskb:
        tag = f"typer {typer_version(script)}" if len(args.cskb) > 1 else "cskb"
        rows[f"{tag}: cskb --version"] = [script, "--version"]
        rows[f"{tag}: cskb --help"] = [script, "--help"]
        rows[f"{tag}: cskb search --help"] = [script, "search", "--help"]
        rows[f"{tag}: cskb check --help"] = [script, "check", "--help"]
    for cmd in rows.values():  # warm the page cache and the bytecode
        run_once(cmd)
    walls: dict[str, list[float]] = {k: [] for k in rows}
    cpus: dict[str, list[float]] = {k: [] for k in rows}
    for _ in range(args.runs):
        for name, cmd in rows.items():
            w, c = run_once(cmd)
            walls[name].append(w)
            cpus[name].append(c)
    base = statistics.median(walls["python -c pass"])
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(f"start-up, median of {args.runs} interleaved runs; load {' '.join(load)}")
    print(f"{'':<40} {'wall ms':>8} {'min ms':>7} {'cpu ms':>7} {'x pass':>7}")
    for name in rows:
        m = statistics.median(walls[name])
        print(
            f"{name:<40} {m * 1000:>8.0f} {min(walls[name]) * 1000:>7.0f} "
            f"{statistics.median(cpus[name]) * 1000:>7.0f} {m / base:>7.1f}"
        )


if __name__ == "__main__":
    main()
