"""The resident search process over its whole life: start, answers, idle exit, version
mismatch, KB moved or deleted, index rebuilt elsewhere, killed mid-request, two clients."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cskb.kb.layout import open_kb
from cskb.search import client
from cskb.search.api import Filters
from tests.search.test_search import write_review

# the search fixture's reviews about data strategy: two in English, one Norwegian
# (`datastrategi`, a compound that search splits into its parts)
DATA_STRATEGY_HITS = 3

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")


def start(kb: Path, idle: float = 120) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "cskb.search.server", str(kb), str(idle)],
        cwd=kb,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if client.request(open_kb(kb), {"op": "status"}, timeout=5) is not None:
            return proc
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}")
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("server did not answer")


def ask(kb: Path, query: str, **kw):
    return client.search(open_kb(kb), query, Filters(), kw.get("limit", 10), autostart=False)


def cskb(kb: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cskb", *args],
        cwd=kb,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def gone(proc: subprocess.Popen, within: float = 20) -> bool:
    try:
        proc.wait(timeout=within)
    except subprocess.TimeoutExpired:
        return False
    return True


def stop_started(kb: Path) -> None:
    """Stop the server a fallback search started in the background (wait for it to answer)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if client.request(open_kb(kb), {"op": "stop"}, timeout=5) is not None:
            return
        time.sleep(0.1)
    raise AssertionError("the fallback search did not start a server")


@pytest.fixture
def server(skb: Path):
    proc = start(skb)
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_answers_like_in_process_and_is_private(skb: Path, server):
    via_server = ask(skb, "data strategy")
    assert via_server is not None
    r = cskb(skb, "search", "data strategy", "--json", "--no-server")
    assert [h["path"] for h in json.loads(r.stdout)] == [h.path for h in via_server.hits]
    assert via_server.total == DATA_STRATEGY_HITS and "**" in via_server.hits[0].snippet
    folder = client.server_dir(open_kb(skb))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(client.socket_path(open_kb(skb)).stat().st_mode) == 0o600


def test_search_starts_a_server_outside_ci_and_status_stop(skb: Path):
    r = cskb(skb, "search", "data strategy", "--json", CSKB_SEARCH_SERVER="auto")
    assert (
        r.returncode == 0 and len(json.loads(r.stdout)) == DATA_STRATEGY_HITS
    )  # answered in-process
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        s = cskb(skb, "server", "status", "--json")
        if json.loads(s.stdout)["running"]:
            break
        time.sleep(0.2)
    data = json.loads(s.stdout)
    assert data["running"] and data["root"] == str(skb.resolve())
    r = cskb(skb, "search", "data strategy", "--json", CSKB_SEARCH_SERVER="auto")
    assert len(json.loads(r.stdout)) == DATA_STRATEGY_HITS
    assert json.loads(cskb(skb, "server", "status", "--json").stdout)["served"] >= 1
    assert "stopped search server" in cskb(skb, "server", "stop").stdout
    # `server stop` returns once the server no longer answers
    assert not json.loads(cskb(skb, "server", "status", "--json").stdout)["running"]


def test_stop_then_start_at_once_ends_with_the_new_server_serving(skb: Path):
    """`stop` then an immediate start (what a benchmark or a script does): the new server
    waits for the stopping one instead of leaving, and ends up serving."""
    old = start(skb)
    try:
        assert client.request(open_kb(skb), {"op": "stop"}, timeout=5) is not None  # no wait
        new = start(skb)
        try:
            assert gone(old)
            deadline = time.monotonic() + 20
            while True:
                status = client.request(open_kb(skb), {"op": "status"}, timeout=5)
                if status is not None and status["pid"] == new.pid:
                    break
                assert new.poll() is None, "the new server left"
                assert time.monotonic() < deadline
                time.sleep(0.05)
            assert ask(skb, "data strategy") is not None
        finally:
            assert client.stop(open_kb(skb)) == new.pid
            assert gone(new)
    finally:
        if old.poll() is None:
            old.kill()


def test_no_server_in_ci_or_when_switched_off(skb: Path):
    cskb(skb, "search", "x", CSKB_SEARCH_SERVER="auto", CI="true")
    (skb / "cskb.toml").write_text(
        (skb / "cskb.toml").read_text(encoding="utf-8").replace("server = true", "server = false"),
        encoding="utf-8",
    )
    cskb(skb, "search", "x", CSKB_SEARCH_SERVER="auto")
    time.sleep(1.5)
    assert not client.socket_path(open_kb(skb)).exists()


def test_idle_exit(skb: Path):
    proc = start(skb, idle=1)
    assert gone(proc)
    assert not client.socket_path(open_kb(skb)).exists()


def test_sees_changes_at_once(skb: Path, server):
    assert ask(skb, "zeppelin").hits == ()
    write_review(skb, "chen", "ana", "2026-11-09", "Acme Air", [], [], "zeppelin fleets")
    assert [h.path.rsplit("/", 1)[-1] for h in ask(skb, "zeppelin").hits] == ["chen-reviews-ana.md"]
    (skb / "reviews" / "2026-11-09" / "chen-reviews-ana.md").unlink()
    assert ask(skb, "zeppelin").hits == ()
    for i in range(3):  # one generation after another, each from the one the server holds
        write_review(skb, "chen", f"x{i}", "2026-11-09", "Acme Air", [], [], f"blimp {i}")
        assert ask(skb, "blimp").total == i + 1
    r = cskb(skb, "index", "--verify")
    assert r.returncode == 0, r.stdout + r.stderr


def test_version_mismatch_refused_and_server_makes_way(skb: Path, server):
    answer = client.request(
        open_kb(skb), {"op": "search", "version": "0.0.0/0/0", "root": str(open_kb(skb).root)}
    )
    assert answer == {"ok": False, "why": "version"}
    assert gone(server)


def test_kb_moved(skb: Path, server, tmp_path: Path):
    moved = tmp_path / "moved"
    skb.rename(moved)
    os.chdir(moved)
    r = cskb(moved, "search", "data strategy", "--json", CSKB_SEARCH_SERVER="1")
    assert (
        r.returncode == 0 and len(json.loads(r.stdout)) == DATA_STRATEGY_HITS
    )  # in-process, right answers
    assert gone(server)
    stop_started(moved)


def test_kb_deleted(skb: Path, server, tmp_path: Path):
    os.chdir(tmp_path)
    shutil.rmtree(skb)
    assert gone(server)


def test_index_rebuilt_by_another_process(skb: Path, server):
    before = ask(skb, "data strategy").total
    assert before >= 2
    write_review(skb, "chen", "ana", "2026-11-09", "Acme Air", [], [], "data strategy again")
    r = cskb(skb, "index", "--rebuild")
    assert r.returncode == 0, r.stderr
    assert ask(skb, "data strategy").total == before + 1
    assert server.poll() is None


def test_server_killed_mid_request_falls_back(skb: Path, server):
    server.send_signal(signal.SIGKILL)
    server.wait()
    r = cskb(skb, "search", "data strategy", "--json", CSKB_SEARCH_SERVER="1")
    assert r.returncode == 0 and len(json.loads(r.stdout)) == DATA_STRATEGY_HITS
    stop_started(skb)


def test_a_server_that_hangs_up_or_talks_nonsense_is_ignored(skb: Path):
    """What a client sees when the server dies mid-request: EOF, or half an answer."""
    kb = open_kb(skb)
    folder = client.server_dir(kb)
    folder.mkdir(mode=0o700, parents=True)
    for reply in (b"", b'{"ok": true, "hits": [', b'{"ok": true}'):
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(client.socket_path(kb)))
        listener.listen(1)

        def serve_once(listener=listener, reply=reply):
            conn, _ = listener.accept()
            conn.recv(65536)
            conn.sendall(reply)
            conn.close()

        t = threading.Thread(target=serve_once)
        t.start()
        assert ask(skb, "data strategy") is None
        t.join(10)
        listener.close()
        client.socket_path(kb).unlink()
        r = cskb(skb, "search", "data strategy", "--json", "--no-server")
        assert len(json.loads(r.stdout)) == DATA_STRATEGY_HITS


def test_socket_folder_open_to_others_is_not_trusted(skb: Path, server):
    folder = client.server_dir(open_kb(skb))
    folder.chmod(0o755)
    assert ask(skb, "data strategy") is None
    folder.chmod(0o700)
    assert ask(skb, "data strategy") is not None


def test_two_clients_at_once(skb: Path, server):
    results: list[object] = []

    def one():
        results.append(ask(skb, "data strategy"))

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 4
    assert all(r is not None and r.total == DATA_STRATEGY_HITS for r in results)


def test_every_change_right_before_a_search_is_seen(skb: Path, server):
    """The server skips the stamp scan only when its watcher proved every earlier change
    reported (watcher.py): a change written just before each of many searches is never
    missed, a rewrite keeping size and mtime (`touch -r`) included."""
    path = skb / "reviews" / "2026-11-09" / "chen-reviews-ana.md"
    for i in range(12):
        word = f"quokka{i:02d}"
        write_review(skb, "chen", "ana", "2026-11-09", "Acme Air", [], [], f"{word} fleets")
        assert ask(skb, word).total == 1, word
        assert ask(skb, f"quokka{i - 1:02d}").total == 0
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace("quokka11", "wombat11")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert ask(skb, "wombat11").total == 1
    path.unlink()
    assert ask(skb, "wombat11").total == 0
    # a new folder, then the folder moved and deleted: files in them go unnamed by the watcher
    write_review(skb, "chen", "ana", "2026-12-07", "Acme Air", [], [], "numbat fleets")
    assert ask(skb, "numbat").total == 1
    (skb / "reviews" / "2026-12-07").rename(skb / "reviews" / "2026-12-21")
    hits = ask(skb, "numbat").hits
    assert [h.path for h in hits] == ["reviews/2026-12-21/chen-reviews-ana.md"]
    shutil.rmtree(skb / "reviews" / "2026-12-21")
    assert ask(skb, "numbat").total == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the barrier needs inotify")
def test_watcher_barrier_reports_earlier_changes(tmp_path: Path):
    from cskb.search.watcher import Watcher

    watched, own = tmp_path / "reviews", tmp_path / "server"
    watched.mkdir()
    own.mkdir()
    stop = threading.Event()
    w = Watcher([watched, own], own, stop)
    w.start()
    try:
        deadline = time.monotonic() + 20
        while not w.barrier(timeout=1) and time.monotonic() < deadline:
            pass  # the watch is set up in its thread
        w.dirty.clear()
        assert w.barrier() and not w.dirty.is_set()  # the sentinel alone is no change
        for i in range(20):
            (watched / f"r{i}.md").write_text("x", encoding="utf-8")
            assert w.barrier(), i
            assert w.dirty.is_set(), i
            w.dirty.clear()
    finally:
        stop.set()
    deadline = time.monotonic() + 10
    while w.alive and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not w.alive and not w.barrier()  # a stopped watcher proves nothing: scan
