"""Coaching commands: `review ack|dispute|resolve` (added to the review group by
`cli/review.py`) and `goals`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cskb.cli import common
from cskb.cli.common import Json, NoCommit

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


def review_feature(
    ctx: typer.Context,
    ident: Ident,
    remove: Annotated[bool, typer.Option("--remove", help="Unpin it.")] = False,
    no_commit: NoCommit = False,
) -> None:
    """Pin a complete review as an exemplary call (leads only); shown first with who chose it.

    Example: cskb review feature ana-reviews-bo
    """
    from cskb import render
    from cskb.coaching.feature import feature
    from cskb.reviews.records import resolve

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    path = resolve(kb, ident, Path.cwd())
    result = feature(kb, path, me, common.settings(ctx).today, remove, not no_commit)
    render.success(
        f"{'featured' if result.featured else 'unfeatured'} {result.review} ({result.path})"
    )
    if not no_commit:
        render.committed(result.commit)


def add_review_commands(review_app: typer.Typer) -> None:
    """The response commands, under `cskb review`."""
    review_app.command("feature")(review_feature)
    review_app.command("ack")(review_ack)
    review_app.command("dispute")(review_dispute)
    review_app.command("resolve")(review_resolve)


goals_app = typer.Typer(
    help="Coaching goals: what each member agreed to try, and whether they did.",
    invoke_without_command=True,
)


@goals_app.callback()
def goals(
    ctx: typer.Context,
    member: Annotated[
        str | None, typer.Option("--member", help="Only this member's goals.")
    ] = None,
    only_open: Annotated[bool, typer.Option("--open", help="Only goals not closed yet.")] = False,
    json: Json = False,
) -> None:
    """List each member's goals: when they were set, by whom, and their follow-up history.

    Example: cskb goals --member bo --open
    """
    if ctx.invoked_subcommand is not None:
        return
    from cskb import render
    from cskb.coaching.goals import list_goals
    from cskb.render.coaching import goals_table

    kb = common.kb(ctx)
    if member is not None:
        from cskb.kb.roster import find_member, load_roster

        find_member(load_roster(kb.team_file), member.strip())
    found = list_goals(
        kb, member.strip() if member else None, only_open, common.settings(ctx).cache
    )
    if json:
        render.print_json([g.as_dict() for g in found])
    else:
        goals_table(found)


@goals_app.command("done")
def goals_done(
    ctx: typer.Context,
    goal: Annotated[
        str, typer.Argument(metavar="GOAL", help="The goal's id, as `cskb goals` shows it.")
    ],
    no_commit: NoCommit = False,
) -> None:
    """Close one of your goals (you tried it, or it no longer applies).

    Example: cskb goals done 2026-11-09/ana-reviews-bo#1
    """
    from cskb import render
    from cskb.coaching.followup import close_goal

    kb = common.kb(ctx)
    s = common.settings(ctx)
    result = close_goal(kb, common.me(ctx, kb), goal, s.today, not no_commit, s.cache)
    render.success(f"closed {result.goal.id}: {result.goal.text} ({result.path})")
    if not no_commit:
        render.committed(result.commit)


def register(app: typer.Typer) -> None:
    """`goals` (the review commands are added by `cli/review.py`)."""
    app.add_typer(goals_app, name="goals")
