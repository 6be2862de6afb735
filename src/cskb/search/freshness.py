"""Freshness stamps: which review and card files the index was built from, compared cheaply.

A snapshot is every `reviews/**/*.md` and `playbook/**/*.md` (not README.md) with its stat stamp (size, mtime_ns, ctime_ns, inode):
one `stat` per file, no reads. The ctime cannot be set by a user (any write, `touch -r`,
`cp -p` or `rsync -t --inplace` moves it to "now"), so a rewrite that keeps size and mtime is
still seen; a rename changes the path, `git checkout` rewrites files (new ctime, often a new
inode). Stamps are compared for equality, never ordered, so a skewed clock cannot hide a change.

A file changed within the file system's timestamp tick after it was scanned could keep its
stamp (git's "racily clean" problem), so a file whose ctime or mtime is within `RACY_NS` of
the scan is saved with an impossible ctime and is re-read by the next search.

On disk (`cskb-stamps.bin`, one per index generation) a snapshot is a small header, the sorted
paths joined by NUL and one array of 64-bit integers: loading 10,000 entries costs a
millisecond, and "nothing changed" is two byte-string comparisons.
"""

from __future__ import annotations

import bisect
import os
import stat
import struct
import sys
import time
from array import array
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"CSKBSTM1"
HEADER = struct.Struct("<8sBQQ")  # magic, little-endian flag, count, length of the paths blob
FIELDS = 4  # size, mtime_ns, ctime_ns, inode
RACY_NS = 50_000_000


class StampsCorrupt(ValueError):
    """The stamps file is not one cskb wrote."""


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    deleted: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.deleted)


@dataclass(frozen=True)
class Snapshot:
    paths: tuple[str, ...]  # sorted, relative to the KB root, forward slashes
    stamps: array  # FIELDS integers per path, in the same order
    taken_ns: int = 0  # wall clock when the scan started (for racy entries)

    def as_dict(self) -> dict[str, tuple[int, ...]]:
        it = iter(self.stamps)
        return dict(zip(self.paths, zip(*([it] * FIELDS), strict=False), strict=False))

    def same_as(self, other: Snapshot) -> bool:
        return self.paths == other.paths and self.stamps == other.stamps

    def encode(self) -> bytes:
        """The snapshot as saved: racy entries get ctime -1, so they count as changed later."""
        stamps = array("q", self.stamps)
        if self.taken_ns:
            edge = self.taken_ns - RACY_NS
            mtimes, ctimes = stamps[1::FIELDS], stamps[2::FIELDS]
            for i, (m, c) in enumerate(zip(mtimes, ctimes, strict=True)):
                if m >= edge or c >= edge:
                    stamps[i * FIELDS + 2] = -1
        if sys.byteorder != "little":  # pragma: no cover - big-endian hosts
            stamps.byteswap()
        blob = "\0".join(self.paths).encode("utf-8", "surrogateescape")
        return HEADER.pack(MAGIC, 1, len(self.paths), len(blob)) + blob + stamps.tobytes()


def decode(data: bytes) -> Snapshot:
    try:
        magic, little, count, size = HEADER.unpack_from(data)
    except struct.error:
        raise StampsCorrupt("short header") from None
    start = HEADER.size
    if magic != MAGIC or little != 1 or len(data) != start + size + count * FIELDS * 8:
        raise StampsCorrupt("bad header or length")
    blob = data[start : start + size]
    paths = tuple(blob.decode("utf-8", "surrogateescape").split("\0")) if count else ()
    if len(paths) != count or list(paths) != sorted(paths):
        raise StampsCorrupt("paths")
    stamps = array("q")
    stamps.frombytes(data[start + size :])
    if sys.byteorder != "little":  # pragma: no cover
        stamps.byteswap()
    return Snapshot(paths, stamps)


FOLDERS = ("reviews", "playbook")
NOT_CARDS = ("readme.md",)


def scan(root: Path, folders: tuple[str, ...] = FOLDERS) -> Snapshot:
    """Every `*.md` under each of `root/folders` (symlinks and dot-files skipped, a folder
    that is itself a symlink too; `README.md` under `playbook/` is no card) with its stamp."""
    taken = time.time_ns()
    found: list[tuple[str, int, int, int, int]] = []
    stack = [
        (os.path.join(root, folder), f"{folder}/")
        for folder in folders
        if not os.path.islink(os.path.join(root, folder))
    ]
    while stack:
        current, prefix = stack.pop()
        try:
            with os.scandir(current) as it:
                for entry in it:
                    name = entry.name
                    if name[0] == ".":
                        continue
                    if name.endswith(".md"):
                        if prefix.startswith("playbook/") and name.lower() in NOT_CARDS:
                            continue
                        if entry.is_file(follow_symlinks=False):
                            try:
                                st = entry.stat(follow_symlinks=False)
                            except FileNotFoundError:
                                continue
                            found.append(
                                (
                                    prefix + name,
                                    st.st_size,
                                    st.st_mtime_ns,
                                    st.st_ctime_ns,
                                    st.st_ino,
                                )
                            )
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, f"{prefix}{name}/"))
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
    found.sort()
    stamps = array("q")
    for item in found:
        stamps.extend(item[1:])
    return Snapshot(tuple(item[0] for item in found), stamps, taken)


_last: list[tuple[Snapshot, Snapshot, Changes]] = []  # the last diff (an update asks thrice)


def diff(old: Snapshot, new: Snapshot) -> Changes:
    """What changed from `old` to `new`. The paths common to both are compared as raw stamp
    bytes, a block of entries at a time, so a few changes among 50,000 files cost a few
    milliseconds rather than two dictionaries of every file. The last answer is kept for the
    same two snapshots (the same objects: snapshots are never changed once made)."""
    if old.same_as(new):
        return Changes((), (), ())
    if _last and _last[0][0] is old and _last[0][1] is new:
        return _last[0][2]
    changes = _diff(old, new)
    _last[:] = [(old, new, changes)]
    return changes


def _diff(old: Snapshot, new: Snapshot) -> Changes:
    if old.paths == new.paths:
        return Changes((), _differing(old.paths, old.stamps, new.stamps), ())
    before, after = set(old.paths), set(new.paths)
    added = tuple(p for p in new.paths if p not in before)
    deleted = tuple(p for p in old.paths if p not in after)
    paths, a = _without(old, deleted)
    _, b = _without(new, added)
    return Changes(added, _differing(paths, a, b), deleted)


def _without(snap: Snapshot, gone: tuple[str, ...]) -> tuple[tuple[str, ...], array]:
    """`snap`'s paths and stamps without the (sorted) paths `gone`."""
    if not gone:
        return snap.paths, snap.stamps
    paths, stamps = list(snap.paths), array("q", snap.stamps)
    for rel in reversed(gone):
        i = bisect.bisect_left(paths, rel)
        del paths[i]
        del stamps[i * FIELDS : (i + 1) * FIELDS]
    return tuple(paths), stamps


BLOCK = 256  # entries compared as one byte string before looking at each


def _differing(paths: tuple[str, ...], a: array, b: array) -> tuple[str, ...]:
    """The paths whose stamps differ between `a` and `b` (same paths, same order)."""
    width = FIELDS * a.itemsize
    raw_a, raw_b = a.tobytes(), b.tobytes()
    step = BLOCK * width
    out = []
    for start in range(0, len(raw_a), step):
        if raw_a[start : start + step] == raw_b[start : start + step]:
            continue
        for off in range(start, min(start + step, len(raw_a)), width):
            if raw_a[off : off + width] != raw_b[off : off + width]:
                out.append(paths[off // width])
    return tuple(out)


def _stamp_of(root: Path, rel: str) -> tuple[int, int, int, int] | None:
    """The stamp `scan` would record for `rel`, or None when `scan` would not list it."""
    parts = rel.split("/")
    if (
        len(parts) < 2
        or parts[0] not in FOLDERS
        or not rel.endswith(".md")
        or any(not p or p[0] == "." for p in parts)
        or (parts[0] == "playbook" and parts[-1].lower() in NOT_CARDS)
    ):
        return None
    try:
        for i in range(1, len(parts)):  # scan never enters a folder that is a symlink
            if not stat.S_ISDIR(os.lstat(os.path.join(root, *parts[:i])).st_mode):
                return None
        st = os.lstat(os.path.join(root, *parts))
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def patch(old: Snapshot, root: Path, rels: set[str]) -> Snapshot:
    """`old` with the files `rels` stamped again (added, changed or gone): what `scan` would
    return when nothing else changed, at the cost of a stat per named file. For the search
    server, whose watcher names the files that changed (see watcher.py)."""
    taken = time.time_ns()
    paths = list(old.paths)
    stamps = array("q", old.stamps)
    for rel in sorted(rels):
        i = bisect.bisect_left(paths, rel)
        present = i < len(paths) and paths[i] == rel
        entry = _stamp_of(root, rel)
        if entry is None:
            if present:
                del paths[i]
                del stamps[i * FIELDS : (i + 1) * FIELDS]
        elif present:
            stamps[i * FIELDS : (i + 1) * FIELDS] = array("q", entry)
        else:
            paths.insert(i, rel)
            stamps[i * FIELDS : i * FIELDS] = array("q", entry)
    return Snapshot(tuple(paths), stamps, taken)
