"""Files on disk: atomic writes, create-only writes, reads that never follow links.

Every write goes through a temp file in the same folder that is fsynced, given the
umask's mode (0644-style, so teammates on a shared checkout can read it) and renamed
into place, so a crash or a full disk leaves either the old file or the new one, never
a 0-byte or half-written record. `write_new` links the finished temp file to its name,
which fails when the name exists: "already exists" is decided by the file system, not
by an earlier look. Readers of KB files use `read_bytes` (O_NOFOLLOW), so a symbolic
link planted in a cloned KB is refused rather than followed out of it. State files are
opened through `open_state_file`; the locks on them live in locks.py.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from cskb.errors import CskbError, DataError

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)
BINARY = getattr(os, "O_BINARY", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted in a KB never blocks open()
_UMASK: int | None = None


NOT_REGULAR = "not a regular file (a pipe, socket or device); cskb reads only plain files"


class LinkRefused(DataError):
    """A KB path is a symbolic link (or leads outside the KB); cskb does not follow it."""


def umask() -> int:
    """The process umask, read once."""
    global _UMASK
    if _UMASK is None:
        _UMASK = _proc_umask()
        if _UMASK is None:  # no /proc: read it the classic way (set, then restore)
            _UMASK = os.umask(0o022)
            os.umask(_UMASK)
    return _UMASK


def file_mode() -> int:
    """The mode a plain `open(..., "w")` would give: 0o666 minus the process umask."""
    return 0o666 & ~umask()


def _proc_umask() -> int | None:
    """The umask from /proc/self/status (Linux), read without changing it."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        return None
    return None


def check_inside(root: Path, path: Path) -> None:
    """Refuse `path` when its folder resolves outside `root` (a linked folder in a clone)."""
    real_root = os.path.realpath(root)
    parent = os.path.realpath(path.parent)
    if parent != real_root and not parent.startswith(real_root.rstrip(os.sep) + os.sep):
        raise LinkRefused(
            f"{path}: its folder leads outside the knowledge base ({parent}) through a "
            "symbolic link; replace the link with a real folder"
        )
    if path.is_symlink():
        raise LinkRefused(
            f"{path}: is a symbolic link; cskb does not follow links in a knowledge base, "
            "replace it with a real file"
        )


DISK_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", -1))


def os_problem(path: Path, exc: OSError, doing: str) -> CskbError:
    """One line for a file-system failure while `doing` something with `path`: a full
    disk, a name too long, a read-only or forbidden folder, else the system's words."""
    if exc.errno in DISK_FULL:
        return CskbError(
            f"{path}: the disk is full while {doing}; nothing was changed, "
            "free some space and try again"
        )
    if exc.errno == errno.ENAMETOOLONG:
        return CskbError(
            f"{path}: a name is too long for the file system while {doing}; "
            "choose a shorter name (nothing was changed)"
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return CskbError(
            f"{path.parent}: not writable ({exc.strerror}) while {doing}; make it writable"
        )
    return CskbError(f"{path}: cannot write ({exc.strerror}) while {doing}")


def _temp_with(path: Path, data: bytes) -> str:
    """A fsynced temp file beside `path` holding `data`, with the umask's mode."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, file_mode())
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    return tmp


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _staged(path: Path, data: bytes, inside: Path | None) -> str:
    """`data` in a complete, fsynced temp file beside `path` (its folder made, and with
    `inside`, checked not to lead out of that root); the caller moves it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if inside is not None:
        check_inside(inside, path)
    return _temp_with(path, data)


def atomic_write(path: Path, text: str | bytes, inside: Path | None = None) -> None:
    """Write `text` to `path` through a temp file in the same folder, fsync and rename.

    With `inside`, refuse a path whose folder leads outside that root through a link. A
    symbolic link at `path` itself is replaced, never followed."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        tmp = _staged(path, data, inside)
        try:
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise os_problem(path, exc, "writing") from None
    _fsync_dir(path.parent)


def is_leftover(path: Path) -> bool:
    """True for an empty (0-byte or blank) regular file: the trace of a crash before
    writes were atomic; it holds nothing anyone typed."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode) or st.st_size > 4096:
        return False
    return not read_bytes(path).strip()


def write_new(path: Path, text: str | bytes, inside: Path | None = None) -> bool:
    """Create `path` holding `text` unless it exists; True when written. Never overwrites:
    the complete temp file is hard-linked to the name, which fails if the name is taken,
    so two processes racing for one name cannot both win and none sees a partial file."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if os.path.lexists(path):
        return False
    try:
        tmp = _staged(path, data, inside)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            # No hard links on this file system: create exclusively, then fill it.
            return _write_new_excl(path, data)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except OSError as exc:
        raise os_problem(path, exc, "writing") from None
    _fsync_dir(path.parent)
    return True


def _write_new_excl(path: Path, data: bytes) -> bool:
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC | BINARY, 0o666
        )
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return True


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, refusing a symbolic link (O_NOFOLLOW) and, with
    `limit`, a file larger than that. Opened without blocking (O_NONBLOCK), so a FIFO,
    socket or device is refused at once instead of hanging. Raises OSError (ELOOP for a
    link, EINVAL for anything not a regular file) like `open`. Every reader of KB and state
    files reads through here."""
    fd = os.open(path, os.O_RDONLY | NOFOLLOW | CLOEXEC | BINARY | NONBLOCK)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, NOT_REGULAR, str(path))
        if limit is not None and st.st_size > limit:
            raise OSError(
                errno.EFBIG,
                f"file is {st.st_size:,} bytes, over the {limit:,}-byte limit",
                str(path),
            )
        # one read of the whole file (and one more to see its end), so a large file is not
        # copied again by a join; a file still growing is read on in chunks
        chunks = []
        total = 0
        want = max(st.st_size + 1, 1 << 16)
        while True:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if limit is not None and total > limit:
                raise OSError(errno.EFBIG, f"file is over the {limit:,}-byte limit", str(path))
            want = 1 << 20
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


def is_link_error(exc: OSError) -> bool:
    """True when `open(..., O_NOFOLLOW)` refused because the path is a symbolic link."""
    return exc.errno in (errno.ELOOP, getattr(errno, "EMLINK", -1)) and bool(NOFOLLOW)


def open_state_file(folder: Path, name: str, flags: int, mode: int | None = None) -> int:
    """Open `folder/name` (a file cskb keeps in its state folder) without following a
    symbolic link at either level: the folder must be a real directory and the file is
    opened relative to it with O_NOFOLLOW. Returns the descriptor; raises CskbError."""
    if "/" in name or os.sep in name or name in ("", ".", ".."):
        raise ValueError(f"state file name {name!r} must be a plain name")
    try:
        st = os.lstat(folder)
    except OSError as exc:
        raise CskbError(f"{folder}: cannot open cskb's state folder ({exc.strerror})") from None
    if not stat.S_ISDIR(st.st_mode):
        raise CskbError(
            f"{folder}: cskb's state folder is not a real folder (a link or a file); "
            "remove it and run the command again"
        )
    mode = file_mode() if mode is None else mode
    if sys.platform == "win32" or os.open not in getattr(os, "supports_dir_fd", set()):
        try:
            fd = os.open(folder / name, flags | NOFOLLOW | CLOEXEC | BINARY | NONBLOCK, mode)
        except OSError as exc:
            raise state_error(folder / name, exc) from None
        return _regular(fd, folder / name)
    dfd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | NOFOLLOW | CLOEXEC)
    try:
        fd = os.open(name, flags | NOFOLLOW | CLOEXEC | NONBLOCK, mode, dir_fd=dfd)
    except OSError as exc:
        raise state_error(folder / name, exc) from None
    finally:
        os.close(dfd)
    return _regular(fd, folder / name)


def _regular(fd: int, path: Path) -> int:
    """`fd` back in blocking mode when it is a regular file; else closed and refused."""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise CskbError(
                f"{path}: is not a regular file (a pipe, socket or device) in cskb's state "
                "folder; remove it and run the command again"
            )
        if NONBLOCK and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def state_error(path: Path, exc: OSError) -> CskbError:
    if is_link_error(exc):
        return CskbError(
            f"{path}: is a symbolic link; cskb never follows links in its state folder, "
            "remove it and run the command again"
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return CskbError(
            f"{path.parent}: cskb's state folder is not writable ({exc.strerror}); make it "
            "writable (it holds only derived data and the write lock)"
        )
    return CskbError(f"{path}: cannot open ({exc.strerror})")
