"""Rich output for calibration sessions: the list, one session, the report and heat map."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cskb.calibration.leniency import ReviewerLeniency
from cskb.calibration.report import CalibrationReport, SessionReport
from cskb.render import out


def _esc(text: Any) -> str:
    from rich.markup import escape

    return escape(str(text))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def sessions_table(reports: Sequence[SessionReport]) -> None:
    from rich.table import Table

    table = Table(title=f"{len(reports)} calibration session(s)", box=None, header_style="bold")
    for col in ("ID", "status", "opened", "due", "customer", "lead", "written"):
        table.add_column(col, no_wrap=col in ("ID", "status", "opened", "due"))
    for r in reports:
        s = r.session
        done = sum(w.status != "not started" for w in r.written)
        table.add_row(
            _esc(s.id),
            s.status,
            s.opened.isoformat(),
            s.due.isoformat() if s.due else "",
            _esc(s.customer),
            _esc(s.lead),
            f"{done}/{len(r.written)}",
        )
    out().print(table)


def _score(value: Any) -> str:
    return "–" if value is None else _esc(value)


def session_panel(report: SessionReport, keys: Sequence[str], viewer: str | None) -> None:
    """The session, and a table of who has written; scores only once closed (or one's own)."""
    from rich.panel import Panel
    from rich.table import Table

    s = report.session
    head = (
        f"[bold]{_esc(s.customer)}[/] · {_esc(s.url)}\n"
        f"status {s.status} · opened {s.opened} · due {s.due or '–'} · lead {_esc(s.lead)}"
        f" · reviewee {_esc(s.reviewee or '–')}"
    )
    if s.benchmark and not report.hidden:
        head += f"\nbenchmark from {_esc(s.benchmark.source)}, fixed {s.benchmark.closed}"
    out().print(Panel(head, title=_esc(s.id)))
    table = Table(box=None, header_style="bold")
    table.add_column("member", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for k in keys:
        table.add_column(_esc(k), justify="right")
    if s.benchmark and not report.hidden:
        table.add_row("benchmark", "", *(_score(s.benchmark.scores.get(k)) for k in keys))
    for w in report.written:
        who = _esc(w.handle) + (" (you)" if w.handle == viewer else "")
        cells = (
            [_score(w.scores.get(k)) for k in keys]
            if w.scores is not None
            else ["hidden" if report.hidden and w.status != "not started" else "" for _ in keys]
        )
        table.add_row(who, w.status, *cells)
    out().print(table)


def _heat(distance: float | None, score: Any, note: str) -> str:
    if distance is None:
        return f"[dim]{_esc(note or '–')}[/]"
    colour = "green" if distance <= 0.125 else "yellow" if distance <= 0.375 else "red"
    return f"[{colour}]{_score(score)} · {distance * 100:.0f}%[/]"


def _alpha_sentence(value: float | None, reason: str) -> str:
    from cskb.calibration.metrics import alpha_reading

    if value is None:
        return f"agreement (Krippendorff's alpha): not defined, {reason}"
    return f"agreement (Krippendorff's alpha, ordinal): {value:.2f} ({alpha_reading(value)})"


def session_figures(report: SessionReport, keys: Sequence[str]) -> None:
    from rich.table import Table

    s = report.session
    if report.hidden:
        done = sum(w.status != "not started" for w in report.written)
        out().print(
            f"[bold]{_esc(s.id)}[/] (open): {done} of {len(report.written)} written; "
            "figures appear once the lead runs `cskb calibrate final`"
        )
        return
    assert s.benchmark is not None
    title = (
        f"{s.id}: {s.customer}, benchmark from {s.benchmark.source} ({s.benchmark.closed}); "
        f"each cell: score · distance from the benchmark"
    )
    table = Table(title=_esc(title), box=None, header_style="bold", title_justify="left")
    table.add_column("reviewer", no_wrap=True)
    table.add_column("alignment", justify="right", no_wrap=True)
    for k in keys:
        table.add_column(f"{_esc(k)} ({_score(s.benchmark.scores.get(k))})", justify="right")
    for row in report.rows:
        by = {c.key: c for c in row.criteria}
        cells = [
            _heat(by[k].distance, by[k].score, by[k].note) if k in by else f"[dim]{row.status}[/]"
            for k in keys
        ]
        table.add_row(_esc(row.reviewer), _pct(row.alignment), *cells)
    out().print(table)
    if report.mean_alignment is not None:
        out().print(f"mean alignment: {report.mean_alignment:.0f}%")
    if report.alpha is not None:
        out().print(_alpha_sentence(report.alpha.value, report.alpha.reason))


def report_text(report: CalibrationReport, keys: Sequence[str], whole: bool) -> None:
    from rich.table import Table

    if not report.sessions:
        out().print("no calibration sessions yet; open one with `cskb calibrate new`")
    for s in report.sessions:
        session_figures(s, keys)
        out().print("")
    if report.trends:
        table = Table(
            title="alignment across sessions", box=None, header_style="bold", title_justify="left"
        )
        table.add_column("reviewer", no_wrap=True)
        table.add_column("sessions", justify="right")
        table.add_column("alignment, oldest first")
        table.add_column("change", justify="right")
        for t in report.trends:
            change = t.change
            table.add_row(
                _esc(t.reviewer),
                str(len(t.points)),
                " → ".join(f"{p.alignment:.0f}%" for p in t.points),
                "–" if change is None else f"{change:+.0f}",
            )
        out().print(table)
    if whole:
        leniency_table(report.leniency)


def leniency_table(rows: Sequence[ReviewerLeniency]) -> None:
    from cskb.render.stats import reviewers_table

    reviewers_table(rows)
