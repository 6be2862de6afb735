"""Messages that tell the user what happened and what to do next."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import build_file_tree, git

VALID = Path(__file__).parent.parent / "corpus" / "valid.md"


@pytest.mark.parametrize(
    "typo, near",
    [("reviw", "review"), ("seach", "search"), ("calibrat", "calibrate"), ("stats2", "stats")],
)
def test_a_misspelled_command_suggests_the_right_one(kb, cli, typo, near):
    r = cli(typo)
    assert r.exit_code == 2
    assert f"No such command '{typo}'. Did you mean '{near}'" in r.stderr


def test_the_installed_command_suggests_too(kb):
    """The console entry point builds commands lazily: it suggests from every name."""
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "cskb", "reviw", "list"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2 and "Did you mean 'review'" in r.stderr, r.stderr


def test_until_is_shown_as_required(kb, cli):
    r = cli("team", "away", "--help")
    line = next(x for x in r.stdout.splitlines() if x.strip().startswith("--until"))
    assert "required" in line, r.stdout
    r = cli("team", "away", "ana")
    assert r.exit_code == 2 and "--until" in r.stderr


def test_cycles_with_none_says_how_to_pair(kb, cli):
    r = cli("cycles")
    assert r.exit_code == 0 and "cskb pair" in r.stdout + r.stderr
    assert json.loads(cli("cycles", "--json").stdout) == []


def test_team_remove_points_at_team_back(kb, cli):
    assert "cskb team back" in cli("team", "remove", "--help").stdout
    r = cli("team", "remove", "dana")
    assert r.exit_code == 0 and "cskb team back dana" in r.stdout + r.stderr


def test_search_limit_zero_means_all(kb, cli):
    body = VALID.read_text(encoding="utf-8")
    build_file_tree(
        kb,
        {
            f"playbook/extra-{i}.md": f"---\ntitle: Agenda {i}\n---\n# Agenda {i}\n\nAgenda first.\n"
            for i in range(12)
        },
    )
    git(kb, "add", "-A")
    git(kb, "commit", "-q", "-m", "cards")
    assert body
    ten = json.loads(cli("search", "agenda", "--json").stdout)
    every = json.loads(cli("search", "agenda", "--limit", "0", "--json").stdout)
    assert len(ten) == 10 and len(every) == 13  # twelve cards and init's agenda card
    r = cli("search", "agenda", "--limit", "-1")
    assert r.exit_code == 2


def test_unsupported_query_syntax_says_what_was_searched(kb, cli):
    r = cli("search", "data~2")
    assert r.exit_code == 0
    assert "~" in r.stderr and "searched for the words 'data 2'" in r.stderr
    r = cli("search", "agenda^2", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout) is not None
    assert "searched for the words 'agenda 2'" in r.stderr
    assert "not query syntax" not in cli("search", "agend*").stderr  # a wildcard cskb reads


def test_review_edit_on_a_complete_review_says_it_is_complete(kb, cli):
    assert cli("pair").exit_code == 0
    r = cli(
        "--as",
        "ana",
        "review",
        "new",
        "--call",
        "https://rec.example.com/1",
        "--customer",
        "Acme",
        "--no-edit",
    )
    assert r.exit_code == 0, r.stderr
    (path,) = [p for p in (kb / "reviews").rglob("*.md")]
    text = path.read_text(encoding="utf-8")
    for key in ("agenda", "control", "next_steps"):
        text = text.replace(f"  {key}: null", f"  {key}: 4")
    text = re.sub(r"^_Replace this line.*$", "Opened with a clear agenda the customer agreed to, "
                  "and closed with dated next steps and owners.", text, flags=re.M)  # fmt: skip
    path.write_text(text, encoding="utf-8")
    assert cli("--as", "ana", "review", "done", path.stem).exit_code == 0
    r = cli("--as", "ana", "review", "edit", path.stem, "--no-edit")
    assert r.exit_code == 0, r.stderr
    assert f"{path.relative_to(kb).as_posix()} is complete" in r.stderr
    assert "then run `cskb review done" not in r.stderr
