"""Direct messages to each person, through the Web API adapter (`adapters/slack.py`).

A person is messaged at their Slack member id (`slack_id` in `team.yaml`); one without it
cannot be messaged directly and is reported as such (the channel message, when a webhook
is set, still names them). One person's failure never stops the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cskb.adapters.slack import Direct, api_host, send_directs
from cskb.models import Member
from cskb.pairing.announce import SlackMessage

NO_ID = "no slack_id in team.yaml"


@dataclass(frozen=True)
class DirectOutcome:
    handle: str
    sent: bool
    detail: str  # "ok", NO_ID, or what went wrong (never the token)

    def as_dict(self) -> dict[str, Any]:
        return {"member": self.handle, "sent": self.sent, "detail": self.detail}


@dataclass(frozen=True)
class DirectReport:
    host: str  # the Web API's host: all that is shown of where messages went
    outcomes: tuple[DirectOutcome, ...]

    @property
    def sent(self) -> list[str]:
        return [o.handle for o in self.outcomes if o.sent]

    @property
    def failed(self) -> list[DirectOutcome]:
        return [o for o in self.outcomes if not o.sent and o.detail != NO_ID]

    @property
    def unreachable(self) -> list[str]:
        return [o.handle for o in self.outcomes if o.detail == NO_ID]


def send_each(
    token: str,
    messages: Sequence[tuple[Member, SlackMessage]],
    api_url: str | None = None,
    timeout: int = 15,
) -> DirectReport:
    """Message each member what concerns them; one outcome per member, in order."""
    reachable = [(m, msg) for m, msg in messages if m.slack_id]
    results = send_directs(
        token, [Direct(m.slack_id, msg.text, msg.blocks) for m, msg in reachable], api_url, timeout
    )
    by_handle = {
        m.handle: DirectOutcome(m.handle, r.ok, r.detail if not r.ok else "ok")
        for (m, _), r in zip(reachable, results, strict=True)
    }
    outcomes = tuple(
        by_handle.get(m.handle, DirectOutcome(m.handle, False, NO_ID)) for m, _ in messages
    )
    return DirectReport(api_host(api_url), outcomes)
