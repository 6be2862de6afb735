"""The layer contract in pyproject.toml holds, and would catch a new arrow the wrong way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _lint_imports(cwd: Path, src: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.skip("import-linter is not installed (it is in the test extras and the lock)")
    env = {"PATH": str(exe.parent), "PYTHONPATH": str(src), "HOME": str(cwd), "NO_COLOR": "1"}
    return subprocess.run(
        [str(exe), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_layers_are_kept():
    p = _lint_imports(ROOT, ROOT / "src")
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    assert "0 broken" in p.stdout


@pytest.mark.parametrize(
    "module, line, broken",
    [
        ("reviews/catalog.py", "import cskb.checks.participation", "cskb.reviews"),
        ("pairing/engine.py", "import cskb.cli.root", "cskb.pairing"),
        ("stats/data.py", "import rich.table", "rich"),
    ],
    ids=["reviews-to-checks", "domain-to-cli", "domain-to-rich"],
)
def test_a_new_arrow_the_wrong_way_breaks_it(tmp_path: Path, module: str, line: str, broken):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "src" / "cskb", tmp_path / "src" / "cskb")
    target = tmp_path / "src" / "cskb" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    p = _lint_imports(tmp_path, tmp_path / "src")
    assert p.returncode != 0 and "BROKEN" in p.stdout, p.stdout[-3000:]
    assert broken in p.stdout
