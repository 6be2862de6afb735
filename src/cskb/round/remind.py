"""`cskb remind`: for each person, what they still owe, and the messages that say so.

The channel message groups people by what they owe and mentions each (their Slack id, else
name and handle); a direct message lists one person's items. Neither carries a score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cskb.config import RemindConfig
from cskb.errors import NotFoundError
from cskb.kb.layout import Kb
from cskb.kb.roster import find_member, load_roster
from cskb.models import Cycle, Member
from cskb.pairing.announce import SlackMessage, escape, mention
from cskb.pairing.cycles import get_cycle
from cskb.round.owed import KINDS, Owed, OwedContext, owed_items

MAX_SECTION = 2900  # Slack refuses a section text over 3000 characters
MAX_BLOCKS = 48


@dataclass(frozen=True)
class PersonOwes:
    member: Member
    items: tuple[Owed, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "member": self.member.handle,
            "name": self.member.name,
            "owes": [o.as_dict() for o in self.items],
        }


@dataclass(frozen=True)
class RemindReport:
    today: dt.date
    cycle: Cycle | None
    people: tuple[PersonOwes, ...]  # only people who owe something

    @property
    def empty(self) -> bool:
        return not self.people

    def as_dict(self) -> dict[str, Any]:
        c = self.cycle
        return {
            "today": self.today.isoformat(),
            "cycle": c.id if c else None,
            "due": c.due.isoformat() if c else None,
            "people": [p.as_dict() for p in self.people],
        }


def remind_report(
    kb: Kb,
    today: dt.date,
    cycle_id: str | None = None,
    member: str | None = None,
    skip: frozenset[str] = frozenset(),
) -> RemindReport:
    """What each person on the roster still owes on `today` for the cycle (default: the
    current one; none paired yet: only what does not belong to a cycle), for one `member`
    when given."""
    roster = load_roster(kb.team_file)
    if member is not None:
        find_member(roster, member)  # a one-line NotFoundError for an unknown handle
    try:
        cycle: Cycle | None = get_cycle(kb.cycles_dir, cycle_id, today)
    except NotFoundError:
        if cycle_id:
            raise
        cycle = None
    by_handle = {m.handle: m for m in roster}
    items = owed_items(OwedContext(kb, cycle, today, by_handle, skip))
    people: dict[str, list[Owed]] = {}
    for o in items:
        if member is None or o.member == member:
            people.setdefault(o.member, []).append(o)
    return RemindReport(
        today, cycle, tuple(PersonOwes(by_handle[h], tuple(v)) for h, v in people.items())
    )


def posting_day(report: RemindReport, cfg: RemindConfig) -> bool:
    """Whether `[remind]` names today: so many days before the cycle's due date, or after."""
    c = report.cycle
    if c is None:
        return False
    left = (c.due - report.today).days
    return left in cfg.days_before_due if left >= 0 else -left in cfg.days_after_due


def _when(o: Owed) -> str:
    if o.due is None:
        return ""
    return f" ({o.late} day(s) late)" if o.late else f" (due {o.due})"


def _pack(lines: list[str]) -> list[str]:
    chunks: list[str] = []
    for line in lines:
        line = line if len(line) <= MAX_SECTION else line[: MAX_SECTION - 1] + "…"
        if chunks and len(chunks[-1]) + 1 + len(line) <= MAX_SECTION:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return chunks


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def channel_messages(report: RemindReport) -> list[SlackMessage]:
    """The channel reminder, grouped by what is owed, each person mentioned under every kind
    they owe; split into messages of at most MAX_BLOCKS blocks. Empty when nothing is owed."""
    if report.empty:
        return []
    c = report.cycle
    title = f"Brew and Review: still to do{f' in cycle {c.id}' if c else ''}"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title, "emoji": False}}
    ]
    for kind, heading in KINDS.items():
        lines = []
        for p in report.people:
            mine = [o for o in p.items if o.kind == kind]
            if mine:
                late = max(o.late for o in mine)
                note = f" ({late} day(s) late)" if late else ""
                lines.append(f"• {mention(p.member, p.member.handle)}{note}")
        if lines:
            for i, chunk in enumerate(_pack(lines)):
                blocks.append(_section((f"*{heading}*\n" if i == 0 else "") + chunk))
    tip = "Run `cskb remind --member YOUR-HANDLE` to see exactly what is left for you."
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": tip}]})
    fallback = escape(f"{title}: {len(report.people)} person(s) owe something")
    batches = [blocks[i : i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)]
    return [SlackMessage(fallback, tuple(b)) for b in batches]


def personal_message(report: RemindReport, person: PersonOwes) -> SlackMessage:
    """One person's direct message: each item they owe with its due date or lateness."""
    c = report.cycle
    head = f"Brew and Review{f' (cycle {c.id})' if c else ''}: what is left for you"
    lines = [f"• {escape(o.what)}{_when(o)}" for o in person.items]
    blocks: list[dict[str, Any]] = [_section(f"*{escape(head)}*")]
    blocks += [_section(chunk) for chunk in _pack(lines)][: MAX_BLOCKS - 1]
    return SlackMessage(escape(f"{head}: {len(person.items)} item(s)"), tuple(blocks))


def text_lines(report: RemindReport) -> list[str]:
    """The same reminder as plain lines, for the terminal and for a message without Slack."""
    out = []
    for p in report.people:
        out.append(f"{p.member.name or p.member.handle} (@{p.member.handle}):")
        out.extend(f"  - {o.what}{_when(o)}" for o in p.items)
    return out
