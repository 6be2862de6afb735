"""Reliability: files from a hostile colleague cannot run code, hang, leak or inject escapes.

Each test was run against the code before the fix and failed there (a hang counts).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cskb.adapters.store import YamlProblem, load_yaml_text, read_document
from tests.helpers import build_file_tree, commit_count, git
from tests.reliability import CYCLE, one_line_error, paired, run

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)
DEEP = "x: " + "[" * 10_000 + "]" * 10_000 + "\n"
DEEP_BLOCK = "x:\n" + "- " * 10_000 + "y\n"
# The same payloads where a reader really walks them: a record's tags.
BOMB_VALUE = BOMB.replace("a: &a", "zz: &a").replace("{", "{{").replace("}", "}}") + "{key}: *i\n"
DEEP_VALUE = "{key}: " + "[" * 10_000 + "]" * 10_000 + "\n"


@pytest.mark.parametrize(
    "text", [BOMB, DEEP, DEEP_BLOCK], ids=["alias-bomb", "deep-flow", "deep-block"]
)
def test_yaml_loader_refuses_bombs_and_depth(text: str):
    with pytest.raises(YamlProblem) as info:
        load_yaml_text(text)
    assert info.value.code in ("yaml-alias", "yaml-too-deep")


def test_plain_yaml_still_loads():
    assert load_yaml_text("a: 1\nb: [1, {c: AT&T}]\nd: '5*'\n") == {
        "a": 1,
        "b": [1, {"c": "AT&T"}],
        "d": "5*",
    }


@pytest.mark.parametrize("payload", [BOMB, DEEP], ids=["alias-bomb", "deep"])
@pytest.mark.parametrize(
    "args",
    [("team", "list"), ("whoami", "--as", "ana"), ("pair", "--dry-run")],
    ids=["team-list", "whoami", "pair"],
)
def test_hostile_team_yaml_is_one_line_for_every_reader(kb: Path, payload: str, args):
    (kb / "team.yaml").write_text(_roster_with(payload), encoding="utf-8")
    if args[0] == "whoami":
        args = ("--as", "ana", "whoami")
    p = run(kb, *args, timeout=20)
    assert p.returncode == 2
    assert "team.yaml" in one_line_error(p.stderr)


@pytest.mark.parametrize("payload", [BOMB, DEEP], ids=["alias-bomb", "deep"])
def test_hostile_review_and_call_files_are_findings_not_hangs(kb: Path, cli, payload: str):
    paired(cli)
    build_file_tree(
        kb,
        {
            f"reviews/{CYCLE}/ana-reviews-bo.md": "---\n"
            + _with_key(payload, "tags")
            + "---\nbody\n",
            f"calls/{CYCLE}/zed.yaml": "url: https://r.example.com/z\n"
            + _with_key(payload, "tags"),
        },
    )
    p = run(kb, "check", timeout=20)
    out = p.stdout.decode() + p.stderr.decode()
    assert p.returncode in (1, 2) and "Traceback" not in out
    assert "ana-reviews-bo.md" in out
    p = run(kb, "review", "list", timeout=20)
    assert "Traceback" not in p.stderr.decode() and p.returncode in (0, 2)
    p = run(kb, "tags", timeout=20)
    assert "Traceback" not in p.stderr.decode() and p.returncode in (0, 2)
    assert "zed.yaml" in p.stderr.decode() or p.returncode == 0


def _roster_with(payload: str) -> str:
    if payload is BOMB:
        return BOMB.replace("a: &a", "zz: &a") + "members:\n- handle: ana\n  name: *i\n"
    return "members:\n- handle: ana\n  name: " + "[" * 10_000 + "]" * 10_000 + "\n"


def _with_key(payload: str, key: str) -> str:
    return (BOMB_VALUE if payload is BOMB else DEEP_VALUE).format(key=key)


def test_symlinked_review_is_a_finding_and_never_read(kb: Path, cli, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("---\ntitle: TOP-SECRET-CONTENT\n---\nTOP-SECRET-CONTENT\n", encoding="utf-8")
    paired(cli)
    (kb / "reviews" / CYCLE).mkdir(parents=True, exist_ok=True)
    link = kb / "reviews" / CYCLE / "ana-reviews-bo.md"
    os.symlink(secret, link)
    r = cli("check")
    assert "symbolic link" in r.stdout + r.stderr and "TOP-SECRET" not in r.stdout + r.stderr
    r = cli("review", "show", "ana-reviews-bo")
    assert r.exit_code == 2 and "TOP-SECRET" not in r.stdout + r.stderr
    r = cli("review", "list", "--json")
    assert "TOP-SECRET" not in r.stdout + r.stderr
    with pytest.raises(YamlProblem, match="symbolic link"):
        read_document(link)


def test_symlinked_template_is_refused_and_nothing_committed(kb: Path, cli, tmp_path: Path):
    secret = tmp_path / "passwd"
    secret.write_text("---\ntitle: x\n---\nroot:x:0:0:SECRET\n", encoding="utf-8")
    paired(cli)
    before = commit_count(kb)
    (kb / "templates" / "review.md").unlink()
    os.symlink(secret, kb / "templates" / "review.md")
    r = cli("--as", "ana", "review", "new")
    assert r.exit_code == 2 and "symbolic link" in one_line_error(r.stderr)
    assert commit_count(kb) == before
    assert "SECRET" not in "".join(
        p.read_text("utf-8", "replace") for p in kb.rglob("*.md") if not p.is_symlink()
    )


def test_a_linked_reviews_folder_is_refused(kb: Path, cli, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (kb / "reviews" / ".gitkeep").unlink()
    (kb / "reviews").rmdir()
    os.symlink(outside, kb / "reviews")
    r = cli("review", "list")
    assert r.exit_code == 2 and "symbolic link" in one_line_error(r.stderr)


def test_sync_never_passes_a_remote_name_as_an_option(kb: Path, tmp_path: Path):
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(kb, "push", "-q", str(bare), "main")
    marker = tmp_path / "pwned"
    # `git rebase <remote>/main` would run `mkdir -p .../pwned/main` through --exec
    name = f"--exec=mkdir${{IFS}}-p${{IFS}}{marker}"
    with open(kb / ".git" / "config", "a", encoding="utf-8") as fh:
        fh.write(
            f'[remote "{name}"]\n\turl = {bare}\n\tfetch = +refs/heads/*:refs/remotes/{name}/*\n'
        )
    git(kb, "fetch", "-q", "--", name, check=False)
    git(kb, "remote", "add", "origin", str(bare))
    git(kb, "fetch", "-q", "origin")
    git(kb, "branch", "-q", "--set-upstream-to=origin/main")
    git(kb, "commit", "-q", "--allow-empty", "-m", "ahead")
    p = run(kb, "sync", "--remote", name, timeout=30)
    assert not marker.exists()
    assert p.returncode == 2 and "Traceback" not in p.stderr.decode()


ESC = "\x1b]52;c;aGVsbG8=\x07\x1b[2J\x9b31m"


@pytest.mark.parametrize(
    "args",
    [
        ("team", "add", "evil", "--name", f"Eve{ESC}"),
        ("team", "add", "evil", "--team", f"t{ESC}"),
        (
            "--as",
            "ana",
            "call",
            "submit",
            "--url",
            "https://r.example.com/x",
            "--customer",
            f"A{ESC}",
        ),
        (
            "--as",
            "ana",
            "call",
            "submit",
            "--url",
            "https://r.example.com/x",
            "--customer",
            "A",
            "--note",
            f"n{ESC}",
        ),
        (
            "--as",
            "ana",
            "call",
            "submit",
            "--url",
            "https://r.example.com/x",
            "--customer",
            "A",
            "--tags",
            f"t{ESC}",
        ),
        ("--as", "ana", "coffee", "done", "--note", f"n{ESC}"),
    ],
    ids=["name", "team", "customer", "note", "tags", "coffee-note"],
)
def test_control_characters_are_refused_on_input(kb: Path, cli, args):
    assert cli("pair").exit_code == 0
    before = commit_count(kb)
    r = cli(*args)
    assert r.exit_code == 2 and "control character" in one_line_error(r.stderr)
    assert commit_count(kb) == before


def test_control_characters_in_files_are_neutralised_on_output(kb: Path, cli):
    text = (
        (kb / "team.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Ana Lima", 'name: "Ana\\e]52;c;aGVsbG8=\\a\\e[2J\\x9b"')
    )
    (kb / "team.yaml").write_text(text, encoding="utf-8")
    reviewee = paired(cli)
    r = cli("team", "list")
    assert r.exit_code == 0
    for ch in ("\x1b", "\x07", "\x9b"):
        assert ch not in r.stdout
    assert "\\x1b" in r.stdout
    r = cli("team", "list", "--json")
    assert "\x1b" not in r.stdout and "\x9b" not in r.stdout
    assert cli("--as", "ana", "review", "new").exit_code == 0
    path = kb / "reviews" / CYCLE / f"ana-reviews-{reviewee}.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nevil {ESC} body\n", encoding="utf-8")
    r = cli("review", "show", path.stem)
    assert r.exit_code == 0 and "\x1b" not in r.stdout and "\x9b" not in r.stdout
    r = cli("review", "list")
    assert "\x1b" not in r.stdout


def test_a_linked_cycle_folder_is_never_written_through(kb: Path, cli, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    paired(cli)
    os.symlink(outside, kb / "reviews" / CYCLE)
    before = commit_count(kb)
    r = cli("--as", "ana", "review", "new")
    assert r.exit_code == 2 and "outside the knowledge base" in one_line_error(r.stderr)
    assert list(outside.iterdir()) == [] and commit_count(kb) == before
    shutil.rmtree(kb / "calls" / CYCLE)
    os.symlink(outside, kb / "calls" / CYCLE)
    r = cli("--as", "ana", "call", "submit", "--url", "https://r.example.com/q", "--customer", "Q")
    assert r.exit_code == 2 and "outside the knowledge base" in one_line_error(r.stderr)
    assert list(outside.iterdir()) == []
