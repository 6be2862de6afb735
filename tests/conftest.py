"""Shared fixtures: an isolated HOME and git config, a real temporary KB, a CLI runner, and a
real local webhook server."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cskb.cli import app
from cskb.kb.initkb import init_kb

AUTHOR = {"GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com"}
TODAY = "2026-11-22"
MEMBERS = [
    ("ana", "Ana Lima", "ana@example.com", "emea"),
    ("bo", "Bø Østergaard", "bo@example.com", "emea"),
    ("chen", "陈晨", "chen@example.com", "apac"),
    ("dana", "Дана Коваль", "dana@example.com", "amer"),
]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME and git's config at a temp folder; clear cskb's environment variables."""
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Test User\n\temail = ana@example.com\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in list(os.environ):
        if name.startswith(("CSKB_", "GIT_AUTHOR", "GIT_COMMITTER")) or name in (
            "VISUAL",
            "EDITOR",
            "CI",
        ):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CSKB_TODAY", TODAY)
    monkeypatch.setenv("CSKB_SEARCH_SERVER", "0")  # no resident search process unless a test asks
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return home


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real KB in a real git repo with four members, committed; cwd is the KB."""
    from cskb.adapters.fsio import atomic_write
    from cskb.kb.roster import dump_roster
    from cskb.models import Member

    root = tmp_path / "kb"
    init_kb(root)
    members = [Member(h, n, e, t, "csm", None) for h, n, e, t in MEMBERS]
    atomic_write(root / "team.yaml", dump_roster(members))
    from tests.helpers import git

    git(root, "add", "team.yaml")
    git(root, "commit", "-q", "-m", "test: roster")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run `cskb ARGS...` in-process; returns the click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):  # noqa: A002
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return run


@pytest.fixture
def webhook():
    """A real HTTP server on 127.0.0.1 recording what is posted (tests/helpers.py)."""
    from tests.helpers import WebhookServer

    with WebhookServer() as hook:
        yield hook
