"""Docs are part of the work: every command has help text and a place in docs/."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from cskb.cli import app

ROOT = Path(__file__).resolve().parents[2]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))


def _commands() -> list[tuple[str, object]]:
    root = typer.main.get_command(app)
    out: list[tuple[str, object]] = []

    def walk(cmd, path: str) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{path} {name}".strip())
        else:
            out.append((path, cmd))

    walk(root, "")
    return [c for c in out if not c[0].startswith("testing-only")]


COMMANDS = _commands()


def test_there_are_commands():
    names = {c[0] for c in COMMANDS}
    assert {"init", "team add", "whoami", "sync", "demo"} <= names


@pytest.mark.parametrize("path, cmd", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_command_has_help_and_docs(path: str, cmd):
    assert (cmd.help or "").strip(), f"`cskb {path}` has no help text"
    assert "Example:" in cmd.help, f"`cskb {path}` help has no example"
    assert f"cskb {path}" in DOCS, f"`cskb {path}` is not mentioned in docs/"


@pytest.mark.parametrize("path, cmd", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_options_have_help(path: str, cmd):
    for param in cmd.params:
        if param.param_type_name == "option":
            assert (param.help or "").strip(), f"`cskb {path}` option {param.opts[0]} has no help"


def test_required_docs_exist():
    for name in ("format.md", "architecture.md"):
        assert (ROOT / "docs" / name).is_file(), name


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```bash\n")[1:]]
    quick_start = readme.split("## Quick start", 1)[1].split("## ", 1)[0]
    commands = [b for b in blocks if b in quick_start]
    assert len(commands) == 2, "the quick start has exactly two commands"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci, ".ci/run must call the README's test command verbatim"
    assert "python3 -m venv" in ci and "rm -rf .venv" in ci, (
        ".ci/run builds a fresh virtual environment"
    )
