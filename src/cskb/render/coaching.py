"""Rich output for the coaching loop: a review's responses and changed scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cskb.render import out

if TYPE_CHECKING:
    from cskb.coaching.goals import Goal
    from cskb.coaching.views import ReviewView

STATE_WORDS = {
    "awaiting": "[dim]not acknowledged yet[/]",
    "acked": "[green]acknowledged[/]",
    "disputed": "[red]a score is disputed[/]",
    "resolved": "[cyan]disputes resolved[/]",
}


def responses_block(view: ReviewView) -> None:
    """Under a shown review: its response state, the ack, each dispute and its answer, and
    every score a resolution changed next to the review's own."""
    from rich.markup import escape

    from cskb.render import warn

    if view.problem:
        warn(view.problem)
    for f in view.followed:
        result = f["result"] or "[yellow]not recorded yet[/]"
        evidence = f": {escape(f['evidence'])}" if f["evidence"] else ""
        out().print(
            f"[bold]Followed[/] {escape(f['text'] or f['goal'])} ({escape(f['goal'])}): "
            f"{result if not f['result'] else escape(result)}{evidence}",
            soft_wrap=True,
        )
    r = view.responses
    if r is None:
        return
    lines = [f"[bold]Response:[/] {STATE_WORDS.get(r.state(), r.state())}"]
    if r.ack is not None:
        note = f": {escape(r.ack.note)}" if r.ack.note else ""
        lines.append(f"  acknowledged by {escape(view.review.reviewee)} on {r.ack.date}{note}")
        for g in r.ack.goals:
            lines.append(f"  goal: {escape(g)}")
    for d in r.disputes:
        lines.append(
            f"  disputed {escape(d.criterion)}: {d.was} → {d.score} asked on {d.date}: "
            f"{escape(d.comment)}"
        )
        answer = r.resolution_of(d.criterion)
        if answer is None:
            lines.append(f"    [red]open[/]: {escape(view.review.reviewer)} or a lead answers")
        elif answer.outcome == "reject":
            lines.append(
                f"    rejected by {escape(answer.member)} on {answer.date} (stays {d.was}): "
                f"{escape(answer.comment)}"
            )
        else:
            word = "accepted" if answer.outcome == "accept" else "partly accepted"
            lines.append(
                f"    {word} by {escape(answer.member)} on {answer.date}: {escape(d.criterion)} "
                f"{answer.was} → {answer.score}: {escape(answer.comment)}"
            )
    changed = r.changes()
    if changed:
        before = "not scored" if view.original_score is None else f"{view.original_score:.0f}"
        lines.append(f"  score as written: {before}/100 (the review's file and git keep it)")
    for line in lines:
        out().print(line, soft_wrap=True)


def goals_table(goals: Sequence[Goal]) -> None:
    """One row per goal: owner, id, text, who set it when, its follow-ups, open or closed."""
    from rich.markup import escape

    from cskb.render.layout import Col, print_records

    rows = []
    for g in goals:
        history = ", ".join(f"{f.cycle} {f.result or '?'}" for f in g.follow_ups) or "-"
        state = "[green]open[/]" if g.open else f"[dim]closed {g.done}[/]"
        rows.append(
            [
                escape(g.owner),
                escape(g.id),
                escape(g.text),
                f"{escape(g.set_by)}, {g.set_on}",
                escape(history),
                state,
            ]
        )
    cols = [
        Col("member", key=True),
        Col("goal", key=True),
        Col("what to try"),
        Col("set by", key=True),
        Col("followed", key=True),
        Col("state", key=True),
    ]
    print_records(out(), f"{len(goals)} goal(s)", cols, rows)
