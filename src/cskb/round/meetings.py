""" "Did you meet?": groups that said they did not (`coffee/<cycle>/skipped/<a>--<b>.yaml`),
and the groups still to be asked.

A skip lives in its own folder beside the coffee records, so everything that counts a
coffee file as "met" stays right. A coffee recorded later wins over a skip (they met after
all); the skip file is kept, as everything a member wrote is.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write
from cskb.adapters.store import dump_yaml
from cskb.checks.participation import group_states
from cskb.errors import UsageError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.kb.text import check_line
from cskb.models import Cycle, Member
from cskb.pairing.announce import SlackMessage, escape, mention
from cskb.pairing.cycles import get_cycle

SKIPPED = "skipped"
MAX_REASON = 500
MAX_SECTION = 2900  # Slack refuses a section text over 3000 characters


def skip_dir(kb: Kb, cycle_id: str) -> Path:
    return kb.coffee_dir / cycle_id / SKIPPED


def skipped_groups(kb: Kb, cycle_id: str) -> set[frozenset[str]]:
    """The groups of a cycle that recorded that they did not meet (from the file names)."""
    try:
        with os.scandir(skip_dir(kb, cycle_id)) as it:
            names = [e.name for e in it if e.name.endswith(".yaml") and e.is_file()]
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return set()
    return {frozenset(n.removesuffix(".yaml").split("--")) for n in names}


@dataclass(frozen=True)
class SkipResult:
    cycle: str
    members: tuple[str, ...]
    path: Path
    replaced: bool
    commit: vcs.CommitResult | None


def record_skip(
    kb: Kb,
    today: dt.date,
    cycle_id: str | None,
    me: str,
    reason: str,
    commit: bool = True,
) -> SkipResult:
    """Record that `me`'s group did not meet this cycle, and why."""
    cycle = get_cycle(kb.cycles_dir, cycle_id, today)
    check_line(reason, "--reason")
    reason = reason.strip()
    if not reason:
        raise UsageError("--reason is empty; say in a few words why you did not meet")
    if len(reason) > MAX_REASON:
        raise UsageError(f"--reason is {len(reason)} characters; keep it under {MAX_REASON}")
    group = cycle.group_of(me)
    if group is None:
        raise UsageError(f"{me} is not in any group of cycle {cycle.id}; nothing to skip")
    members = sorted(group.members)
    path = skip_dir(kb, cycle.id) / f"{'--'.join(members)}.yaml"
    data = {
        "cycle": cycle.start,
        "members": members,
        "met": False,
        "reason": reason,
        "recorded_by": me,
        "date": today,
    }
    with kb.write_lock():
        replaced = path.exists()
        atomic_write(path, dump_yaml(data), inside=kb.root)
        done = (
            vcs.commit_paths(kb.root, [path], f"cskb: no coffee {' + '.join(members)} ({cycle.id})")
            if commit
            else None
        )
    return SkipResult(cycle.id, tuple(members), path, replaced, done)


def unanswered(kb: Kb, cycle: Cycle) -> list[tuple[str, ...]]:
    """The groups of `cycle` with neither a coffee record nor a skip: the ones to ask."""
    skipped = skipped_groups(kb, cycle.id)
    return [
        g.members
        for g in group_states(kb, cycle, completion=False)
        if not g.coffee and frozenset(g.members) not in skipped
    ]


@dataclass(frozen=True)
class AskReport:
    """The groups of a cycle to ask "did you meet?" (neither a coffee nor a skip)."""

    cycle: Cycle
    groups: tuple[tuple[Member, ...], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle.id,
            "due": self.cycle.due.isoformat(),
            "groups": [[m.handle for m in g] for g in self.groups],
        }


def ask_report(kb: Kb, today: dt.date, cycle_id: str | None = None) -> AskReport:
    """Who to ask in the cycle (default: the current one). Members who left the roster or
    are inactive are left out of a group; a group with nobody left is not asked."""
    cycle = get_cycle(kb.cycles_dir, cycle_id, today)
    who = {m.handle: m for m in load_roster(kb.team_file) if m.active}
    groups = []
    for members in unanswered(kb, cycle):
        present = tuple(who[h] for h in members if h in who)
        if present:
            groups.append(present)
    return AskReport(cycle, tuple(groups))


HOW = 'Answer with `cskb coffee done` if you met, or `cskb coffee skip --reason "..."` if not.'


def ask_channel(report: AskReport) -> list[SlackMessage]:
    """One channel message: each group to ask, its members mentioned."""
    if not report.groups:
        return []
    c = report.cycle
    lines = ["• " + " + ".join(mention(m, m.handle) for m in g) for g in report.groups]
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": f"Did you meet? (cycle {c.id})", "emoji": False},
        }
    ]
    chunk = ""
    for line in lines:
        if chunk and len(chunk) + len(line) + 1 > MAX_SECTION:
            blocks.append(_section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    blocks.append(_section(chunk))
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(HOW)}]})
    text = f"Did you meet? {len(report.groups)} group(s) of cycle {c.id} have not said"
    return [SlackMessage(text, tuple(blocks[i : i + 48])) for i in range(0, len(blocks), 48)]


def ask_personal(report: AskReport, member: Member, group: tuple[Member, ...]) -> SlackMessage:
    """One member's direct question."""
    others = " + ".join(escape(f"{m.name or m.handle} (@{m.handle})") for m in group if m != member)
    text = (
        f"*Did you meet {others or 'your group'} for a coffee this cycle ({report.cycle.id})?*\n"
        f"{escape(HOW)}"
    )
    return SlackMessage(escape(f"Did you meet? (cycle {report.cycle.id})"), (_section(text),))


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
