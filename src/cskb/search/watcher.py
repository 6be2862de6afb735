"""What the search server knows of file changes: watchfiles, and a barrier that proves every
change made before a search has been reported (the only watchfiles user).

The server would otherwise compare the stamps of every file before every search (a stat per
file: about 60 ms at 10,000 reviews and 300 ms at 50,000). Instead, before a search it writes
a sentinel file into its own folder, which is watched with the reviews, the playbook and the
index, and waits for that file's event. Linux's inotify queues the events of one watcher in
the order the changes happened, so once the sentinel's event has arrived, every change made
before it has been reported too (in the same batch or an earlier one), and the search needs a
scan only when one was, and then only of the files the watcher named. Elsewhere (no such ordering promised), when the watcher is not
running or when the sentinel does not arrive in time, the search scans as before.

A change made before the watch was in place is never reported: the first barrier that
succeeds therefore asks for one scan too (`Server.settled`). An overflowing event queue (more
than the kernel's 16,384 queued events, as a `git checkout` of a huge change could cause) may
drop events without a word from the watcher, so the server also scans every RESCAN seconds
while it idles.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from cskb.adapters import fsio

SENTINEL = "sync"
MAX_NAMED = 2000  # changed paths remembered; beyond this the server scans instead
RESCAN = 30.0  # seconds between the idle server's own scans
WAIT = 0.5  # seconds a search waits for its sentinel before scanning instead


class Watcher:
    def __init__(self, folders: list[Path], sentinel_dir: Path, stop: threading.Event) -> None:
        self.folders = folders
        self.sentinel = sentinel_dir / SENTINEL
        self.stop = stop
        self.dirty = threading.Event()  # something changed since it was last cleared
        self.changed_at = 0.0  # time.monotonic() of the last change reported
        self.alive = False
        self._cond = threading.Condition()
        self._asked = 0
        self._seen = 0
        self._changed: set[str] | None = set()  # None: too many to name, scan

    def start(self) -> None:
        self.alive = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            import watchfiles

            mine = str(self.sentinel)
            for changes in watchfiles.watch(
                *self.folders, stop_event=self.stop, debounce=50, step=5, raise_interrupt=False
            ):
                token = 0
                named = [path for _kind, path in changes if path != mine]
                if len(named) < len(changes):
                    token = self._read_token()
                with self._cond:  # the changes are recorded before the token counts as seen
                    if named:
                        if self._changed is not None:
                            self._changed.update(named)
                            if len(self._changed) > MAX_NAMED:
                                self._changed = None
                        self.changed_at = time.monotonic()
                        self.dirty.set()
                    if token:
                        self._seen = max(self._seen, token)
                    self._cond.notify_all()
        except Exception:  # no watcher: every search compares the stamps itself
            pass
        finally:
            with self._cond:
                self.alive = False
                self._cond.notify_all()

    def _read_token(self) -> int:
        try:
            return int(fsio.read_bytes(self.sentinel, 32) or b"0")
        except (OSError, ValueError):
            return 0

    def take(self) -> set[str] | None:
        """The paths reported changed since the last call (absolute), and forget them; None
        when there were too many to name."""
        with self._cond:
            changed, self._changed = self._changed, set()
            self.dirty.clear()
            return changed

    def barrier(self, timeout: float = WAIT) -> bool:
        """True when every change made before this call has been reported (`dirty` is set
        for it); False when that cannot be known (then scan)."""
        if not self.alive or not sys.platform.startswith("linux"):
            return False
        with self._cond:
            self._asked += 1
            token = self._asked
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(self.sentinel, flags, 0o600)
            try:
                os.write(fd, str(token).encode())
            finally:
                os.close(fd)
        except OSError:
            return False
        with self._cond:
            self._cond.wait_for(lambda: self._seen >= token or not self.alive, timeout)
            return self._seen >= token
