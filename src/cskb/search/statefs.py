"""Search state files in `.cskb/`, handled as if a hostile colleague had planted them.

A cloned or copied KB may ship `.cskb/` (or any file in it) as a symlink to somewhere else.
Every state file is therefore read with O_NOFOLLOW and written as a new file (O_EXCL,
O_NOFOLLOW, mode 0600) renamed over the old name, which replaces a symlink instead of
writing through it; folders are checked with lstat and a symlink in a folder's place is
refused. `.cskb` itself being a symlink, a file or read-only raises StateError, and search
then works from an index held in memory (index.py).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from cskb.errors import CskbError
from cskb.kb.layout import Kb

NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC


class StateError(CskbError):
    """The state folder cannot be used safely (a symlink, a file, read-only, full)."""


def is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def real_dir(path: Path, mode: int = 0o755) -> Path:
    """`path` as a real folder (made if missing); a symlink or file there is refused."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        try:
            os.mkdir(path, mode)
        except FileExistsError:
            pass
        except OSError as exc:
            raise StateError(f"{path}: cannot create ({exc.strerror})") from None
        st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise StateError(f"{path} is a symlink; cskb keeps its state only inside the KB")
    if not stat.S_ISDIR(st.st_mode):
        raise StateError(f"{path} is not a folder")
    return path


def state_dir(kb: Kb) -> Path:
    """`.cskb/`, refused when it is a symlink or a file."""
    return real_dir(kb.state_dir)


def create_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write a new file (never an existing one, never through a symlink)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def replace_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to a new file beside `path` and rename it over `path` (a symlink there is
    replaced, its target untouched)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        create_bytes(tmp, data, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StateError(f"{path}: cannot write ({exc.strerror})") from None


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def lock(path: Path, timeout: float, what: str) -> Iterator[None]:
    """An exclusive flock on `path` (opened without following symlinks; the holder's pid is
    written in it). A lock still held after its recorded holder died belongs to an orphaned
    child that inherited it: the file is replaced, so the orphan cannot block us."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW, 0o600)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                path.unlink(missing_ok=True)  # a planted symlink: remove the link itself
                continue
            raise StateError(f"{path}: cannot lock ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise StateError(f"{path}: cannot lock ({exc.strerror})") from None
            holder = _holder(fd)
            if holder is not None and not _pid_alive(holder) and _same_file(fd, path):
                path.unlink(missing_ok=True)
                os.close(fd)
                continue
            os.close(fd)
            if time.monotonic() >= deadline:
                raise StateError(
                    f"{path}: still locked by {what} after {timeout:.0f}s; "
                    "wait for it to finish and try again"
                ) from None
            time.sleep(0.02)
            continue
        if not _same_file(fd, path):  # replaced while we waited: lock the new file
            os.close(fd)
            continue
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            os.close(fd)
        return


def _holder(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip() or "x")
    except (OSError, ValueError):
        return None


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.lstat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
