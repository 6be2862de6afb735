"""Where each card stands on a given day, and the team's trust score.

A card verified on day V with interval I is in date up to and including V + I (its due
date). On a given day it is:

- `verified`: in date, and the due date is more than `within` days away;
- `due`: in date, and due within `within` days;
- `expired`: the due date has passed;
- `never-verified`: it has no `verified_on`;
- `invalid`: its `verified_on`/`verified_by` do not record a verification by the card's
  verifier (see `verification_problem`): whatever the dates say, it is not trusted.

The trust score is the share of cards that are in date (`verified` or `due`); a card that
cannot be read counts as a card that is not in date. The policy lives here, so `playbook
list`, `check`, the reminder, the trust score and the site all apply the same rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cskb.kb.layout import Kb
from cskb.playbook.cards import Card, load_cards

VERIFIED, DUE, EXPIRED, NEVER = "verified", "due", "expired", "never-verified"
INVALID = "invalid"
STATES = (VERIFIED, DUE, EXPIRED, NEVER, INVALID)
TRUSTED = (VERIFIED, DUE)
DEFAULT_WITHIN = 14


@dataclass(frozen=True)
class CardStatus:
    """A card and its state on `today`."""

    card: Card
    state: str
    days_left: int | None  # days from today to the due date (negative once expired)
    problem: str | None = None  # why an `invalid` card's verification does not count

    @property
    def due_on(self) -> dt.date | None:
        """The card's due date, None when it is never or not validly verified."""
        return None if self.state == INVALID else self.card.due_on

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
            "due_on": self.due_on,
            "days_left": self.days_left,
            "problem": self.problem,
            "tags": list(c.tags),
            "criteria": list(c.criteria),
        }


def verification_problem(card: Card, today: dt.date) -> str | None:
    """Why the card's `verified_on`/`verified_by` are not a verification `cskb playbook
    verify` could have recorded (only the card's verifier, or its owner when it has none,
    verifies, on a day that has come), else None. Such a card never counts as verified."""
    on, by = card.verified_on, card.verified_by
    if on is None and not by:
        return None
    if on is None:
        return f"verified_by is {by!r} but verified_on is empty"
    if not by:
        return f"verified_on is {on} but verified_by is empty"
    if on > today:
        return f"verified_on {on} is after today ({today})"
    if by != card.responsible:
        if not card.responsible:
            return f"verified_by is {by!r}, but the card has no verifier or owner"
        role = "verifier" if card.verifier else "owner, as it has no verifier"
        return f"verified_by is {by!r}, not the card's {role} {card.responsible!r}"
    return None


def state_of(card: Card, today: dt.date, within: int = DEFAULT_WITHIN) -> CardStatus:
    problem = verification_problem(card, today)
    if problem is not None:
        return CardStatus(card, INVALID, None, problem)
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


RANK = {INVALID: 0, EXPIRED: 1, NEVER: 2, DUE: 3, VERIFIED: 4}


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
            key=lambda st: (RANK[st.state], st.due_on or dt.date.min, st.card.id),
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
    """Cards needing a verification: invalid, expired, never verified, or due within
    `within` days; the most overdue first."""
    return playbook_report(kb, today, within, (INVALID, EXPIRED, NEVER, DUE))
