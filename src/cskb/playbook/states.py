"""Where each card stands on a given day, and the team's trust score.

A card verified on day V with interval I is in date up to and including V + I (its due
date). On a given day it is:

- `verified`: in date, and the due date is more than `within` days away;
- `due`: in date, and due within `within` days;
- `expired`: the due date has passed;
- `never-verified`: it has no `verified_on`.

The trust score is the share of cards that are in date (`verified` or `due`); a card that
cannot be read counts as a card that is not in date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cskb.kb.layout import Kb
from cskb.playbook.cards import Card, load_cards

VERIFIED, DUE, EXPIRED, NEVER = "verified", "due", "expired", "never-verified"
STATES = (VERIFIED, DUE, EXPIRED, NEVER)
TRUSTED = (VERIFIED, DUE)
DEFAULT_WITHIN = 14


@dataclass(frozen=True)
class CardStatus:
    """A card and its state on `today`."""

    card: Card
    state: str
    days_left: int | None  # days from today to the due date (negative once expired)

    @property
    def trusted(self) -> bool:
        return self.state in TRUSTED

    def as_dict(self, rel: str) -> dict[str, Any]:
        c = self.card
        return {
            "id": c.id,
            "path": rel,
            "title": c.title,
            "state": self.state,
            "owner": c.owner,
            "verifier": c.verifier,
            "responsible": c.responsible,
            "verified_on": c.verified_on,
            "verified_by": c.verified_by,
            "interval_days": c.interval_days,
            "due_on": c.due_on,
            "days_left": self.days_left,
            "tags": list(c.tags),
            "criteria": list(c.criteria),
        }


def state_of(card: Card, today: dt.date, within: int = DEFAULT_WITHIN) -> CardStatus:
    due = card.due_on
    if due is None:
        return CardStatus(card, NEVER, None)
    left = (due - today).days
    if left < 0:
        return CardStatus(card, EXPIRED, left)
    return CardStatus(card, DUE if left <= within else VERIFIED, left)


def trust_score(statuses: list[CardStatus], unreadable: int = 0) -> float | None:
    """The share (0..1) of cards verified and in date; None when there are no cards."""
    total = len(statuses) + unreadable
    return round(sum(s.trusted for s in statuses) / total, 4) if total else None


@dataclass(frozen=True)
class PlaybookReport:
    """The cards shown with their state on `today`, the unreadable card files, and the
    whole playbook's trust score and counts (whatever subset is shown)."""

    today: dt.date
    within: int
    cards: tuple[CardStatus, ...]
    unreadable: tuple[str, ...]
    trust_score: float | None
    counts: dict[str, int]

    def as_dict(self, kb: Kb) -> dict[str, Any]:
        return {
            "today": self.today,
            "within_days": self.within,
            "trust_score": self.trust_score,
            "counts": self.counts,
            "cards": [s.as_dict(kb.rel(s.card.path)) for s in self.cards],
            "unreadable": list(self.unreadable),
        }


RANK = {EXPIRED: 0, NEVER: 1, DUE: 2, VERIFIED: 3}


def playbook_report(
    kb: Kb, today: dt.date, within: int = DEFAULT_WITHIN, states: tuple[str, ...] = ()
) -> PlaybookReport:
    """Every card (or only those in `states`, the most overdue first) with its state on
    `today`; the trust score and counts always cover every card."""
    cards, unreadable = load_cards(kb)
    statuses = [state_of(c, today, within) for c in cards]
    counts = {s: 0 for s in STATES}
    for st in statuses:
        counts[st.state] += 1
    counts["unreadable"] = len(unreadable)
    shown = statuses
    if states:
        shown = sorted(
            (st for st in statuses if st.state in states),
            key=lambda st: (RANK[st.state], st.card.due_on or dt.date.min, st.card.id),
        )
    return PlaybookReport(
        today,
        within,
        tuple(shown),
        tuple(unreadable),
        trust_score(statuses, len(unreadable)),
        counts,
    )


def due_cards(kb: Kb, today: dt.date, within: int = DEFAULT_WITHIN) -> PlaybookReport:
    """Cards needing a verification: expired, never verified, or due within `within` days;
    the most overdue first."""
    return playbook_report(kb, today, within, (EXPIRED, NEVER, DUE))
