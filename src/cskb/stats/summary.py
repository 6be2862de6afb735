"""`compute_figures`: every figure for the whole KB, or for one cycle, member or period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cskb.errors import NotFoundError, UsageError
from cskb.models import Cycle
from cskb.stats import figures as f
from cskb.stats.data import KbData, ReviewRecord


@dataclass(frozen=True)
class Selection:
    """What `--cycle`, `--member` and `--since` chose."""

    cycles: tuple[Cycle, ...]
    reviews: tuple[ReviewRecord, ...]
    member: str | None


def review_index(reviews: tuple[ReviewRecord, ...]) -> dict[tuple[str, str, str], ReviewRecord]:
    return {(r.cycle, r.reviewer, r.reviewee): r for r in reviews}


def select(
    data: KbData,
    cycle: str | None = None,
    member: str | None = None,
    since: dt.date | None = None,
    include_drafts: bool = True,
) -> Selection:
    cycles = data.cycles
    if cycle is not None:
        cycles = tuple(c for c in cycles if c.id == cycle)
        if not cycles:
            known = ", ".join(c.id for c in data.cycles[-3:]) or "none yet"
            raise NotFoundError(f"--cycle {cycle}: no such cycle (latest: {known})")
    if since is not None:
        cycles = tuple(c for c in cycles if c.start >= since)
    if member is not None and member not in data.names:
        raise NotFoundError(f"--member {member}: not on the roster; see `cskb team list`")
    ids = {c.id for c in cycles}
    filtered = cycle is not None or since is not None
    reviews = tuple(
        r
        for r in data.reviews
        if (not filtered or r.cycle in ids)
        and (member is None or member in (r.reviewer, r.reviewee))
        and (include_drafts or r.complete)
    )
    return Selection(cycles, reviews, member)


def compute_figures(
    data: KbData,
    cycle: str | None = None,
    member: str | None = None,
    since: dt.date | None = None,
) -> f.Figures:
    """Every figure `cskb stats --json` prints and the site's dashboard shows."""
    if cycle is not None and since is not None:
        raise UsageError("give --cycle or --since, not both")
    sel = select(data, cycle, member, since)
    by_key = review_index(data.reviews)
    cycle_ids = [c.id for c in sel.cycles]
    rows = f.participation(data, sel.cycles, by_key, member)
    streaks = f.streaks(data, sel.cycles, by_key)
    closed = [r for r in rows if r.closed]  # the headline rates: cycles already due
    owed = sum(r.paired for r in closed)
    taking = f.member_participation(data, sel.cycles, by_key)
    meetings = f.member_meetings(data, sel.cycles)
    given: dict[str, list[ReviewRecord]] = {}
    received: dict[str, list[ReviewRecord]] = {}
    for r in sel.reviews:
        given.setdefault(r.reviewer, []).append(r)
        received.setdefault(r.reviewee, []).append(r)
    profiles = tuple(
        profile(
            data,
            sel,
            m.handle,
            taking.get(m.handle, (0, 0, 0)),
            given.get(m.handle, []),
            received.get(m.handle, []),
            streaks.get(m.handle),
            cycle_ids,
            meetings.get(m.handle, (0, 0)),
        )
        for m in data.members
        if member is None or m.handle == member
    )
    totals = f.Totals(
        reviews=len(sel.reviews),
        complete=sum(r.complete for r in sel.reviews),
        drafts=sum(not r.complete for r in sel.reviews),
        members=len(data.members),
        active_members=sum(m.active for m in data.members),
        cycles=len(sel.cycles),
        calls=sum(r.calls for r in rows),
        coffees=sum(r.coffees for r in rows),
        completion_rate=f.rate(sum(r.complete for r in closed), owed),
        on_time_rate=f.rate(sum(r.on_time for r in closed), owed),
        meeting_rate=f.rate(sum(r.coffees for r in closed), sum(r.groups for r in closed)),
    )
    shown = [s for s in streaks.values() if s.current or s.longest > 1]
    if member is not None:
        shown = [s for s in shown if s.handle == member]
    shown.sort(key=lambda s: (-s.current, -s.longest, s.handle))
    return f.Figures(
        today=data.today.isoformat(),
        commit=data.commit,
        filters={
            "cycle": cycle,
            "member": member,
            "since": since.isoformat() if since else None,
        },
        totals=totals,
        participation=tuple(rows),
        streaks=tuple(shown),
        trends=tuple(f.trends(data, cycle_ids, sel.reviews)),
        distribution=f.distribution(data, sel.reviews),
        latency=f.latency(data, sel.reviews, cycle_ids),
        coverage=f.coverage(data, sel.cycles),
        topics=f.topics(sel.reviews, cycle_ids),
        members=profiles,
        unreadable=data.unreadable,
    )


def profile(
    data: KbData,
    sel: Selection,
    handle: str,
    taking: tuple[int, int, int],
    given: list[ReviewRecord],
    received: list[ReviewRecord],
    streak: f.Streak | None,
    cycle_ids: list[str],
    meetings: tuple[int, int] = (0, 0),
) -> f.MemberProfile:
    """One member: participation, reviews given and received, their scores as reviewee."""
    member = next(m for m in data.members if m.handle == handle)
    scores = [r.score for r in received if r.complete and r.score is not None]
    seen = {r.cycle for r in received if r.complete}
    ids = [cid for cid in cycle_ids if cid in seen]
    return f.MemberProfile(
        handle=handle,
        name=member.name,
        team=member.team,
        active=member.active,
        cycles_paired=taking[0],
        calls=taking[1],
        given_complete=sum(r.complete for r in given),
        given_draft=sum(not r.complete for r in given),
        received_complete=sum(r.complete for r in received),
        on_time=taking[2],
        missed_current=streak.current if streak else 0,
        missed_longest=streak.longest if streak else 0,
        mean_received=f._mean(scores),
        trends=tuple(f.trends(data, ids, received)),
        coffees=meetings[1],
        meeting_rate=f.rate(meetings[1], meetings[0]),
    )
