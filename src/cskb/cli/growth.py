"""`cskb member`, `cskb assess` and `cskb path`: growth against the competency matrix."""

from __future__ import annotations

from typing import Annotated

import typer

from cskb.cli import common


def member(
    ctx: typer.Context,
    handle: Annotated[
        str | None, typer.Argument(metavar="[H]", help="Member (default: you).")
    ] = None,
    json: common.Json = False,
) -> None:
    """Where a member stands: evidence per competency, goals, the gap to the next level.

    Example: cskb member ana --json
    """
    from cskb import render
    from cskb.growth.standing import member_standing

    kb = common.kb(ctx)
    s = common.settings(ctx)
    who = handle.strip() if handle else common.me(ctx, kb).handle
    standing = member_standing(kb, who, s.today, use_cache=s.cache)
    if json:
        render.print_json(standing.as_dict())
        return
    from cskb.render.growth import show_standing

    show_standing(standing)


assess_app = typer.Typer(
    help="Self and lead assessments against the competency matrix.", no_args_is_help=True
)


@assess_app.command("new")
def assess_new(
    ctx: typer.Context,
    member_: Annotated[
        str | None,
        typer.Option("--member", metavar="H", help="Whom to assess (a lead; default: yourself)."),
    ] = None,
    rate: Annotated[
        list[str] | None,
        typer.Option("--rate", metavar="KEY=LEVEL", help="A competency's level (repeatable)."),
    ] = None,
    note: Annotated[
        list[str] | None,
        typer.Option("--note", metavar="KEY=TEXT", help="Why, for a competency (repeatable)."),
    ] = None,
    final: Annotated[
        bool, typer.Option("--final", help="Write it final at once (default: a draft).")
    ] = False,
    no_commit: common.NoCommit = False,
) -> None:
    """Assess yourself (or, as a lead, a member) against the matrix for this period.

    Example: cskb assess new --member bo --rate discovery=csm --rate closing=senior
    """
    from cskb import render
    from cskb.growth.assess import new_assessment
    from cskb.growth.matrix import require_matrix

    kb = common.kb(ctx)
    s = common.settings(ctx)
    me = common.me(ctx, kb)
    matrix = require_matrix(kb)
    done = new_assessment(
        kb, matrix, me, member_, rate or [], note or [], final, s.today, not no_commit
    )
    a = done.assessment
    render.success(f"wrote {a.path} ({a.kind}, {a.status})")
    if a.status != "final":
        render.notice("a draft is shown to nobody else; `cskb assess done` makes it final")
    if not no_commit:
        render.committed(done.commit)


@assess_app.command("done")
def assess_done(
    ctx: typer.Context,
    member_: Annotated[
        str | None,
        typer.Option("--member", metavar="H", help="Whose assessment (default: yourself)."),
    ] = None,
    no_commit: common.NoCommit = False,
) -> None:
    """Make this period's draft assessment final (then the member and the leads see it).

    Example: cskb assess done --member bo
    """
    from cskb import render
    from cskb.growth.assess import finish_assessment
    from cskb.growth.matrix import require_matrix

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    done = finish_assessment(
        kb, require_matrix(kb), me, member_, common.settings(ctx).today, not no_commit
    )
    render.success(f"{kb.rel(done.path)} is final")
    if not no_commit:
        render.committed(done.commit)


@assess_app.command("show")
def assess_show(
    ctx: typer.Context,
    handle: Annotated[
        str | None, typer.Argument(metavar="[H]", help="Member (default: you).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", metavar="P", help="A period like 2026-Q4 (default: the latest)."),
    ] = None,
    json: common.Json = False,
) -> None:
    """Self, lead and review evidence side by side; flags ratings over a level apart.

    Example: cskb assess show bo --json
    """
    from cskb import render
    from cskb.growth.assessview import assessment_view

    kb = common.kb(ctx)
    s = common.settings(ctx)
    me = common.me(ctx, kb)
    view = assessment_view(
        kb, me, handle.strip() if handle else me.handle, s.today, period, s.cache
    )
    if json:
        render.print_json(view.as_dict())
        return
    from cskb.render.growth import show_assessments

    show_assessments(view)


path_app = typer.Typer(
    help="The learning path: what to read and listen to next, and your progress.",
    invoke_without_command=True,
)


@path_app.callback()
def path(
    ctx: typer.Context,
    member_: Annotated[
        str | None,
        typer.Option("--member", metavar="H", help="Whose path (default: yours)."),
    ] = None,
    json: common.Json = False,
) -> None:
    """What to read and listen to next, per competency and level, with progress.

    Example: cskb path --member bo
    """
    if ctx.invoked_subcommand is not None:
        return
    from cskb import render
    from cskb.growth.learning import learning_path

    kb = common.kb(ctx)
    s = common.settings(ctx)
    who = member_.strip() if member_ else common.me(ctx, kb).handle
    view = learning_path(kb, who, s.today, s.cache)
    if json:
        render.print_json(view.as_dict())
        return
    from cskb.render.growth import show_path

    show_path(view)


@path_app.command("done")
def path_done(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(metavar="ITEM", help="The step's id (see `cskb path`).")],
    no_commit: common.NoCommit = False,
) -> None:
    """Record that you finished a step of the learning path (your own progress file).

    Example: cskb path done read-agenda
    """
    from cskb import render
    from cskb.growth.matrix import require_matrix
    from cskb.growth.paths import load_paths, record_done

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    paths, bad = load_paths(kb, require_matrix(kb))
    if bad:
        raise bad[0][1]
    path, new, done = record_done(
        kb, paths, me.handle, item, common.settings(ctx).today, not no_commit
    )
    if not new:
        render.notice(f"{item.strip()} was already done; nothing was written")
        return
    render.success(f"{item.strip()} done ({kb.rel(path)})")
    if not no_commit:
        render.committed(done)


def register(app: typer.Typer) -> None:
    app.command()(member)
    app.add_typer(assess_app, name="assess")
    app.add_typer(path_app, name="path")
