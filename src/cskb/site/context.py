"""What every page builder gets and returns, and the list of builders and nav entries.

Extension point: another package adds pages by appending a builder to `PAGE_BUILDERS` and,
for a top-level page, a `NavEntry` to `NAV` (see docs/site.md, "Adding pages").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cskb.stats.data import KbData, ReviewRecord
from cskb.stats.figures import Figures

if TYPE_CHECKING:
    from cskb.kb.layout import Kb


@dataclass(frozen=True)
class NavEntry:
    label: str
    path: str  # from the site root, e.g. "library/index.html"
    key: str  # pages set `nav=key` to mark the entry as current


@dataclass(frozen=True)
class Page:
    path: str  # from the site root, always ending in .html, ASCII
    template: str
    context: dict[str, Any]
    title: str
    nav: str = ""
    lang: str = "en"


@dataclass
class SiteContext:
    """Loaded once per build and shared by every builder."""

    data: KbData
    figures: Figures
    reviews: tuple[ReviewRecord, ...]  # what the site shows: complete (and drafts if asked)
    include_drafts: bool
    built: str  # build date
    search: bool = True
    extra: dict[str, Any] = field(default_factory=dict)  # for builders added later
    kb: Kb | None = None  # the KB itself, for sections that read more than `data` holds
    # criterion key -> the page teaching it (a playbook card), set by a CONTEXT_HOOKS hook
    criterion_pages: dict[str, str] = field(default_factory=dict)

    def review_path(self, r: ReviewRecord) -> str:
        folder, _, stem = r.slug.rpartition("/")
        return f"reviews/{safe_name(folder)}/{safe_name(stem)}.html"

    def review_page_of(self, kb_path: str) -> str | None:
        """The page of the review file at `kb_path` (relative to the KB), when the site has
        one: drafts have none unless the site includes them."""
        pages = self.extra.get("_review_pages")
        if pages is None:
            pages = self.extra["_review_pages"] = {
                r.path: self.review_path(r) for r in self.reviews
            }
        found = pages.get(kb_path)
        return found if isinstance(found, str) else None

    def member_path(self, handle: str) -> str | None:
        return f"members/{safe_name(handle)}.html" if handle in self.data.names else None


PageBuilder = Callable[[SiteContext], Iterable[Page]]

NAV: list[NavEntry] = [
    NavEntry("Dashboard", "index.html", "dashboard"),
    NavEntry("Library", "library/index.html", "library"),
    NavEntry("Members", "members/index.html", "members"),
    NavEntry("Cycles", "cycles/index.html", "cycles"),
    NavEntry("Search", "search/index.html", "search"),
]
PAGE_BUILDERS: list[PageBuilder] = []  # sections beyond the core ones append theirs here
# Run once per build before any builder, e.g. to load a section's data into `extra` or to
# fill `criterion_pages` so that the core pages can link to it.
CONTEXT_HOOKS: list[Callable[[SiteContext], None]] = []
# Modules `cskb site` imports before building, so that they can append to PAGE_BUILDERS,
# CONTEXT_HOOKS and NAV at import time.
EXTENSION_MODULES: list[str] = [
    "cskb.playbook.site",
    "cskb.calibration.site",
    "cskb.site.retro",
    "cskb.site.growth",
    "cskb.site.coaching",
]


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str) -> str:
    """An ASCII file name for any text; text that had to change gets a short hash so two
    different names never share a file."""
    cleaned = _SAFE.sub("-", text).strip(".-")[:60]
    if cleaned == text and cleaned:
        return cleaned
    return f"{cleaned or 'x'}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"


def slug(text: str) -> str:
    """A readable ASCII slug for a label (tag, product, customer), made unique by a hash."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "x"
    return f"{cleaned}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:6]}"


def rel_root(path: str) -> str:
    """The relative prefix from a page back to the site root: '' or '../' repeated."""
    return "../" * path.count("/")
