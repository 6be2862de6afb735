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
import os
import secrets
import stat
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


@contextlib.contextmanager
def lock(path: Path, timeout: float, what: str) -> Iterator[None]:
    """The index's lock: adapters/locks.py's file lock (a planted symlink in its place is
    replaced, an orphaned holder's lock taken over); any problem taking it is a StateError,
    so search works from an index in memory instead."""
    from cskb.adapters.locks import file_lock

    held = contextlib.ExitStack()
    try:
        held.enter_context(file_lock(path, timeout, what, replace_link=True))
    except CskbError as exc:
        raise StateError(exc.message) from None
    with held:
        yield
