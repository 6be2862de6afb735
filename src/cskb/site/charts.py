"""SVG chart geometry, computed here so the templates only draw what they are given.

Every chart carries a title and a one-sentence text alternative; the pages put a table of
the same numbers beneath it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 640
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 44, 36, 14, 38


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str
    anchor: str = "middle"  # SVG text-anchor: the last x label ends at the plot's edge


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # tooltip text


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # s1..s6: colour class from the stylesheet
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        """Polyline points; a gap (no value) starts a new run, drawn as separate lines."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    value: str
    css: str = "s1"


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    size: float
    level: int  # 0..4
    label: str


@dataclass(frozen=True)
class Chart:
    kind: str  # line | bars | hbars | grid
    id: str
    title: str
    alt: str  # the text alternative
    width: int = WIDTH
    height: int = HEIGHT
    x_ticks: tuple[Tick, ...] = ()
    y_ticks: tuple[Tick, ...] = ()
    series: tuple[Series, ...] = ()
    bars: tuple[Bar, ...] = ()
    cells: tuple[Cell, ...] = ()
    row_labels: tuple[Tick, ...] = ()
    plot: tuple[float, float, float, float] = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)
    legend: tuple[tuple[str, str], ...] = field(default=())  # (name, css)


def _fmt(v: float) -> str:
    return f"{v:.0f}" if abs(v - round(v)) < 1e-9 else f"{v:.1f}"


def _x_ticks(labels: Sequence[str], xs: Sequence[float], most: int = 8) -> tuple[Tick, ...]:
    step = max(1, -(-len(labels) // most))
    picked = list(range(0, len(labels), step))
    return tuple(
        Tick(xs[i], labels[i], "end" if i == picked[-1] and len(picked) > 1 else "middle")
        for i in picked
    )


def line_chart(
    chart_id: str,
    title: str,
    alt: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    lo: float,
    hi: float,
    unit: str = "",
    height: int = HEIGHT,
    width: int = WIDTH,
) -> Chart:
    """Lines over the x labels (cycles); y from `lo` to `hi`; None values are left out."""
    x0, y0, x1, y1 = LEFT, TOP, width - RIGHT, height - BOTTOM
    n = len(labels)
    xs = [x0 + (x1 - x0) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]
    span = (hi - lo) or 1.0

    def y(v: float) -> float:
        return y1 - (y1 - y0) * (min(max(v, lo), hi) - lo) / span

    out = []
    for k, (name, values) in enumerate(series):
        pts = tuple(
            Point(xs[i], y(v), f"{name}, {labels[i]}: {_fmt(v)}{unit}")
            for i, v in enumerate(values)
            if v is not None
        )
        out.append(Series(name, f"s{k % 6 + 1}", pts))
    y_ticks = tuple(
        Tick(y(lo + span * f), _fmt(lo + span * f) + unit) for f in (0, 0.25, 0.5, 0.75, 1)
    )
    return Chart(
        "line",
        chart_id,
        title,
        alt,
        width,
        height,
        _x_ticks(labels, xs, most=max(3, width // 110)),
        y_ticks,
        tuple(out),
        plot=(x0, y0, x1, y1),
        legend=tuple((s.name, s.css) for s in out),
    )


def bar_chart(
    chart_id: str,
    title: str,
    alt: str,
    items: Sequence[tuple[str, float]],
    unit: str = "",
    width: int = 520,
) -> Chart:
    """Vertical bars, one per item, from zero to the largest value."""
    x0, y0, x1, y1 = LEFT, TOP, width - 12, HEIGHT - BOTTOM
    top = max((v for _, v in items), default=0) or 1
    n = max(1, len(items))
    slot = (x1 - x0) / n
    bars = []
    for i, (label, v) in enumerate(items):
        h = (y1 - y0) * v / top
        bars.append(Bar(x0 + i * slot + slot * 0.15, y1 - h, slot * 0.7, h, label, _fmt(v) + unit))
    y_ticks = tuple(Tick(y1 - (y1 - y0) * f, f"{top * f:.0f}") for f in (0, 0.5, 1))
    x_ticks = _x_ticks([b.label for b in bars], [b.x + b.w / 2 for b in bars], most=12)
    return Chart(
        "bars",
        chart_id,
        title,
        alt,
        width=width,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        bars=tuple(bars),
        plot=(x0, y0, x1, y1),
    )


def hbar_chart(chart_id: str, title: str, alt: str, items: Sequence[tuple[str, float]]) -> Chart:
    """Horizontal bars, labels on the left: for long labels (tags, customers)."""
    row = 22
    left = 170
    height = TOP + row * max(1, len(items)) + 8
    top = max((v for _, v in items), default=0) or 1
    bars = tuple(
        Bar(left, TOP + i * row + 3, (WIDTH - RIGHT - 40 - left) * v / top, row - 6, label, _fmt(v))
        for i, (label, v) in enumerate(items)
    )
    return Chart(
        "hbars",
        chart_id,
        title,
        alt,
        height=height,
        bars=bars,
        plot=(left, TOP, WIDTH - RIGHT, height - 8),
    )


def grid_chart(
    chart_id: str,
    title: str,
    alt: str,
    rows: Sequence[str],
    cols: Sequence[str],
    values: Sequence[Sequence[float]],
    describe: str = "{row} and {col}: {value}",
) -> Chart:
    """A heat grid (rows x columns), five shades from the largest value."""
    left, top_pad = 150, 90
    size = max(8.0, min(22.0, (WIDTH - left - RIGHT) / max(1, len(cols))))
    width = int(left + size * len(cols) + RIGHT)
    height = int(top_pad + size * len(rows) + 8)
    peak = max((v for r in values for v in r), default=0) or 1
    cells = []
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            v = values[i][j]
            level = 0 if v <= 0 else min(4, 1 + int(3 * v / peak))
            cells.append(
                Cell(
                    left + j * size,
                    top_pad + i * size,
                    size - 1.5,
                    level,
                    describe.format(row=r, col=c, value=_fmt(v)),
                )
            )
    col_ticks = tuple(Tick(left + j * size + size / 2, c) for j, c in enumerate(cols))
    row_ticks = tuple(Tick(top_pad + i * size + size / 2, r) for i, r in enumerate(rows))
    return Chart(
        "grid",
        chart_id,
        title,
        alt,
        width,
        height,
        x_ticks=col_ticks,
        row_labels=row_ticks,
        cells=tuple(cells),
        plot=(left, top_pad, width, height),
    )
