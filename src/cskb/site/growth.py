"""Growth on the static site: each member's standing on their page (with a gap chart), the
"Start here" page (the matrix and the learning path with everyone's progress), and the
programme's targets on the dashboard.

Imported by `cskb site` (listed in `cskb.site.context.EXTENSION_MODULES`): a context hook
computes everything once from `ctx.data` into `ctx.extra`; the member and dashboard pages
read it from there. Only complete reviews are evidence (as in `cskb member`), and no
assessment is ever shown: they are private to the member and the leads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cskb.errors import CskbError
from cskb.growth.evidence import CompetencyEvidence
from cskb.growth.learning import Exemplars, PathView, path_view
from cskb.growth.matrix import Matrix, load_matrix
from cskb.growth.paths import load_paths, load_progress
from cskb.growth.standing import MemberStanding, everyones_goals, standing_from
from cskb.growth.targets import TargetsReport, targets_from
from cskb.playbook.cards import load_cards
from cskb.site import context as sc

KEY = "growth"
ROW, LABEL_W, BAR_W, PAD = 34, 190, 380, 16


@dataclass(frozen=True)
class GapRow:
    label: str
    y: float
    figure: float | None
    bar_w: float
    expects: float | None
    mark_x: float | None
    text: str  # what the row says in words, also without colour


@dataclass(frozen=True)
class GapChart:
    id: str
    title: str
    alt: str
    width: int
    height: int
    x0: float
    scale_w: float
    rows: tuple[GapRow, ...]
    ticks: tuple[tuple[float, str], ...]


def gap_chart(s: MemberStanding) -> GapChart:
    """Bars of each competency's evidence figure with a mark at what the next level expects."""
    rows = []
    for i, c in enumerate(s.competencies):
        y = PAD + i * ROW
        fig = c.figure
        mark = LABEL_W + BAR_W * c.expects / 100 if c.expects is not None else None
        rows.append(
            GapRow(
                c.title,
                y,
                fig,
                BAR_W * fig / 100 if fig is not None else 0.0,
                c.expects,
                mark,
                _words(c),
            )
        )
    target = s.target_title or "the next level"
    return GapChart(
        f"gap-{sc.safe_name(s.handle)}",
        f"{s.name}: evidence per competency against {target}",
        f"For each competency, a bar of {s.name}'s evidence figure (0 to 100) and a dashed mark "
        f"at what {target} expects; the table below lists every value.",
        LABEL_W + BAR_W + 110,
        PAD * 2 + ROW * len(rows) + 14,
        LABEL_W,
        BAR_W,
        tuple(rows),
        tuple((LABEL_W + BAR_W * v / 100, str(v)) for v in (0, 25, 50, 75, 100)),
    )


def _words(c: CompetencyEvidence) -> str:
    if c.figure is None:
        return f"too little evidence ({c.reviews} reviews)"
    gap = "" if c.expects is None else f" / {c.expects:g}"
    return f"{c.figure:g}{gap}"


@dataclass(frozen=True)
class Growth:
    matrix: Matrix | None
    problem: str  # why the matrix or paths could not be read ("" when fine)
    members: dict[str, dict[str, Any]]  # handle -> {"s": standing, "chart": GapChart}
    paths: dict[str, PathView]  # handle -> their path and progress
    targets: TargetsReport | None


def load(ctx: sc.SiteContext) -> None:
    """The context hook: everything growth shows, computed once per build."""
    kb = ctx.kb
    problem, matrix = "", None
    members: dict[str, dict[str, Any]] = {}
    views: dict[str, PathView] = {}
    targets = None
    cards = load_cards(kb)[0] if kb is not None else []
    if kb is not None:
        try:
            targets = targets_from(ctx.data, ctx.figures, cards)
        except CskbError as exc:
            problem = exc.message
        try:
            matrix = load_matrix(kb)
        except CskbError as exc:
            problem = exc.message
    if matrix is not None and kb is not None:
        today = ctx.data.today
        goals = everyones_goals(kb)
        for m in ctx.data.members:
            s = standing_from(ctx.data, matrix, m.handle, today, goals.get(m.handle, ()))
            members[m.handle] = {"s": s, "chart": gap_chart(s)}
        try:
            paths, bad = load_paths(kb, matrix)
            if bad:
                problem = bad[0][1].message
            titles = {c.id: c.title for c in cards}
            ranking = Exemplars(ctx.data)
            for m in ctx.data.members:
                if m.active:
                    done = load_progress(kb, m.handle)
                    views[m.handle] = path_view(
                        ctx.data, matrix, paths, titles, m.handle, done, ranking
                    )
        except CskbError as exc:
            problem = exc.message
    ctx.extra[KEY] = Growth(matrix, problem, members, views, targets)


def of(ctx: sc.SiteContext) -> Growth | None:
    found = ctx.extra.get(KEY)
    return found if isinstance(found, Growth) else None


def member_context(ctx: sc.SiteContext, handle: str) -> dict[str, Any] | None:
    """What the member page shows of growth (None without a matrix)."""
    g = of(ctx)
    if g is None or handle not in g.members:
        return None
    s: MemberStanding = g.members[handle]["s"]
    calls = [c for e in s.competencies for c in (e.best, e.weakest) if c is not None]
    pages = {c.path: ctx.review_page_of(c.path) for c in calls}
    return {**g.members[handle], "path": g.paths.get(handle), "pages": pages}


def targets_of(ctx: sc.SiteContext) -> TargetsReport | None:
    """The dashboard's targets (None when none are set)."""
    g = of(ctx)
    return g.targets if g is not None and g.targets and g.targets.targets else None


def start_pages(ctx: sc.SiteContext) -> Iterator[sc.Page]:
    from cskb.playbook.site import card_path

    g = of(ctx)
    if g is None:
        return
    steps: dict[str, Any] = {}
    for view in g.paths.values():
        for s in view.steps:
            steps.setdefault(s.id, s)
    order = {lv.key: i for i, lv in enumerate(g.matrix.levels)} if g.matrix else {}
    listed = sorted(steps.values(), key=lambda s: order.get(s.level, 0))
    links = {
        s.id: (
            card_path(s.card)
            if s.kind == "card" and s.title
            else ctx.review_page_of(s.call.path)
            if s.call
            else None
        )
        for s in listed
    }
    progress = [
        {"m": m, "path": ctx.member_path(m.handle), "v": g.paths[m.handle]}
        for m in ctx.data.members
        if m.handle in g.paths
    ]
    yield sc.Page(
        "start/index.html",
        "start.html",
        {"g": g, "steps": listed, "links": links, "progress": progress},
        "Start here",
        KEY,
    )


sc.CONTEXT_HOOKS.append(load)
sc.PAGE_BUILDERS.append(start_pages)
sc.NAV.insert(1, sc.NavEntry("Start here", "start/index.html", KEY))
