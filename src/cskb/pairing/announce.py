"""The cycle announcement: rendered as text and Slack Block Kit, posted through
`adapters/slack.py` (the only slack-sdk user). Block Kit limits a message to 50 blocks and
a section's text to 3,000 characters, so the groups are packed line by line into as many
sections, and then messages, as they need: no group is ever dropped or cut. Posting never
raises for a network or HTTP failure: it returns what went wrong, so the command can warn
and show the retry. `post_message` and `post_blocks` are generic, for any other message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cskb import redact
from cskb.adapters.slack import PostResult, context_block, header_block, post_webhook, section_block
from cskb.models import Cycle, Member

STARTERS = (
    "What is one thing you would steal from your partner's call?",
    "Which moment in the call changed its direction, and why?",
    "How did the customer signal what they really cared about?",
    "What would you do differently if you ran the same call tomorrow?",
    "Where did the agenda help, and where did it get in the way?",
    "What next step is most likely to slip, and how would you prevent it?",
)
REMINDER = (
    "Each of you: submit one recorded customer call with `cskb call submit`, then review "
    "your partner's with `cskb review new`, and meet for a coffee."
)
MAX_BLOCKS = 50  # Block Kit: blocks per message
MAX_TEXT = 3000  # Block Kit: characters in a section's text
MAX_HEADER = 150  # Block Kit: characters in a header
MAX_MESSAGE_TEXT = 30000  # stay well under Slack's payload limit per message


@dataclass(frozen=True)
class SlackMessage:
    """One message: `text` is the notification fallback, `blocks` what Slack shows."""

    text: str
    blocks: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Announcement:
    cycle: str
    text: str  # the terminal version, printed when no webhook is set
    messages: tuple[SlackMessage, ...]
    starter: str

    @property
    def blocks(self) -> tuple[dict[str, Any], ...]:
        """Every block of every message, in order."""
        return tuple(b for m in self.messages for b in m.blocks)


def escape(text: str) -> str:
    """Slack's three control characters; everything else is shown as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(member: Member | None, handle: str) -> str:
    """`<@U123>` when the member has a Slack id (Slack notifies them), else name and handle."""
    if member is not None and member.slack_id:
        return f"<@{member.slack_id}>"
    name = member.name if member is not None and member.name else handle
    return escape(f"{name} (@{handle})")


def _group_parts(cycle: Cycle, group: tuple[str, ...], who: dict[str, Member]) -> list[str]:
    return [f"{mention(who.get(h), h)} reviews {escape(str(cycle.reviewee_of(h)))}" for h in group]


def _pack(lines: Sequence[str], limit: int) -> list[str]:
    """Join lines into chunks of at most `limit` characters, breaking only between lines."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        if len(line) > limit:  # a pathological name: the only case that shortens text
            line = line[: limit - 1] + "…"
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def _group_lines(cycle: Cycle, who: dict[str, Member]) -> list[str]:
    lines = []
    for g in cycle.groups:
        parts = _group_parts(cycle, g.members, who)
        line = "• " + " · ".join(parts)
        if len(line) <= MAX_TEXT:
            lines.append(line)
        else:  # a group too long for one section: one line per member, still whole
            lines.extend(["• " + parts[0], *("   " + p for p in parts[1:])])
    return lines


def build(cycle: Cycle, members: list[Member]) -> Announcement:
    """The intro message: each group, who reviews whose call, the due date, who is away,
    the reminder to submit a call, and a conversation starter."""
    who = {m.handle: m for m in members}
    pick = int(hashlib.sha256(cycle.id.encode()).hexdigest(), 16) % len(STARTERS)
    starter = STARTERS[pick]

    def plain(h: str) -> str:
        m = who.get(h)
        return f"{m.name if m and m.name else h} (@{h})"

    text_lines = [f"*Brew and Review: cycle {cycle.id}* (calls and reviews due {cycle.due})"]
    for g in cycle.groups:
        text_lines.append(
            "• "
            + " + ".join(plain(h) for h in g.members)
            + ": "
            + ", ".join(f"{h} reviews {cycle.reviewee_of(h)}" for h in g.members)
        )
    text_lines.append(REMINDER)
    if cycle.away:
        text_lines.append("Away this cycle: " + ", ".join(plain(h) for h in cycle.away))
    text_lines.append(f"Conversation starter: _{starter}_")

    section = section_block
    title = f"Brew and Review: cycle {cycle.id}"
    body = [section(f"Calls and reviews are due *{cycle.due}*.\n{escape(REMINDER)}")]
    body += [section(chunk) for chunk in _pack(_group_lines(cycle, who), MAX_TEXT)]
    if cycle.away:
        away = [mention(who.get(h), h) for h in cycle.away]
        for i, chunk in enumerate(_pack(away, MAX_TEXT)):
            body.append(section(("*Away this cycle:*\n" if i == 0 else "") + chunk))
    body.append(context_block(f"Conversation starter: _{escape(starter)}_"))
    fallback = f"{title}: calls and reviews due {cycle.due}"
    return Announcement(cycle.id, "\n".join(text_lines), _split(title, fallback, body), starter)


def personal(cycle: Cycle, handle: str, members: list[Member], starter: str) -> SlackMessage:
    """One member's direct message: whom they are with, whose call they review, the due
    date, the reminder and the starter."""
    who = {m.handle: m for m in members}

    def name(h: str) -> str:
        m = who.get(h)
        return escape(f"{m.name if m and m.name else h} (@{h})")

    partners = ", ".join(name(h) for h in cycle.partners_of(handle)) or "nobody"
    reviewee = cycle.reviewee_of(handle)
    lines = [
        f"*Brew and Review: cycle {cycle.id}*",
        f"You are with {partners}; you review {name(reviewee) if reviewee else 'nobody'}'s call.",
        f"Calls and reviews are due *{cycle.due}*. {escape(REMINDER)}",
        f"Conversation starter: _{escape(starter)}_",
    ]
    text = escape(f"Brew and Review: cycle {cycle.id}: you are paired (due {cycle.due})")
    return SlackMessage(text, (section_block("\n".join(lines)[:MAX_TEXT]),))


def _split(title: str, fallback: str, body: list[dict[str, Any]]) -> tuple[SlackMessage, ...]:
    """Spread blocks over messages of at most MAX_BLOCKS blocks (one is each header)."""
    batches: list[list[dict[str, Any]]] = [[]]
    size = 0
    for block in body:
        length = len(str(block))
        if len(batches[-1]) >= MAX_BLOCKS - 1 or (batches[-1] and size + length > MAX_MESSAGE_TEXT):
            batches.append([])
            size = 0
        batches[-1].append(block)
        size += length
    messages = []
    for i, batch in enumerate(batches, 1):
        part = title if len(batches) == 1 else f"{title} ({i}/{len(batches)})"
        head = header_block(part[:MAX_HEADER])
        note = fallback if len(batches) == 1 else f"{fallback} ({i}/{len(batches)})"
        messages.append(SlackMessage(escape(note), (head, *batch)))
    return tuple(messages)


def post_message(
    url: str, text: str, blocks: Sequence[dict[str, Any]] = (), timeout: int = 15
) -> PostResult:
    """Post one message to a Slack incoming webhook; failures come back as data, with the
    URL (a secret) never in them: at most its host (see `cskb.redact`)."""
    redact.register(url)
    problem = url_problem(url)
    if problem:
        return PostResult(False, None, problem)
    result = post_webhook(url, text, blocks, timeout)
    return PostResult(result.ok, result.status, redact.redact(result.detail)[:200], result.posted)


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a webhook URL (not http(s), no host), naming at most its host."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        ok = parts.scheme.lower() in ("https", "http") and bool(parts.hostname)
    except ValueError:
        ok = False
    if ok:
        return None
    return (
        f"CSKB_SLACK_WEBHOOK_URL (host: {redact.host_of(url)}) is not an https:// URL; set it "
        "to the incoming-webhook URL Slack gave (https://hooks.slack.com/services/...)"
    )


def post_blocks(
    url: str, messages: Sequence[SlackMessage], timeout: int = 15, start: int = 0
) -> PostResult:
    """Post messages in order from `start` (the ones before it were posted earlier),
    stopping at the first failure (the rest would arrive out of order); the result says
    how many are through, those before `start` included."""
    for done in range(start, len(messages)):
        message = messages[done]
        result = post_message(url, message.text, message.blocks, timeout)
        if not result.ok:
            detail = result.detail
            if done:
                detail += f" (after {done} of {len(messages)} messages were posted)"
            return PostResult(False, result.status, detail, done)
    return PostResult(True, 200, "ok", len(messages))


def post(url: str, message: Announcement, timeout: int = 15) -> PostResult:
    """Post an announcement (one or more messages) to a Slack incoming webhook."""
    return post_blocks(url, message.messages, timeout)
