"""Rich output for `cskb check` and `cskb status`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from cskb.checks.runner import CheckReport
from cskb.checks.status import StatusReport
from cskb.render import out


def findings_text(report: CheckReport) -> None:
    from rich.markup import escape

    by_file = defaultdict(list)
    for f in report.findings:
        by_file[f.path].append(f)
    console = out()
    for path, items in by_file.items():
        console.print(f"[bold]{escape(path)}[/]")
        for f in items:
            colour = "red" if f.severity == "error" else "yellow"
            console.print(
                f"  {escape(f.path)}:{f.line}: [{colour}]{f.rule}[/]: {escape(f.message)}",
                soft_wrap=True,
            )
    cycles = (
        f", accountability for {', '.join(report.cycles_checked)}" if report.cycles_checked else ""
    )
    summary = f"{report.files} file(s) checked{cycles}: {report.errors} error(s), {report.warnings} warning(s)"
    console.print(("[red]✗[/] " if report.errors else "[green]✓[/] ") + summary)


def _response(state: str | None, styles: Mapping[str, str]) -> str:
    """The reviewee's answer to the complete review of their call ('' before it is complete)."""
    return f"[{styles.get(state, 'default')}]{state}[/]" if state else ""


def _mark(ok: bool, overdue: bool) -> str:
    return "[green]✓[/]" if ok else ("[bold red]✗ overdue[/]" if overdue else "[dim]·[/]")


def status_dict(
    r: StatusReport, responses: Mapping[str, str | None] | None = None
) -> dict[str, Any]:
    """`responses`: per reviewee, the response to the complete review of their call."""
    responses = responses or {}
    return {
        "cycle": r.cycle.id,
        "due": r.cycle.due.isoformat(),
        "overdue": r.overdue,
        "participation": round(r.participation, 3),
        "groups": [
            {
                "members": list(g.members),
                "coffee": g.coffee,
                "members_status": [
                    {
                        "member": s.handle,
                        "reviews": s.reviews,
                        "call_submitted": s.call_submitted,
                        "review_written": s.review_written,
                        "review_complete": s.review_complete,
                        "response": responses.get(s.handle),
                    }
                    for s in g.states
                ],
            }
            for g in r.groups
        ],
        "members": [
            {
                "member": m.handle,
                "cycles": m.cycles,
                "done": m.done,
                "missed_in_a_row": m.missed_in_a_row,
            }
            for m in r.members
        ],
        "last_n": r.last_n,
    }


def status_tables(r: StatusReport, responses: Mapping[str, str | None] | None = None) -> None:
    from rich.markup import escape

    from cskb.render.layout import Col, print_records
    from cskb.render.reviews import RESPONSE_STYLE

    state = "[bold red]closed, items overdue[/]" if r.overdue else "open"
    title = f"Cycle {r.cycle.id}, due {r.cycle.due} ({state}): {r.participation:.0%} done"
    cols = [
        Col("group", key=True, right=True),
        Col("member", key=True),
        Col("call", key=True),
        Col("reviews", key=True),
        Col("review written", key=True),
        Col("complete", key=True),
        Col("their review", key=True),
        Col("coffee", key=True),
    ]
    responses = responses or {}
    rows = []
    for i, g in enumerate(r.groups, 1):
        for j, s in enumerate(g.states):
            rows.append(
                [
                    str(i) if j == 0 else "",
                    escape(s.handle),
                    _mark(s.call_submitted, r.overdue),
                    escape(s.reviews),
                    _mark(s.review_written, r.overdue),
                    _mark(s.review_complete, r.overdue),
                    _response(responses.get(s.handle), RESPONSE_STYLE),
                    _mark(g.coffee, False) if j == 0 else "",
                ]
            )
    console = out()
    print_records(console, title, cols, rows)
    people_rows = []
    for m in r.members:
        streak = (
            f"[red]{m.missed_in_a_row}[/]"
            if m.missed_in_a_row >= 2
            else str(m.missed_in_a_row or "")
        )
        people_rows.append([escape(m.handle), f"{m.done}/{m.cycles}", streak])
    print_records(
        console,
        f"Participation over the last {r.last_n} cycles",
        [Col("member", key=True), Col("took part", key=True), Col("missed in a row", key=True)],
        people_rows,
    )
