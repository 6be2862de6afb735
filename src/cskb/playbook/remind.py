"""The reminder `cskb playbook due --announce` posts: the cards to re-verify, as text and
Slack Block Kit. Posting goes through the pairing announcement's posting code
(`pairing/announce.py`, the only slack-sdk user); only `post_reminder` touches it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cskb.models import Member
from cskb.playbook.states import DUE, EXPIRED, INVALID, NEVER, CardStatus, PlaybookReport

if TYPE_CHECKING:
    from cskb.pairing.announce import PostResult

MAX_SECTION = 2900  # Slack refuses a section text over 3000 characters


@dataclass(frozen=True)
class Reminder:
    text: str
    blocks: tuple[dict[str, Any], ...]
    cards: int


def _slack(text: str) -> str:
    """Text as Slack shows it literally: no `<!channel>`, links or mentions from a card."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _line(s: CardStatus, names: dict[str, str], path: str) -> str:
    c = s.card
    if s.state == INVALID:
        when = f"verification not valid ({s.problem})"
    elif s.state == EXPIRED:
        when = f"expired on {c.due_on}"
    elif s.state == NEVER:
        when = "never verified"
    else:
        days = s.days_left or 0
        when = f"due {c.due_on} ({'today' if days == 0 else f'in {days} day(s)'})"
    if c.responsible:
        role = "verifier" if c.verifier else "owner"
        who = f"{role} {_slack(names.get(c.responsible, c.responsible))} (@{c.responsible})"
    else:
        who = "no owner yet"
    return f"• {_slack(c.title)} ({path}): {when}, {who}"


def build_reminder(report: PlaybookReport, members: list[Member], paths: list[str]) -> Reminder:
    """The reminder for the cards in `report` (`paths`: each card's path, in order)."""
    names = {m.handle: m.name or m.handle for m in members}
    n = len(report.cards)
    lines = [_line(s, names, p) for s, p in zip(report.cards, paths, strict=True)]
    counts = report.counts
    trust = "n/a" if report.trust_score is None else f"{report.trust_score:.0%}"
    invalid = f"{counts[INVALID]} not validly verified, " if counts.get(INVALID) else ""
    summary = (
        f"{invalid}{counts.get(EXPIRED, 0)} expired, {counts.get(NEVER, 0)} never verified, "
        f"{counts.get(DUE, 0)} due within {report.within} days; trust score {trust}"
    )
    how = "Re-check each card, then run `cskb playbook verify CARD`."
    text = "\n".join([f"*Playbook: {n} card(s) to verify* ({summary})", *lines, how])
    section, shown = "", 0
    for line in lines:
        if len(section) + len(line) + 60 > MAX_SECTION:
            break
        section += line + "\n"
        shown += 1
    if shown < n:
        section += f"… and {n - shown} more: `cskb playbook due`"
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": f"Playbook: {n} card(s) to verify"},
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": section.rstrip("\n") or "-"}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"{summary}. {how}"}]},
    ]
    return Reminder(text, tuple(blocks), n)


def post_reminder(url: str, reminder: Reminder) -> PostResult:
    """Post to the Slack incoming webhook with the announcement's generic posting code
    (`pairing/announce.py`, the only slack-sdk user); failures come back as data."""
    from cskb.pairing import announce

    return announce.post_message(url, reminder.text, reminder.blocks)
