"""Frozen records shared by the core modules: what the files on disk hold, as data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class AwayWindow:
    """A member is away from `start` to `until`, both days included."""

    start: dt.date
    until: dt.date

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return self.start <= end and start <= self.until


@dataclass(frozen=True)
class Member:
    """One person on the roster (`team.yaml`)."""

    handle: str
    name: str
    email: str = ""
    team: str = ""
    role: str = ""
    joined: dt.date | None = None
    active: bool = True
    away: tuple[AwayWindow, ...] = ()
    slack_id: str = ""  # Slack member id (U0123ABCD) so announcements mention them
    level: str = ""  # their level in the competency matrix (`competencies.yaml`), "" when unset
    github: str = ""  # git-host login, so a submitted issue form acts as this member
    back_on: dt.date | None = None  # `cskb team back`: inactivity before this day is forgiven

    def is_away(self, start: dt.date, end: dt.date) -> bool:
        """True when any away window overlaps the period from `start` to `end`."""
        return any(w.overlaps(start, end) for w in self.away)


@dataclass(frozen=True)
class Group:
    """Two or three members paired for one cycle, with the reasons it is not ideal."""

    members: tuple[str, ...]
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cycle:
    """One pairing cycle: `cycles/<start>.yaml`."""

    start: dt.date
    end: dt.date
    due: dt.date
    groups: tuple[Group, ...]
    seed: int = 0
    algorithm: str = ""
    away: tuple[str, ...] = ()
    inactive: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return self.start.isoformat()

    def group_of(self, handle: str) -> Group | None:
        for group in self.groups:
            if handle in group.members:
                return group
        return None

    def partners_of(self, handle: str) -> tuple[str, ...]:
        group = self.group_of(handle)
        if group is None:
            return ()
        return tuple(m for m in group.members if m != handle)

    def reviewee_of(self, handle: str) -> str | None:
        """Whom `handle` reviews: a pair reviews each other; a trio a->b->c->a."""
        group = self.group_of(handle)
        if group is None:
            return None
        members = group.members
        return members[(members.index(handle) + 1) % len(members)]


@dataclass(frozen=True)
class Call:
    """A recorded customer call a member submitted for a cycle: `calls/<cycle>/<member>.yaml`."""

    cycle: str
    member: str
    url: str
    customer: str
    date: dt.date | None = None
    tags: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    note: str = ""
    path: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Coffee:
    """A record that a group met to talk a review through: `coffee/<cycle>/<handles>.yaml`."""

    cycle: str
    members: tuple[str, ...]
    date: dt.date | None = None
    note: str = ""
    path: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Review:
    """One review file, `reviews/<cycle>/<reviewer>-reviews-<reviewee>.md`, parsed."""

    path: Path
    meta: dict[str, Any]
    body: str

    @property
    def cycle(self) -> str:
        return str(self.meta.get("cycle", ""))

    @property
    def reviewer(self) -> str:
        return str(self.meta.get("reviewer", ""))

    @property
    def reviewee(self) -> str:
        return str(self.meta.get("reviewee", ""))

    @property
    def status(self) -> str:
        return str(self.meta.get("status", ""))


@dataclass(frozen=True)
class Finding:
    """One problem `cskb check` found: where, which rule, how bad, what to do."""

    path: str
    line: int
    rule: str
    severity: str  # "error" | "warning"
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class SearchHit:
    """One search result, ready for rendering or `--json`."""

    path: str
    score: float
    title: str
    reviewer: str
    reviewee: str
    cycle: str
    customer: str
    tags: tuple[str, ...]
    snippet: str
    status: str = ""
    products: tuple[str, ...] = ()
    type: str = "review"  # "review" or "card" (a playbook card)

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "path": self.path,
            "score": round(self.score, 4),
            "title": self.title,
            "reviewer": self.reviewer,
            "reviewee": self.reviewee,
            "cycle": self.cycle,
            "customer": self.customer,
            "tags": list(self.tags),
            "products": list(self.products),
            "status": self.status,
            "snippet": self.snippet,
        }
