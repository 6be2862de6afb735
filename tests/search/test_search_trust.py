"""The search index under hostile files, kills, Ctrl-C, races and unusable state folders."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.search.test_search import _many, search, write_review

# the search fixture's reviews about data strategy: two in English, one Norwegian
# (`datastrategi`, a compound that search splits into its parts)
DATA_STRATEGY_HITS = 3


def run_cskb(kb: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cskb", *args],
        cwd=kb,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _evil_toc(original: bytes, marker: Path) -> bytes:
    """Whoosh's table of contents with the pickled schema replaced by a payload that creates
    `marker` when unpickled, padded to the original's size."""
    from whoosh.fields import Schema
    from whoosh.filedb.filestore import RamStorage
    from whoosh.index import TOC

    from cskb.search import _whoosh_compat  # noqa: F401

    class Payload(Schema):
        def __reduce__(self):
            return (exec, (f"open({str(marker)!r}, 'w').close()",))

    storage = RamStorage()
    TOC(Payload(), [], 1).write(storage, "MAIN")
    evil = storage.files["_MAIN_1.toc"]
    assert len(evil) <= len(original)
    return evil + b"\0" * (len(original) - len(evil))


def test_pickle_planted_in_place_never_runs(skb: Path, cli, tmp_path: Path):
    """A table of contents rewritten in place (same size, mtime and inode) with a pickle that
    would create a file: the index is refused and rebuilt, the payload never runs."""
    search(cli, "x")
    gen = (skb / ".cskb" / "index" / "current").resolve()
    toc = next(gen.glob("*.toc"))
    before = toc.stat()
    marker = tmp_path / "pwned"
    evil = _evil_toc(toc.read_bytes(), marker)
    # the payload is real: whoosh opening a copy of the tampered index runs it
    probe = tmp_path / "probe"
    probe.mkdir()
    for f in gen.iterdir():
        (probe / f.name).write_bytes(evil if f == toc else f.read_bytes())
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from cskb.search import _whoosh_compat\nimport whoosh.index, sys\n"
            "try: whoosh.index.open_dir(sys.argv[1])\nexcept Exception: pass",
            str(probe),
        ],
        check=False,
        capture_output=True,
    )
    assert marker.exists(), "the test payload must be one that whoosh would run"
    marker.unlink()

    with open(toc, "r+b") as fh:  # in place: same inode
        fh.write(evil)
    os.utime(toc, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = toc.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    r = run_cskb(skb, "search", "data strategy", "--json")
    assert r.returncode == 0, r.stderr
    assert "not verifiably built by cskb" in r.stderr
    assert len(json.loads(r.stdout)) == DATA_STRATEGY_HITS
    assert not marker.exists()


def test_symlinked_secret_is_replaced_not_written_through(skb: Path, cli, tmp_path: Path):
    outside = tmp_path / "outside-secret"
    outside.write_text("precious\n", encoding="utf-8")
    state = skb / ".cskb"
    state.mkdir(exist_ok=True)
    (state / "index-secret").symlink_to(outside)
    assert len(search(cli, "data strategy")) == DATA_STRATEGY_HITS
    assert outside.read_text(encoding="utf-8") == "precious\n"
    secret = state / "index-secret"
    assert not secret.is_symlink()
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["index.lock", "index"])
def test_other_symlinked_state_is_never_followed(skb: Path, cli, tmp_path: Path, name: str):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    target = outside / "target"
    state = skb / ".cskb"
    state.mkdir(exist_ok=True)
    (state / name).symlink_to(target)
    r = cli("search", "data strategy", "--json")
    assert r.exit_code == 0, r.stderr
    assert len(json.loads(r.stdout)) == DATA_STRATEGY_HITS
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]


def test_state_folder_as_symlink_or_file_is_refused_in_one_line(skb: Path, cli, tmp_path: Path):
    """A `.cskb` that is a link or a file (as a clone may ship it): every command, search
    included, refuses in one line naming the fix; nothing is written through the link."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (skb / ".cskb").symlink_to(outside)
    r = cli("search", "data strategy", "--json")
    assert r.exit_code == 2 and r.stdout == ""
    assert "symbolic link" in r.stderr and "rm .cskb" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert list(outside.iterdir()) == []
    (skb / ".cskb").unlink()
    (skb / ".cskb").write_text("not a folder", encoding="utf-8")
    r = cli("search", "data strategy", "--json")
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert (skb / ".cskb").read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_state_folder_still_answers(skb: Path, cli):
    search(cli, "x")
    write_review(skb, "chen", "ana", "2026-11-09", "Zeppelin", [], [], "zeppelin fleets")
    state = skb / ".cskb"
    for p in [state, *state.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o555)
    try:
        assert len(search(cli, "zeppelin")) == 1
    finally:
        for p in [state, *state.rglob("*")]:
            if p.is_dir() and not p.is_symlink():
                p.chmod(0o755)


def test_search_piped_into_head_exits_zero(skb: Path):
    _many(skb, 60)
    r = subprocess.run(
        f"{sys.executable} -m cskb search 'data strategy' --limit 60 | head -1; "
        'exit "${PIPESTATUS[0]}"',
        shell=True,
        executable="/bin/bash",
        cwd=skb,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr


WORKER_SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from cskb.kb.layout import open_kb
    from cskb.search import statefs
    from cskb.search.parsing import parse_all

    kb = open_kb(Path(sys.argv[1]))
    rels = sorted(str(p.relative_to(kb.root)) for p in kb.reviews_dir.rglob("*.md"))
    with statefs.lock(statefs.state_dir(kb) / "index.lock", 5, "test"):
        for i, _ in enumerate(parse_all(kb.root, rels * 200, workers=1, chunk=5)):
            if i == 10:
                import multiprocessing
                kids = [p.pid for p in multiprocessing.active_children()]
                print(" ".join(map(str, kids)), flush=True)
            time.sleep(0.01)
    """
)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_parse_workers_die_with_a_killed_parent_and_leave_no_lock(skb: Path):
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER_SCRIPT, str(skb)],
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    kids = [int(p) for p in line.split()]
    assert kids, proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(k) for k in kids)
    from cskb.kb.layout import open_kb
    from cskb.search import statefs

    # Held by a live process, the lock would be waited for and refused after 5 s.
    with statefs.lock(open_kb(skb).state_dir / "index.lock", 5, "test"):
        pass


def test_lock_of_a_dead_holder_is_taken_over(skb: Path):
    """A lock file still flocked by a process that is not the recorded holder (an orphan that
    inherited it) is replaced when the recorded holder is dead."""
    from cskb.kb.layout import open_kb
    from cskb.search import statefs
    from tests.helpers import orphaned_lock

    path = statefs.state_dir(open_kb(skb)) / "index.lock"
    # Held for 60 s: waiting for it would be refused at 10 s.
    with orphaned_lock(path), statefs.lock(path, 10, "test"):
        pass


def test_ctrl_c_during_rebuild_prints_one_line(skb: Path):
    _many(skb, 1500)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cskb", "index", "--rebuild"],
        cwd=skb,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = skb / ".cskb" / "index.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until the rebuild holds the index lock
        try:
            if lock.read_text(encoding="ascii").strip() == str(proc.pid):
                break
        except OSError:
            pass
        assert proc.poll() is None, "the rebuild ended before it could be interrupted"
        time.sleep(0.01)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert len([ln for ln in err.splitlines() if ln.strip()]) == 1, err


def test_concurrent_searches_never_discard_a_healthy_index(skb: Path):
    _many(skb, 100)
    assert run_cskb(skb, "search", "x").returncode == 0
    for round_ in range(3):
        write_review(skb, "chen", f"r{round_}", "2026-11-09", "Race", [], [], f"round {round_}")
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "cskb", "search", "data strategy", "--json"],
                cwd=skb,
                env=dict(os.environ),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(7)
        ]
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            assert "rebuilt" not in err and "built the search index" not in err, err
            assert "EmptyIndexError" not in err and "Traceback" not in err
            assert len(json.loads(out)) == 10


def test_segment_rewritten_in_place_is_refused(skb: Path, cli):
    """Segments hold pickled stored fields too: a byte changed in place, keeping size, mtime
    and inode, is caught by the content hash and the index is rebuilt, never opened."""
    search(cli, "x")
    gen = (skb / ".cskb" / "index" / "current").resolve()
    seg = max(gen.glob("*.seg"), key=lambda p: p.stat().st_size)
    before = seg.stat()
    with open(seg, "r+b") as fh:
        fh.seek(before.st_size // 2)
        byte = fh.read(1)
        fh.seek(before.st_size // 2)
        fh.write(bytes([byte[0] ^ 0xFF]))
    os.utime(seg, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert seg.stat().st_ino == before.st_ino and seg.stat().st_size == before.st_size
    r = cli("search", "data strategy", "--json")
    assert r.exit_code == 0 and "not verifiably built by cskb" in r.stderr
    assert len(json.loads(r.stdout)) == DATA_STRATEGY_HITS


def test_no_temporary_folders_are_left_behind(skb: Path, cli):
    import tempfile

    pattern = "cskb-index-*"
    before = set(Path(tempfile.gettempdir()).glob(pattern))
    search(cli, "x")
    write_review(skb, "chen", "ana", "2026-11-09", "Acme Air", [], [], "zeppelin")
    search(cli, "zeppelin")
    assert set(Path(tempfile.gettempdir()).glob(pattern)) - before == set()


def _chattr(flag: str, *paths: Path) -> bool:
    r = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, check=False)
    return r.returncode == 0


@pytest.mark.skipif(shutil.which("chattr") is None, reason="needs chattr")
def test_unwritable_state_folder_still_answers(skb: Path, cli):
    """`.cskb/` that cannot be written (here immutable, which binds root too): the search
    answers from an index updated in memory, with a notice, never an internal error."""
    search(cli, "x")
    state = skb / ".cskb"
    targets = [state, state / "index"]
    if not _chattr("+i", *targets):
        pytest.skip("the file system does not support immutable folders")
    try:
        write_review(skb, "chen", "ana", "2026-11-09", "Acme Air", [], [], "zeppelin fleets")
        r = cli("search", "zeppelin", "--json")
        assert r.exit_code == 0, r.stderr
        assert len(json.loads(r.stdout)) == 1 and "in memory only" in r.stderr
    finally:
        _chattr("-i", *targets)
