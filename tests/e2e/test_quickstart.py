"""The README's quick start: the tour runs end to end on a fresh demo KB."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
        "cskb search 'data strategy'",
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


def test_tour_prints_commands_that_can_be_pasted_back(tmp_path: Path):
    """Every `$ ...` line the tour prints, pasted into a fresh shell in order, runs and
    gives the same result: quotes and all."""
    import shlex

    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    first = tmp_path / "first"
    first.mkdir()
    proc = subprocess.run(
        ["bash", str(ROOT / "examples" / "tour.sh"), "team's demo"],
        cwd=first,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    commands = [line[2:] for line in proc.stdout.splitlines() if line.startswith("$ ")]
    assert "cskb demo 'team'\\''s demo' --members 8 --cycles 6" in commands
    submit = next(c for c in commands if " call submit " in c)
    assert shlex.split(submit)[shlex.split(submit).index("--customer") + 1] == 'Acme: "Inc" #1'
    script = "set -eu\n" + "\n".join(
        f"{c} || test $? -eq 1" if c == "cskb check" else c for c in commands
    )
    second = tmp_path / "second"
    second.mkdir()
    pasted = subprocess.run(
        ["bash", "-c", script], cwd=second, env=env, capture_output=True, text=True, timeout=600
    )
    assert pasted.returncode == 0, pasted.stderr[-3000:]
    calls = sorted((second / "team's demo" / "calls").rglob("*.yaml"))
    again = sorted((first / "team's demo" / "calls").rglob("*.yaml"))

    def stable(path: Path) -> str:  # the submission time is the only thing that may differ
        lines = path.read_text(encoding="utf-8").splitlines()
        return "\n".join(x for x in lines if not x.startswith("submitted:"))

    assert [stable(p) for p in calls] == [stable(p) for p in again]
    assert any('Acme: "Inc" #1' in p.read_text(encoding="utf-8") for p in calls)
