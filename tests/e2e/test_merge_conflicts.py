"""A file left with git's conflict markers (a sync or merge that stopped half-way) is named
as a conflict, with its line, by the commands that read it; read commands stop on it."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFLICT = "<<<<<<< HEAD\n{ours}=======\n{theirs}>>>>>>> 1a2b3c4 (a teammate's change)\n"


def _conflicted(path: Path, at: str, ours: str, theirs: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert at in text
    path.write_text(
        text.replace(at, CONFLICT.format(ours=ours, theirs=theirs), 1), encoding="utf-8"
    )


def _one_line_naming(stderr: str, name: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert name in lines[0] and "merge conflict" in lines[0], lines[0]
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    "args",
    [("team", "list"), ("pair", "--dry-run"), ("whoami",), ("stats",)],
    ids=["team-list", "pair", "whoami", "stats"],
)
def test_a_conflict_in_team_yaml_stops_read_commands(kb: Path, cli, args):
    assert cli("--as", "ana", "pair").exit_code == 0
    _conflicted(kb / "team.yaml", "- handle: bo\n", "- handle: bo\n", "- handle: bø\n")
    r = cli("--as", "ana", *args)
    assert r.exit_code == 2
    line = _one_line_naming(r.stderr, "team.yaml")
    assert "team.yaml:" in line  # with the line the markers start on


def test_a_conflict_in_cskb_toml_is_named(kb: Path, cli):
    text = (kb / "cskb.toml").read_text(encoding="utf-8")
    (kb / "cskb.toml").write_text(CONFLICT.format(ours="", theirs="") + text, encoding="utf-8")
    r = cli("--as", "ana", "team", "list")
    assert r.exit_code == 2
    _one_line_naming(r.stderr, "cskb.toml")


def test_a_conflict_in_a_review_is_a_finding_naming_it(kb: Path, cli):
    assert cli("--as", "ana", "pair").exit_code == 0
    submitted = cli(
        "--as", "bo", "call", "submit", "--url", "https://rec.example.com/c/9", "--customer", "Acme"
    )
    assert submitted.exit_code == 0, submitted.stderr
    made = cli("--as", "ana", "review", "new", "--reviewee", "bo", "--no-edit")
    assert made.exit_code == 0, made.stderr
    (path,) = (kb / "reviews").rglob("*.md")
    _conflicted(path, "\n## ", "\n", "\nA line from the other clone.\n")
    r = cli("check", "--format", "json")
    assert r.exit_code == 1
    assert "merge-conflict" in r.stdout and path.name in r.stdout
