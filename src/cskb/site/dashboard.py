"""The home page: the programme at a glance, every chart with its table beneath."""

from __future__ import annotations

from collections.abc import Iterator

from cskb.site import charts
from cskb.site import growth as site_growth
from cskb.site.context import Page, SiteContext


def _pct(v: float | None) -> float | None:
    return None if v is None else round(100 * v, 1)


def dashboard_charts(ctx: SiteContext) -> dict[str, object]:
    f = ctx.figures
    closed = [row for row in f.participation if row.closed]
    rates = charts.line_chart(
        "rates",
        "Completion, on-time and meeting rate per closed cycle",
        f"Share of owed reviews completed, and completed by the due date, and share of groups "
        f"that met for a coffee, in each of {len(closed)} closed cycle(s) (the open cycle is in "
        f"the table); overall {_fmt_pct(f.totals.completion_rate)} completed, "
        f"{_fmt_pct(f.totals.on_time_rate)} on time, {_fmt_pct(f.totals.meeting_rate)} met.",
        [row.cycle for row in closed],
        [
            ("completed", [_pct(r.completion_rate) for r in closed]),
            ("on time", [_pct(r.on_time_rate) for r in closed]),
            ("met for coffee", [_pct(r.meeting_rate) for r in closed]),
        ],
        0,
        100,
        unit="%",
        height=260,
        width=960,
    )
    trend_charts = [
        charts.line_chart(
            f"trend-{t.key}",
            t.title,
            f"Mean score for {t.title} per cycle on its {t.scale} scale; overall "
            f"{'–' if t.mean is None else t.mean} over {t.n} review(s).",
            [p.cycle for p in t.points],
            [(t.title, [p.mean for p in t.points])],
            t.lo,
            t.hi,
            height=190,
            width=380,
        )
        for t in f.trends
    ]
    dist = charts.bar_chart(
        "distribution",
        "Review scores (0-100)",
        f"How many complete reviews scored in each band of ten; {f.distribution.n} scored, "
        f"median {f.distribution.median}.",
        [(b.label, b.n) for b in f.distribution.bins],
    )
    lat = charts.bar_chart(
        "latency",
        "Review latency: call submitted to review complete",
        f"How many reviews were completed within each delay; median {f.latency.median_days} days, "
        f"90th percentile {f.latency.p90_days} days over {f.latency.n} review(s).",
        [(b.label, b.n) for b in f.latency.buckets],
    )
    cov = f.coverage
    grid = charts.grid_chart(
        "coverage",
        "Pair coverage: who has met whom",
        f"{cov.pairs_met} of {cov.pairs_possible} possible pairs of active members have been grouped "
        "at least once; darker cells met more often.",
        cov.names,
        cov.names,
        cov.matrix,
        describe="{row} and {col}: {value} cycle(s)",
    )
    top = f.topics
    tag_chart = charts.hbar_chart(
        "tags",
        "Topics the library covers (tags)",
        f"Complete reviews per tag, the {len(top.tags)} most used.",
        [(c.label, c.n) for c in top.tags],
    )
    prod_chart = charts.hbar_chart(
        "products",
        "Products",
        "Complete reviews per product.",
        [(c.label, c.n) for c in top.products],
    )
    cust_chart = charts.hbar_chart(
        "customers",
        "Customers",
        "Complete reviews per customer, the most reviewed.",
        [(c.label, c.n) for c in top.customers],
    )
    over = top.over_time
    topic_grid = None
    if over and over[0].counts:
        names = [c.label for c in over[0].counts]
        topic_grid = charts.grid_chart(
            "topics-time",
            "Top tags over time",
            "Complete reviews per cycle for the most used tags; darker cells more reviews.",
            names,
            [o.cycle for o in over],
            [[o.counts[i].n for o in over] for i in range(len(names))],
            describe="{row} in {col}: {value}",
        )
    return {
        "rates": rates,
        "trends": trend_charts,
        "distribution": dist,
        "latency": lat,
        "coverage": grid,
        "tags": tag_chart,
        "products": prod_chart,
        "customers": cust_chart,
        "topics_time": topic_grid,
    }


def _fmt_pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.0f}%"


def dashboard_pages(ctx: SiteContext) -> Iterator[Page]:
    yield Page(
        "index.html",
        "dashboard.html",
        {
            "f": ctx.figures,
            "c": dashboard_charts(ctx),
            "retro": ctx.extra.get("retro"),
            "targets": site_growth.targets_of(ctx),
        },
        "Dashboard",
        "dashboard",
    )


def search_pages(ctx: SiteContext) -> Iterator[Page]:
    yield Page("search/index.html", "search.html", {}, "Search", "search")
