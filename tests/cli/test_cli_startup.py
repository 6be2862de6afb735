"""The start-up path: the lazy app `cskb` runs lists and runs what the eager app does,
while importing only what the command line needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cskb import __version__
from cskb.cli import app
from cskb.cli.root import HINTS, MODULES, build_app, catalogue

HEAVY = ("rich", "yaml", "git", "whoosh", "slack_sdk", "pydantic")


def _modules_after(*argv: str, cwd: Path | None = None) -> tuple[int, str, set[str]]:
    """Run `cskb ARGV` through the console entry point in a fresh interpreter; return its
    exit code, stdout and the modules it had imported."""
    code = (
        "import sys, json\n"
        "from cskb.cli import main\n"
        f"sys.argv = ['cskb', *{list(argv)!r}]\n"
        "try:\n    main(); rc = 0\n"
        "except SystemExit as e:\n    rc = e.code or 0\n"
        "sys.stdout.flush()\n"
        "print('\\n@@' + json.dumps([rc, sorted(sys.modules)]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=False
    )
    out, _, tail = proc.stdout.rpartition("\n@@")
    rc, modules = json.loads(tail)
    return rc, out, set(modules)


def _roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_lazy_help_is_the_eager_help():
    runner = CliRunner()
    eager = runner.invoke(app, ["--help"])
    lazy = runner.invoke(build_app(lazy=True), ["--help"])
    assert eager.exit_code == lazy.exit_code == 0
    assert lazy.stdout == eager.stdout
    assert "Commands:" in lazy.stdout


def test_catalogue_lists_every_command_of_the_eager_app():
    group = typer.main.get_command(app)
    eager = [
        (name, cmd.get_short_help_str(80))
        for name, cmd in group.commands.items()  # type: ignore[attr-defined]
        if not cmd.hidden
    ]
    lazy_group = typer.main.get_command(build_app(lazy=True))
    ctx = lazy_group.make_context("cskb", ["--kb", "x"], resilient_parsing=True)
    names = lazy_group.list_commands(ctx)  # type: ignore[attr-defined]
    assert names == [name for name, _, _ in catalogue()]
    assert sorted(names) == sorted(n for n, _ in eager)
    for name, short in eager:
        built = lazy_group.get_command(ctx, name)  # type: ignore[attr-defined]
        assert built is not None and built.get_short_help_str(80) == short


def test_hints_point_at_the_module_registering_the_command():
    for command, module in HINTS.items():
        assert module in MODULES
        sub = typer.Typer()
        __import__(f"cskb.cli.{module}", fromlist=["register"]).register(sub)
        names = {c.name or c.callback.__name__ for c in sub.registered_commands}
        names |= {g.name for g in sub.registered_groups}
        assert command in names


@pytest.mark.parametrize(
    "argv",
    [
        ["whoami"],
        ["team", "list", "--json"],
        ["status", "--json"],
        ["check", "--format", "json"],
        ["review", "list", "--json"],
        ["nosuch"],
    ],
)
def test_lazy_app_runs_commands_like_the_eager_app(kb: Path, argv: list[str]):
    runner = CliRunner()
    assert runner.invoke(app, ["pair"]).exit_code == 0
    eager = runner.invoke(app, argv)
    lazy = runner.invoke(build_app(lazy=True), argv)
    assert (lazy.exit_code, lazy.stdout, lazy.stderr) == (
        eager.exit_code,
        eager.stdout,
        eager.stderr,
    )


def test_version_does_not_import_typer():
    rc, out, modules = _modules_after("--version")
    assert rc == 0 and out.strip() == f"cskb {__version__}"
    assert "typer" not in _roots(modules) and "click" not in _roots(modules)


def test_help_imports_no_heavy_library():
    rc, out, modules = _modules_after("--help")
    assert rc == 0 and "search" in out and "review" in out
    assert not _roots(modules) & set(HEAVY), sorted(_roots(modules) & set(HEAVY))


def test_search_builds_only_its_own_module(kb: Path):
    rc, out, modules = _modules_after("search", "--help", cwd=kb)
    assert rc == 0 and "QUERY" in out
    cli_modules = {m for m in modules if m.startswith("cskb.cli.")}
    assert cli_modules <= {
        "cskb.cli.root",
        "cskb.cli.errors",
        "cskb.cli.search",
        "cskb.cli.common",
        "cskb.cli.helpfmt",  # the help tidy and completion hooks, shared by every command
        "cskb.cli.complete",
        "cskb.cli.server",  # `cskb server`, registered by cli/search.py
    }
    assert not _roots(modules) & set(HEAVY)


def test_version_flag_still_works_with_other_options():
    rc, out, _ = _modules_after("--kb", ".", "--version")
    assert rc == 0 and out.strip() == f"cskb {__version__}"
