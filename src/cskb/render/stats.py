"""`cskb stats` in the terminal: rich tables with sparklines and bars."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cskb.render import out
from cskb.stats.figures import Figures

if TYPE_CHECKING:
    from cskb.calibration.leniency import ReviewerLeniency

SPARKS = "▁▂▃▄▅▆▇█"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _text(value: str) -> str:
    """A string from a KB file, safe for the terminal: rich markup escaped and control
    characters (escape sequences above all) shown as U+FFFD instead of acted on."""
    from rich.markup import escape

    return escape(_CONTROL.sub("\ufffd", value))


def sparkline(values: Sequence[float | None], lo: float, hi: float) -> str:
    """One character per value, from ▁ (lo) to █ (hi); a gap for a missing value."""
    span = (hi - lo) or 1.0
    chars = []
    for v in values:
        if v is None:
            chars.append(" ")
        else:
            k = round((min(max(v, lo), hi) - lo) / span * (len(SPARKS) - 1))
            chars.append(SPARKS[k])
    return "".join(chars)


def bar(n: float, top: float, width: int = 24) -> str:
    if top <= 0 or n <= 0:
        return ""
    full = n / top * width
    return "█" * int(full) + ("▌" if full - int(full) >= 0.5 else "")


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.0f}%"


def _num(v: float | None, d: int = 1) -> str:
    return "–" if v is None else f"{v:.{d}f}"


def show_figures(f: Figures, last: int = 12) -> None:
    from rich.table import Table

    escape = _text

    con = out()
    t = f.totals
    con.print(
        f"[bold]{t.complete}[/] complete reviews ({t.drafts} drafts) · {t.cycles} cycles · "
        f"{t.active_members} active members · completed [bold]{_pct(t.completion_rate)}[/] · "
        f"on time [bold]{_pct(t.on_time_rate)}[/] · median call-to-review "
        f"[bold]{_num(f.latency.median_days)}[/] days · met for coffee "
        f"[bold]{_pct(t.meeting_rate)}[/] · pairs met [bold]{_pct(f.coverage.rate)}[/]"
    )
    rows = f.participation[-last:]
    table = Table(
        title=f"Participation (last {len(rows)} of {len(f.participation)} cycles; * still open)",
        box=None,
    )
    for col in ("cycle", "paired", "calls", "written", "done", "on time", "coffee", "rate"):
        table.add_column(
            col,
            justify="left" if col == "cycle" else "right",
            no_wrap=True,
            min_width=11 if col == "cycle" else None,
        )
    table.add_column("", no_wrap=True, min_width=10)
    for r in rows:
        table.add_row(
            r.cycle + ("" if r.closed else "*"),
            str(r.paired),
            str(r.calls),
            str(r.written),
            str(r.complete),
            str(r.on_time),
            f"{r.coffees}/{r.groups} {_pct(r.meeting_rate)}",
            _pct(r.completion_rate),
            bar(r.completion_rate or 0, 1, 10),
        )
    con.print(table)
    if f.streaks:
        st = Table(title="Missed cycles in a row", box=None)
        for col in ("member", "now", "longest", "last missed"):
            st.add_column(col, justify="left" if col in ("member", "last missed") else "right")
        for s in f.streaks:
            st.add_row(escape(s.name), str(s.current), str(s.longest), s.last_missed)
        con.print(st)
    tr = Table(title="Mean score per criterion, per cycle (oldest to newest)", box=None)
    for col in ("criterion", "scale", "mean", "n", "trend"):
        tr.add_column(
            col, justify="right" if col in ("mean", "n") else "left", no_wrap=col != "criterion"
        )
    for c in f.trends:
        tr.add_row(
            escape(c.title),
            c.scale,
            _num(c.mean, 2),
            str(c.n),
            sparkline([p.mean for p in c.points][-60:], c.lo, c.hi),
        )
    con.print(tr)
    top = max((b.n for b in f.distribution.bins), default=0)
    dist = Table(title=f"Review scores (median {_num(f.distribution.median)})", box=None)
    dist.add_column("score")
    dist.add_column("reviews", justify="right")
    dist.add_column("")
    for b in f.distribution.bins:
        dist.add_row(b.label, str(b.n), bar(b.n, top))
    con.print(dist)
    lat = Table(
        title=f"Latency: median {_num(f.latency.median_days)} d, 90th percentile "
        f"{_num(f.latency.p90_days)} d",
        box=None,
    )
    lat.add_column("call to review")
    lat.add_column("reviews", justify="right")
    lat.add_column("")
    top = max((b.n for b in f.latency.buckets), default=0)
    for b in f.latency.buckets:
        lat.add_row(b.label, str(b.n), bar(b.n, top))
    con.print(lat)
    topics = Table(title="Topics (complete reviews)", box=None)
    for col in ("tag", "n", "product", "n ", "customer", "n  "):
        topics.add_column(col, justify="right" if col.startswith("n") else "left")
    tp = f.topics
    for i in range(max(len(tp.tags), len(tp.products), len(tp.customers))):
        cells: list[str] = []
        for items in (tp.tags, tp.products, tp.customers):
            cells += [escape(items[i].label), str(items[i].n)] if i < len(items) else ["", ""]
        topics.add_row(*cells)
    con.print(topics)
    meetings(f)
    con.print(
        f"Pair coverage: {f.coverage.pairs_met} of {f.coverage.pairs_possible} pairs of active "
        "members have been grouped at least once (`--json` has the whole matrix)."
    )
    if len(f.members) == 1:
        p = f.members[0]
        mt = Table(title=f"{escape(p.name)}: scores as reviewee", box=None)
        for col in ("criterion", "mean", "n", "trend"):
            mt.add_column(col, justify="right" if col in ("mean", "n") else "left")
        for c in p.trends:
            mt.add_row(
                escape(c.title),
                _num(c.mean, 2),
                str(c.n),
                sparkline([x.mean for x in c.points], c.lo, c.hi),
            )
        con.print(
            f"{escape(p.name)}: paired {p.cycles_paired} · calls {p.calls} · reviews given "
            f"{p.given_complete} (+{p.given_draft} drafts) · received {p.received_complete} · on time "
            f"{p.on_time} · met for coffee {p.coffees} of {p.cycles_paired} "
            f"({_pct(p.meeting_rate)}) · missed in a row {p.missed_current}"
        )
        con.print(mt)
    if f.unreadable:
        con.print(
            f"[yellow]{len(f.unreadable)} unreadable review file(s) left out; see `cskb check`[/]"
        )


MEETINGS_SHOWN = 10


def meetings(f: Figures) -> None:
    """The meeting rate per member: those who met least often first (several members)."""
    from rich.markup import escape
    from rich.table import Table

    people = sorted(
        (p for p in f.members if p.cycles_paired and p.meeting_rate is not None),
        key=lambda p: (p.meeting_rate or 0, -p.cycles_paired, p.handle),
    )
    if len(people) < 2:
        return
    shown = people[:MEETINGS_SHOWN]
    table = Table(
        title=f"Met for coffee, per member (the {len(shown)} of {len(people)} who met least; "
        "`--json` has everyone)",
        box=None,
    )
    for col in ("member", "met", "paired", "rate"):
        table.add_column(col, justify="left" if col == "member" else "right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=10)
    for p in shown:
        rate = p.meeting_rate or 0
        table.add_row(
            escape(p.name), str(p.coffees), str(p.cycles_paired), _pct(rate), bar(rate, 1, 10)
        )
    out().print(table)


LENIENCY_NOTE = (
    "offset: points (of 100) above (+) or below (−) the rest of the team's mean on the same "
    "criteria; flagged: share of written criterion sections that are vague or too short"
)


def reviewers_table(rows: Sequence[ReviewerLeniency]) -> None:
    """Each reviewer's leniency and vague or short evidence on regular reviews."""
    from rich.table import Table

    con = out()
    if not rows:
        con.print("\nreviewer leniency: no regular reviews in the window")
        return
    cycles = rows[0].cycles
    span = f"{cycles[0]} to {cycles[-1]}" if cycles else ""
    table = Table(
        title=f"reviewer leniency on regular reviews ({_text(span)}), most generous first",
        box=None,
        header_style="bold",
        title_justify="left",
    )
    for col in ("reviewer", "reviews", "scores", "offset", "sections", "vague", "short", "flagged"):
        table.add_column(col, justify="left" if col == "reviewer" else "right", no_wrap=True)
    for r in rows:
        flagged = r.vague_or_short
        table.add_row(
            _text(r.reviewer),
            str(r.reviews),
            str(r.scores),
            "–" if r.offset is None else f"{r.offset:+.1f}",
            str(r.sections),
            str(r.vague),
            str(r.short),
            "–" if flagged is None else f"{flagged:.0f}%",
        )
    con.print(table)
    con.print(LENIENCY_NOTE)
