"""Call, coffee and tag commands (registered by `cli/review.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from cskb.cli import common
from cskb.cli import round as round_commands
from cskb.cli.common import Json, NoCommit
from cskb.cli.review import CycleOpt, Products, Tags

call_app = typer.Typer(help="Submit and list calls for review.", no_args_is_help=True)
coffee_app = typer.Typer(help="Record that your group met for a coffee.", no_args_is_help=True)


@call_app.command("submit")
def call_submit(
    ctx: typer.Context,
    url: Annotated[str, typer.Option(help="Link to the recording (http or https).")],
    customer: Annotated[str, typer.Option(help="The customer's name, any text.")],
    date: Annotated[
        str | None, typer.Option(help="Date of the call, YYYY-MM-DD (default: today).")
    ] = None,
    tags: Tags = None,
    products: Products = None,
    note: Annotated[str, typer.Option(help="A note for your reviewer.")] = "",
    cycle: CycleOpt = None,
    no_commit: NoCommit = False,
) -> None:
    """Submit your recorded customer call for this cycle (re-submitting replaces it).

    Example: cskb call submit --url https://rec.example.com/123 --customer "Acme" --tags "data strategy"
    """
    from cskb import render
    from cskb.reviews.calls import submit_call

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    today = common.settings(ctx).today
    result = submit_call(
        kb,
        today,
        common.cycle(ctx, cycle),
        me.handle,
        url,
        customer,
        common.parse_date(date, "--date") or today,
        common.split_list(tags),
        common.split_list(products),
        note,
        dt.datetime.now(dt.UTC),
        commit=not no_commit,
    )
    for w in result.warnings:
        render.warn(w)
    render.success(
        f"{me.handle}'s call with {result.call.customer} is submitted for cycle "
        f"{result.call.cycle} ({kb.rel(result.path)})"
    )
    if not no_commit:
        render.committed(result.commit)


@call_app.command("list")
def call_list(
    ctx: typer.Context,
    cycle: CycleOpt = None,
    all_: Annotated[bool, typer.Option("--all", help="Every cycle's calls.")] = False,
    json: Json = False,
) -> None:
    """List the calls submitted in the current cycle (another with --cycle, every one with --all).

    Example: cskb call list --cycle 2026-11-16 --json
    """
    from cskb import render
    from cskb.errors import UsageError
    from cskb.render.reviews import calls_table
    from cskb.reviews.calls import list_calls

    if all_ and cycle is not None:
        raise UsageError("--all and --cycle disagree; pass one of them")
    calls = list_calls(
        common.kb(ctx),
        None if all_ else common.cycle(ctx, "current" if cycle is None else cycle),
        use_cache=common.settings(ctx).cache,
    )
    if json:
        render.print_json([{**{k: v for k, v in c.__dict__.items() if k != "path"}} for c in calls])
    else:
        calls_table(calls)


@coffee_app.command("done")
def coffee_done(
    ctx: typer.Context,
    with_: Annotated[
        list[str] | None, typer.Option("--with", help="Whom you met (default: your group).")
    ] = None,
    note: Annotated[str, typer.Option(help="A one-line note.")] = "",
    date: Annotated[
        str | None, typer.Option(help="When you met, YYYY-MM-DD (default: today).")
    ] = None,
    cycle: CycleOpt = None,
    no_commit: NoCommit = False,
) -> None:
    """Record that your group met for a coffee to talk the reviews through.

    Example: cskb coffee done --note "talked through the agenda opener"
    """
    from cskb import render
    from cskb.reviews.coffee import record_coffee

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    result = record_coffee(
        kb,
        common.settings(ctx).today,
        common.cycle(ctx, cycle),
        me.handle,
        common.split_list(with_),
        note,
        common.parse_date(date, "--date"),
        commit=not no_commit,
    )
    for w in result.warnings:
        render.warn(w)
    render.success(
        f"coffee recorded for {' + '.join(result.coffee.members)} (cycle {result.coffee.cycle})"
    )
    if not no_commit:
        render.committed(result.commit)


def tags(ctx: typer.Context, json: Json = False) -> None:
    """List the tags used in reviews and calls, with how many of each carry it.

    Example: cskb tags --json
    """
    from cskb import render
    from cskb.render.reviews import tags_table
    from cskb.reviews.records import tag_counts

    rows, unreadable = tag_counts(common.kb(ctx), use_cache=common.settings(ctx).cache)
    if json:
        render.print_json([r.as_dict() for r in rows])
    else:
        tags_table(rows)
    if unreadable:
        render.warn(
            f"{len(unreadable)} review file(s) could not be read (run `cskb check`): "
            f"{', '.join(unreadable[:3])}"
        )


round_commands.add_coffee_commands(coffee_app)


def register(app: typer.Typer) -> None:
    app.add_typer(call_app, name="call")
    app.add_typer(coffee_app, name="coffee")
    app.command()(tags)
