"""Rich output for the roster."""

from __future__ import annotations

import datetime as dt

from cskb.models import Member
from cskb.render import out


def _away_text(m: Member, today: dt.date) -> str:
    """Current and future away windows, one per line, each date whole."""
    current = [w for w in m.away if w.until >= today]
    return "\n".join(f"{w.start}\n→ {w.until}" for w in current)


def roster_table(members: list[Member], today: dt.date) -> None:
    from rich.markup import escape

    from cskb.render.layout import Col, print_records

    cols = [
        Col("handle", key=True),
        Col("name"),
        Col("email", soft=True),
        Col("team, role"),
        Col("joined", key=True),
        Col("status", key=True),
    ]
    rows = []
    for m in members:
        status = "active" if m.active else "[dim]inactive[/]"
        if m.active and m.is_away(today, today):
            status = "[yellow]away[/]"
        windows = _away_text(m, today)
        if windows:  # current and coming away windows, each date whole
            status += f"\n[yellow]away[/] {windows}" if "away" not in status else f" {windows}"
        rows.append(
            [
                escape(m.handle),
                escape(m.name),
                escape(m.email),
                escape(", ".join(x for x in (m.team, m.role) if x)),
                str(m.joined or ""),
                status,
            ]
        )
    print_records(out(), f"Team ({sum(m.active for m in members)} active)", cols, rows)


def member_panel(m: Member, source: str) -> None:
    from rich.markup import escape

    out().print(
        f"[bold]{escape(m.handle)}[/] ({escape(m.name)}) {escape(m.email)}  [dim]from {source}[/]"
    )
