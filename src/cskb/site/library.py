"""Library pages: one per review, indexes by tag, product, customer and cycle, best calls."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cskb.reviews.moments import link_moments
from cskb.reviews.sections import criterion_sections, split_sections
from cskb.site import markdown
from cskb.site.context import Page, SiteContext, slug
from cskb.site.templating import trusted_html
from cskb.stats.data import ReviewRecord

EXCERPT_CHARS = 280
BEST_PER_CRITERION = 5
BEST_PER_TAG = 3


@dataclass(frozen=True)
class ReviewLink:
    path: str
    title: str
    cycle: str
    reviewer: str
    reviewee: str
    customer: str
    score: float | None
    status: str
    tags: tuple[str, ...]
    excerpt: str = ""


@dataclass(frozen=True)
class Label:
    label: str
    path: str
    count: int


def language(text: str) -> str:
    """The page's `lang`: the script most of a review is written in (for fonts and readers)."""
    if re.search("[\u3040-\u30ff]", text):
        return "ja"
    if re.search("[\u0e00-\u0e7f]", text):
        return "th"
    if re.search("[\u4e00-\u9fff]", text):
        return "zh"
    if len(re.findall("[\u0400-\u04ff]", text)) > 20:
        return "uk"
    return "en"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def link(ctx: SiteContext, r: ReviewRecord, text: str = "") -> ReviewLink:
    return ReviewLink(
        ctx.review_path(r),
        r.title,
        r.cycle,
        ctx.data.name(r.reviewer),
        ctx.data.name(r.reviewee),
        r.customer,
        r.score,
        r.status,
        r.tags,
        excerpt(text) if text else "",
    )


def evidence(ctx: SiteContext, r: ReviewRecord) -> dict[str, str]:
    """Criterion key (and 'well') -> the section's evidence text."""
    _, sections = split_sections(r.body)
    titles = {c.title.strip().lower(): c.key for c in ctx.data.config.rubric}
    out = {k: s.evidence for k, s in criterion_sections(sections, titles).items()}
    for s in sections:
        if s.heading.strip().lower() == "what went well":
            out["well"] = s.evidence
    return out


def _linked(ctx: SiteContext, r: ReviewRecord) -> str:
    """The body with its timestamps linked into the call's recording."""
    if not markdown.is_http_url(r.call_url):
        return r.body
    return link_moments(r.body, r.call_url, dict(ctx.data.config.coaching.moment_links))


def review_pages(ctx: SiteContext) -> Iterator[Page]:
    for r in ctx.reviews:
        path = ctx.review_path(r)
        scores = []
        for c in ctx.data.config.rubric:
            value = r.values.get(c.key)
            shown = (
                "–"
                if value is None
                else ("yes" if value is True else "no" if value is False else str(value))
            )
            scores.append(
                {
                    "title": c.title,
                    "value": shown,
                    "scale": str(c.scale),
                    "norm": r.norms.get(c.key),
                    "card": ctx.criterion_pages.get(c.key),
                }
            )
        yield Page(
            path,
            "review.html",
            {
                "r": r,
                "body": trusted_html(markdown.render(_linked(ctx, r))),
                "scores": scores,
                "call_url": r.call_url if markdown.is_http_url(r.call_url) else "",
                "reviewer": (ctx.data.name(r.reviewer), ctx.member_path(r.reviewer)),
                "reviewee": (ctx.data.name(r.reviewee), ctx.member_path(r.reviewee)),
                "tags": [(t, f"tags/{slug(t)}.html") for t in r.tags],
                "products": [(p, f"products/{slug(p)}.html") for p in r.products],
                "customer_path": f"customers/{slug(r.customer)}.html" if r.customer else "",
                "cycle_path": f"cycles/{slug(r.cycle)}.html" if r.cycle else "",
                "coaching": (ctx.extra.get("coaching") or {}).get("reviews", {}).get(r.path),
            },
            r.title,
            "library",
            language(r.title + r.body),
        )


def _index(
    ctx: SiteContext,
    folder: str,
    noun: str,
    keyed: dict[str, list[ReviewRecord]],
    nav: str = "library",
) -> Iterator[Page]:
    labels = []
    for label, items in sorted(keyed.items(), key=lambda kv: (-len(kv[1]), kv[0].lower())):
        path = f"{folder}/{slug(label)}.html"
        labels.append(Label(label, path, len(items)))
        ordered = sorted(items, key=lambda r: (r.cycle, r.score or 0), reverse=True)
        yield Page(
            path,
            "listing.html",
            {"heading": f"{noun}: {label}", "items": [link(ctx, r) for r in ordered]},
            f"{noun}: {label}",
            nav,
        )
    yield Page(
        f"{folder}/index.html",
        "labels.html",
        {"heading": f"{noun}s".replace("ys", "ies"), "labels": labels},
        f"{noun}s",
        nav,
    )


def index_pages(ctx: SiteContext) -> Iterator[Page]:
    by: dict[str, dict[str, list[ReviewRecord]]] = {k: defaultdict(list) for k in ("t", "p", "c")}
    for r in ctx.reviews:
        for t in r.tags:
            by["t"][t].append(r)
        for p in r.products:
            by["p"][p].append(r)
        if r.customer:
            by["c"][r.customer].append(r)
    yield from _index(ctx, "tags", "Tag", by["t"])
    yield from _index(ctx, "products", "Product", by["p"])
    yield from _index(ctx, "customers", "Customer", by["c"])


def cycle_pages(ctx: SiteContext) -> Iterator[Page]:
    keyed: dict[str, list[ReviewRecord]] = defaultdict(list)
    for r in ctx.reviews:
        keyed[r.cycle].append(r)
    rows = {row.cycle: row for row in ctx.figures.participation}
    labels = []
    for cycle in sorted(set(keyed) | set(rows), reverse=True):
        path = f"cycles/{slug(cycle)}.html"
        labels.append(Label(cycle, path, len(keyed.get(cycle, []))))
        items = sorted(keyed.get(cycle, []), key=lambda r: -(r.score or 0))
        yield Page(
            path,
            "listing.html",
            {
                "heading": f"Cycle {cycle}",
                "items": [link(ctx, r) for r in items],
                "row": rows.get(cycle),
            },
            f"Cycle {cycle}",
            "cycles",
        )
    yield Page(
        "cycles/index.html",
        "labels.html",
        {"heading": "Cycles", "labels": labels, "keep_order": True},
        "Cycles",
        "cycles",
    )


def _best(scored: Iterable[tuple[float, float, ReviewRecord]], n: int) -> list[ReviewRecord]:
    return [r for _, _, r in sorted(scored, key=lambda x: (-x[0], -x[1], x[2].path))[:n]]


def best_pages(ctx: SiteContext) -> Iterator[Page]:
    """The library's front page: the best complete calls per criterion and per tag."""
    done = [r for r in ctx.reviews if r.complete]
    ev = {r.path: evidence(ctx, r) for r in done}
    per_criterion = []
    for c in ctx.data.config.rubric:
        top = _best(
            ((r.norms[c.key], r.score or 0, r) for r in done if c.key in r.norms),
            BEST_PER_CRITERION,
        )
        per_criterion.append(
            {
                "title": c.title,
                "card": ctx.criterion_pages.get(c.key),
                "items": [link(ctx, r, ev[r.path].get(c.key, "")) for r in top],
            }
        )
    by_tag: dict[str, list[ReviewRecord]] = defaultdict(list)
    for r in done:
        for t in r.tags:
            by_tag[t].append(r)
    per_tag = []
    for tag, items in sorted(by_tag.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        top = _best(((r.score or 0, 0.0, r) for r in items), BEST_PER_TAG)
        per_tag.append(
            {
                "tag": tag,
                "path": f"tags/{slug(tag)}.html",
                "count": len(items),
                "items": [
                    link(ctx, r, ev[r.path].get("well") or next(iter(ev[r.path].values()), ""))
                    for r in top
                ],
            }
        )
    yield Page(
        "library/index.html",
        "library.html",
        {"per_criterion": per_criterion, "per_tag": per_tag, "total": len(ctx.reviews)},
        "Library: the best calls",
        "library",
    )
