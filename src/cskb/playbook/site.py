"""The playbook on the static site: an index with the trust score and a page per card.

Imported by `cskb site` (listed in `cskb.site.context.EXTENSION_MODULES`): it registers a
context hook that loads the cards once (`export.site_cards`) and tells the core pages which
card teaches each criterion, a page builder, and the "Playbook" nav entry. Everything on the
pages comes from KB files and is escaped by the templates; card bodies go through the site's
Markdown renderer (raw HTML off, unsafe links dropped).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cskb.playbook.export import SitePage, SitePlaybook, site_cards
from cskb.playbook.states import DUE, EXPIRED, INVALID, NEVER, STATES, VERIFIED
from cskb.site import context as sc
from cskb.site import markdown
from cskb.site.templating import trusted_html
from cskb.stats.data import ReviewRecord

KEY = "playbook"
BADGES = {
    VERIFIED: "verified",
    DUE: "due for verification",
    EXPIRED: "expired",
    NEVER: "never verified",
    INVALID: "verification not valid",
}


def card_path(card_id: str) -> str:
    """The page of a card, from the site root; a card in a subfolder keeps its folders."""
    parts = [sc.safe_name(p) for p in card_id.split("/")]
    return "playbook/" + "/".join(parts) + ".html"


@dataclass(frozen=True)
class ExemplarLink:
    criterion: str  # the criterion's title
    path: str | None  # the review's page, None when the site has none (a draft, say)
    title: str
    cycle: str
    reviewer: tuple[str, str | None]  # name, member page
    reviewee: tuple[str, str | None]
    customer: str
    score: str
    scale: str
    excerpt: str
    chosen_by: str = ""  # the leads who featured it, by name


def load(ctx: sc.SiteContext) -> None:
    """Context hook: the cards, and each criterion's card for the review and library pages.
    A criterion taught by several cards links the card named after it, else the first."""
    if ctx.kb is None:
        return
    playbook = site_cards(ctx.kb, ctx.data.today)
    ctx.extra[KEY] = playbook
    for page in sorted(playbook.pages, key=lambda p: p.path):
        for key in page.criteria:
            if key not in ctx.criterion_pages or page.id == key:
                ctx.criterion_pages[key] = card_path(page.id)


def _person(ctx: sc.SiteContext, handle: str) -> tuple[str, str | None]:
    return (ctx.data.name(handle), ctx.member_path(handle)) if handle else ("", None)


def _exemplars(
    ctx: sc.SiteContext, page: SitePage, by_path: dict[str, ReviewRecord]
) -> list[ExemplarLink]:
    titles = {c.key: c.title for c in ctx.data.config.rubric}
    out = []
    for e in page.exemplars:
        r = by_path.get(e.path)
        out.append(
            ExemplarLink(
                titles.get(e.criterion, e.criterion),
                ctx.review_page_of(e.path),
                r.title if r else e.path,
                e.cycle,
                _person(ctx, e.reviewer),
                _person(ctx, e.reviewee),
                e.customer,
                e.score,
                e.scale,
                e.excerpt,
                ", ".join(ctx.data.name(h) for h in e.chosen_by.split(", ") if h),
            )
        )
    return out


def _criteria(ctx: sc.SiteContext, page: SitePage) -> list[str]:
    titles = {c.key: c.title for c in ctx.data.config.rubric}
    return [titles.get(k, k) for k in page.criteria]


def playbook_pages(ctx: sc.SiteContext) -> Iterator[sc.Page]:
    playbook: SitePlaybook | None = ctx.extra.get(KEY)
    if playbook is None:
        return
    order = {s: i for i, s in enumerate((INVALID, EXPIRED, NEVER, DUE, VERIFIED))}
    pages = sorted(playbook.pages, key=lambda p: (order.get(p.state, 9), p.title.lower(), p.id))
    counts = {s: sum(p.state == s for p in playbook.pages) for s in STATES}
    by_path = {r.path: r for r in ctx.reviews}
    rows = []
    for p in pages:
        path = card_path(p.id)
        rows.append(
            {
                "p": p,
                "path": path,
                "badge": BADGES.get(p.state, p.state),
                "owner": _person(ctx, p.owner),
                "verifier": _person(ctx, p.verifier or p.owner),
                "criteria": _criteria(ctx, p),
            }
        )
        yield sc.Page(
            path,
            "card.html",
            {
                "p": p,
                "badge": BADGES.get(p.state, p.state),
                "body": trusted_html(markdown.render(p.body)),
                "owner": _person(ctx, p.owner),
                "verifier": _person(ctx, p.verifier or p.owner),
                "verified_by": _person(ctx, p.verified_by),
                "criteria": _criteria(ctx, p),
                "exemplars": _exemplars(ctx, p, by_path),
            },
            p.title or p.id,
            KEY,
        )
    yield sc.Page(
        "playbook/index.html",
        "playbook.html",
        {
            "rows": rows,
            "trust": playbook.trust_score,
            "counts": [(BADGES[s], s, counts[s]) for s in STATES],
            "unreadable": list(playbook.unreadable),
            "today": playbook.today.isoformat(),
        },
        "Playbook",
        KEY,
    )


sc.CONTEXT_HOOKS.append(load)
sc.PAGE_BUILDERS.append(playbook_pages)
sc.NAV.insert(len(sc.NAV) - 1, sc.NavEntry("Playbook", "playbook/index.html", KEY))
