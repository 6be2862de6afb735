"""The search index's signed manifest, its vocabulary file and its writer lock (no whoosh).

Whoosh keeps parts of its index as pickle, so cskb opens an index only after its manifest
proves it was built here: the manifest carries the schema version, this KB's path and an
HMAC (keyed by a per-KB secret in `.cskb/index-secret`, mode 0600) over whoosh's tables of
contents and the stat stamps of its files. See docs/search.md for the threat model.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cskb.adapters.fsio import atomic_write, file_lock
from cskb.kb.layout import Kb
from cskb.reviews.sections import SPACED_WORD_RE
from cskb.search.documents import ReviewDoc, Stamp

SCHEMA_VERSION = 5
MANIFEST = "cskb-manifest.json"
VOCAB = "cskb-vocab.json"
LOCK_TIMEOUT = 30.0


# --- the manifest: only open what cskb built here ----------------------------------------


def index_root(kb: Kb) -> Path:
    return kb.state_dir / "index"


def secret(kb: Kb) -> bytes:
    path = kb.state_dir / "index-secret"
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        kb.state_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key)
        return bytes.fromhex(key)


def index_files(gen: Path) -> dict[str, list[int]]:
    """whoosh's files in a generation folder with their stat stamps (size, mtime_ns, inode)."""
    out = {}
    for entry in os.scandir(gen):
        name = entry.name
        if (
            name in (MANIFEST, VOCAB)
            or name.endswith(".lock")
            or "WRITELOCK" in name
            or name.startswith(".")
        ):
            continue
        st = entry.stat(follow_symlinks=False)
        out[name] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return out


def mac(kb: Kb, gen: Path, table: dict[str, list[int]]) -> str:
    """HMAC over whoosh's tables of contents (bytes) and the stamps of its segment files.

    Segment files are immutable once whoosh has written them, so their stamps (which change
    when a file is copied, replaced or truncated) stand for their contents; hashing every
    segment on every search would cost time proportional to the index."""
    h = hmac.new(secret(kb), digestmod=hashlib.sha256)
    h.update(f"cskb-index:{SCHEMA_VERSION}:{kb.root}\0".encode())
    h.update(json.dumps(table, sort_keys=True).encode())
    for name in sorted(table):
        if name.endswith(".toc"):
            h.update(f"\0{name}\0".encode() + (gen / name).read_bytes())
    return h.hexdigest()


def write_manifest(kb: Kb, gen: Path, files: dict[str, Stamp]) -> None:
    table = index_files(gen)
    data = {
        "schema": SCHEMA_VERSION,
        "kb": str(kb.root),
        "index": table,
        "mac": mac(kb, gen, table),
        "files": files,
    }
    atomic_write(gen / MANIFEST, json.dumps(data, separators=(",", ":")))


def read_manifest(kb: Kb, gen: Path) -> tuple[dict[str, Any] | None, str]:
    """The manifest if it proves this index is cskb's own for this KB, else (None, why)."""
    try:
        data = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "missing"
    except (OSError, ValueError):
        return None, "corrupt"
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_VERSION:
        return None, "from an older version of cskb"
    if data.get("kb") != str(kb.root):
        return None, "not built for this knowledge base"
    try:
        table = index_files(gen)
        ok = table == data.get("index") and hmac.compare_digest(
            str(data.get("mac", "")), mac(kb, gen, table)
        )
    except OSError:
        ok = False
    if not ok:
        return None, "not verifiably built by cskb here (or damaged)"
    return data, ""


def current(kb: Kb) -> Path | None:
    link = index_root(kb) / "current"
    try:
        target = os.readlink(link)
    except OSError:
        return None
    gen = index_root(kb) / target
    return gen if gen.is_dir() and gen.parent == index_root(kb) else None


@contextlib.contextmanager
def index_lock(kb: Kb) -> Iterator[None]:
    with file_lock(
        kb.state_dir / "index.lock", LOCK_TIMEOUT, "another cskb process updating the search index"
    ):
        yield


# --- the vocabulary for "did you mean" (plain JSON beside whoosh's files) -------------------


def words(doc: ReviewDoc) -> set[str]:
    """The distinct words (3+ letters, spaced scripts) a review uses, lower-cased."""
    text = " ".join(
        (doc.title, doc.body, doc.customer, " ".join(doc.tags), " ".join(doc.products))
    ).lower()
    return {w for w in SPACED_WORD_RE.findall(text) if len(w) >= 3 and not w.isdigit()}


def save_vocab(gen: Path, counts: dict[str, int]) -> None:
    atomic_write(gen / VOCAB, json.dumps(counts, ensure_ascii=False, separators=(",", ":")))


def load_vocab(gen: Path) -> dict[str, int]:
    try:
        data = json.loads((gen / VOCAB).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
