"""The one error handler: exit codes, one-line messages, --verbose tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer

from cskb.cli import app


def test_user_error_is_one_line_exit_2(kb: Path, cli):
    r = cli("--as", "nobody", "whoami")
    assert r.exit_code == 2
    assert r.stderr.startswith("cskb: error: ") and len(r.stderr.strip().splitlines()) == 1


def _boom(kind: str) -> None:
    if kind == "crash":
        raise ZeroDivisionError("boom")
    raise KeyboardInterrupt


def test_unexpected_error_and_interrupt(kb: Path, cli):
    sub = typer.Typer()
    sub.command("crash")(lambda: _boom("crash"))
    sub.command("int")(lambda: _boom("int"))
    app.add_typer(sub, name="testing-only")
    try:
        r = cli("testing-only", "crash")
        assert r.exit_code == 3 and "unexpected ZeroDivisionError: boom" in r.stderr
        assert "Traceback" not in r.stderr and "--verbose" in r.stderr
        r = cli("--verbose", "testing-only", "crash")
        assert r.exit_code == 3 and "Traceback" in r.stderr
        r = cli("testing-only", "int")
        assert r.exit_code == 130 and "interrupted" in r.stderr
    finally:
        app.registered_groups[:] = [g for g in app.registered_groups if g.name != "testing-only"]


def test_console_script_runs_as_a_process(kb: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "cskb", "--as", "ghost", "whoami"], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "no member 'ghost'" in proc.stderr and "Traceback" not in proc.stderr
