"""Calibration on the static site: sessions, alignment heat maps, trends and leniency.

Imported by `cskb site` (listed in `cskb.site.context.EXTENSION_MODULES`). The figures are
`report.calibration_report`'s, computed with no viewer: an open session shows only who has
written, never a score, exactly as `cskb calibrate show` does for someone outside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cskb.calibration.metrics import alpha_reading
from cskb.calibration.report import CalibrationReport, SessionReport, calibration_report
from cskb.site import context as sc

KEY = "calibration"
LENIENCY_CYCLES = 6


def session_path(session_id: str) -> str:
    return f"calibration/{sc.safe_name(session_id)}.html"


def heat_level(distance: float | None) -> int | None:
    """0 (identical) .. 4 (far apart) for a cell's colour: steps of an eighth of the scale,
    the same bands as the terminal's heat map (green up to 12.5%, amber up to 37.5%)."""
    if distance is None:
        return None
    for level, top in enumerate((0.0, 0.125, 0.375, 0.625)):
        if distance <= top + 1e-9:
            return level
    return 4


def _criteria(ctx: sc.SiteContext) -> list[dict[str, Any]]:
    return [
        {
            "key": c.key,
            "title": c.title,
            "scale": str(c.scale),
            "card": ctx.criterion_pages.get(c.key),
        }
        for c in ctx.data.config.rubric
    ]


def _person(ctx: sc.SiteContext, handle: str) -> tuple[str, str | None]:
    return ctx.data.name(handle), ctx.member_path(handle)


def _value(v: Any) -> str:
    if v is None:
        return "–"
    return ("yes" if v else "no") if isinstance(v, bool) else str(v)


def _session_context(
    ctx: sc.SiteContext, rep: SessionReport, report: CalibrationReport
) -> dict[str, Any]:
    s = rep.session
    crit = _criteria(ctx)
    rows = []
    for row in rep.rows:
        by = {c.key: c for c in row.criteria}
        cells: list[dict[str, Any]] = []
        for c in crit:
            d = by.get(c["key"])
            if d is None:
                # no score to compare (a participant who never wrote, say): every cell has
                # the same keys, so the template never meets a missing one
                cells.append({"text": row.status, "level": None, "title": row.status, "note": None})
                continue
            text = (
                _value(d.score)
                if d.distance is None
                else f"{_value(d.score)} · {100 * d.distance:.0f}%"
            )
            cells.append(
                {
                    "text": text,
                    "level": heat_level(d.distance),
                    "title": d.note
                    or f"{100 * (d.distance or 0):.0f}% of the scale from the benchmark",
                    "note": d.note,
                }
            )
        rows.append({"who": _person(ctx, row.reviewer), "alignment": row.alignment, "cells": cells})
    bench = s.benchmark if not rep.hidden else None
    people = set(s.participants)
    return {
        "s": s,
        "rep": rep,
        "criteria": crit,
        "rows": rows,
        "lead": _person(ctx, s.lead),
        "reviewee": _person(ctx, s.reviewee) if s.reviewee else None,
        "call_url": s.url if _http(s.url) else "",
        "written": [{"who": _person(ctx, w.handle), "status": w.status} for w in rep.written],
        "benchmark": (
            {
                "from": _person(ctx, bench.source),
                "closed": bench.closed.isoformat(),
                "scores": [_value(bench.scores.get(c["key"])) for c in crit],
            }
            if bench
            else None
        ),
        "alpha": rep.alpha,
        "alpha_reading": alpha_reading(rep.alpha.value) if rep.alpha else "",
        "trends": [_trend(ctx, t) for t in report.trends if t.reviewer in people],
    }


def _http(url: str) -> bool:
    from cskb.site.markdown import is_http_url

    return is_http_url(url)


def _trend(ctx: sc.SiteContext, t: Any) -> dict[str, Any]:
    return {
        "who": _person(ctx, t.reviewer),
        "points": [
            {
                "path": session_path(p.session),
                "session": p.session,
                "closed": p.closed,
                "alignment": p.alignment,
            }
            for p in t.points
        ],
        "change": t.change,
    }


def calibration_pages(ctx: sc.SiteContext) -> Iterator[sc.Page]:
    if ctx.kb is None:
        return
    report = calibration_report(ctx.kb, last=LENIENCY_CYCLES, today=ctx.data.today)
    sessions = []
    for rep in report.sessions:
        s = rep.session
        path = session_path(s.id)
        sessions.append(
            {
                "s": s,
                "path": path,
                "customer": s.customer,
                "lead": _person(ctx, s.lead),
                "written": sum(w.status not in ("not started", "unreadable") for w in rep.written),
                "participants": len(rep.written),
                "hidden": rep.hidden,
                "mean": rep.mean_alignment,
                "alpha": rep.alpha.value if rep.alpha else None,
            }
        )
        yield sc.Page(
            path,
            "calibration_session.html",
            _session_context(ctx, rep, report),
            f"Calibration {s.id}",
            KEY,
        )
    cycles = report.leniency[0].cycles if report.leniency else ()
    yield sc.Page(
        "calibration/index.html",
        "calibration.html",
        {
            "sessions": list(reversed(sessions)),  # newest first
            "trends": [_trend(ctx, t) for t in report.trends],
            "leniency": [{"who": _person(ctx, x.reviewer), "x": x} for x in report.leniency],
            "window": f"{cycles[0]} to {cycles[-1]}" if cycles else "",
            "unreadable": list(report.unreadable),
        },
        "Calibration",
        KEY,
    )


sc.PAGE_BUILDERS.append(calibration_pages)
sc.NAV.insert(len(sc.NAV) - 1, sc.NavEntry("Calibration", "calibration/index.html", KEY))
