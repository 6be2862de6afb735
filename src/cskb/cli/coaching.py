"""Coaching commands: `review ack|dispute|resolve` (added to the review group by
`cli/review.py`) and `goals`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cskb.cli import common
from cskb.cli.common import NoCommit

if TYPE_CHECKING:
    from cskb.coaching.actions import ResponseResult

Ident = Annotated[
    str, typer.Argument(metavar="ID", help="A review's path, or a unique prefix of its file name.")
]
Comment = Annotated[str, typer.Option("--comment", help="Why, in a sentence.")]


def _done(result: ResponseResult, no_commit: bool) -> None:
    from cskb import render

    render.success(f"{result.what} ({result.path})")
    if not no_commit:
        render.committed(result.commit)


def review_ack(
    ctx: typer.Context,
    ident: Ident,
    note: Annotated[
        str, typer.Option("--note", help="What you take from the feedback (optional).")
    ] = "",
    goal: Annotated[
        list[str] | None,
        typer.Option("--goal", help="A goal of your own to try next time; repeat for more."),
    ] = None,
    no_commit: NoCommit = False,
) -> None:
    """Acknowledge the review of your call: you have read it (and what you take from it).

    Example: cskb review ack ana-reviews-bo --note "I will ask for the budget owner earlier"
    """
    from cskb.coaching.actions import ack
    from cskb.reviews.records import resolve

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    path = resolve(kb, ident, Path.cwd())
    today = common.settings(ctx).today
    _done(ack(kb, path, me, today, note, tuple(goal or ()), commit=not no_commit), no_commit)


def review_dispute(
    ctx: typer.Context,
    ident: Ident,
    criterion: Annotated[str, typer.Option("--criterion", help="The criterion's key.")],
    score: Annotated[str, typer.Option("--score", help="The score you think is right.")],
    comment: Comment,
    no_commit: NoCommit = False,
) -> None:
    """Ask for one score of the review of your call to be reconsidered, with a reason.

    Example: cskb review dispute ana-reviews-bo --criterion agenda --score 4 --comment "The agenda was agreed at 0:40"
    """
    from cskb.coaching.actions import dispute
    from cskb.reviews.records import resolve

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    path = resolve(kb, ident, Path.cwd())
    today = common.settings(ctx).today
    result = dispute(kb, path, me, today, criterion, score, comment, commit=not no_commit)
    _done(result, no_commit)


def review_resolve(
    ctx: typer.Context,
    ident: Ident,
    outcome: Annotated[str, typer.Argument(metavar="accept|partial|reject")],
    comment: Comment,
    score: Annotated[
        str | None, typer.Option("--score", help="partial: the score from now on.")
    ] = None,
    criterion: Annotated[
        str | None,
        typer.Option("--criterion", help="Which dispute (needed when several are open)."),
    ] = None,
    no_commit: NoCommit = False,
) -> None:
    """Answer a disputed score as the reviewer or a lead: accept, partial (--score) or reject.

    Example: cskb review resolve ana-reviews-bo partial --score 3 --comment "Agreed late, at 4:10"
    """
    from cskb.coaching.actions import resolve as answer
    from cskb.reviews.records import resolve

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    path = resolve(kb, ident, Path.cwd())
    today = common.settings(ctx).today
    result = answer(
        kb,
        path,
        me,
        today,
        outcome.strip().lower(),
        comment,
        criterion,
        score,
        commit=not no_commit,
    )
    _done(result, no_commit)


def add_review_commands(review_app: typer.Typer) -> None:
    """The response commands, under `cskb review`."""
    review_app.command("ack")(review_ack)
    review_app.command("dispute")(review_dispute)
    review_app.command("resolve")(review_resolve)


def register(app: typer.Typer) -> None:
    """`goals` (the review commands are added by `cli/review.py`)."""
