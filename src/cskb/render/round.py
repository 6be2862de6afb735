"""Rich output for closing a round: reminders, "did you meet?", pauses and retros."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cskb.render import notice, out

if TYPE_CHECKING:
    from cskb.round.meetings import AskReport
    from cskb.round.remind import RemindReport


def remind_table(report: RemindReport) -> None:
    """Per person, what they owe, with the due date and how late."""
    from rich.markup import escape

    from cskb.render.layout import Col, print_records

    c = report.cycle
    if report.empty:
        out().print(
            f"nothing is owed{f' in cycle {c.id}' if c else ''} on {report.today}: nobody to remind"
        )
        return
    rows = []
    for p in report.people:
        for o in p.items:
            late = f"[red]{o.late} day(s)[/]" if o.late else ""
            rows.append(
                [
                    escape(p.member.handle),
                    o.kind,
                    escape(o.what),
                    str(o.due or ""),
                    late,
                ]
            )
    cols = [Col("member", key=True), Col("owes"), Col("what"), Col("due", key=True), Col("late")]
    title = f"Still owed{f' in cycle {c.id} (due {c.due})' if c else ''} on {report.today}"
    print_records(out(), title, cols, rows)
    notice(f"{len(report.people)} person(s) owe {len(rows)} item(s)")


def ask_table(report: AskReport) -> None:
    """The groups still to say whether they met."""
    from rich.markup import escape

    c = report.cycle
    if not report.groups:
        out().print(f"every group of cycle {c.id} has said whether it met")
        return
    out().print(f"Did you meet? {len(report.groups)} group(s) of cycle {c.id} have not said:")
    for g in report.groups:
        out().print("  " + escape(" + ".join(f"{m.name or m.handle} (@{m.handle})" for m in g)))
