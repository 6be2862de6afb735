"""Rich output for closing a round: reminders, "did you meet?", pauses and retros."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cskb.render import notice, out

if TYPE_CHECKING:
    from cskb.round.meetings import AskReport
    from cskb.round.remind import RemindReport
    from cskb.round.retro_summary import RetroSummary


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


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.0f}%"


def retro_table(summary: RetroSummary) -> None:
    """The usefulness trend beside the round's figures, the themes, the suggestions."""
    from rich.markup import escape
    from rich.table import Table

    from cskb.render.stats import sparkline

    con = out()
    if not summary.cycles:
        con.print("no retros yet: `cskb retro new` writes yours")
        return
    table = Table(title="Retros per cycle, beside the round's own figures", box=None)
    cols = (
        "cycle",
        "answered",
        "rate",
        "useful",
        "completed",
        "latency",
        "met",
        "disputes",
        "vague",
    )
    for col in cols:
        table.add_column(col, justify="left" if col == "cycle" else "right", no_wrap=True)
    for c in summary.cycles:
        table.add_row(
            c.cycle,
            f"{c.responses}/{c.paired}",
            _pct(c.response_rate),
            "–" if c.useful_mean is None else f"{c.useful_mean:.1f}",
            _pct(c.completion_rate),
            "–" if c.median_latency_days is None else f"{c.median_latency_days:g} d",
            _pct(c.meeting_rate),
            str(c.disputes),
            str(c.vague_reviews),
        )
    con.print(table)
    trend = [c.useful_mean for c in summary.cycles]
    con.print(f"usefulness (1-5) over cycles: {sparkline(trend, 1, 5)}")
    where = f"cycle {summary.cycle}" if summary.cycle else "every cycle"
    if summary.themes:
        con.print(f"What to change, by theme ({where}):")
        for t in summary.themes:
            con.print(f"  {escape(t.label)} ({t.kind}): {t.n} retro(s)")
    ideas = [r for r in summary.retros if r.suggestion]
    if ideas:
        con.print(f"Suggestions ({where}):")
        for r in ideas:
            about = f" [{r.about}]" if r.about else ""
            con.print(f"  {escape(r.member)}{escape(about)}: {escape(r.suggestion)}")
