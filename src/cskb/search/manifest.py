"""Index generations on disk and their signed manifests (no whoosh).

Whoosh keeps parts of its index as pickle (the table of contents, stored fields, some posting
values), so cskb hands whoosh only bytes it has verified: a generation folder's manifest lists
every file with its size and SHA-256, and an HMAC (keyed by a per-KB secret in
`.cskb/index-secret`, mode 0600) covers the schema version, this KB's path and that list.
`load` reads each listed file once, checks its hash, and returns the bytes; whoosh then reads
from memory (see engine.py), never from disk, so a file changed after the check is never read.

Generations are immutable: an update writes a new folder (unchanged files hard-linked, new
ones written) and swaps the `current` symlink, so a reader never sees a half-written index.
Every state file is opened with O_NOFOLLOW and replaced by rename, so a symlink planted in a
cloned KB is never followed out of it (see statefs.py).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from cskb.adapters import fsio
from cskb.kb.layout import Kb
from cskb.search import statefs

SCHEMA_VERSION = 7
MANIFEST = "cskb-manifest.json"
STAMPS = "cskb-stamps.bin"
VOCAB = "cskb-vocab.json"
SECRET = "index-secret"


class Unverified(Exception):
    """An index generation that must not be opened; the message says why."""


class Moved(Exception):
    """The generation changed while it was read (a concurrent update): look again."""


def index_root(kb: Kb) -> Path:
    return kb.state_dir / "index"


def secret(kb: Kb) -> bytes:
    """The per-KB key, made on first use (mode 0600; a symlink in its place is replaced)."""
    path = statefs.state_dir(kb) / SECRET
    try:
        key = bytes.fromhex(fsio.read_bytes(path).decode("ascii").strip())
        if len(key) == 32:
            return key
    except (OSError, ValueError):
        pass
    text = secrets.token_hex(32)
    statefs.replace_bytes(path, text.encode("ascii"))
    return bytes.fromhex(text)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def analyzer_signature(kb: Kb) -> str:
    """The analyzer an index of this KB must be built with (its `[search] languages`)."""
    from cskb.search.analysis import analyzer

    return str(analyzer(tuple(kb.config.search.languages)).signature)


def _mac(key: bytes, kb: Kb, table: dict[str, list[Any]]) -> str:
    h = hmac.new(key, digestmod=hashlib.sha256)
    h.update(f"cskb-index:{SCHEMA_VERSION}:{analyzer_signature(kb)}:{kb.root}\0".encode())
    h.update(json.dumps(table, sort_keys=True, separators=(",", ":")).encode())
    return h.hexdigest()


def write_manifest(kb: Kb, gen: Path, table: dict[str, list[Any]]) -> None:
    """Sign `table` ({file name: [size, sha256]}) for generation `gen`."""
    data = {
        "schema": SCHEMA_VERSION,
        "analyzer": analyzer_signature(kb),
        "kb": str(kb.root),
        "files": table,
    }
    data["mac"] = _mac(secret(kb), kb, table)
    statefs.replace_bytes(gen / MANIFEST, json.dumps(data, separators=(",", ":")).encode())


def read_manifest(kb: Kb, gen: Path) -> dict[str, list[Any]]:
    """The verified file table of `gen`; raises Unverified (why) or Moved."""
    try:
        data = json.loads(fsio.read_bytes(gen / MANIFEST))
    except FileNotFoundError:
        raise (Moved("generation removed") if not gen.exists() else Unverified("missing")) from None
    except (OSError, ValueError):
        raise Unverified("corrupt") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
        raise Unverified("from an older version of cskb")
    if data.get("analyzer") != analyzer_signature(kb):
        raise Unverified("built for other search languages")
    if data.get("kb") != str(kb.root):
        raise Unverified("not built for this knowledge base")
    table = data.get("files")
    if not isinstance(table, dict) or not hmac.compare_digest(
        str(data.get("mac", "")), _mac(secret(kb), kb, table)
    ):
        raise Unverified("not verifiably built by cskb here (or damaged)")
    return table


def load(kb: Kb, gen: Path) -> dict[str, bytes]:
    """Every file of generation `gen`, each checked against the signed manifest."""
    table = read_manifest(kb, gen)
    out: dict[str, bytes] = {}
    for name, (size, want) in table.items():
        try:
            data = fsio.read_bytes(gen / name)
        except FileNotFoundError:
            raise Moved(name) from None
        except OSError:
            raise Unverified("not verifiably built by cskb here (or damaged)") from None
        if len(data) != size or not hmac.compare_digest(digest(data), want):
            raise Unverified("not verifiably built by cskb here (or damaged)")
        out[name] = data
    return out


def current(kb: Kb) -> Path | None:
    """The live generation: `current` must be a symlink to a folder inside the index root."""
    root = index_root(kb)
    try:
        target = os.readlink(root / "current")
    except OSError:
        return None
    if "/" in target or not target.startswith("gen-"):
        return None
    gen = root / target
    return gen if statefs.is_real_dir(gen) else None


def publish(
    kb: Kb, files: dict[str, bytes], reuse: dict[str, tuple[Path, str]] | None = None
) -> Path:
    """Write a new generation and make it current. `files` are written; `reuse` maps names
    to (an existing verified file, its sha256) to hard-link instead of copying."""
    statefs.state_dir(kb)
    root = statefs.real_dir(index_root(kb))
    gen = root / f"gen-{secrets.token_hex(6)}"
    try:
        os.mkdir(gen, 0o700)
    except OSError as exc:
        raise statefs.StateError(f"{root}: cannot write ({exc.strerror})") from None
    table: dict[str, list[Any]] = {}
    try:
        for name, (src, sha) in (reuse or {}).items():
            try:
                os.link(src, gen / name, follow_symlinks=False)
                table[name] = [src.stat(follow_symlinks=False).st_size, sha]
                continue
            except OSError:
                data = fsio.read_bytes(src)
                if digest(data) != sha:
                    raise statefs.StateError(f"{src} changed while the index was updated") from None
                files = {**files, name: data}
        for name, data in files.items():
            statefs.create_bytes(gen / name, data)
            table[name] = [len(data), digest(data)]
        write_manifest(kb, gen, table)
        live = root / "current"
        if statefs.is_real_dir(live):  # not ours (e.g. copied in as a folder): remove it
            shutil.rmtree(live)
        link = root / f".current-{secrets.token_hex(4)}"
        os.symlink(gen.name, link)
        os.replace(link, root / "current")
    except OSError as exc:
        shutil.rmtree(gen, ignore_errors=True)
        raise statefs.StateError(f"{gen}: cannot write ({exc.strerror})") from None
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    return gen


def prune(kb: Kb, keep: set[Path]) -> None:
    """Remove generations other than `keep` (a reader of one removed mid-read retries)."""
    root = index_root(kb)
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        path = root / entry.name
        if entry.name.startswith("gen-") and path not in keep:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        elif entry.name.startswith(".current-") and entry.is_symlink():
            path.unlink(missing_ok=True)
