"""The resident per-KB search process: whoosh imported and the verified index open, so a search
costs a scan of the stamps and the query, not the imports and the index load.

Started in the background by a search (outside CI, unless `--no-server` or `[search] server =
false`), it listens on `.cskb/server/search.sock` (folder 0700, socket 0600, the peer's uid
checked), answers one JSON request per connection, and exits when idle, when its KB is moved
or deleted, or when a client of another version asks. watchfiles tells it when reviews, cards or
the index change, so it brings the index up to date between searches; before every search it
proves that the watcher has reported every earlier change (a sentinel, see watcher.py) or else
compares the stamps of the files, so a change the watcher has not reported yet is never missed.
The server is never needed for correctness: clients fall back to searching in-process, and
give up on a server that does not answer within 2 s (paused, deadlocked; see client.py).

One KB never has two servers: a server holds `.cskb/server/server.lock` for its whole life,
and one started while another holds it waits a few seconds (the other may be on its way
out) and then leaves. A watchdog thread ends the process at once (`os._exit`, so nothing
more is written) when the KB's folder is deleted, replaced or moved, and when one piece of
work has been stuck for STUCK seconds (a deadlock), so the lock is freed for a new server.

Run: python -m cskb.search.server KB_ROOT [IDLE_SECONDS]
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import json
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

from cskb.errors import CskbError
from cskb.kb.layout import Kb, open_kb
from cskb.search import client, freshness, statefs
from cskb.search import manifest as sm
from cskb.search.api import Filters
from cskb.search.watcher import RESCAN, Watcher

IDLE_SECONDS = 900.0
MAX_REQUEST = 1 << 20
LOCK = "server.lock"
LOCK_WAIT = 5.0  # a server of this KB on its way out (`cskb server stop`) frees it by then
WATCH_EVERY = 0.1
STUCK = 300.0  # no single request or index update takes this long unless deadlocked
SETTLE = 0.5  # changes must pause this long before the idle server updates the index


class Server:
    def __init__(self, kb: Kb, idle: float) -> None:
        self.kb = kb
        self.idle = idle
        self.root_id = _ident(kb.root)
        self.loaded: Any = None
        self.stop = threading.Event()
        playbook = kb.root / "playbook"
        watched = (kb.reviews_dir, playbook, sm.index_root(kb), client.server_dir(kb))
        self.watcher = Watcher(
            [p for p in watched if p.is_dir() and not p.is_symlink()],
            client.server_dir(kb),
            self.stop,
        )
        self.trusted = False  # the watcher has proved it was watching (see settled)
        self.scanned = time.monotonic()
        self.started = time.time()
        self.last = time.monotonic()
        self.served = 0
        self.busy_since: float | None = None

    def watchdog(self) -> None:
        """Exit at once when the KB is gone (deleted, replaced, moved) or work is stuck."""
        while not self.stop.wait(WATCH_EVERY):
            if not self.kb_intact():
                os._exit(0)  # never write into a deleted (or re-created) KB
            busy = self.busy_since
            if busy is not None and time.monotonic() - busy > STUCK:
                os._exit(1)

    # --- the index ----------------------------------------------------------------------

    def settled(self) -> set[str] | None:
        """The files changed since the index was last brought up to date, as the watcher
        proves them (watcher.py): a set, empty when nothing changed; None when that cannot be
        known, so the files must be scanned."""
        if not self.watcher.barrier():
            return None
        changed = self.watcher.take()
        if not self.trusted:
            self.trusted = True  # a change made before the watch began is caught by a scan
            return None
        return changed

    def _named(self, changed: set[str]) -> set[str] | None:
        """The review and card files among the changed paths, KB-relative; None when a path
        could hide more (a folder created, moved or deleted: files in it go unreported)."""
        root = str(self.kb.root) + os.sep
        own = (str(sm.index_root(self.kb)) + os.sep, str(client.server_dir(self.kb)) + os.sep)
        out = set()
        for path in changed:
            if path.startswith(own):
                continue  # the index and the server's folder: not files to index
            if not path.startswith(root) or not path.endswith(".md") or os.path.isdir(path):
                return None
            out.add(path[len(root) :].replace(os.sep, "/"))
        return out

    def ensure_fresh(self, changed: set[str] | None = None) -> tuple[str, ...]:
        """Bring the open index up to date: from the files in `changed` when the watcher named
        them (see settled), else from a scan of every file's stamp."""
        from cskb.search import index

        loaded = self.loaded
        live = loaded is not None and loaded.gen is not None and sm.current(self.kb) == loaded.gen
        named = self._named(changed) if live and changed is not None else None
        if named is not None and loaded is not None:
            if not named:
                return ()
            snap = freshness.patch(loaded.snapshot, self.kb.root, named)
        else:
            self.scanned = time.monotonic()
            snap = freshness.scan(self.kb.root)
        if live and loaded is not None and freshness.diff(loaded.snapshot, snap).empty:
            return ()
        self.loaded, stats = index.fresh(self.kb, have=self.loaded, snap=snap)
        if self.loaded.gen is None:  # the state folder is unusable: no point staying
            self.stop.set()
        return stats.notices

    def search(self, req: dict[str, Any]) -> dict[str, Any]:
        from cskb.search import index

        notices = self.ensure_fresh(self.settled())
        f = dict(req.get("filters") or {})
        for key in ("since", "until"):
            if f.get(key):
                f[key] = dt.date.fromisoformat(f[key])
        f["tags"] = tuple(f.get("tags") or ())
        filters = Filters(**f)
        result = index.run(
            self.kb, self.loaded, str(req["query"]), filters, int(req["limit"]), notices
        )
        return {
            "ok": True,
            "hits": [dataclasses.asdict(h) for h in result.hits],
            "total": result.total,
            "suggestion": result.suggestion,
            "notices": list(result.notices),
        }

    # --- requests -----------------------------------------------------------------------

    def handle(self, conn: socket.socket) -> None:
        if client.peer_uid(conn) not in (None, os.getuid()):
            return
        conn.settimeout(10)
        data = b""
        while not data.endswith(b"\n") and len(data) < MAX_REQUEST:
            chunk = conn.recv(1 << 16)
            if not chunk:
                return
            data += chunk
        try:
            req = json.loads(data)
            answer = self.answer(req)
        except (ValueError, KeyError, TypeError) as exc:
            answer = {"ok": False, "why": f"bad request ({exc})"}
        except CskbError as exc:
            answer = {"ok": False, "error": exc.message}
        conn.sendall(json.dumps(answer).encode())

    def answer(self, req: dict[str, Any]) -> dict[str, Any]:
        op = req.get("op")
        if op == "status":
            return {
                "ok": True,
                "pid": os.getpid(),
                "version": client.VERSION,
                "root": str(self.kb.root),
                "since": self.started,
                "served": self.served,
                "documents": self.loaded.ix.doc_count() if self.loaded is not None else None,
                "stopping": self.stop.is_set(),
            }
        if op == "stop":
            self.stop.set()
            return {"ok": True, "pid": os.getpid()}
        if req.get("version") != client.VERSION:
            self.stop.set()  # a client of another version: make way for its own server
            return {"ok": False, "why": "version"}
        if req.get("root") != str(self.kb.root) or not self.kb_here():
            self.stop.set()
            return {"ok": False, "why": "moved"}
        self.served += 1
        return self.search(req)

    def kb_here(self) -> bool:
        return _ident(self.kb.root) == self.root_id

    def kb_intact(self) -> bool:
        """The KB's folder is the one the server started in, and still a KB."""
        return self.kb_here() and os.path.isfile(self.kb.root / "cskb.toml")

    # --- the loop -----------------------------------------------------------------------

    def serve(self, sock: socket.socket) -> None:
        threading.Thread(target=self.watchdog, name="cskb-watchdog", daemon=True).start()
        self.watcher.start()
        self.busy_since = time.monotonic()
        with contextlib.suppress(CskbError, OSError):
            self.ensure_fresh()
        self.busy_since = None
        sock.settimeout(0.25)
        while not self.stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                if time.monotonic() - self.last > self.idle or not self.kb_intact():
                    break
                due = time.monotonic() - self.scanned > RESCAN
                settled = time.monotonic() - self.watcher.changed_at >= SETTLE
                if (self.watcher.dirty.is_set() and settled) or due:
                    # a burst of changes (`rm -rf` of the KB, a checkout) is let finish first,
                    # and the KB is looked at once more, so the index is never written into
                    # a KB being deleted
                    if not self.kb_intact():
                        break
                    changed = self.watcher.take()
                    self.busy_since = time.monotonic()
                    with contextlib.suppress(CskbError, OSError):
                        self.ensure_fresh(changed if self.trusted and not due else None)
                    self.busy_since = None
                continue
            with conn:
                self.last = self.busy_since = time.monotonic()
                with contextlib.suppress(OSError):
                    self.handle(conn)
            self.busy_since = None
            self.last = time.monotonic()
        self.stop.set()


def _ident(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _bind(kb: Kb) -> socket.socket | None:
    statefs.state_dir(kb)
    folder = statefs.real_dir(client.server_dir(kb), 0o700)
    os.chmod(folder, 0o700)
    if not client.private_dir(folder):
        return None
    path = client.socket_path(kb)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(3):
        try:
            sock.bind(str(path))
            os.chmod(path, 0o600)
            sock.listen(16)
            return sock
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                break
            other = client.request(kb, {"op": "status"}, timeout=2)
            for _ in range(100):  # a server of this KB on its way out: wait for it (5 s)
                if other is None or not other.get("stopping"):
                    break
                time.sleep(0.05)
                other = client.request(kb, {"op": "status"}, timeout=2)
            if other is not None and other.get("root") == str(kb.root):
                break  # another server of this KB answers: leave it be
            if other is not None:
                # a server of this folder's old path (the KB was moved): it exits once it
                # notices; its socket file is ours to replace
                time.sleep(0.5)
            path.unlink(missing_ok=True)  # stale socket of a dead or moved server
    sock.close()
    return None


def main(argv: list[str]) -> int:
    root = Path(argv[0]).resolve()
    idle = float(argv[1]) if len(argv) > 1 else IDLE_SECONDS
    from cskb.adapters.locks import file_lock

    with contextlib.ExitStack() as held:
        try:
            kb = open_kb(root)
            statefs.state_dir(kb)
            folder = statefs.real_dir(client.server_dir(kb), 0o700)
        except (CskbError, OSError):
            return 1
        try:  # one KB, one server: a second one leaves
            held.enter_context(
                file_lock(folder / LOCK, LOCK_WAIT, "this KB's search server", replace_link=True)
            )
        except CskbError:
            return 0
        try:
            sock = _bind(kb)
        except (CskbError, OSError):
            return 1
        if sock is None:
            return 0
        path = client.socket_path(kb)
        ident = _ident(path)
        try:
            Server(kb, idle).serve(sock)
        finally:
            sock.close()
            if ident is not None and _ident(path) == ident:
                path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
