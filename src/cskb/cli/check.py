"""`cskb check` (CI and pre-commit) and `cskb status` (who owes what)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from cskb.cli import common


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATHS]...",
            help="Review, calibration and playbook card files to check (default: all of them).",
        ),
    ] = None,
    cycle: Annotated[
        str | None,
        typer.Option(
            metavar="CYCLE",
            help="Also check that everyone in this cycle submitted a call and a review "
            f"({common.CYCLE_HELP}).",
        ),
    ] = None,
    format_: Annotated[
        Format,
        typer.Option(
            "--format", help="Output format: text, json, github (annotations) or junit (XML)."
        ),
    ] = Format.text,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Warnings fail too, and every closed cycle is checked for missing work.",
        ),
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
) -> None:
    """Check reviews against the rubric (and who owes what); exit 1 when there are errors.

    With --format github and GITHUB_STEP_SUMMARY set, a Markdown summary of every finding
    is appended to that file.

    Example: cskb check --format github
    """
    import sys

    from cskb import render
    from cskb.checks import reports
    from cskb.checks.runner import is_checkable, run_checks
    from cskb.errors import ChecksFailed, UsageError
    from cskb.growth.checks import check_growth, is_growth_file

    if json:
        if format_ not in (Format.text, Format.json):
            raise UsageError(f"--json and --format {format_.value} disagree; pass one of them")
        format_ = Format.json
    kb = common.kb(ctx)
    resolved = None
    if paths:
        resolved = []
        for p in paths:
            full = p if p.is_absolute() else Path.cwd() / p
            if not full.exists():
                raise UsageError(f"{p}: no such file")
            full = full.resolve()
            if not full.is_relative_to(kb.root):
                raise UsageError(f"{p}: outside the knowledge base at {kb.root}")
            if not is_checkable(kb, full) and not is_growth_file(kb, full):
                raise UsageError(
                    f"{p}: not a file cskb check reads; give reviews/, calibrations/ or "
                    "playbook/ files (or cskb.toml, team.yaml, cycles/, competencies.yaml, "
                    "assessments/, paths/, progress/), or none to check all"
                )
            resolved.append(full)
    s = common.settings(ctx)
    report = run_checks(kb, resolved, common.cycle(ctx, cycle), strict, s.today, use_cache=s.cache)
    if resolved is None or any(is_growth_file(kb, p) or p.name == "team.yaml" for p in resolved):
        report = check_growth(kb, report, strict, resolved)
    if resolved is None:
        from cskb.forms.checks import check_forms

        report = check_forms(kb, report, strict)
    if format_ is Format.json:
        sys.stdout.write(reports.to_json(report.findings) + "\n")
    elif format_ is Format.github:
        prefix = reports.repo_prefix(kb.root)
        text = reports.to_github(report.findings, prefix)
        sys.stdout.write(text + ("\n" if text else ""))
        if s.step_summary:
            reports.append_summary(
                s.step_summary,
                reports.to_summary(report.findings, report.files, report.cycles_checked, prefix),
            )
    elif format_ is Format.junit:
        prefix = reports.repo_prefix(kb.root)
        sys.stdout.write(reports.to_junit(report.findings, report.checked, prefix) + "\n")
    else:
        from cskb.render.checks import findings_text

        findings_text(report)
    if report.errors:
        raise ChecksFailed("")
    _ = render


def status(
    ctx: typer.Context,
    cycle: common.CycleArg = None,
    last: Annotated[
        int, typer.Option(help="How many recent cycles the participation figures cover.")
    ] = 6,
    json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Who owes what this cycle: calls, reviews, completion, responses, coffee, participation.

    Example: cskb status --json
    """
    from cskb import render
    from cskb.coaching.views import status_with_responses
    from cskb.errors import UsageError
    from cskb.render.checks import status_dict, status_tables

    if last < 1:
        raise UsageError("--last must be 1 or more")
    s = common.settings(ctx)
    coached = status_with_responses(
        common.kb(ctx), common.cycle(ctx, cycle, "CYCLE"), s.today, last, use_cache=s.cache
    )
    if json:
        render.print_json(status_dict(coached.report, coached.responses))
    else:
        status_tables(coached.report, coached.responses)


def register(app: typer.Typer) -> None:
    app.command()(check)
    app.command()(status)
