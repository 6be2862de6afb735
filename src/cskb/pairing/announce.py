"""The cycle announcement: rendered as text and Slack Block Kit, posted with slack-sdk.

The only module importing slack-sdk (lazily). Posting never raises for a network or
HTTP failure: it returns what went wrong, so the command can warn and show the retry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cskb.models import Cycle, Member

STARTERS = (
    "What is one thing you would steal from your partner's call?",
    "Which moment in the call changed its direction, and why?",
    "How did the customer signal what they really cared about?",
    "What would you do differently if you ran the same call tomorrow?",
    "Where did the agenda help, and where did it get in the way?",
    "What next step is most likely to slip, and how would you prevent it?",
)


@dataclass(frozen=True)
class Announcement:
    cycle: str
    text: str
    blocks: tuple[dict[str, Any], ...]
    starter: str


@dataclass(frozen=True)
class PostResult:
    ok: bool
    status: int | None
    detail: str


def build(cycle: Cycle, members: list[Member]) -> Announcement:
    """The intro message: each group, who reviews whose call, the due date, a starter."""
    names = {m.handle: m.name or m.handle for m in members}
    pick = int(hashlib.sha256(cycle.id.encode()).hexdigest(), 16) % len(STARTERS)
    starter = STARTERS[pick]
    lines = [f"*Brew and Review: cycle {cycle.id}* (calls and reviews due {cycle.due})"]
    group_lines = []
    for g in cycle.groups:
        who = " + ".join(f"{names.get(h, h)} (@{h})" for h in g.members)
        reviews = ", ".join(f"{h} reviews {cycle.reviewee_of(h)}" for h in g.members)
        group_lines.append(f"• {who}: {reviews}")
    lines += group_lines
    lines.append(
        "Each of you: submit one recorded customer call with `cskb call submit`, then review your partner's with `cskb review new`, and meet for a coffee."
    )
    if cycle.away:
        lines.append("Away this cycle: " + ", ".join(cycle.away))
    lines.append(f"Conversation starter: _{starter}_")
    text = "\n".join(lines)
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": f"Brew and Review: cycle {cycle.id}"},
        },
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"Calls and reviews are due *{cycle.due}*."},
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(group_lines)[:2900]}},
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": f"Conversation starter: _{starter}_"}],
        },
    ]
    return Announcement(cycle.id, text, tuple(blocks), starter)


def post(url: str, message: Announcement, timeout: int = 15) -> PostResult:
    """Post to a Slack incoming webhook; failures come back as data, never as exceptions."""
    from slack_sdk.webhook import WebhookClient

    try:
        response = WebhookClient(url, timeout=timeout).send(
            text=message.text, blocks=list(message.blocks)
        )
    except Exception as exc:  # network errors of any kind: the cycle is already committed
        return PostResult(False, None, f"{type(exc).__name__}: {exc}")
    if response.status_code == 200:
        return PostResult(True, 200, response.body or "ok")
    return PostResult(False, response.status_code, (response.body or "")[:200])
