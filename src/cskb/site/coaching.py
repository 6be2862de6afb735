"""The site's coaching view: on each review's page, whether the reviewee acknowledged it,
each disputed score and its resolution (the score as written beside the one from now on);
and a Coaching page with the open disputes, the reviews awaiting an answer and every
member's goals with their follow-up.

Imported by `cskb site` (listed in `cskb.site.context.EXTENSION_MODULES`): a context hook
loads the responses once (`extra["coaching"]`), a page builder writes the Coaching page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cskb.coaching.goals import Goal, list_goals
from cskb.coaching.responses import read_all
from cskb.coaching.state import ReviewResponses, combine, has_responses, lead_handles
from cskb.errors import DataError
from cskb.site import context as sc

KEY = "coaching"
STATE_WORDS = {
    "awaiting": "not acknowledged yet",
    "acked": "acknowledged",
    "disputed": "a score is disputed",
    "resolved": "disputes resolved",
}


def _view(r: ReviewResponses, reviewer: str, reviewee: str, ctx: sc.SiteContext) -> dict[str, Any]:
    disputes = []
    for d in r.disputes:
        answer = r.resolution_of(d.criterion)
        crit = ctx.data.config.criterion(d.criterion)
        disputes.append(
            {
                "criterion": crit.title if crit else d.criterion,
                "was": d.was,
                "asked": d.score,
                "comment": d.comment,
                "date": d.date.isoformat(),
                "answer": None
                if answer is None
                else {
                    "outcome": {"accept": "accepted", "partial": "partly accepted"}.get(
                        answer.outcome, "rejected"
                    ),
                    "score": answer.score,
                    "by": ctx.data.name(answer.member),
                    "comment": answer.comment,
                    "date": answer.date.isoformat(),
                },
            }
        )
    return {
        "state": r.state(),
        "words": STATE_WORDS.get(r.state(), r.state()),
        "ack": None
        if r.ack is None
        else {"date": r.ack.date.isoformat(), "note": r.ack.note, "goals": list(r.ack.goals)},
        "disputes": disputes,
        "reviewee": ctx.data.name(reviewee),
        "reviewer": ctx.data.name(reviewer),
    }


def load(ctx: sc.SiteContext) -> None:
    """Each complete review's responses, by its KB path, and the goals."""
    if ctx.kb is None:
        return
    kb = ctx.kb
    leads = lead_handles(ctx.data.members, ctx.data.config)
    views: dict[str, dict[str, Any]] = {}
    for r in ctx.reviews:
        if not r.complete:
            continue
        path = kb.root / r.path
        answers = ReviewResponses()
        if has_responses(path):
            try:
                answers = combine(read_all(path), r.reviewer, r.reviewee, leads)
            except DataError:
                continue  # `cskb check` reports the file; the page shows no state
        views[r.path] = _view(answers, r.reviewer, r.reviewee, ctx)
    try:
        goals = list_goals(kb)
    except DataError:
        goals = []
    ctx.extra[KEY] = {"reviews": views, "goals": goals}


def _goal(ctx: sc.SiteContext, g: Goal) -> dict[str, Any]:
    return {
        "id": g.id,
        "owner": ctx.data.name(g.owner),
        "owner_path": ctx.member_path(g.owner),
        "text": g.text,
        "set_by": ctx.data.name(g.set_by),
        "set_on": g.set_on.isoformat(),
        "review_path": ctx.review_page_of(g.review),
        "open": g.open,
        "done": g.done.isoformat() if g.done else "",
        "follow_ups": [
            {
                "cycle": f.cycle,
                "result": f.result,
                "evidence": f.evidence,
                "path": ctx.review_page_of(f.review),
            }
            for f in g.follow_ups
        ],
    }


def coaching_pages(ctx: sc.SiteContext) -> Iterator[sc.Page]:
    found = ctx.extra.get(KEY) or {"reviews": {}, "goals": []}
    rows = []
    for r in ctx.reviews:
        view = found["reviews"].get(r.path)
        if view is None:
            continue
        rows.append({"view": view, "title": r.title, "cycle": r.cycle, "path": ctx.review_path(r)})
    disputed = [x for x in rows if x["view"]["state"] == "disputed"]
    awaiting = [x for x in rows if x["view"]["state"] == "awaiting"]
    answered = sum(x["view"]["state"] != "awaiting" for x in rows)
    yield sc.Page(
        "coaching/index.html",
        "coaching.html",
        {
            "disputed": disputed,
            "awaiting": awaiting[-50:],
            "awaiting_total": len(awaiting),
            "answered": answered,
            "complete": len(rows),
            "goals": [_goal(ctx, g) for g in found["goals"]],
        },
        "Coaching",
        KEY,
    )


sc.CONTEXT_HOOKS.append(load)
sc.PAGE_BUILDERS.append(coaching_pages)
sc.NAV.insert(len(sc.NAV) - 1, sc.NavEntry("Coaching", "coaching/index.html", KEY))
