"""Member pages: scores per criterion over time as reviewee, reviews given and received,
participation; and the members index."""

from __future__ import annotations

from collections.abc import Iterator

from cskb.site import charts
from cskb.site import growth as site_growth
from cskb.site.context import Page, SiteContext
from cskb.site.library import link
from cskb.stats.figures import MemberProfile


def _profile_chart(p: MemberProfile) -> charts.Chart | None:
    if not p.trends or not p.trends[0].points:
        return None
    labels = [pt.cycle for pt in p.trends[0].points]
    lo = min(t.lo for t in p.trends)
    hi = max(t.hi for t in p.trends)
    return charts.line_chart(
        f"profile-{p.handle}",
        f"{p.name}: scores per criterion as reviewee",
        f"Mean score per criterion in each cycle where {p.name}'s call was reviewed, "
        f"{len(labels)} cycle(s); the table below lists every value.",
        labels,
        [(t.title, [pt.mean for pt in t.points]) for t in p.trends],
        lo,
        hi,
        height=260,
        width=960,
    )


def member_pages(ctx: SiteContext) -> Iterator[Page]:
    profiles = {p.handle: p for p in ctx.figures.members}
    rows_for: dict[str, list[dict[str, object]]] = {}
    by_key = {(r.cycle, r.reviewer): r for r in ctx.data.reviews}
    for cycle in ctx.data.cycles:
        for g in cycle.groups:
            for h in g.members:
                reviewee = cycle.reviewee_of(h) or ""
                r = by_key.get((cycle.id, h))
                rows_for.setdefault(h, []).append(
                    {
                        "cycle": cycle.id,
                        "reviews": ctx.data.name(reviewee),
                        "call": (cycle.id, h) in ctx.data.calls,
                        "review": "complete" if r and r.complete else "draft" if r else "missing",
                        "on_time": bool(
                            r and r.complete and r.completed and r.completed.date() <= cycle.due
                        ),
                    }
                )
    index = []
    for m in ctx.data.members:
        path = ctx.member_path(m.handle)
        assert path is not None
        p = profiles.get(m.handle)
        if p is None:
            continue
        given = [link(ctx, r) for r in ctx.reviews if r.reviewer == m.handle]
        received = [link(ctx, r) for r in ctx.reviews if r.reviewee == m.handle]
        index.append({"m": m, "p": p, "path": path})
        yield Page(
            path,
            "member.html",
            {
                "m": m,
                "p": p,
                "profile_chart": _profile_chart(p),
                "given": sorted(given, key=lambda x: x.cycle, reverse=True),
                "received": sorted(received, key=lambda x: x.cycle, reverse=True),
                "rows": list(reversed(rows_for.get(m.handle, []))),
                "growth": site_growth.member_context(ctx, m.handle),
            },
            m.name,
            "members",
        )
    yield Page("members/index.html", "members.html", {"members": index}, "Members", "members")
