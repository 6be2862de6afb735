"""Who owes what in a cycle: calls, reviews, completion, coffee. Used by check and status."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cskb.adapters.cache import RecordCache
from cskb.adapters.store import YamlProblem, read_document
from cskb.kb.layout import Kb
from cskb.models import Cycle, Finding


@dataclass(frozen=True)
class MemberState:
    handle: str
    reviews: str  # whose call this member reviews
    call_submitted: bool
    review_written: bool
    review_complete: bool


@dataclass(frozen=True)
class GroupState:
    members: tuple[str, ...]
    states: tuple[MemberState, ...]
    coffee: bool


def _files(folder: Path) -> set[str]:
    """The names of the files in `folder` (what `Path.is_file` says of each, symlinks to
    files included), from one listing; empty when it is no folder."""
    try:
        with os.scandir(folder) as it:
            return {e.name for e in it if e.is_file()}
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return set()


def _pairs(coffees: set[str]) -> set[frozenset[str]]:
    """Every one or two of the people named together in a coffee file (`a--b--c`)."""
    out: set[frozenset[str]] = set()
    for name in coffees:
        people = name.split("--")
        out.update(frozenset((a, b)) for a in people for b in people)
    return out


def _met(members: tuple[str, ...], met: set[frozenset[str]]) -> bool:
    """A group's coffee is done when a coffee file names its first two members (or its only
    one) together."""
    return frozenset(members[:2]) in met


def _complete(kb: Kb, review: Path, cache: RecordCache | None) -> bool:
    if cache is not None:
        from cskb.reviews.catalog import summary_of

        summary = summary_of(kb, review, cache)
        return summary is not None and summary.status == "complete"
    try:
        return bool(read_document(review).meta.get("status") == "complete")
    except YamlProblem:
        return False


def group_states(
    kb: Kb, cycle: Cycle, cache: RecordCache | None = None, completion: bool = True
) -> list[GroupState]:
    """Each group's state; reviews' status comes through the summaries `cache` when given.
    With `completion` False no review is read (`review_complete` stays False): participation
    history needs only which files exist."""
    calls_dir = kb.calls_dir / cycle.id
    reviews_dir = kb.reviews_dir / cycle.id
    coffee_dir = kb.coffee_dir / cycle.id
    coffees = {p.stem for p in coffee_dir.glob("*.yaml")} if coffee_dir.is_dir() else set()
    calls, reviews = _files(calls_dir), _files(reviews_dir)  # one listing, not a stat each
    met = _pairs(coffees)
    out = []
    for g in cycle.groups:
        states = []
        for h in g.members:
            reviewee = cycle.reviewee_of(h) or ""
            name = f"{h}-reviews-{reviewee}.md"
            written = name in reviews
            complete = written and completion and _complete(kb, reviews_dir / name, cache)
            states.append(MemberState(h, reviewee, f"{h}.yaml" in calls, written, complete))
        coffee = _met(g.members, met)
        out.append(GroupState(g.members, tuple(states), coffee))
    return out


def accountability(kb: Kb, cycle: Cycle, today: dt.date) -> list[Finding]:
    """Errors for a cycle whose due date has passed: a missing call or review, by name."""
    if cycle.due >= today:
        return []
    out: list[Finding] = []
    path = f"cycles/{cycle.id}.yaml"
    for g in group_states(kb, cycle):
        for s in g.states:
            if not s.call_submitted:
                out.append(
                    Finding(
                        path,
                        1,
                        "missing-call",
                        "error",
                        f"{s.handle} has not submitted a call for cycle {cycle.id} (due {cycle.due})",
                    )
                )
            if not s.review_written:
                out.append(
                    Finding(
                        path,
                        1,
                        "missing-review",
                        "error",
                        f"{s.handle} has not reviewed {s.reviews}'s call for cycle {cycle.id} (due {cycle.due})",
                    )
                )
            elif not s.review_complete:
                out.append(
                    Finding(
                        path,
                        1,
                        "review-incomplete",
                        "error",
                        f"{s.handle}'s review of {s.reviews} (cycle {cycle.id}) is still a draft; finish it with `cskb review done`",
                    )
                )
    return out
