"""The README's quick start: the tour runs end to end on a fresh demo KB."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_tour_runs(tmp_path: Path):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.run(
        ["bash", str(ROOT / "examples" / "tour.sh"), "demo-kb"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    for step in (
        "cskb demo",
        "cskb team list",
        "cskb pair",
        "call submit",
        "review new",
        "cskb check",
        "cskb status",
        "cskb search data strategy",
    ):
        assert step in out, step
    assert "Traceback" not in out + proc.stderr
    assert (tmp_path / "demo-kb" / "cskb.toml").exists()
    again = subprocess.run(
        ["bash", str(ROOT / "examples" / "tour.sh"), "demo-kb"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 2 and "already exists" in again.stderr
