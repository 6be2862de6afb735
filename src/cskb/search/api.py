"""What search returns and takes, without whoosh (shared by the engine, the server and the CLI)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cskb.models import SearchHit


@dataclass(frozen=True)
class Filters:
    tags: tuple[str, ...] = ()
    reviewer: str | None = None
    reviewee: str | None = None
    customer: str | None = None
    product: str | None = None
    cycle: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    status: str | None = None
    type: str | None = None  # "card" or "review"; None: both


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    total: int
    suggestion: str | None
    notices: tuple[str, ...]


@dataclass(frozen=True)
class IndexStats:
    documents: int | None  # known after a rebuild
    added: int = 0
    changed: int = 0
    deleted: int = 0
    rebuilt: bool = False
    notices: tuple[str, ...] = ()
    cards: int = 0  # of the documents, how many are playbook cards (known after a rebuild)


@dataclass
class Verification:
    documents: int
    missing: list[str] = field(default_factory=list)  # files not in the index
    stale: list[str] = field(default_factory=list)  # indexed content differs from the file
    extra: list[str] = field(default_factory=list)  # indexed, but the file is gone

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)
