"""The site's Retro pages: one per cycle (response rate, usefulness, the round's figures, what
worked, what to change, suggestions) and an index with the usefulness trend, which the
dashboard shows too.

Imported by `cskb site` (listed in `cskb.site.context.EXTENSION_MODULES`): a context hook
loads the summary once (`extra["retro"]`), a page builder writes the pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cskb.round.retro_summary import RetroSummary, retro_summary
from cskb.round.themes import themes
from cskb.site import charts
from cskb.site import context as sc

KEY = "retro"


def cycle_path(cycle: str) -> str:
    return f"retro/{sc.safe_name(cycle)}.html"


def trend_chart(summary: RetroSummary) -> charts.Chart:
    rows = summary.cycles
    return charts.line_chart(
        "retro-useful",
        "How useful the rounds were (retros, 1-5)",
        f"Mean usefulness given in the retros of each of {len(rows)} cycle(s), from 1 (not "
        "useful) to 5 (very useful); the table beneath has the response rates.",
        [c.cycle for c in rows],
        [("useful", [c.useful_mean for c in rows])],
        1,
        5,
        height=220,
        width=960,
    )


def load(ctx: sc.SiteContext) -> None:
    if ctx.kb is None:
        return
    summary = retro_summary(ctx.kb, ctx.data.today)
    if summary.cycles:
        ctx.extra["retro"] = {"summary": summary, "chart": trend_chart(summary)}


def _person(ctx: sc.SiteContext, handle: str) -> dict[str, Any]:
    return {"name": ctx.data.name(handle), "path": ctx.member_path(handle)}


def retro_pages(ctx: sc.SiteContext) -> Iterator[sc.Page]:
    found = ctx.extra.get("retro")
    summary: RetroSummary | None = found["summary"] if found else None
    rows = summary.cycles if summary else ()
    for row in rows:
        assert summary is not None
        retros = [r for r in summary.retros if r.cycle == row.cycle]
        page_themes = themes([r.change for r in retros], [r.tags for r in retros])
        yield sc.Page(
            cycle_path(row.cycle),
            "retro.html",
            {
                "row": row,
                "retros": [{"r": r, "who": _person(ctx, r.member)} for r in retros],
                "themes": page_themes,
            },
            f"Retro {row.cycle}",
            KEY,
        )
    yield sc.Page(
        "retro/index.html",
        "retros.html",
        {
            "rows": [{"row": r, "path": cycle_path(r.cycle)} for r in reversed(rows)],
            "trend": found["chart"] if found else None,
            "themes": summary.themes if summary else (),
        },
        "Retro",
        KEY,
    )


sc.CONTEXT_HOOKS.append(load)
sc.PAGE_BUILDERS.append(retro_pages)
sc.NAV.insert(len(sc.NAV) - 1, sc.NavEntry("Retro", "retro/index.html", KEY))
