"""Goals carried into the next cycle: the next review of a member's call is scaffolded with
"Last time, H agreed to try: ..." and a `followed:` entry per goal for the reviewer to fill
(`result: yes | partly | no | not-applicable` and a line of `evidence`, checked by
`cskb check`); and `cskb goals done GOAL`, the owner closing a goal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write
from cskb.coaching.goals import Goal, find_goal, goals_to_follow, list_goals
from cskb.coaching.responses import (
    GoalDone,
    ResponseFile,
    dump_response,
    read_response,
    response_path,
)
from cskb.errors import NotFoundError, UsageError
from cskb.kb.layout import Kb
from cskb.models import Member

HEADING = "Follow-up from last time"


def followup_text(reviewee: str, goals: list[Goal]) -> str:
    """The body section a new review starts with when the reviewee has goals to follow."""
    items = "\n".join(f"- {g.text} (`{g.id}`, set by {g.set_by} on {g.set_on})" for g in goals)
    return (
        f"## {HEADING}\n\nLast time, {reviewee} agreed to try:\n\n{items}\n\n"
        "Under `followed:` in the front-matter, record for each whether it happened on this "
        "call (`result: yes`, `partly`, `no` or `not-applicable`) with a line of `evidence`.\n"
    )


def followup_fields(goals: list[Goal]) -> dict[str, Any]:
    return {
        "followed": [{"goal": g.id, "text": g.text, "result": "", "evidence": ""} for g in goals]
    }


def followup_hook(
    kb: Kb, use_cache: bool = True
) -> Callable[[str, str], tuple[Mapping[str, Any], str]]:
    """What `reviews.scaffold.create_review` calls with (reviewee, cycle): the fields and
    the body section that carry the reviewee's open goals into the new review."""

    def extra(reviewee: str, cycle: str) -> tuple[Mapping[str, Any], str]:
        goals = goals_to_follow(kb, reviewee, cycle, use_cache)
        if not goals:
            return {}, ""
        return followup_fields(goals), followup_text(reviewee, goals)

    return extra


@dataclass(frozen=True)
class GoalClosed:
    goal: Goal
    path: str
    commit: vcs.CommitResult | None


def close_goal(
    kb: Kb, me: Member, ident: str, today: dt.date, commit: bool = True, use_cache: bool = True
) -> GoalClosed:
    """The owner closes one of their goals: recorded in their own response file."""
    goals = list_goals(kb, use_cache=use_cache)
    goal = find_goal(goals, ident)
    if goal is None:
        raise NotFoundError(f"no goal {ident!r}; see `cskb goals --member {me.handle}`")
    if goal.owner != me.handle:
        raise UsageError(
            f"only {goal.owner}, whose goal {goal.id} is, may close it; you are {me.handle}"
        )
    if goal.done is not None:
        raise UsageError(f"{goal.id} was closed on {goal.done}; nothing was changed")
    review_file = kb.root / goal.review
    path = response_path(review_file, me.handle)
    with kb.write_lock():
        mine = (
            replace(read_response(path), member=me.handle, review=goal.review)
            if path.exists() or path.is_symlink()
            else ResponseFile(path, me.handle, goal.review)
        )
        mine = replace(mine, goals_done=(*mine.goals_done, GoalDone(goal.id, today)))
        atomic_write(path, dump_response(mine), inside=kb.root)
        done = (
            vcs.commit_paths(kb.root, [path], f"cskb: {me.handle} closes goal {goal.id}")
            if commit
            else None
        )
    return GoalClosed(replace(goal, done=today), kb.rel(path), done)
