"""What each person still owes: one registry of sources, each turning a day's state of the
KB into `Owed` items.

A source is a function of an `OwedContext` returning the items it knows about; `SOURCES`
lists them in the order reminders show them. A new kind of obligation (coaching answers,
say) is one more entry there. Sources never read scores: a reminder names what is owed,
never how anyone did.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cskb.checks.participation import group_states
from cskb.coaching.owed import ACK, owed_responses
from cskb.kb.layout import Kb
from cskb.models import Cycle, Member

# kind -> the heading a grouped reminder uses, in this order
KINDS: dict[str, str] = {
    "call": "Calls to submit",
    "review": "Reviews to write",
    "finish": "Reviews to finish",
    "coffee": "Coffees to have",
    "card": "Playbook cards to verify",
    "ack": "Coaching notes to acknowledge",
    "resolve": "Disputes to answer",
}


@dataclass(frozen=True)
class Owed:
    """One thing `member` still owes: `what` in one line, due on `due` (None: no date)."""

    member: str
    kind: str  # a key of KINDS
    what: str
    due: dt.date | None
    late: int = 0  # whole days past `due` (0: not late)
    ref: str = ""  # the cycle, a card id or a review id it is about

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "what": self.what,
            "due": self.due.isoformat() if self.due else None,
            "late_days": self.late,
            "ref": self.ref,
        }


@dataclass(frozen=True)
class OwedContext:
    """What every source may look at: the KB, the cycle (None: none paired yet), the day,
    the roster by handle, and who is paused (owes nothing and is owed nothing)."""

    kb: Kb
    cycle: Cycle | None
    today: dt.date
    roster: dict[str, Member]
    skip: frozenset[str] = field(default_factory=frozenset)
    use_cache: bool = True


def days_late(due: dt.date | None, today: dt.date) -> int:
    return max(0, (today - due).days) if due is not None else 0


def cycle_work(ctx: OwedContext) -> Iterable[Owed]:
    """The cycle's call, review and coffee for each grouped member. A review is owed only
    once the call to review is in (nobody is chased for a partner's missing call); a draft
    is owed as "finish"."""
    cycle = ctx.cycle
    if cycle is None or cycle.start > ctx.today:
        return []
    from cskb.round.meetings import skipped_groups

    due, late = cycle.due, days_late(cycle.due, ctx.today)
    skipped = skipped_groups(ctx.kb, cycle.id)
    out: list[Owed] = []
    for g in group_states(ctx.kb, cycle):
        submitted = {s.handle for s in g.states if s.call_submitted}
        for s in g.states:
            if s.handle in ctx.skip:
                continue
            if not s.call_submitted:
                out.append(
                    Owed(
                        s.handle, "call", f"submit a call for cycle {cycle.id}", due, late, cycle.id
                    )
                )
            if s.reviews and s.reviews in submitted and s.reviews not in ctx.skip:
                if not s.review_written:
                    what = f"review {s.reviews}'s call"
                    out.append(Owed(s.handle, "review", what, due, late, cycle.id))
                elif not s.review_complete:
                    what = f"finish the review of {s.reviews} (`cskb review done`)"
                    out.append(Owed(s.handle, "finish", what, due, late, cycle.id))
        others = [h for h in g.members if h not in ctx.skip]
        if not g.coffee and len(others) >= 2 and frozenset(g.members) not in skipped:
            for h in others:
                partners = " + ".join(p for p in g.members if p != h)
                out.append(Owed(h, "coffee", f"meet {partners} for a coffee", due, late, cycle.id))
    return out


def playbook_cards(ctx: OwedContext) -> Iterable[Owed]:
    """Playbook cards due for verification (expired, never verified, due within two weeks),
    owed by their verifier, else their owner."""
    from cskb.playbook.states import NEVER, due_cards

    out = []
    for s in due_cards(ctx.kb, ctx.today).cards:
        who = s.card.responsible
        if not who or who in ctx.skip:
            continue
        what = f"verify the playbook card {s.card.id!r}" + (
            " (never verified)" if s.state == NEVER else ""
        )
        due = s.card.due_on
        out.append(Owed(who, "card", what, due, days_late(due, ctx.today), s.card.id))
    return out


def coaching_answers(ctx: OwedContext) -> Iterable[Owed]:
    """The coaching loop's answers (`coaching/owed.py`): a reviewee's acknowledgement or
    dispute of a complete review, a reviewer's answer to an open dispute."""
    out = []
    for r in owed_responses(ctx.kb, ctx.today, ctx.use_cache):
        if r.member in ctx.skip:
            continue
        if r.kind == ACK:
            what = f"acknowledge or dispute the review {r.review} (`cskb review ack`)"
        else:
            on = f" on {r.criterion}" if r.criterion else ""
            what = f"answer the dispute{on} of your review {r.review} (`cskb review resolve`)"
        out.append(Owed(r.member, r.kind, what, r.due, days_late(r.due, ctx.today), r.review))
    return out


Source = Callable[[OwedContext], Iterable[Owed]]
SOURCES: tuple[Source, ...] = (cycle_work, coaching_answers, playbook_cards)


def owed_items(ctx: OwedContext, sources: Iterable[Source] = SOURCES) -> list[Owed]:
    """Everything owed by members on the roster who are not away today, ordered by member
    and then by the order of KINDS (the latest first within a kind)."""
    order = {k: i for i, k in enumerate(KINDS)}
    present = {h for h, m in ctx.roster.items() if m.active and not m.is_away(ctx.today, ctx.today)}
    items = [o for src in sources for o in src(ctx) if o.member in present]
    return sorted(items, key=lambda o: (o.member, order.get(o.kind, 99), -o.late, o.what))
