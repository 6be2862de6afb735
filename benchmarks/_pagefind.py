"""Pagefind over a built site: the only module using the `pagefind` package (its binary ships
in a wheel). `cskb site` no longer runs it (its own index, searchdata.py, replaced it); the
search benchmark runs it for the comparison.

The whole library is indexed as one multilingual index with Pagefind's Japanese segmenter
(`--force-language ja`, extended build): it splits Japanese and Chinese into words and keeps
spaced scripts (English, Ukrainian, ...) as they are, so one search box finds reviews in every
language. Without the extended build, Japanese and Chinese match only whole runs of text.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

INDEX_LANGUAGE = "ja"
TIMEOUT = 600


@dataclass(frozen=True)
class SearchIndex:
    ok: bool
    message: str  # why search is missing, or what was indexed
    extended: bool = False


def _binary() -> Path | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        found = get_executable()
    except (OSError, FileNotFoundError):
        return None
    return Path(found) if found and Path(found).is_file() else None


def search_available() -> bool:
    return _binary() is not None


def build_index(site: Path) -> SearchIndex:
    """Index the pages marked `data-pagefind-body` under `site` into `site/pagefind/`."""
    binary = _binary()
    if binary is None:
        return SearchIndex(
            False,
            "search was left out: the pagefind package is not installed "
            "(pip install 'pagefind[extended]')",
        )
    extended = "extended" in binary.name
    try:
        done = subprocess.run(
            [str(binary), "--site", str(site), "--force-language", INDEX_LANGUAGE, "--quiet"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return SearchIndex(False, f"search was left out: pagefind did not run ({exc})")
    if done.returncode != 0 or not (site / "pagefind" / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        return SearchIndex(
            False,
            f"search was left out: pagefind failed ({detail[-1] if detail else done.returncode})",
        )
    note = (
        ""
        if extended
        else " (without the extended build: Japanese and Chinese match whole runs only)"
    )
    return SearchIndex(True, f"search index built{note}", extended)
