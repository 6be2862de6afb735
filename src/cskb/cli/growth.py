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


def register(app: typer.Typer) -> None:
    app.command()(member)
