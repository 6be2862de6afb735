"""The host's `issues` event payload as data, and the member it authenticates.

The workflow hands cskb the payload file GitHub wrote for the run (`$GITHUB_EVENT_PATH`).
Only a few of its fields are read, each checked for its type: the action, the issue's
number, link, title, labels, body and author, the body before an edit, and the sender: the
account GitHub authenticated for this event. That login is the only identity cskb trusts:
it must be some member's `github:` in `team.yaml`, and it must be the issue's author (an
edit of someone else's form is refused), so a member only ever acts as themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.errors import UsageError
from cskb.kb.roster import member_by_github
from cskb.models import Member

MAX_EVENT_BYTES = 4_000_000  # two bodies of the host's 65,536 characters, escaped, and more
ACTIONS = ("opened", "edited")


@dataclass(frozen=True)
class IssueEvent:
    action: str
    number: int
    url: str  # the issue's page
    repository: str  # owner/name
    sender: str  # the login GitHub authenticated for this event
    sender_type: str  # "User" or "Bot"
    author: str  # the login that opened the issue
    title: str
    labels: tuple[str, ...]
    body: str
    previous_body: str | None  # on `edited`, the body before the edit (when it changed)


def _get(data: Any, path: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
    value = data
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if value is None and default is not None:
        return default
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise UsageError(f"--event: {path} is missing or not a {getattr(kind, '__name__', kind)}")
    return value


def parse_event(raw: bytes) -> IssueEvent:
    """The fields cskb reads from an `issues` event payload; UsageError naming the field."""
    if len(raw) > MAX_EVENT_BYTES:
        raise UsageError(
            f"--event: the payload is over {MAX_EVENT_BYTES:,} bytes; not an issue event"
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UsageError("--event: not a JSON event payload (give $GITHUB_EVENT_PATH)") from None
    if not isinstance(data, dict) or not isinstance(data.get("issue"), dict):
        raise UsageError("--event: not an `issues` event (it has no issue); run on issue events")
    labels = _get(data, "issue.labels", list, [])
    previous = (
        data.get("changes", {}).get("body", {}) if isinstance(data.get("changes"), dict) else {}
    )
    old = previous.get("from") if isinstance(previous, dict) else None
    return IssueEvent(
        action=_get(data, "action", str),
        number=_get(data, "issue.number", int),
        url=_get(data, "issue.html_url", str, ""),
        repository=_get(data, "repository.full_name", str, ""),
        sender=_get(data, "sender.login", str),
        sender_type=_get(data, "sender.type", str, "User"),
        author=_get(data, "issue.user.login", str),
        title=_get(data, "issue.title", str, ""),
        labels=tuple(
            str(label.get("name"))
            for label in labels
            if isinstance(label, dict) and label.get("name")
        ),
        body=_get(data, "issue.body", str, ""),
        previous_body=old if isinstance(old, str) else None,
    )


def read_event(path: Path) -> IssueEvent:
    from cskb.adapters.fsio import read_bytes

    try:
        raw = read_bytes(path, MAX_EVENT_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"--event {path}: cannot read ({exc.strerror or exc})") from None
    return parse_event(raw)


def acting_member(members: list[Member], event: IssueEvent) -> Member:
    """The member GitHub authenticated for this event; refused unless the sender is a
    member's `github:` login and the issue's own author."""
    member = member_by_github(members, event.sender)
    if member is None:
        raise UsageError(
            f"the GitHub account {event.sender!r} is not a member's `github:` in team.yaml; "
            "a lead adds it (`cskb team add HANDLE --github LOGIN`, or edit team.yaml)"
        )
    if event.author.lower() != event.sender.lower():
        raise UsageError(
            f"{event.sender!r} edited a form {event.author!r} opened; only its author may "
            "apply it (open your own issue from the form)"
        )
    if not member.active:
        raise UsageError(f"{member.handle} is not active in team.yaml; a lead can add them back")
    return member
