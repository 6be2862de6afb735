"""A resident search server that stops answering never holds a search up, a KB never gets
two servers, and a server whose KB is deleted leaves at once without writing into it.

Real server processes: one paused with SIGSTOP, one stand-in that accepts and never answers
(a deadlock). No timing is asserted beyond a generous bound showing a search did not wait
for a hang (the client's own deadline is checked as configuration).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from cskb.kb.layout import open_kb
from cskb.search import client, server
from tests.search.test_search_server import DATA_STRATEGY_HITS, cskb, gone, start

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
HANG = 120  # what a search waited for a paused server before


def servers_of(kb: Path) -> list[int]:
    """Pids of every search server process started for `kb`."""
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"cskb.search.server" in argv and os.fsencode(str(kb)) in argv:
            out.append(int(pid))
    return out


def test_the_client_gives_up_on_a_silent_server_within_two_seconds():
    assert client.CONNECT_TIMEOUT + client.ANSWER_TIMEOUT <= client.BYPASS_WITHIN <= 2.0


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")
def test_a_paused_server_is_bypassed_and_never_joined_by_a_second(skb: Path):
    proc = start(skb)
    try:
        proc.send_signal(signal.SIGSTOP)
        began = time.monotonic()
        r = cskb(skb, "search", "data strategy", "--json", CSKB_SEARCH_SERVER="1")
        took = time.monotonic() - began
        assert r.returncode == 0, r.stderr
        assert len(json.loads(r.stdout)) == DATA_STRATEGY_HITS  # answered in-process
        assert took < HANG / 2, "the search waited for the paused server"
        # the search started a server in the background; it finds the lock held and leaves
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and servers_of(skb) != [proc.pid]:
            time.sleep(0.1)
        assert servers_of(skb) == [proc.pid]
        assert client.socket_path(open_kb(skb)).exists()  # nobody took the socket away
    finally:
        proc.send_signal(signal.SIGCONT)
    assert client.request(open_kb(skb), {"op": "status"}, timeout=30)["pid"] == proc.pid
    client.stop(open_kb(skb))
    assert gone(proc)


def test_a_server_that_accepts_and_never_answers_is_bypassed(skb: Path):
    """A deadlocked server: the connection is accepted, the request read, nothing sent."""
    kb = open_kb(skb)
    folder = client.server_dir(kb)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(client.socket_path(kb)))
    listener.listen(4)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_hang():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            held.append(conn)  # never answered

    t = threading.Thread(target=accept_and_hang, daemon=True)
    t.start()
    try:
        began = time.monotonic()
        r = cskb(skb, "search", "data strategy", "--json", CSKB_SEARCH_SERVER="1")
        assert r.returncode == 0, r.stderr
        assert len(json.loads(r.stdout)) == DATA_STRATEGY_HITS  # answered in-process
        assert held, "the search did ask the hung server"
        assert time.monotonic() - began < HANG / 2
    finally:
        stop.set()
        t.join()
        listener.close()
        for conn in held:
            conn.close()
    deadline = time.monotonic() + 60  # the server the search started in the background
    while time.monotonic() < deadline and servers_of(skb):
        client.stop(kb)
        time.sleep(0.1)


def test_one_kb_one_server(skb: Path):
    first = start(skb)
    try:
        import subprocess
        import sys

        second = subprocess.run(
            [sys.executable, "-m", "cskb.search.server", str(skb), "60"],
            cwd=skb,
            capture_output=True,
            timeout=120,
        )
        assert second.returncode == 0  # left at once: the lock is held
        assert servers_of(skb) == [first.pid]
        assert client.request(open_kb(skb), {"op": "status"}, timeout=30)["pid"] == first.pid
    finally:
        client.stop(open_kb(skb))
        assert gone(first)


def test_a_deleted_kb_is_left_at_once_and_never_written_into(skb: Path, tmp_path: Path):
    """Deleted, then a new folder made at the same path (a fresh clone): the old server
    exits and writes nothing into the new one."""
    proc = start(skb)
    os.chdir(tmp_path)
    shutil.rmtree(skb)
    skb.mkdir()
    (skb / "cskb.toml").write_text("# a new clone in the same place\n", encoding="utf-8")
    (skb / ".cskb").mkdir()
    assert gone(proc)
    assert sorted(p.name for p in skb.rglob("*")) == [".cskb", "cskb.toml"]


def test_the_watchdog_checks_often():
    assert server.WATCH_EVERY <= 0.25 and server.SETTLE >= server.WATCH_EVERY
