"""`cskb calibrate show/report` data: sessions, alignment, agreement, trends.

While a session is open nothing here hands out one participant's scores to another:
`hidden` session reports carry who has written, never what they scored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cskb.calibration.leniency import ReviewerLeniency, reviewer_leniency
from cskb.calibration.metrics import (
    SCORE,
    Alpha,
    CriterionDistance,
    alignment,
    classify,
    compare,
    krippendorff_alpha_ordinal,
)
from cskb.calibration.session import CLOSED, Session, list_sessions
from cskb.errors import DataError
from cskb.kb.layout import Kb

NOT_STARTED, UNREADABLE = "not started", "unreadable"


@dataclass(frozen=True)
class Written:
    """One participant's calibration review as far as anyone may see it."""

    handle: str
    status: str  # not started | draft | complete | unreadable
    scores: dict[str, Any] | None  # None when withheld or not written

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ReviewerRow:
    """One reviewer against the benchmark."""

    reviewer: str
    status: str
    alignment: float | None  # 100 = identical to the benchmark
    criteria: tuple[CriterionDistance, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "reviewer": self.reviewer,
            "status": self.status,
            "alignment": self.alignment,
            "criteria": [c.as_dict() for c in self.criteria],
        }


@dataclass(frozen=True)
class SessionReport:
    session: Session
    hidden: bool  # open session: scores are withheld until `calibrate final`
    written: tuple[Written, ...]
    rows: tuple[ReviewerRow, ...] = ()  # empty while hidden
    alpha: Alpha | None = None
    mean_alignment: float | None = None

    def as_dict(self) -> dict[str, Any]:
        s = self.session
        b = s.benchmark
        return {
            **s.as_dict(),
            "hidden": self.hidden,
            "benchmark": (
                {"from": b.source, "closed": b.closed.isoformat(), "scores": b.scores}
                if b and not self.hidden
                else None
            ),
            "written": [w.as_dict() for w in self.written],
            "reviewers_vs_benchmark": [r.as_dict() for r in self.rows],
            "mean_alignment": self.mean_alignment,
            "alpha": self.alpha.as_dict() if self.alpha else None,
        }


def _read(kb: Kb, session: Session, handle: str) -> tuple[str, dict[str, Any] | None]:
    from cskb.reviews.records import load

    path = session.review_path(handle)
    if path.is_symlink():
        return UNREADABLE, None
    if not path.is_file():
        return NOT_STARTED, None
    try:
        meta = load(path).meta
    except DataError:
        return UNREADABLE, None
    scores = meta.get("scores")
    status = meta.get("status") if meta.get("status") in ("draft", "complete") else "draft"
    return str(status), (dict(scores) if isinstance(scores, dict) else {})


def session_report(kb: Kb, session: Session, viewer: str | None = None) -> SessionReport:
    """The figures of one session. Open: only who has written, plus `viewer`'s own scores."""
    read = {h: _read(kb, session, h) for h in session.participants}
    if session.status != CLOSED or session.benchmark is None:
        written = tuple(Written(h, st, sc if h == viewer else None) for h, (st, sc) in read.items())
        return SessionReport(session, True, written)
    written = tuple(Written(h, st, sc) for h, (st, sc) in read.items())
    rubric = kb.config.rubric
    bench = session.benchmark
    rows = []
    for h, (st, sc) in read.items():
        if h == bench.source or st in (NOT_STARTED, UNREADABLE):
            if h != bench.source and h in session.reviewers:
                rows.append(ReviewerRow(h, st, None, ()))
            continue
        dists = tuple(compare(sc or {}, bench.scores, rubric))
        rows.append(ReviewerRow(h, st, alignment(dists), dists))
    units = []
    for c in rubric:
        unit = []
        for _, sc in read.values():
            if sc is None:
                continue
            kind, frac = classify(sc.get(c.key), c.scale)
            unit.append(round(frac, 9) if kind == SCORE and frac is not None else None)
        units.append(unit)
    aligned = [r.alignment for r in rows if r.alignment is not None]
    mean = round(sum(aligned) / len(aligned), 1) if aligned else None
    return SessionReport(
        session, False, written, tuple(rows), krippendorff_alpha_ordinal(units), mean
    )


@dataclass(frozen=True)
class TrendPoint:
    session: str
    closed: str
    alignment: float

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Trend:
    """A reviewer's alignment over the closed sessions they scored, oldest first."""

    reviewer: str
    points: tuple[TrendPoint, ...]

    @property
    def change(self) -> float | None:
        """Latest minus first alignment (points); None with a single session."""
        if len(self.points) < 2:
            return None
        return round(self.points[-1].alignment - self.points[0].alignment, 1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "reviewer": self.reviewer,
            "points": [p.as_dict() for p in self.points],
            "change": self.change,
        }


def trends(reports: list[SessionReport]) -> list[Trend]:
    by: dict[str, list[TrendPoint]] = {}
    closed = [r for r in reports if not r.hidden and r.session.benchmark]
    closed.sort(key=lambda r: (r.session.benchmark.closed, r.session.id))  # type: ignore[union-attr]
    for r in closed:
        assert r.session.benchmark is not None
        for row in r.rows:
            if row.alignment is not None:
                by.setdefault(row.reviewer, []).append(
                    TrendPoint(r.session.id, r.session.benchmark.closed.isoformat(), row.alignment)
                )
    return [Trend(h, tuple(p)) for h, p in sorted(by.items())]


@dataclass(frozen=True)
class CalibrationReport:
    sessions: tuple[SessionReport, ...]
    trends: tuple[Trend, ...]
    leniency: tuple[ReviewerLeniency, ...]  # on regular reviews; empty for one session
    unreadable: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "sessions": [s.as_dict() for s in self.sessions],
            "trends": [t.as_dict() for t in self.trends],
            "leniency": [x.as_dict() for x in self.leniency],
            "unreadable": list(self.unreadable),
        }


def calibration_report(
    kb: Kb,
    ident: str | None = None,
    viewer: str | None = None,
    last: int = 6,
    today: dt.date | None = None,
) -> CalibrationReport:
    """One session (by ID) or all of them, each reviewer's trend across the closed sessions,
    and the leniency of reviewers on regular reviews over the last `last` cycles."""
    from cskb.calibration.session import find_session

    every, unreadable = list_sessions(kb)
    all_reports = [session_report(kb, s, viewer) for s in every]
    if ident is not None:
        chosen = find_session(kb, ident)
        shown = [r for r in all_reports if r.session.id == chosen.id]
        people = set(chosen.participants)
        trend_rows = [t for t in trends(all_reports) if t.reviewer in people]
        return CalibrationReport(tuple(shown), tuple(trend_rows), (), tuple(unreadable))
    leniency = reviewer_leniency(kb, last=last, today=today)
    return CalibrationReport(
        tuple(all_reports), tuple(trends(all_reports)), tuple(leniency), tuple(unreadable)
    )
