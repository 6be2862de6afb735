"""Rich output for the roster."""

from __future__ import annotations

import datetime as dt

from cskb.models import Member
from cskb.render import out


def _away_text(m: Member, today: dt.date) -> str:
    current = [w for w in m.away if w.until >= today]
    return ", ".join(f"{w.start}..{w.until}" for w in current)


def roster_table(members: list[Member], today: dt.date) -> None:
    from rich.table import Table

    table = Table(title=f"Team ({sum(m.active for m in members)} active)")
    for col in ("handle", "name", "email", "team", "role", "joined", "status", "away"):
        table.add_column(col)
    for m in members:
        status = "active" if m.active else "[dim]inactive[/]"
        if m.active and m.is_away(today, today):
            status = "[yellow]away[/]"
        table.add_row(
            m.handle,
            m.name,
            m.email,
            m.team,
            m.role,
            str(m.joined or ""),
            status,
            _away_text(m, today),
        )
    out().print(table)


def member_panel(m: Member, source: str) -> None:
    from rich.markup import escape

    out().print(
        f"[bold]{escape(m.handle)}[/] ({escape(m.name)}) {escape(m.email)}  [dim]from {source}[/]"
    )
