"""Parsed review and call records kept between runs in `.cskb/records-cache.json` (and
review bodies in `.cskb/bodies-cache.json`).

Parsing YAML is what `cskb stats` and `cskb site` spend their time on, so each parsed
record is kept with the stamp (mtime in ns, size) of the file it came from, under a key
made of cskb's version and the text of `cskb.toml`. A record whose file changed, or a cache
written by another version or configuration, is parsed again; a cache that cannot be read
is ignored and rewritten. It is derived data: deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cskb import __version__
from cskb.adapters.fsio import atomic_write

CACHE_FILE = "records-cache.json"
BODIES_FILE = "bodies-cache.json"  # review bodies apart: only the site reads them
SCHEMA = 3


def stamp(path: Path | str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


class RecordCache:
    def __init__(self, state_dir: Path, config_path: Path, name: str = CACHE_FILE) -> None:
        self.path = state_dir / name
        try:
            config = config_path.read_bytes()
        except OSError:
            config = b""
        self.key = f"{__version__}/{SCHEMA}/{hashlib.sha256(config).hexdigest()}"
        self.entries: dict[str, dict[str, Any]] = {}
        self.fresh: dict[str, dict[str, Any]] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("key") == self.key:
                entries = data.get("entries")
                self.entries = entries if isinstance(entries, dict) else {}
        except (OSError, ValueError):
            self.entries = {}

    def get(self, rel: str, file_stamp: list[int] | None) -> dict[str, Any] | None:
        entry = self.entries.get(rel)
        if file_stamp is None or not isinstance(entry, dict) or entry.get("s") != file_stamp:
            return None
        value = entry.get("v")
        if not isinstance(value, dict):
            return None
        self.fresh[rel] = entry
        return value

    def put(self, rel: str, file_stamp: list[int] | None, value: dict[str, Any]) -> None:
        if file_stamp is None:
            return
        self.fresh[rel] = {"s": file_stamp, "v": value}
        self.changed = True

    def save(self) -> None:
        """Write the entries seen in this run (files gone since are dropped)."""
        if not self.changed and len(self.fresh) == len(self.entries):
            return
        text = json.dumps({"key": self.key, "entries": self.fresh}, ensure_ascii=False)
        with contextlib.suppress(OSError):  # a read-only KB still works, only slower
            atomic_write(self.path, text)


def plain(value: Any) -> Any:
    """A YAML value as JSON: dates as ISO text, anything unusual as its text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)
