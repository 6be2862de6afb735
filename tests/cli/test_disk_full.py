"""A full disk during `site` or during git's commit, and a name too long for the file
system: one line saying what is wrong, exit 2, nothing half-written.

Two ways of filling the disk: for real, on a tiny tmpfs mounted in a user namespace
(`unshare -Urm`, skipped where the machine does not allow it), and in-process, by making
the site's page writes fail with ENOSPC (always run).
"""

from __future__ import annotations

import errno
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git


def _userns_tmpfs() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        [
            "unshare",
            "-Urm",
            "sh",
            "-c",
            "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null "
            "|| mount -t tmpfs -o size=64k tmpfs /tmp",
        ],
        capture_output=True,
    )
    return probe.returncode == 0


real_disk = pytest.mark.skipif(
    sys.platform != "linux" or not _userns_tmpfs(),
    reason="needs a tmpfs in a user namespace (unshare -Urm) to fill a real disk",
)


def on_full_disk(
    kb: Path, tmp_path: Path, script: str, size: str = "4m"
) -> subprocess.CompletedProcess:
    """Copy `kb` onto a fresh tmpfs of `size`, then run `script` (bash, cwd the copy;
    `$CSKB` the command, `$FILL` fills the disk) in a private mount namespace."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    cskb = f"{shlex.quote(sys.executable)} -m cskb"
    setup = (
        f"set -u; mount -t tmpfs -o size={size} tmpfs {shlex.quote(str(mnt))} && "
        f"cp -a {shlex.quote(str(kb))} {shlex.quote(str(mnt / 'kb'))} && cd {shlex.quote(str(mnt / 'kb'))} && "
        f"CSKB={shlex.quote(cskb)}; FILL='dd if=/dev/zero of={mnt}/fill bs=4k 2>/dev/null; true'; "
    )
    env = {**os.environ, "CSKB_NO_CACHE": "1"}
    return subprocess.run(
        ["unshare", "-Urm", "bash", "-c", setup + script],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@real_disk
def test_full_disk_during_git_commit_is_one_line(kb: Path, tmp_path: Path):
    """The disk fills up while git commits (a pre-commit hook fills it, as another program
    writing at that moment would): the message says the disk is full, not 'remove
    .git/index.lock' and not 'a hook refused'."""
    hook = kb / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        f"#!/bin/sh\ndd if=/dev/zero of={tmp_path}/disk/fill bs=4k 2>/dev/null\nexit 0\n"
    )
    hook.chmod(0o755)
    done = on_full_disk(kb, tmp_path, 'eval "$CSKB pair"; echo "rc=$?"; git status --short')
    assert "rc=2" in done.stdout, done.stdout + done.stderr
    line = one_line(done.stderr)
    assert "disk is full" in line and "free some space" in line, line
    assert "index.lock" not in line and "hook" not in line


@real_disk
def test_full_disk_during_site_leaves_the_old_site(kb: Path, tmp_path: Path):
    script = (
        'eval "$CSKB site out" >/dev/null && find out -type f | sort > ../before.txt && '
        'eval "$FILL"; '
        'eval "$CSKB site out"; echo "rc=$?"; '
        "find out -type f | sort | diff - ../before.txt && echo same; ls -a; "
        'rm -f ../fill; eval "$CSKB site out" >/dev/null && echo rebuilt'
    )
    done = on_full_disk(kb, tmp_path, script, size="8m")
    assert "rc=2" in done.stdout, done.stdout + done.stderr
    line = one_line(done.stderr)
    assert "disk is full" in line and "free some space" in line, line
    assert "same" in done.stdout  # the old site is untouched
    assert ".cskb-site-" not in done.stdout  # no half-built folder beside it
    assert "rebuilt" in done.stdout  # and, with space again, replaced as usual


def test_disk_full_while_writing_pages_in_process(kb: Path, cli, tmp_path: Path, monkeypatch):
    """The same through the CLI in-process: page writes fail with ENOSPC after a few."""
    out = tmp_path / "out"
    assert cli("site", str(out)).exit_code == 0
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    real_write = pathlib.Path.write_text
    calls = {"n": 0}

    def full(self, *args, **kwargs):
        if ".cskb-site-" in str(self):
            calls["n"] += 1
            if calls["n"] > 3:
                raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", full)
    r = cli("site", str(out))
    assert r.exit_code == 2 and calls["n"] > 3
    line = one_line(r.stderr)
    assert "disk is full" in line and "free some space" in line
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    monkeypatch.setattr(pathlib.Path, "write_text", real_write)
    assert cli("site", str(out)).exit_code == 0


def test_git_reporting_no_space_is_named_as_a_full_disk(kb: Path, cli):
    """Where no tmpfs can be mounted: a hook stands in for git and fails as git does on a
    full disk (its exact words); cskb names the disk, not the hook or the lock."""
    hook = kb / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\necho \"fatal: Unable to create '$PWD/.git/index.lock': "
        'No space left on device" >&2\nexit 128\n'
    )
    hook.chmod(0o755)
    r = cli("pair")
    assert r.exit_code == 2
    line = one_line(r.stderr)
    assert "disk is full" in line and "index.lock" not in line.split("(")[0]
    assert git(kb, "log", "-1", "--format=%s").strip() == "test: roster"
