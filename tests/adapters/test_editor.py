from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from cskb.adapters.editor import Outcome, argv_for, edit, wanted
from cskb.errors import UsageError


def script(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / f"{name}.py"
    path.write_text("import os, sys, signal\npath = sys.argv[-1]\n" + body, encoding="utf-8")
    return f"{sys.executable} {path}"


@pytest.mark.parametrize(
    ("interactive", "ci", "requested", "expected"),
    [
        (True, False, None, True),  # a terminal: open it
        (False, False, None, False),  # not a terminal: write the file, say so
        (False, False, True, True),  # --edit asks for it (GUI editors need no terminal)
        (True, False, False, False),  # --no-edit
        (True, True, None, False),  # CI: never
        (True, True, True, False),  # CI wins over --edit
    ],
)
def test_when_the_editor_is_wanted(interactive, ci, requested, expected):
    go, why = wanted(interactive, ci, requested)
    assert go is expected
    assert bool(why) is not expected


def test_not_interactive_never_runs(tmp_path: Path):
    marker = tmp_path / "ran"
    ed = script(tmp_path, "ed", f"open({str(marker)!r}, 'w')\n")
    out = edit(tmp_path / "f.md", ed, interactive=False)
    assert out.outcome is Outcome.SKIPPED and not out.failed and not out.ran
    assert not marker.exists() and "not a terminal" in out.reason


def test_ci_never_runs_even_with_edit(tmp_path: Path):
    marker = tmp_path / "ran"
    ed = script(tmp_path, "ed", f"open({str(marker)!r}, 'w')\n")
    out = edit(tmp_path / "f.md", ed, interactive=True, ci=True, requested=True)
    assert out.outcome is Outcome.SKIPPED and "CI is set" in out.reason and not marker.exists()


def test_interactive_runs_the_editor_on_the_file(tmp_path: Path):
    target = tmp_path / "f.md"
    target.write_text("x", encoding="utf-8")
    ed = script(tmp_path, "ed", "open(path, 'a', encoding='utf-8').write('+typed')\n")
    out = edit(target, ed, interactive=True)
    assert out.outcome is Outcome.EDITED and out.exit_code == 0 and out.reason == ""
    assert target.read_text(encoding="utf-8") == "x+typed"


def test_editor_argv_is_split_without_a_shell(tmp_path: Path):
    target = tmp_path / "f; touch pwned.md"
    target.write_text("x", encoding="utf-8")
    ed = script(tmp_path, "ed", "open(path, 'a').write(sys.argv[1])\n")
    out = edit(target, f"{ed} --flag", interactive=True)
    assert out.outcome is Outcome.EDITED
    assert target.read_text(encoding="utf-8") == "x--flag"
    assert not (tmp_path / "pwned.md").exists()
    assert not Path("pwned.md").exists()


def test_argv_keeps_quoted_words_and_appends_the_path():
    assert argv_for("'/opt/My Editor/ed' --wait", Path("/k b/r.md")) == [
        "/opt/My Editor/ed",
        "--wait",
        "/k b/r.md",
    ]


@pytest.mark.parametrize("value", ["vim 'unclosed", "   "])
def test_unparseable_or_blank_editor_variable(value):
    with pytest.raises(UsageError, match=r"\$VISUAL/\$EDITOR"):
        argv_for(value, Path("x.md"))


def test_no_editor_set(tmp_path: Path):
    out = edit(tmp_path / "f.md", None, interactive=True)
    assert (
        out.outcome is Outcome.NO_EDITOR and out.failed and "set $VISUAL or $EDITOR" in out.reason
    )


def test_editor_not_found(tmp_path: Path):
    out = edit(tmp_path / "f.md", str(tmp_path / "no-such-editor"), interactive=True)
    assert out.outcome is Outcome.NOT_RUNNABLE and out.failed and "was not found" in out.reason


def test_editor_not_executable(tmp_path: Path):
    ed = tmp_path / "ed.sh"
    ed.write_text("#!/bin/sh\n", encoding="utf-8")
    ed.chmod(0o644)
    out = edit(tmp_path / "f.md", str(ed), interactive=True)
    assert out.outcome is Outcome.NOT_RUNNABLE and "permission denied" in out.reason


def test_editor_exiting_non_zero_is_reported_and_its_text_kept(tmp_path: Path):
    target = tmp_path / "f.md"
    target.write_text("start\n", encoding="utf-8")
    ed = script(tmp_path, "ed", "open(path, 'a').write('half a thought\\n')\nsys.exit(7)\n")
    out = edit(target, ed, interactive=True)
    assert out.outcome is Outcome.FAILED and out.exit_code == 7 and "status 7" in out.reason
    assert target.read_text(encoding="utf-8") == "start\nhalf a thought\n"


def test_editor_killed_by_a_signal_is_an_interruption(tmp_path: Path):
    ed = script(tmp_path, "ed", "os.kill(os.getpid(), signal.SIGTERM)\n")
    out = edit(tmp_path / "f.md", ed, interactive=True)
    assert out.outcome is Outcome.INTERRUPTED and "SIGTERM" in out.reason


def test_ctrl_c_handlers_are_restored_after_the_editor(tmp_path: Path):
    before = signal.getsignal(signal.SIGINT)
    edit(tmp_path / "f.md", script(tmp_path, "ed", "pass\n"), interactive=True)
    assert signal.getsignal(signal.SIGINT) is before


def test_ci_never_opens_the_editor_through_the_cli(kb: Path, cli, tmp_path: Path):
    marker = tmp_path / "ran"
    ed = script(tmp_path, "ed", f"open({str(marker)!r}, 'w')\n")
    assert cli("pair").exit_code == 0
    for h in ("bo", "chen", "dana"):
        cli("--as", h, "call", "submit", "--url", "https://x.example.com/1", "--customer", "X")
    r = cli("review", "new", "--edit", env={"CI": "true", "EDITOR": ed})
    assert r.exit_code == 0 and not marker.exists()
    assert "CI is set, so no editor was opened" in r.stderr
