"""The site's output folder: replaced only when cskb can prove it built what is there.

A marker file inside OUT proves nothing (a teammate can commit one into any folder of the
KB), so each build records what it wrote in a manifest kept in the KB's git-ignored state
folder, `.cskb/sites/<digest of OUT's real path>.json`: OUT's real path, the device and
inode of the folder it swapped in, and every folder and file in it with its size and
SHA-256. A rebuild replaces OUT only when OUT is that very folder (same inode) and holds
nothing the manifest does not list with the same digest; anything else is refused before a
byte is written. The old site is then removed file by file from the manifest, never with a
recursive delete, so a file that appears meanwhile survives. OUT is resolved through
symbolic links first: the site replaces the link's target, and the link stays.

Refused outright: OUT being or holding the KB, being inside `.git`, or being one of the
KB's own folders (`reviews/`, `.cskb/`, ...).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters import fsio
from cskb.errors import UsageError
from cskb.kb.layout import STATE_DIR, Kb

VERSION = 1
MANIFESTS = "sites"
LEGACY_MARKER = ".cskb-site"
KB_FOLDERS = (
    ".git",
    STATE_DIR,
    "reviews",
    "calls",
    "cycles",
    "coffee",
    "templates",
    "playbook",
    "calibrations",
    ".github",
)
NAME_MAX = 255


class NotReplaceable(UsageError):
    """OUT holds something cskb cannot prove it wrote; nothing was touched."""


@dataclass(frozen=True)
class Listing:
    """Every folder and regular file under a site folder, relative, with size and SHA-256."""

    dirs: tuple[str, ...]
    files: dict[str, tuple[int, str]]


def _refuse(out: Path, why: str) -> NotReplaceable:
    return NotReplaceable(
        f"{out}: not used for the site: {why}; nothing was touched (give a new or empty folder)"
    )


def resolve_out(kb: Kb, out: Path) -> Path:
    """OUT's real path (links resolved), refusing the KB itself, a folder holding it, a
    folder inside `.git` and the KB's own folders."""
    real = Path(os.path.realpath(out.expanduser()))
    root = Path(os.path.realpath(kb.root))
    if len(os.fsencode(real.name)) > NAME_MAX:
        raise UsageError(
            f"{out}: the name is too long for the file system (over {NAME_MAX} bytes); "
            "choose a shorter OUT"
        )
    if real == root or root.is_relative_to(real):
        raise _refuse(out, "it is the knowledge base or a folder holding it")
    if real.is_relative_to(root):
        first = real.relative_to(root).parts[0]
        if first == ".git" or (first in KB_FOLDERS and len(real.relative_to(root).parts) == 1):
            raise _refuse(out, f"it is the knowledge base's own {first}/ folder")
    if real.is_relative_to(root / ".git") or ".git" in real.parts:
        raise _refuse(out, "it is inside a .git folder")
    return real


def listing(folder: Path, shown: Path | None = None) -> Listing:
    """Walk `folder` without following links; raise NotReplaceable naming the first entry
    that is not a real folder or a regular file."""
    dirs: list[str] = []
    files: dict[str, tuple[int, str]] = {}
    shown = shown or folder
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(folder / rel if rel else folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        for entry in entries:
            sub = f"{rel}/{entry.name}" if rel else entry.name
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                dirs.append(sub)
                stack.append(sub)
            elif stat.S_ISREG(st.st_mode):
                files[sub] = (st.st_size, _digest(folder / sub))
            else:
                raise _refuse(shown, f"{sub} is not a regular file, and cskb never writes one")
    return Listing(tuple(sorted(dirs)), files)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | fsio.NOFOLLOW | fsio.CLOEXEC | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
    finally:
        os.close(fd)
    return h.hexdigest()


def _manifest_path(kb: Kb, real: Path) -> Path:
    key = hashlib.sha256(os.fsencode(str(real))).hexdigest()[:32]
    return kb.state_dir / MANIFESTS / f"{key}.json"


def _load_manifest(kb: Kb, real: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(fsio.read_bytes(_manifest_path(kb, real), limit=64 << 20))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    if data.get("path") != str(real):
        return None
    return data


def _old_default_site(kb: Kb, real: Path) -> bool:
    """An older cskb's site at the default place, `.cskb/site` (the marker, no manifest yet),
    with nothing in it tracked by git: the state folder is git-ignored and local, so only
    this clone's cskb wrote there, and a teammate could only reach it by committing files,
    which git would then list."""
    from cskb.adapters import vcs

    if real != kb.state_dir.resolve() / "site":
        return False
    return not vcs.tracked_files(kb.root, [real.relative_to(kb.root.resolve()).as_posix()])


def check_replaceable(kb: Kb, real: Path, shown: Path) -> Listing | None:
    """None when OUT is absent or an empty folder; the listing of the previous build when
    OUT is exactly the site cskb last built there; otherwise NotReplaceable."""
    try:
        st = os.lstat(real)
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        raise _refuse(shown, "it exists and is not a folder")
    with os.scandir(real) as it:
        if next(it, None) is None:
            return None
    manifest = _load_manifest(kb, real)
    if manifest is None or [manifest.get("dev"), manifest.get("ino")] != [st.st_dev, st.st_ino]:
        legacy = os.path.lexists(real / LEGACY_MARKER)
        if legacy and manifest is None and _old_default_site(kb, real):
            return listing(real, shown)  # refuses links, pipes and the like inside it
        raise _refuse(
            shown,
            "the folder is not empty and cskb has no record of building it here"
            + (
                " (a .cskb-site marker proves nothing: anyone can commit one; if it is an old "
                "site, remove it yourself)"
                if legacy
                else ""
            ),
        )
    now = listing(real, shown)
    built_files = {k: tuple(v) for k, v in dict(manifest.get("files", {})).items()}
    built_dirs = set(manifest.get("dirs", []))
    for rel in now.dirs:
        if rel not in built_dirs:
            raise _refuse(shown, f"{rel}/ was not written by cskb")
    for rel, (size, sha) in now.files.items():
        if rel not in built_files:
            raise _refuse(shown, f"{rel} was not written by cskb")
        if built_files[rel] != (size, sha):
            raise _refuse(shown, f"{rel} changed since cskb built it")
    return Listing(
        tuple(sorted(built_dirs)), {k: (int(v[0]), str(v[1])) for k, v in built_files.items()}
    )


def save_manifest(kb: Kb, real: Path, built: Listing, folder: Path) -> None:
    """Record `built` as the site at `real`, living in `folder` (the finished build folder,
    whose inode the swap keeps)."""
    st = os.lstat(folder)
    data = {
        "version": VERSION,
        "path": str(real),
        "dev": st.st_dev,
        "ino": st.st_ino,
        "dirs": list(built.dirs),
        "files": {k: list(v) for k, v in sorted(built.files.items())},
    }
    fsio.atomic_write(_manifest_path(kb, real), json.dumps(data), inside=kb.root)


def restore_manifest(kb: Kb, real: Path, previous: Listing | None) -> None:
    """The swap failed: the previous site (if any) is still at `real`; record it again."""
    with contextlib.suppress(OSError, UsageError):
        if previous is not None:
            save_manifest(kb, real, previous, real)
        else:
            os.unlink(_manifest_path(kb, real))


def swap(tmp: Path, real: Path, previous: Listing | None) -> Path | None:
    """Move the finished `tmp` to `real`; remove the previous build file by file. Returns
    the folder left behind when something cskb did not write appeared in the old site
    while it was being replaced (kept, never deleted), else None."""
    if previous is None:
        try:
            os.rename(tmp, real)  # replaces an empty folder, fails on anything else
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                raise _refuse(real, "something was written into it during the build") from None
            raise
        return None
    old = real.with_name(f".{real.name[:200]}.old-{os.getpid()}")
    os.rename(real, old)
    try:
        os.rename(tmp, real)
    except BaseException:
        os.rename(old, real)
        raise
    return remove_built(old, previous)


def remove_built(folder: Path, built: Listing) -> Path | None:
    """Delete exactly the files and folders of `built` under `folder` (regular files and
    real folders only); None when the folder is gone, else the folder that remains."""
    for rel in built.files:
        path = folder / rel
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
    for rel in sorted(built.dirs, key=lambda d: d.count("/"), reverse=True):
        with contextlib.suppress(OSError):
            os.rmdir(folder / rel)
    try:
        os.rmdir(folder)
    except OSError:
        return folder
    return None
