"""A KB cannot hang cskb: FIFOs (and sockets) planted where cskb reads, under reviews/,
calls/, cycles/, playbook/, calibrations/, templates/ and the state folder .cskb/
(announce records, caches, locks, the index secret), are refused with a line naming them.

Each command runs in a real process with a generous timeout: a hang fails the test by
timing out, a refusal must be one line and never an internal error.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git

TIMEOUT = 120  # a bound on a hang, not a speed assertion: each command takes a second or two

PLANTED = [
    "reviews/2026-11-09/ana-reviews-bo.md",
    "calls/2026-11-09/ana.yaml",
    "playbook/fifo-card.md",
    "calibrations/2026-11-20-fifo/session.yaml",
    ".cskb/announce/2026-11-09.json",
    ".cskb/index-secret",
]

COMMANDS = [
    ["check"],
    ["status"],
    ["review", "list", "--cycle", "2026-11-09"],
    ["call", "list", "--cycle", "2026-11-09"],
    ["search", "agenda"],
    ["stats"],
    ["site", "out"],
    ["playbook", "list"],
    ["playbook", "due"],
    ["calibrate", "list"],
    ["cycles"],
    ["announce", "2026-11-09"],
    ["tags"],
    ["call", "submit", "--url", "https://rec.example.com/1", "--customer", "Acme", "--as", "bo"],
]


def run(kb: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CSKB_SEARCH_SERVER": "0"}
    return subprocess.run(
        [sys.executable, "-m", "cskb", *args],
        cwd=kb,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def planted(kb: Path, cli) -> Path:
    assert cli("pair").exit_code == 0
    for rel in PLANTED:
        path = kb / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)
    return kb


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_no_command_hangs_on_fifos(planted: Path, args: list[str]):
    done = run(planted, *args)
    assert done.returncode in (0, 1, 2), done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "unexpected" not in done.stderr, done.stderr


def test_the_fifos_are_named(planted: Path):
    done = run(planted, "check")
    text = done.stdout + done.stderr
    for rel in PLANTED:
        if rel.startswith(("reviews/", "playbook/", "calibrations/")):
            assert rel in text or Path(rel).name in text, (rel, text)
    assert "not a regular file" in text
    calls = run(planted, "call", "list", "--cycle", "2026-11-09")
    assert "calls/2026-11-09/ana.yaml" in calls.stderr and "not a regular file" in calls.stderr


@pytest.mark.parametrize(
    "rel",
    ["team.yaml", "cskb.toml", "templates/review.md", "cycles/2026-11-09.yaml"],
)
def test_a_fifo_in_place_of_a_kb_file_is_one_line(kb: Path, cli, rel: str):
    assert cli("pair").exit_code == 0
    git(kb, "add", "-A")
    path = kb / rel
    path.unlink()
    os.mkfifo(path)
    for args in (["status"], ["check"], ["review", "new", "--as", "ana", "--no-edit"]):
        done = run(kb, *args)
        assert done.returncode in (0, 1, 2), (args, done.stdout + done.stderr)
        assert "Traceback" not in done.stderr and "unexpected" not in done.stderr


def test_every_state_file_replaced_by_a_fifo_or_socket(kb: Path, cli):
    """Caches, the search index, its lock, the secret and the write lock: each file cskb
    keeps in .cskb/ becomes a FIFO (one a socket), and nothing hangs."""
    assert cli("pair").exit_code == 0
    for args in (["check"], ["search", "agenda"], ["review", "list"], ["stats"]):
        assert run(kb, *args).returncode in (0, 1)
    files = [p for p in (kb / ".cskb").rglob("*") if p.is_file() and not p.is_symlink()]
    assert len(files) > 3, files
    for i, path in enumerate(files):
        path.unlink()
        if i == 0:
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(str(path))
        else:
            os.mkfifo(path)
    os.mkfifo(kb / ".cskb" / "write.lock") if not (kb / ".cskb" / "write.lock").exists() else None
    for args in (
        ["check"],
        ["search", "agenda"],
        ["review", "list"],
        ["stats"],
        [
            "call",
            "submit",
            "--url",
            "https://r.example.com/2",
            "--customer",
            "Acme",
            "--as",
            "chen",
        ],
    ):
        done = run(kb, *args)
        assert done.returncode in (0, 1, 2), (args, done.stdout + done.stderr)
        assert "Traceback" not in done.stderr and "unexpected" not in done.stderr, done.stderr


def test_init_over_a_kb_whose_gitignore_is_a_fifo(kb: Path):
    (kb / ".gitignore").unlink()
    os.mkfifo(kb / ".gitignore")
    done = run(kb, "init", ".")
    assert done.returncode == 2, done.stdout + done.stderr
    assert ".gitignore" in done.stderr and "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr
