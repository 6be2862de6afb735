"""Rich output for cycles, pairings and announcements."""

from __future__ import annotations

from typing import Any

from cskb.models import Cycle
from cskb.render import out


def cycle_dict(c: Cycle) -> dict[str, Any]:
    return {
        "cycle": c.id,
        "start": c.start.isoformat(),
        "end": c.end.isoformat(),
        "due": c.due.isoformat(),
        "seed": c.seed,
        "algorithm": c.algorithm,
        "groups": [
            {
                "members": list(g.members),
                "reviews": {h: c.reviewee_of(h) for h in g.members},
                "caveats": list(g.caveats),
            }
            for g in c.groups
        ],
        "away": list(c.away),
        "inactive": list(c.inactive),
        "warnings": list(c.warnings),
    }


def cycle_table(c: Cycle, title: str | None = None) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title or f"Cycle {c.id} ({c.start} to {c.end}, due {c.due})")
    table.add_column("#", justify="right")
    table.add_column("group")
    table.add_column("reviews")
    table.add_column("caveats")
    for i, g in enumerate(c.groups, 1):
        reviews = ", ".join(f"{h} → {c.reviewee_of(h)}" for h in g.members)
        caveats = "\n".join(escape(x) for x in g.caveats) or "[green]ideal[/]"
        table.add_row(str(i), escape(" + ".join(g.members)), escape(reviews), caveats)
    out().print(table)
    if c.away:
        out().print(f"Away: {escape(', '.join(c.away))}")
    if c.inactive:
        out().print(f"[dim]Inactive: {escape(', '.join(c.inactive))}[/]")
    for w in c.warnings:
        out().print(f"[yellow]warning:[/] {escape(w)}")


def cycles_table(cycles: list[Cycle]) -> None:
    from rich.table import Table

    table = Table(title=f"{len(cycles)} cycle(s)")
    for col in ("cycle", "end", "due", "groups", "trio", "away", "caveats"):
        table.add_column(col)
    for c in cycles:
        table.add_row(
            c.id,
            str(c.end),
            str(c.due),
            str(len(c.groups)),
            "yes" if any(len(g.members) == 3 for g in c.groups) else "",
            str(len(c.away)),
            str(sum(len(g.caveats) for g in c.groups)),
        )
    out().print(table)


def partner_line(handle: str, c: Cycle) -> None:
    from rich.markup import escape

    partners = c.partners_of(handle)
    out().print(
        f"Cycle {c.id}: [bold]{escape(handle)}[/] is with {escape(' and '.join(partners))}; "
        f"you review [bold]{escape(str(c.reviewee_of(handle)))}[/]'s call (due {c.due})"
    )


def announcement(text: str) -> None:
    from rich.markup import escape

    out().print(escape(text), soft_wrap=True)
