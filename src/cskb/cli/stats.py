"""`cskb stats`: the programme's figures in the terminal, or as JSON for a BI tool."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from cskb.cli import common

if TYPE_CHECKING:
    from cskb.calibration.leniency import ReviewerLeniency
    from cskb.kb.layout import Kb


def stats(
    ctx: typer.Context,
    cycle: common.CycleFilter = None,
    member: Annotated[
        str | None, typer.Option("--member", metavar="H", help="Only this member's figures.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="D", help="Only cycles starting on or after this date."),
    ] = None,
    reviewers: Annotated[
        bool,
        typer.Option(
            "--reviewers",
            help="Also each reviewer's leniency and share of vague or short evidence "
            "(the last --last cycles, or the --cycle).",
        ),
    ] = False,
    last: Annotated[
        int,
        typer.Option("--last", min=1, metavar="N", help="With --reviewers: cycles to look at."),
    ] = 6,
    targets: Annotated[
        bool,
        typer.Option(
            "--targets",
            help="Only the programme's [targets], met or missed per closed cycle; exit 1 "
            "when the last closed cycle missed one.",
        ),
    ] = False,
    csv: Annotated[
        str | None,
        typer.Option(
            "--csv",
            metavar="DIR",
            help="Write one CSV file per table (participation, scores, latency, meetings, "
            "retros) into DIR.",
        ),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON.")] = False,
) -> None:
    """Participation, scores over time, latency, pair coverage and topics of the programme.

    Example: cskb stats --since 2026-07-01 --json
    """
    from cskb import render
    from cskb.stats.data import load_kb_data
    from cskb.stats.summary import compute_figures

    kb = common.kb(ctx)
    settings = common.settings(ctx)
    today = settings.today
    if targets:
        _targets(kb, settings.today, settings.cache, json)
        return
    since_day = common.parse_date(since, "--since")
    cycle_id = common.cycle(ctx, cycle)
    if csv is not None:
        _csv(kb, today, csv, cycle_id, member, since_day, settings.cache, json)
        return
    kb_data = load_kb_data(kb, today, bodies=False, use_cache=settings.cache)
    figures = compute_figures(kb_data, cycle_id, member, since_day)
    rows = _reviewers(kb, today, cycle_id, member, since_day, last) if reviewers else None
    if json:
        data = figures.as_dict()
        if rows is not None:
            data["reviewers"] = [r.as_dict() for r in rows]
        render.print_json(data)
        return
    from cskb.render.stats import reviewers_table, show_figures

    show_figures(figures)
    if rows is not None:
        reviewers_table(rows)


def _csv(
    kb: Kb,
    today: dt.date,
    folder: str,
    cycle: str | None,
    member: str | None,
    since: dt.date | None,
    use_cache: bool,
    json: bool,
) -> None:
    """`--csv DIR`: the tables as CSV files (round/export.py)."""
    from pathlib import Path

    from cskb import render
    from cskb.round.export import export_csv

    done = export_csv(kb, today, Path(folder), cycle, member, since, use_cache)
    if json:
        render.print_json(
            {"folder": str(done.folder), "files": [{"file": f, "rows": n} for f, n in done.files]}
        )
        return
    for name, n in done.files:
        render.success(f"wrote {done.folder / name} ({n} row(s))")


def _reviewers(
    kb: Kb, today: dt.date, cycle: str | None, member: str | None, since: dt.date | None, last: int
) -> list[ReviewerLeniency]:
    """The leniency rows: the last `last` cycles up to today, or just `cycle`."""
    from cskb.calibration.leniency import reviewer_leniency
    from cskb.errors import UsageError

    if since is not None:
        raise UsageError(
            "--reviewers looks at the last --last cycles (or one --cycle); drop --since"
        )
    if cycle is not None:
        found = reviewer_leniency(kb, 1, dt.date.fromisoformat(cycle))
        rows = [r for r in found if r.cycles == (cycle,)]
    else:
        rows = reviewer_leniency(kb, last, today)
    return [r for r in rows if member is None or r.reviewer == member]


def _targets(kb: Kb, today: dt.date, cache: bool, json: bool) -> None:
    """`--targets`: the report, then exit 1 when the last closed cycle missed a target."""
    from cskb import render
    from cskb.errors import ChecksFailed
    from cskb.growth.targets import targets_report

    report = targets_report(kb, today, cache)
    if json:
        render.print_json(report.as_dict())
    else:
        from cskb.render.growth import show_targets

        show_targets(report)
    if report.missed:
        raise ChecksFailed(
            "" if json else f"cycle {report.last_closed} missed: {', '.join(report.missed)}"
        )


def register(app: typer.Typer) -> None:
    app.command()(stats)
