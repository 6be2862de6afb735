"""Growth in the terminal: a member's standing, assessments side by side, the learning path,
and the programme's targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cskb.render import out
from cskb.render.layout import Col, print_records
from cskb.render.stats import bar

if TYPE_CHECKING:
    from cskb.growth.assessview import AssessmentView
    from cskb.growth.learning import PathView
    from cskb.growth.standing import MemberStanding
    from cskb.growth.targets import TargetsReport


def escape(text: str) -> str:
    """Text from a KB file as rich markup (control characters go at the console)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _fig(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f}"


def show_standing(s: MemberStanding) -> None:
    con = out()
    level = f"{s.level_title} ({s.level})" if s.level else "no level in team.yaml"
    target = f", working towards {s.target_title}" if s.target and s.target != s.level else ""
    span = f"{s.cycles[0]} to {s.cycles[-1]}" if s.cycles else "no cycles yet"
    con.print(f"[bold]{escape(s.name)}[/] ({escape(s.handle)}): {escape(level)}{escape(target)}")
    con.print(
        f"evidence from complete reviews of their calls, {escape(span)}, scores adjusted for "
        f"each reviewer's leniency; at least {s.min_reviews} reviews per figure"
    )
    cols = [
        Col("competency"),
        Col("reviews", key=True, right=True),
        Col("figure", key=True, right=True),
        Col("expects", key=True, right=True),
        Col("gap", key=True, right=True),
        Col("reaches", key=True),
        Col("", key=True),
    ]
    rows = []
    for c in s.competencies:
        gap = "–" if c.gap is None else f"{c.gap:+.1f}"
        chart = bar(c.figure, 100, 12) if c.figure is not None else ""
        rows.append(
            [
                escape(c.title),
                str(c.reviews),
                _fig(c.figure) if c.enough else "too little evidence",
                _fig(c.expects),
                gap,
                escape(c.level or "–") if c.enough else f"{c.reviews} of {s.min_reviews}",
                chart,
            ]
        )
    print_records(con, "", cols, rows)
    for c in s.competencies:
        if c.best is not None:
            worst = (
                f"; weakest {c.weakest.value:.0f} ({escape(c.weakest.path)})" if c.weakest else ""
            )
            con.print(
                f"  {escape(c.title)}: best {c.best.value:.0f} ({escape(c.best.path)}){worst}"
            )
    if s.goals:
        con.print("\n[bold]what to try next time[/] (from their latest reviews)")
        for g in s.goals:
            follow = ", ".join(g.followed) if g.followed else "not followed up yet"
            closed = "; closed" if not g.open else ""
            con.print(
                f"  {escape(g.cycle)} · {escape(g.set_by)}: {escape(g.text)} "
                f"[dim]({escape(follow)}{closed})[/]"
            )


def show_assessments(v: AssessmentView) -> None:
    con = out()
    con.print(f"[bold]{escape(v.name)}[/] ({escape(v.member)}): assessments for {escape(v.period)}")
    if not v.shown:
        con.print("no assessment you may see for this period; the evidence alone:")
    leads = sorted({h for r in v.rows for h in r.leads})
    cols = [Col("competency"), Col("self", key=True)]
    cols += [Col(f"lead {h}", key=True) for h in leads]
    cols += [Col("evidence", key=True), Col("disagreement")]
    rows = []
    for r in v.rows:
        cells = [escape(r.title), escape(r.self_level or "–")]
        cells += [escape(r.leads.get(h) or "–") for h in leads]
        ev = f"{r.evidence} ({r.figure:.0f})" if r.evidence and r.figure is not None else "–"
        cells += [escape(ev), f"[bold red]! {escape(r.why)}[/]" if r.disagree else ""]
        rows.append(cells)
    print_records(con, "", cols, rows)
    if any(r.disagree for r in v.rows):
        con.print("! ratings more than one level apart: worth a conversation")
    if len(v.periods) > 1:
        con.print(f"other periods: {escape(', '.join(p for p in v.periods if p != v.period))}")


def show_path(v: PathView) -> None:
    con = out()
    towards = f", towards {v.target}" if v.target else ""
    con.print(
        f"[bold]{escape(v.name)}[/] ({escape(v.member)}): learning path{escape(towards)}, "
        f"{v.done} of {v.total} done"
    )
    if not v.steps:
        con.print("no steps yet: a lead adds them under paths/ (see docs/growth.md)")
        return
    cols = [
        Col("", key=True),
        Col("step", key=True),
        Col("competency"),
        Col("level", key=True),
        Col("what"),
    ]
    rows = []
    for s in v.steps:
        if s.kind == "card":
            what = f"read card {s.card}" + (f": {s.title}" if s.title else " (not found)")
        elif s.call is not None:
            label = "listen (featured)" if s.kind == "featured" else "listen (best call)"
            what = f"{label}: {s.call.title} · {s.call.path}"
        else:
            what = "listen: no call qualifies yet"
        if s.note:
            what += f" — {s.note}"
        mark = "✓" if s.done else ("→" if s.id == v.next else "·")
        rows.append([mark, escape(s.id), escape(s.competency_title), escape(s.level), escape(what)])
    print_records(con, "", cols, rows)
    if v.next:
        con.print(f"next: `cskb path done {escape(v.next)}` once you have finished it")


def _value(v: float | None, unit: str) -> str:
    if v is None:
        return "–"
    return f"{v:.0f}%" if unit == "%" else f"{v:.1f}"


def show_targets(r: TargetsReport, last: int = 8) -> None:
    con = out()
    if not r.targets:
        con.print(escape("no [targets] in cskb.toml (see docs/growth.md)"))
        return
    if r.last_closed is None:
        con.print("no closed cycle yet: targets are judged once a cycle's due date has passed")
    cycles = [p.cycle for p in r.targets[0].points][-last:]
    cols = [Col("target"), Col("goal", key=True)]
    cols += [Col(c[5:], key=True, right=True) for c in cycles]
    cols += [Col("trend", key=True)]
    rows = []
    for t in r.targets:
        by = {p.cycle: p for p in t.points}
        cells = [escape(t.title), escape(t.wording)]
        for c in cycles:
            p = by[c]
            mark = "" if p.met is None else (" ✓" if p.met else " ✗")
            cells.append(_value(p.value, t.unit) + mark)
        cells.append(t.trend or "–")
        rows.append(cells)
    print_records(
        con, f"targets per closed cycle (✓ met, ✗ missed; last: {r.last_closed})", cols, rows
    )
