"""The one cache of parsed records for the whole tool, kept in the git-ignored `.cskb/cache/`.

Every command that reads many records (check, status, pair, review list, tags, and later
stats, the site and the index build) reads through this module instead of growing its own.

- **Keys.** Each entry is keyed by its file's path and *stamp*: size, mtime_ns, ctime_ns and
  inode, taken with `lstat` (what git's index keeps). Each cache is keyed by a digest of
  everything its results depend on besides the file itself (cskb's version, a format number,
  and per use the bytes of `cskb.toml`, `team.yaml`, the cycle files): when that digest
  changes, what was stored is ignored and rewritten.
- **Shards.** A cache `name` lives in `.cskb/cache/<name>/`, one shard file per folder of
  records (`reviews+2026-11-09.json`), so a command that reads one cycle's folder loads only
  that folder's entries.
- **Never trusted when in doubt.** A shard is JSON behind a one-line header holding its
  digest key and a BLAKE2 checksum of the payload; one that does not parse, has the wrong
  shape, the wrong key or the wrong checksum is discarded and rebuilt. An entry whose value
  fails its decoder discards its whole shard too. Nothing is ever unpickled or executed.
- **Racy stamps.** A file changed within `RACY_NS` of the moment the cache is written is not
  cached (git's "racy clean" rule): the kernel's file clock ticks coarsely, so a same-size
  rewrite within one tick could keep every field of the stamp. Stamps in the future (clock
  skew) are racy too.
- **Concurrent writers.** A shard is written to a temp file in the same folder and
  moved into place with `os.replace`, so readers see the old or the new file, never a torn
  one; when two commands save at once the last one wins and a lost entry only costs a
  re-parse.
- **Symlinks are never followed**: a record that is a symlink is never cached, a shard
  is opened with `O_NOFOLLOW`, and when `.cskb/` or `.cskb/cache/` is a symlink the cache is
  off for that command.
- **Off switch.** `enabled=False` (the CLI passes it for `CSKB_NO_CACHE` and in CI, where
  every checkout has fresh stamps) makes every lookup a miss and every save a no-op.

Residual risk: a rewrite that keeps the size, the mtime, the inode *and* the ctime. The
ctime cannot be set through `utime` (it is what `touch -r`, `cp -p` and `rsync -t` cannot
forge); it only repeats when the system clock is set back to the same instant, or on file
systems that do not keep it. Then the record is served from the cache until its stamp
changes again (`CSKB_NO_CACHE=1`, or deleting `.cskb/cache/`, clears any doubt).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from cskb import __version__

FORMAT = 1
RACY_NS = 2_000_000_000  # entries changed within 2 s of the save are not stored
MAX_BYTES = 512 * 1024 * 1024
MAGIC = "cskb-cache"

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
T = TypeVar("T")


def stamp(path: Path | str) -> Stamp | None:
    """The file's stamp, or None when it is missing, not a regular file, or a symlink."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def digest(*parts: bytes | str) -> str:
    """A short, stable digest of `parts` (each length-prefixed so boundaries count)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def files_digest(paths: Iterable[Path]) -> str:
    """A digest of the names and bytes of `paths` (a missing file counts as missing)."""
    parts: list[bytes | str] = []
    for path in paths:
        parts.append(str(path))
        try:
            parts.append(_read_nofollow(path, MAX_BYTES))
        except OSError:
            parts.append("\0missing")
    return digest(*parts)


def _read_nofollow(path: Path, limit: int) -> bytes:
    fd = os.open(
        path,
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_NONBLOCK", 0),  # a FIFO in its place never blocks
    )
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            raise OSError(f"{path}: not a regular file of at most {limit} bytes")
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _is_symlink(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


_SAFE = re.compile(r"[A-Za-z0-9._+-]{1,100}")


def _shard_name(rel: str) -> str:
    """The shard file holding `rel`: one per folder, so a command reading one cycle's
    folder loads only that folder's entries."""
    return _folder_shard(rel.rpartition("/")[0])


@functools.lru_cache(maxsize=4096)
def _folder_shard(folder: str) -> str:
    folder = folder or "_"
    name = folder.replace("/", "+")
    if not _SAFE.fullmatch(name) or name.startswith("."):
        name = "h-" + digest(folder)[:20]
    return name


class RecordCache:
    """Values computed from record files, kept in `state_dir/cache/<name>/`, one shard file
    per folder of records, valid for one `key`.

    Values must be JSON data (dicts, lists, strings, numbers, booleans, None); callers turn
    them back into records with a decoder that raises on a bad shape.
    """

    def __init__(self, folder: Path | None, key: str) -> None:
        self.folder = folder  # None: the cache is off
        self.key = digest(MAGIC, str(FORMAT), __version__, key)
        self._shards: dict[str, dict[str, list[Any]]] = {}
        self._dirty: set[str] = set()
        self._seen: set[str] = set()

    @classmethod
    def open(cls, state_dir: Path, name: str, key: str, enabled: bool = True) -> RecordCache:
        """The cache `name` under `state_dir/cache/`; off when disabled or when a folder on
        the way is a symlink."""
        folder = state_dir / "cache" / name
        if not enabled or any(_is_symlink(p) for p in (state_dir, folder.parent, folder)):
            return cls(None, key)
        return cls(folder, key)

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    # -- reading ---------------------------------------------------------------------------

    def _shard(self, name: str) -> dict[str, list[Any]]:
        shard = self._shards.get(name)
        if shard is None:
            shard = self._shards[name] = self._read(name)
        return shard

    def _read(self, name: str) -> dict[str, list[Any]]:
        """The entries of one shard file, or {} when it is missing or cannot be trusted."""
        assert self.folder is not None
        try:
            data = _read_nofollow(self.folder / f"{name}.json", MAX_BYTES)
        except OSError:
            return {}
        head, sep, payload = data.partition(b"\n")
        try:
            header = json.loads(head)
            if (
                not sep
                or not isinstance(header, dict)
                or header.get("magic") != MAGIC
                or header.get("key") != self.key
                or header.get("blake2b") != hashlib.blake2b(payload, digest_size=32).hexdigest()
            ):
                return {}
            entries = json.loads(payload)
        except (ValueError, RecursionError):
            return {}
        if not isinstance(entries, dict):
            return {}
        for rel, entry in entries.items():
            if not (
                isinstance(rel, str)
                and _shard_name(rel) == name
                and isinstance(entry, list)
                and len(entry) == 5
                and all(type(x) is int for x in entry[:4])
            ):
                return {}
        return entries

    def get(self, rel: str, st: Stamp | None, decode: Callable[[Any], T]) -> T | None:
        """The cached value for `rel` when its stamp is still `st`, else None. A value that
        fails `decode` (raises) means the shard is damaged: it is discarded whole."""
        if st is None or self.folder is None:
            return None
        self._seen.add(rel)
        name = _shard_name(rel)
        entry = self._shard(name).get(rel)
        if entry is None or tuple(entry[:4]) != st:
            return None
        try:
            return decode(entry[4])
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            self._shards[name] = {}
            self._dirty.add(name)
            return None

    # -- writing ---------------------------------------------------------------------------

    def put(self, rel: str, st: Stamp | None, value: Any) -> None:
        """Remember `value` for `rel` at stamp `st` (nothing is kept for a None stamp)."""
        if st is None or self.folder is None:
            return
        self._seen.add(rel)
        name = _shard_name(rel)
        self._shard(name)[rel] = [*st, value]
        self._dirty.add(name)

    def through(
        self,
        path: Path,
        rel: str,
        compute: Callable[[], T],
        encode: Callable[[T], Any],
        decode: Callable[[Any], T],
    ) -> T:
        """The value for the file at `path`: from the cache when its stamp matches, else
        computed (and remembered). The stamp is taken before computing, so a file changed
        while it is read is read again next time."""
        st = stamp(path) if self.folder is not None else None
        hit = self.get(rel, st, decode)
        if hit is not None:
            return hit
        value = compute()
        self.put(rel, st, encode(value))
        return value

    def through_all(
        self,
        files: Sequence[tuple[Path, str]],
        compute: Callable[[Path], T],
        encode: Callable[[T], Any],
        decode: Callable[[Path], Callable[[Any], T]],
        run: Callable[[Callable[[Path], T], list[Path]], list[T]] | None = None,
        keep: Callable[[T], bool] | None = None,
    ) -> list[T]:
        """`through` for many files (path, rel) at once: every stamp is taken before anything
        is computed, the hits are decoded (`decode(path)` decodes that file's value), and the
        misses are computed together by `run(compute, paths)` (in this process by default;
        `workers.map_forked` spreads them over cores), then remembered unless `keep` says
        not. The values come back in the order of `files`."""
        out: list[Any] = []
        missing: list[tuple[int, str, Stamp | None]] = []
        for i, (path, rel) in enumerate(files):
            st = stamp(path) if self.folder is not None else None
            hit = self.get(rel, st, decode(path))
            out.append(hit)
            if hit is None:
                missing.append((i, rel, st))
        paths = [files[i][0] for i, _, _ in missing]
        values = run(compute, paths) if run is not None else [compute(p) for p in paths]
        for (i, rel, st), value in zip(missing, values, strict=True):
            if keep is None or keep(value):
                self.put(rel, st, encode(value))
            out[i] = value
        return out

    def save(self, prune: bool = False) -> None:
        """Write back the shards that changed. `prune` (for commands that looked at every
        file) drops the entries, and the shard files, this command did not look at."""
        if self.folder is None:
            return
        if prune:
            for name, shard in self._shards.items():
                stale = [rel for rel in shard if rel not in self._seen]
                for rel in stale:
                    del shard[rel]
                if stale:
                    self._dirty.add(name)
            with contextlib.suppress(OSError):
                for entry in os.scandir(self.folder):
                    if entry.name.endswith(".json") and entry.name[:-5] not in self._shards:
                        os.unlink(entry.path)
        now = time.time_ns()
        for name in sorted(self._dirty):
            kept = {
                rel: e for rel, e in self._shards[name].items() if max(e[1], e[2]) < now - RACY_NS
            }
            with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
                self._write(name, kept)
        self._dirty.clear()

    def _write(self, name: str, entries: dict[str, list[Any]]) -> None:
        assert self.folder is not None
        payload = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = json.dumps(
            {
                "magic": MAGIC,
                "key": self.key,
                "blake2b": hashlib.blake2b(payload, digest_size=32).hexdigest(),
            }
        ).encode("utf-8")
        self.folder.mkdir(parents=True, exist_ok=True)
        if any(
            _is_symlink(p) for p in (self.folder.parent.parent, self.folder.parent, self.folder)
        ):
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(header + b"\n" + payload)
            os.replace(tmp, self.folder / f"{name}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
