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


def register(app: typer.Typer) -> None:
    app.command()(member)
    app.add_typer(assess_app, name="assess")
