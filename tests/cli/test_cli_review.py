"""The call, review, coffee and tags commands through the CLI: output, JSON, flags, errors."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import commit_count, git

CYCLE = "2026-11-09"


@pytest.fixture
def ready(kb: Path, cli):
    """Paired, everyone's call submitted; returns ana's reviewee."""
    assert cli("pair").exit_code == 0
    for h in ("ana", "bo", "chen", "dana"):
        r = cli(
            "--as",
            h,
            "call",
            "submit",
            "--url",
            f"https://rec.example.com/{h}",
            "--customer",
            f"Kunde {h}",
            "--tags",
            "renewal",
        )
        assert r.exit_code == 0, r.stderr
    return json.loads(cli("partner", "--json").stdout)["reviews"]


@pytest.mark.parametrize(
    "command",
    [
        ("call", "submit"),
        ("call", "list"),
        ("review", "new"),
        ("review", "edit"),
        ("review", "done"),
        ("review", "list"),
        ("review", "show"),
        ("coffee", "done"),
        ("tags",),
    ],
)
def test_every_command_has_help_with_an_example(cli, command):
    r = cli(*command, "--help")
    assert r.exit_code == 0 and "Example: cskb " in r.stdout


def test_call_submit_and_list(kb: Path, cli, ready):
    r = cli("call", "list")
    assert r.exit_code == 0 and "4 call(s)" in r.stdout and "Kunde chen" in r.stdout
    calls = json.loads(cli("call", "list", "--cycle", CYCLE, "--json").stdout)
    assert [c["member"] for c in calls] == ["ana", "bo", "chen", "dana"]
    assert calls[0] == {
        "cycle": CYCLE,
        "member": "ana",
        "url": "https://rec.example.com/ana",
        "customer": "Kunde ana",
        "date": "2026-11-22",
        "tags": ["renewal"],
        "products": [],
        "note": "",
    }
    r = cli("call", "list", "--cycle", "yesterday")
    assert r.exit_code == 2 and "not a cycle date" in r.stderr and r.stdout == ""


def test_call_submit_bad_date_and_no_commit(kb: Path, cli, ready):
    r = cli(
        "call",
        "submit",
        "--url",
        "https://a.example.com",
        "--customer",
        "A",
        "--date",
        "22/11/2026",
    )
    assert r.exit_code == 2 and "--date '22/11/2026' is not a date" in r.stderr
    n = commit_count(kb)
    r = cli("call", "submit", "--url", "https://a.example.com", "--customer", "A", "--no-commit")
    assert r.exit_code == 0 and "replaced" in r.stderr and commit_count(kb) == n
    assert git(kb, "status", "--porcelain", "--", "calls") == f" M calls/{CYCLE}/ana.yaml\n"


def test_review_list_show_and_filters(kb: Path, cli, ready):
    assert cli("review", "new", "--no-edit").exit_code == 0
    assert cli("--as", "chen", "review", "new", "--no-edit", "--tags", "QBR").exit_code == 0
    r = cli("review", "list")
    assert r.exit_code == 0 and "2 review(s)" in r.stdout and f"ana-reviews-{ready}" in r.stdout
    rows = json.loads(cli("review", "list", "--json").stdout)
    assert {x["reviewer"] for x in rows} == {"ana", "chen"}
    assert set(rows[0]) == {
        "path",
        "cycle",
        "reviewer",
        "reviewee",
        "status",
        "title",
        "customer",
        "tags",
        "score",
        "id",
        "response",
    }
    assert [
        x["reviewer"] for x in json.loads(cli("review", "list", "--tag", "qbr", "--json").stdout)
    ] == ["chen"]
    assert json.loads(cli("review", "list", "--status", "complete", "--json").stdout) == []
    r = cli("review", "list", "--status", "finished")
    assert r.exit_code == 2 and "must be draft or complete" in r.stderr
    r = cli("review", "show", f"ana-reviews-{ready}")
    assert (
        r.exit_code == 0
        and f"Kunde {ready}: call by {ready}" in r.stdout
        and "not scored" in r.stdout
    )
    shown = json.loads(cli("review", "show", f"ana-reviews-{ready}", "--json").stdout)
    assert (
        shown["score"] is None
        and shown["meta"]["status"] == "draft"
        and shown["body"].startswith("# ")
    )


def test_review_list_warns_about_unreadable_files(kb: Path, cli, ready):
    bad = kb / "reviews" / CYCLE / "bo-reviews-ana.md"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(b"\xff\xfe not utf-8")
    r = cli("review", "list", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []
    assert "could not be read" in r.stderr and "bo-reviews-ana.md" in r.stderr


def test_review_new_and_done_no_commit(kb: Path, cli, ready, tmp_path: Path):
    n = commit_count(kb)
    r = cli("review", "new", "--no-edit", "--no-commit")
    assert r.exit_code == 0 and commit_count(kb) == n
    r = cli("review", "done", f"ana-reviews-{ready}", "--no-commit")
    assert r.exit_code == 1 and "not complete yet" in r.stderr and "score-missing" in r.stderr


def test_coffee_done_through_the_cli(kb: Path, cli, ready):
    r = cli("coffee", "done", "--with", "zed")
    assert (
        r.exit_code == 2
        and "--with 'zed' is not in team.yaml" in r.stderr
        and "Traceback" not in r.stderr
    )
    r = cli("coffee", "done", "--with", ready, "--date", "2026-11-20", "--note", "kanelbulle")
    assert r.exit_code == 0 and "coffee recorded for" in r.stdout and "committed" in r.stderr
    names = [p.name for p in (kb / "coffee" / CYCLE).glob("*.yaml")]
    assert names == ["--".join(sorted(["ana", ready])) + ".yaml"]


def test_tags_with_a_vocabulary(kb: Path, cli, ready):
    cfg = kb / "cskb.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "vocabulary = []", 'vocabulary = ["renewal", "data strategy"]'
        ),
        encoding="utf-8",
    )
    r = cli("tags")
    assert r.exit_code == 0 and "in vocabulary" in r.stdout and "data strategy" in r.stdout
    rows = json.loads(cli("tags", "--json").stdout)
    assert rows[0] == {"tag": "renewal", "reviews": 0, "calls": 4, "known": True}
    assert {"tag": "data strategy", "reviews": 0, "calls": 0, "known": True} in rows
    r = cli("review", "new", "--no-edit", "--tags", "renewl")
    assert r.exit_code == 2 and "did you mean 'renewal'" in r.stderr


def test_a_terminal_opens_the_editor_without_being_asked(kb: Path, cli, ready, tmp_path: Path):
    """The TTY path for real: cskb runs in a pseudo-terminal, with no --edit."""
    script = tmp_path / "ed.py"
    script.write_text(
        "import sys\nopen(sys.argv[-1], 'a', encoding='utf-8').write('\\nTyped in a terminal.\\n')\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {
        "EDITOR": f"{sys.executable} {script}"
    }
    leader, follower = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "cskb", "review", "new"],
        cwd=kb,
        env=env,
        stdin=follower,
        stdout=follower,
        stderr=subprocess.PIPE,
        timeout=60,
    )
    os.close(follower)
    os.close(leader)
    assert proc.returncode == 0, proc.stderr
    path = kb / "reviews" / CYCLE / f"ana-reviews-{ready}.md"
    assert path.read_text(encoding="utf-8").endswith("Typed in a terminal.\n")
    assert "Typed in a terminal." in git(kb, "show", f"HEAD:reviews/{CYCLE}/{path.name}")


def test_the_same_pair_in_two_cycles_gets_ids_with_the_cycle(kb: Path, cli, ready):
    assert cli("review", "new", "--no-edit").exit_code == 0
    old = kb / "reviews" / CYCLE / f"ana-reviews-{ready}.md"
    later = kb / "reviews" / "2026-11-23" / old.name
    later.parent.mkdir()
    later.write_bytes(old.read_bytes().replace(b"cycle: 2026-11-09", b"cycle: 2026-11-23"))
    ids = [x["id"] for x in json.loads(cli("review", "list", "--json").stdout)]
    assert ids == [f"{CYCLE}/ana-reviews-{ready}", f"2026-11-23/ana-reviews-{ready}"]
    r = cli("review", "show", f"ana-reviews-{ready}")
    assert r.exit_code == 2 and "matches 2 reviews" in r.stderr
    shown = json.loads(cli("review", "show", ids[1], "--json").stdout)
    assert shown["path"] == f"reviews/2026-11-23/ana-reviews-{ready}.md"


def test_list_limit(kb: Path, cli, ready):
    for h in ("ana", "bo", "chen", "dana"):
        assert cli("--as", h, "review", "new", "--no-edit").exit_code == 0
    every = json.loads(cli("review", "list", "--json").stdout)
    assert len(every) == 4  # JSON gives all by default
    last = json.loads(cli("review", "list", "--json", "--limit", "1").stdout)
    assert last == every[-1:]
    r = cli("review", "list", "--limit", "2")
    assert r.exit_code == 0 and "the last 2 of 4 reviews" in r.stdout
    assert "2 earlier review(s) not shown" in r.stderr and every[0]["id"] not in r.stdout
    assert cli("review", "list", "--limit", "-1").exit_code == 2
