"""Asking the resident search process (server.py) for an answer; no whoosh here.

Never needed for correctness: any doubt (no server, a socket that is not private, another
owner, another version, a server gone mid-request, a malformed answer, a server that does
not answer within `ANSWER_TIMEOUT`: paused, deadlocked) returns None and the caller
searches in-process. The connection and the whole answer share one deadline, so a server
that stops answering costs a search at most CONNECT_TIMEOUT + ANSWER_TIMEOUT (under 2 s). When no server answers, one is started in the background for the
next search (this one runs in-process).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import socket
import stat
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from cskb import __version__
from cskb.kb.layout import Kb
from cskb.models import SearchHit
from cskb.search.api import Filters, SearchResult
from cskb.search.manifest import SCHEMA_VERSION

PROTOCOL = 1
VERSION = f"{__version__}/{SCHEMA_VERSION}/{PROTOCOL}"
SOCKET = "search.sock"
MAX_ANSWER = 16 << 20
CONNECT_TIMEOUT = 0.3
ANSWER_TIMEOUT = 1.5  # a search the server cannot answer this fast runs in-process instead
BYPASS_WITHIN = 2.0  # the promise the two above keep (tested)


def server_dir(kb: Kb) -> Path:
    return kb.state_dir / "server"


def socket_path(kb: Kb) -> Path:
    return server_dir(kb) / SOCKET


def private_dir(path: Path) -> bool:
    """A real folder owned by us that nobody else can enter."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not (st.st_mode & 0o077)


def peer_uid(sock: socket.socket) -> int | None:
    try:
        creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except (OSError, AttributeError):
        return None
    return int(struct.unpack("3i", creds)[1])


def request(
    kb: Kb, payload: dict[str, Any], timeout: float = ANSWER_TIMEOUT
) -> dict[str, Any] | None:
    """One request, one answer; None on any doubt."""
    path = socket_path(kb)
    if len(os.fsencode(path)) > 100 or not private_dir(server_dir(kb)):
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_TIMEOUT)
        sock.connect(str(path))
        if peer_uid(sock) not in (None, os.getuid()):
            return None
        deadline = time.monotonic() + timeout  # for the whole answer, not each chunk
        sock.settimeout(timeout)
        sock.sendall(json.dumps(payload).encode() + b"\n")
        chunks, size = [], 0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            sock.settimeout(left)
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_ANSWER:
                return None
        answer = json.loads(b"".join(chunks))
    except (OSError, ValueError):
        return None
    finally:
        sock.close()
    return answer if isinstance(answer, dict) else None


def start(kb: Kb) -> None:
    """Start a server for this KB in the background (it exits by itself when idle)."""
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-m", "cskb.search.server", str(kb.root)],
            cwd=kb.root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )


def stop(kb: Kb, wait: float = 5.0) -> int | None:
    """Ask this KB's server to stop and wait (up to `wait` seconds) until it no longer
    answers, so a server started right after does not find the old one still in place.
    The stopped server's pid, or None when none answered."""
    answer = request(kb, {"op": "stop"}, timeout=5)
    if answer is None:
        return None
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and request(kb, {"op": "status"}, timeout=0.5) is not None:
        time.sleep(0.05)
    pid = answer.get("pid")
    return pid if isinstance(pid, int) else -1


def filters_json(f: Filters) -> dict[str, Any]:
    data = dataclasses.asdict(f)
    for key in ("since", "until"):
        if data[key] is not None:
            data[key] = data[key].isoformat()
    data["tags"] = list(f.tags)
    return data


def search(
    kb: Kb, text: str, filters: Filters, limit: int, autostart: bool = True
) -> SearchResult | None:
    """The server's answer, or None (then search in-process)."""
    payload = {
        "op": "search",
        "version": VERSION,
        "root": str(kb.root),
        "query": text,
        "filters": filters_json(filters),
        "limit": limit,
    }
    answer = request(kb, payload)
    if answer is None:
        if autostart:
            start(kb)
        return None
    if not answer.get("ok"):  # refused, or the user's mistake: in-process says it the same way
        if autostart and answer.get("why") in ("version", "moved"):
            start(kb)  # the old server makes way; a new one takes its socket
        return None
    try:
        hits = tuple(
            SearchHit(**{**h, "tags": tuple(h["tags"]), "products": tuple(h["products"])})
            for h in answer["hits"]
        )
        return SearchResult(
            hits, int(answer["total"]), answer.get("suggestion"), tuple(answer.get("notices", ()))
        )
    except (KeyError, TypeError, ValueError):
        return None
