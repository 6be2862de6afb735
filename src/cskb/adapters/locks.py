"""The lock files of a KB's state folder: the write lock every committing command takes,
and the search index's lock (through search/statefs.py).

A lock is an exclusive `flock` (`msvcrt.locking` on Windows) on a file opened without
following links. The holder's pid is written in the file; a lock still held after its
recorded holder died belongs to an orphaned child that inherited the descriptor, and the
file is replaced so the orphan cannot block every later command. `fcntl` is imported only
when a lock is taken, so this module imports on Windows.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from cskb.adapters.fsio import open_state_file, state_error
from cskb.errors import CskbError, RepoError


def _lock_fd(fd: int) -> bool:
    """Try to take an exclusive lock on `fd` without waiting; True when taken."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise


def _unlock_fd(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":  # pragma: no cover
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def file_lock(
    path: Path,
    timeout: float = 30.0,
    what: str = "another cskb command",
    replace_link: bool = False,
) -> Iterator[None]:
    """Hold an exclusive lock on `path` (a file in a state folder), waiting up to `timeout`
    seconds. The lock file is opened without following links: a symbolic link there is
    refused, or with `replace_link` (a file only cskb ever writes) removed and replaced.

    The holder's pid is written in the file. A lock still held after its recorded holder
    died belongs to an orphaned child that inherited it: the file is replaced, so the orphan
    cannot block every later command (not on Windows, whose locks die with their holder)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise state_error(path, exc) from None
    deadline = time.monotonic() + timeout
    fd = _open(path, replace_link)
    try:
        while True:  # the file stays open while waiting: waiters queue on it
            try:
                taken = _lock_fd(fd)
            except OSError as exc:
                raise CskbError(f"{path}: cannot lock ({exc.strerror})") from None
            if taken and _same_file(fd, path):
                break
            if taken or _orphaned(fd, path):
                # replaced while we waited, or held only by an orphan: lock a new file
                if taken:
                    _unlock_fd(fd)
                else:
                    path.unlink(missing_ok=True)
                os.close(fd)
                fd = -1
                fd = _open(path, replace_link)
                continue
            if time.monotonic() >= deadline:
                raise RepoError(
                    f"{path}: still locked by {what} after {timeout:.0f}s; wait for it to "
                    "finish and try again"
                )
            time.sleep(0.05)
        with contextlib.suppress(OSError, AttributeError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
        with contextlib.suppress(OSError, AttributeError):
            os.ftruncate(fd, 0)
    finally:
        if fd >= 0:
            _unlock_fd(fd)
            os.close(fd)


def _open(path: Path, replace_link: bool) -> int:
    for _ in range(3):
        try:
            return open_state_file(path.parent, path.name, os.O_RDWR | os.O_CREAT)
        except CskbError:
            if not (replace_link and os.path.islink(path)):
                raise
            path.unlink(missing_ok=True)  # a planted symlink: remove the link itself
    return open_state_file(path.parent, path.name, os.O_RDWR | os.O_CREAT)


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _orphaned(fd: int, path: Path) -> bool:
    """True when the lock's recorded holder is gone although the lock is still held."""
    if sys.platform == "win32" or not hasattr(os, "pread"):  # pragma: no cover
        return False
    try:
        holder = int(os.pread(fd, 32, 0).decode("ascii").strip() or "x")
    except (OSError, ValueError):
        return False
    return holder > 0 and not _pid_alive(holder) and _same_file(fd, path)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OverflowError, ValueError):  # no process can have this number
        return False
    return True
