"""The package as users get it: a wheel built from the source tree, installed into a fresh
virtual environment outside it, runs `cskb demo` and `cskb check`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_version_has_one_source():
    import importlib.metadata

    import cskb

    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text and "\nversion =" not in text.split("[tool.")[0]
    assert importlib.metadata.version("cskb") == cskb.__version__


def _declared_setuptools() -> str:
    import re
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (req,) = [r for r in data["build-system"]["requires"] if r.startswith("setuptools")]
    match = re.fullmatch(r"setuptools>=(\d+)", req.replace(" ", ""))
    assert match, f"build-system requires {req!r}: expected setuptools>=N"
    return match.group(1)


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_source_tree(tmp_path: Path):
    """Built with the lowest setuptools pyproject.toml declares (not whatever is newest),
    so the declared floor is one that really builds the package."""
    builder = tmp_path / "builder"
    subprocess.run([sys.executable, "-m", "venv", str(builder)], check=True, timeout=300)
    bpy = str(builder / ("Scripts" if sys.platform == "win32" else "bin") / "python")
    floor = _declared_setuptools()
    pinned = subprocess.run(
        [bpy, "-m", "pip", "install", "-q", f"setuptools=={floor}.*"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert pinned.returncode == 0, pinned.stderr
    dist = tmp_path / "dist"
    built = subprocess.run(
        [
            bpy,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("cskb-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = zf.read(meta_name).decode()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "cskb/resources/review.md" in names and "cskb/py.typed" in names
    assert "License-Expression: MIT" in meta and "Classifier: Typing :: Typed" in meta
    assert "Project-URL: Documentation" in meta
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    # What it needs from the run-time lock (a new upstream release cannot break this test),
    # then the wheel alone.
    lock = ROOT / "requirements" / "run.lock"
    for args in (["--require-hashes", "-r", str(lock)], ["--no-deps", str(wheel)]):
        install = subprocess.run(
            [str(bindir / "python"), "-m", "pip", "install", "-q", *args],
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert install.returncode == 0, install.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    cskb = str(bindir / "cskb")
    where = subprocess.run(
        [str(bindir / "python"), "-c", "import cskb; print(cskb.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in where.stdout and str(ROOT) not in where.stdout
    version = subprocess.run([cskb, "--version"], capture_output=True, text=True, check=True)
    wheel_version = next(x for x in meta.splitlines() if x.startswith("Version: ")).split()[1]
    assert version.stdout.strip() == f"cskb {wheel_version}"
    demo = subprocess.run(
        [cskb, "demo", "kb", "--members", "6", "--cycles", "2"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stderr
    check = subprocess.run(
        [cskb, "check", "--json"], cwd=work / "kb", capture_output=True, text=True, timeout=300
    )
    assert check.returncode in (0, 1), check.stderr
    import json

    assert isinstance(json.loads(check.stdout), list)
