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

    from cskb.render.layout import Col, print_records

    rows = []
    for i, g in enumerate(c.groups, 1):
        reviews = "\n".join(f"{h} → {c.reviewee_of(h)}" for h in g.members)
        caveats = "\n".join(escape(x) for x in g.caveats) or "[green]ideal[/]"
        rows.append([str(i), escape(" + ".join(g.members)), escape(reviews), caveats])
    print_records(
        out(),
        title or f"Cycle {c.id} ({c.start} to {c.end}, due {c.due})",
        [Col("#", key=True, right=True), Col("group"), Col("reviews"), Col("caveats")],
        rows,
    )
    if c.away:
        out().print(f"Away: {escape(', '.join(c.away))}")
    if c.inactive:
        out().print(f"[dim]Inactive: {escape(', '.join(c.inactive))}[/]")
    for w in c.warnings:
        out().print(f"[yellow]warning:[/] {escape(w)}")


def cycles_table(cycles: list[Cycle]) -> None:
    from cskb.render.layout import Col, print_records

    rows = [
        [
            c.id,
            str(c.end),
            str(c.due),
            str(len(c.groups)),
            "yes" if any(len(g.members) == 3 for g in c.groups) else "",
            str(len(c.away)),
            str(sum(len(g.caveats) for g in c.groups)),
        ]
        for c in cycles
    ]
    cols = [Col(name, key=True) for name in ("cycle", "end", "due")]
    cols += [Col(name, key=True, right=True) for name in ("groups", "trio", "away", "caveats")]
    print_records(out(), f"{len(cycles)} cycle(s)", cols, rows)


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
