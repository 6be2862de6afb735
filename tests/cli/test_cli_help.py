"""`--help` reads like a manual: placeholders not Python types, whole summaries, the
environment variables and exit codes; shell completion offers handles, cycles and reviews."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from cskb.cli import app

CSKB = str(Path(sys.executable).parent / "cskb")


def _paths() -> list[str]:
    out: list[str] = []

    def walk(cmd, path: str) -> None:
        out.append(path)
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return out


@pytest.mark.parametrize("path", _paths())
def test_help_shows_no_python_types(cli, path: str):
    r = cli(*path.split(), "--help", env={"COLUMNS": "100"})
    assert r.exit_code == 0
    assert not re.search(r"<(list|str|int|Path|bool|float)\b[^>]*>", r.stdout), r.stdout
    assert not re.search(r"\{[A-Z_]+\}", r.stdout), r.stdout


def test_command_summaries_are_not_cut(cli):
    r = cli("--help", env={"COLUMNS": "80"})
    flat = " ".join(r.stdout.split())
    root = typer.main.get_command(app)
    for name, cmd in root.commands.items():
        first = " ".join(cmd.help.strip().split("\n\n")[0].split())
        assert f"{name} {first}" in flat, f"summary of `cskb {name}` is cut"
    assert "..." not in r.stdout.split("Commands:")[1].split("Exit codes")[0]


def test_help_shows_the_environment_variables(cli):
    r = cli("--help", env={"COLUMNS": "100"})
    assert "env var: CSKB_DIR" in r.stdout and "env var: CSKB_USER" in r.stdout


def test_help_lists_the_exit_codes(cli):
    from cskb.cli.errors import EXIT_INTERNAL, EXIT_INTERRUPTED
    from cskb.errors import ChecksFailed, UsageError

    r = cli("--help", env={"COLUMNS": "100"})
    epilog = r.stdout.split("Exit codes:")[1]
    codes = [int(line.split()[0]) for line in epilog.strip().splitlines()]
    assert codes == [
        0,
        ChecksFailed.exit_code,
        UsageError.exit_code,
        EXIT_INTERNAL,
        EXIT_INTERRUPTED,
    ]
    assert codes == [0, 1, 2, 3, 130]


def test_env_vars_are_read_by_the_options(kb: Path, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("whoami", "--json", env={"CSKB_DIR": str(kb), "CSKB_USER": "bo"})
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["handle"] == "bo"


def _complete(shell: str, words: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "_CSKB_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env["COMP_WORDS"] = words
        env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return subprocess.run([CSKB], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_offers_handles_cycles_and_reviews(kb: Path, cli, shell: str):
    assert cli("pair").exit_code == 0
    folder = kb / "reviews" / "2026-11-09"
    folder.mkdir(parents=True)
    (folder / "ana-reviews-bo.md").write_text("---\n---\n", encoding="utf-8")
    handles = _complete(shell, "cskb team remove ", kb)
    assert handles.returncode == 0
    for h in ("ana", "bo", "chen", "dana"):
        assert h in handles.stdout
    cycles = _complete(shell, "cskb cycle show 2026-", kb)
    assert "2026-11-09" in cycles.stdout
    reviews = _complete(shell, "cskb review show ana", kb)
    assert re.search(r"ana-reviews-\w+", reviews.stdout), reviews.stdout
    reviewers = _complete(shell, "cskb search x --reviewer d", kb)
    assert "dana" in reviewers.stdout and "chen" not in reviewers.stdout


def test_completion_outside_a_kb_fails_silently(tmp_path: Path):
    r = _complete("bash", "cskb team remove ", tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == "" and "Traceback" not in r.stderr


def test_completion_script_is_offered_for_the_shell_it_runs_in(tmp_path: Path):
    """Typer detects the shell from the process tree: run under a real bash, a bash script."""
    r = subprocess.run(
        ["bash"],  # a script on stdin: bash stays the parent (`bash -c` would exec cskb)
        input=f"{CSKB} --show-completion\n",
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "_CSKB_COMPLETE" in r.stdout and "complete_bash" in r.stdout
