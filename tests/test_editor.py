from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cskb.editor import edit
from cskb.errors import UsageError


def test_not_allowed_never_runs(tmp_path: Path):
    marker = tmp_path / "ran"
    out = edit(tmp_path / "f.md", f'{sys.executable} -c \'open("{marker}", "w")\'', allowed=False)
    assert not out.ran and not marker.exists() and "not a terminal" in out.reason


def test_editor_argv_is_split_without_a_shell(tmp_path: Path):
    target = tmp_path / "f; touch pwned.md"
    target.write_text("x", encoding="utf-8")
    script = tmp_path / "ed.py"
    script.write_text("import sys\nopen(sys.argv[-1], 'a').write(sys.argv[1])\n", encoding="utf-8")
    out = edit(target, f"{sys.executable} {script} --flag", allowed=True)
    assert out.ran and out.exit_code == 0
    assert target.read_text(encoding="utf-8") == "x--flag"
    assert not (tmp_path / "pwned.md").exists()


def test_unparseable_editor_variable():
    with pytest.raises(UsageError, match="cannot be parsed"):
        edit(Path("x.md"), "vim 'unclosed", allowed=True)


def test_ci_never_opens_the_editor(kb: Path, cli, tmp_path: Path):
    marker = tmp_path / "ran"
    script = tmp_path / "ed.py"
    script.write_text(f"open({str(marker)!r}, 'w')\n", encoding="utf-8")
    assert cli("pair").exit_code == 0
    cli("--as", "bo", "call", "submit", "--url", "https://x.example.com/1", "--customer", "X")
    cli("--as", "chen", "call", "submit", "--url", "https://x.example.com/1", "--customer", "X")
    cli("--as", "dana", "call", "submit", "--url", "https://x.example.com/1", "--customer", "X")
    r = cli("review", "new", "--edit", env={"CI": "true", "EDITOR": f"{sys.executable} {script}"})
    assert r.exit_code == 0 and not marker.exists()
    assert "no editor was opened" in r.stderr
