"""`cskb stats`: the programme's figures in the terminal, or as JSON for a BI tool."""

from __future__ import annotations

from typing import Annotated

import typer

from cskb.cli import common


def stats(
    ctx: typer.Context,
    cycle: Annotated[
        str | None, typer.Option("--cycle", metavar="C", help="Only this cycle (its start date).")
    ] = None,
    member: Annotated[
        str | None, typer.Option("--member", metavar="H", help="Only this member's figures.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="D", help="Only cycles starting on or after this date."),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON.")] = False,
) -> None:
    """Participation, scores over time, latency, pair coverage and topics of the programme.

    Example: cskb stats --since 2026-07-01 --json
    """
    from cskb import render
    from cskb.pairing.cycles import parse_cycle_id
    from cskb.stats.data import load_kb_data
    from cskb.stats.summary import compute_figures

    kb = common.kb(ctx)
    today = common.settings(ctx).today
    since_day = common.parse_date(since, "--since")
    cycle_id = parse_cycle_id(cycle).isoformat() if cycle else None
    figures = compute_figures(load_kb_data(kb, today, bodies=False), cycle_id, member, since_day)
    if json:
        render.print_json(figures.as_dict())
        return
    from cskb.render.stats import show_figures

    show_figures(figures)


def register(app: typer.Typer) -> None:
    app.command()(stats)
