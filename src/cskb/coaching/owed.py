"""Answers still owed on complete reviews: the reviewee's acknowledgement (or dispute) and
the reviewer's resolution of an open dispute. The round's reminders call this.

    owed_responses(kb: Kb, today: dt.date, use_cache: bool = True) -> list[OwedResponse]

`OwedResponse(member, review, kind, since, due, cycle, path, criterion)`: `member` owes an
answer on the review `review` (its id, as `cskb review show` takes it); `kind` is "ack"
(the reviewee acknowledges or disputes) or "resolve" (the reviewer answers the dispute of
`criterion`); `since` is when it became owed (the review's completion, or the dispute's
date); `due` is `since` plus `[coaching] ack_days` or `resolve_days`. Only reviews
completed within `[coaching] chase_days` of `today` are chased, and only active members
owe anything; sorted by due date, member, review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.store import to_date
from cskb.coaching.state import lead_handles, responses_of
from cskb.errors import DataError
from cskb.kb.layout import REVIEWS_DIR, Kb
from cskb.kb.roster import load_roster
from cskb.reviews.records import list_reviews, load

ACK, RESOLVE = "ack", "resolve"


@dataclass(frozen=True)
class OwedResponse:
    """One answer a member still owes."""

    member: str
    review: str  # the review's id
    kind: str  # "ack" | "resolve"
    since: dt.date
    due: dt.date
    cycle: str = ""
    path: str = ""  # the review, KB-relative
    criterion: str = ""  # for "resolve": the disputed criterion

    def overdue(self, today: dt.date) -> bool:
        return today > self.due

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "since": self.since.isoformat(),
            "due": self.due.isoformat(),
        }


def owed_responses(kb: Kb, today: dt.date, use_cache: bool = True) -> list[OwedResponse]:
    """Every acknowledgement and resolution still owed (see the module docstring)."""
    cfg = kb.config.coaching
    members = load_roster(kb.team_file)
    active = {m.handle for m in members if m.active}
    leads = lead_handles(members, kb.config)
    oldest = today - dt.timedelta(days=cfg.chase_days)
    # a review is completed no earlier than its cycle starts: older cycles are never read
    items, _ = list_reviews(kb, status="complete", use_cache=use_cache)
    recent = [
        s for s in items if (to_date(s.cycle) or dt.date.max) >= oldest - dt.timedelta(days=366)
    ]
    if not recent:
        return []
    stamps = vcs.last_changed(kb.root, REVIEWS_DIR)
    out: list[OwedResponse] = []
    for s in recent:
        path = kb.root / s.path
        try:
            review = load(path)
            answers = responses_of(review, leads)
        except DataError:
            continue  # `cskb check` reports the file
        completed = _completed(review.meta.get("completed"), stamps.get(s.path), s.cycle)
        completed = min(completed, today) if completed is not None else None
        if completed is None or completed < oldest:
            continue
        if answers.answered is None and s.reviewee in active:
            out.append(
                OwedResponse(
                    s.reviewee,
                    s.id,
                    ACK,
                    completed,
                    completed + dt.timedelta(days=cfg.ack_days),
                    s.cycle,
                    s.path,
                )
            )
        for d in answers.open_disputes:
            if s.reviewer in active:
                out.append(
                    OwedResponse(
                        s.reviewer,
                        s.id,
                        RESOLVE,
                        d.date,
                        d.date + dt.timedelta(days=cfg.resolve_days),
                        s.cycle,
                        s.path,
                        d.criterion,
                    )
                )
    out.sort(key=lambda o: (o.due, o.member, o.review, o.kind, o.criterion))
    return out


def _completed(field: Any, stamp: int | None, cycle: str) -> dt.date | None:
    """When the review was finished: its `completed:` date, else the last commit touching
    it, else its cycle's start."""
    day = to_date(field)
    if day is not None:
        return day
    if stamp:
        return dt.datetime.fromtimestamp(stamp, dt.UTC).date()
    return to_date(cycle)
