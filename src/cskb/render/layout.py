"""Tables that degrade gracefully: one look for every list cskb prints.

A list is described once (columns and rows of rich markup) and printed either as a bordered
table, when the terminal is wide enough for its key columns, or as stacked blocks (one record
per block, `label  value` lines), when it is not. Key columns (handles, dates, ids) are never
cut or wrapped; text columns wrap, folding long words and unspaced CJK text rather than
cutting them. Widths are measured in terminal cells (rich's `cell_len`), so wide characters
count twice.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

NARROW = 60  # below this many columns, lists are stacked
MIN_TEXT = 8  # the narrowest a wrapping column may get in a table


@dataclass(frozen=True)
class Col:
    """A column: `key` ones (handles, dates, ids) are never cut or wrapped."""

    name: str
    key: bool = False
    right: bool = False
    soft: bool = False  # an email or URL: kept whole while there is room, folded only after


@functools.lru_cache(maxsize=4096)
def _plain_len(markup: str) -> int:
    """The widest line of `markup` in cells (cached: list cells repeat, marks above all)."""
    from rich.cells import cell_len
    from rich.text import Text

    plain = Text.from_markup(markup).plain if "[" in markup else markup
    return max((cell_len(line) for line in plain.split("\n")), default=0)


@functools.lru_cache(maxsize=4096)
def _longest_word(markup: str) -> int:
    from rich.cells import cell_len
    from rich.text import Text

    return max((cell_len(w) for w in Text.from_markup(markup).plain.split()), default=0)


def _fits(console: Console, cols: Sequence[Col], rows: Sequence[Sequence[str]]) -> bool:
    if console.width < NARROW:
        return False
    need = 3 * len(cols) + 1  # borders and padding: "│ x │ y │"
    for i, col in enumerate(cols):
        widest = max([_plain_len(r[i]) for r in rows] + [len(col.name)])
        need += widest if col.key else min(widest, MIN_TEXT)
    return need <= console.width


def print_records(
    console: Console,
    title: str,
    cols: Sequence[Col],
    rows: Sequence[Sequence[str]],
    stacked: bool | None = None,
) -> None:
    """Print `rows` (rich markup, already escaped) as a table or, when it would not fit,
    as stacked blocks. `stacked` forces one layout (None: choose by width)."""
    if stacked is None:
        stacked = not _fits(console, cols, rows)
    if stacked:
        _stacked(console, title, cols, rows)
    else:
        if title:  # above the table, not squeezed into its width
            console.print(title, style="italic")
        sizes = widths(cols, rows, console.width)
        if _unwrapped(cols, rows, sizes):  # drawn line by line, as rich draws it
            _emit(console, _drawn_table(cols, rows, sizes))
        else:
            console.print(table("", cols, rows, console.width))


def widths(cols: Sequence[Col], rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """Every column's width, in cells, for a table at most `width` wide: key columns get
    their widest cell; text columns start at MIN_TEXT (or less if they need less) and share
    what is left: first so that no word is split, then soft columns (emails, URLs) whole,
    then the column missing the most."""
    want = [max([_plain_len(r[i]) for r in rows] + [len(c.name)]) for i, c in enumerate(cols)]
    word = [  # key columns get `want` whatever their words
        0 if c.key else max([_longest_word(r[i]) for r in rows] + [len(c.name)])
        for i, c in enumerate(cols)
    ]
    got = [w if c.key else min(w, MIN_TEXT) for w, c in zip(want, cols, strict=True)]
    slack = width - (3 * len(cols) + 1) - sum(got)
    for goal in (
        [min(w, x) if not c.soft else g for w, x, c, g in zip(want, word, cols, got, strict=True)],
        [w if c.soft else g for w, c, g in zip(want, cols, got, strict=True)],
        want,
    ):
        while slack > 0:
            short = [i for i, c in enumerate(cols) if not c.key and got[i] < goal[i]]
            if not short:
                break
            pick = max(short, key=lambda i: goal[i] - got[i])
            got[pick] += 1
            slack -= 1
    return got


def table(title: str, cols: Sequence[Col], rows: Sequence[Sequence[str]], width: int = 0) -> object:
    """The bordered table every list uses (the same box and header style everywhere)."""
    from rich import box
    from rich.table import Table

    t = Table(title=title or None, box=box.SQUARE, header_style="bold", title_justify="left")
    sizes = widths(cols, rows, width) if width else [None] * len(cols)
    for col, size in zip(cols, sizes, strict=True):
        t.add_column(
            col.name,
            width=size,
            no_wrap=col.key,
            overflow="fold",
            justify="right" if col.right else "left",
        )
    for r in rows:
        t.add_row(*r)
    return t


def _emit(console: Console, text: Text) -> None:
    """Print a Text laid out line by line already: as is, without styles, when the console
    writes none (not a terminal: rich would only strip them, at some cost per line)."""
    if console.color_system is None and not console.record and not console.quiet:
        from cskb.render import neutralise

        console.file.write(neutralise(text.plain) + "\n")
        return
    console.print(text, no_wrap=True, overflow="ignore", crop=False)


def _texts() -> Callable[[str], Text]:
    """Markup to rich Text, each distinct cell parsed once (appending a Text copies it, so
    equal cells can share one)."""
    from rich.text import Text

    parsed: dict[str, Text] = {}

    def text(cell: str) -> Text:
        known = parsed.get(cell)
        if known is None:
            known = parsed[cell] = Text.from_markup(cell) if "[" in cell else Text(cell)
        return known

    return text


_ODD_SPACE = re.compile(r"[^\S \n]")  # tabs and the like: rich breaks lines at them


def _unwrapped(cols: Sequence[Col], rows: Sequence[Sequence[str]], sizes: Sequence[int]) -> bool:
    """True when no cell (nor header) is wider than its column and none holds a tab or
    other odd white space: nothing wraps or folds."""
    from rich.cells import cell_len

    return all(cell_len(c.name) <= n for c, n in zip(cols, sizes, strict=True)) and all(
        _plain_len(cell) <= n and not _ODD_SPACE.search(cell)
        for r in rows
        for cell, n in zip(r, sizes, strict=True)
    )


def _drawn_table(cols: Sequence[Col], rows: Sequence[Sequence[str]], sizes: Sequence[int]) -> Text:
    """The bordered table of `table()` when nothing in it wraps (`_unwrapped`), as one Text:
    the same box, header style, padding and lines of several-line cells (top-aligned) as
    rich's Table, drawn without its per-cell layout (a status of 1,000 members took rich
    about 0.3 s; this takes a few milliseconds)."""
    from rich.text import Text

    text = _texts()
    blank = Text("")
    out = Text()

    def rule(left: str, mid: str, right: str) -> None:
        out.append(left + mid.join("─" * (n + 2) for n in sizes) + right + "\n")

    def line(parts: Sequence[Text]) -> None:
        out.append("│")
        for col, size, part in zip(cols, sizes, parts, strict=True):
            pad = " " * (size - part.cell_len)
            out.append(" " + pad if col.right else " ")
            out.append_text(part)
            out.append(" │" if col.right else pad + " │")
        out.append("\n")

    rule("┌", "┬", "┐")
    line([Text(c.name, style="bold") for c in cols])
    rule("├", "┼", "┤")
    for r in rows:
        if not any("\n" in c for c in r):
            line([text(c) for c in r])
            continue
        cells = [list(text(c).split("\n", allow_blank=True)) if "\n" in c else [text(c)] for c in r]
        for k in range(max(len(lines) for lines in cells)):
            line([lines[k] if k < len(lines) else blank for lines in cells])
    rule("└", "┴", "┘")
    out.rstrip()
    return out


def _stacked(
    console: Console, title: str, cols: Sequence[Col], rows: Sequence[Sequence[str]]
) -> None:
    from rich.rule import Rule
    from rich.table import Table

    console.print(f"[bold]{title}[/]" if title else "")
    label_width = max((len(c.name) for c in cols), default=0)
    blocks = _stacked_text(console.width, label_width, cols, rows)
    if blocks is not None:
        _emit(console, blocks)
        return
    for r in rows:
        console.print(Rule(style="dim"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True, width=label_width)
        grid.add_column(overflow="fold")
        for col, cell in zip(cols, r, strict=True):
            if cell:
                grid.add_row(col.name, cell)
        console.print(grid)
    if rows:
        console.print(Rule(style="dim"))


def _stacked_text(
    width: int, label_width: int, cols: Sequence[Col], rows: Sequence[Sequence[str]]
) -> Text | None:
    """The stacked blocks as one Text, as rich's grids draw them, when no value needs to wrap
    (None: let rich wrap them). 500 members took rich over a second; this, milliseconds."""
    from rich.text import Text

    if any("\n" in c for r in rows for c in r):
        return None
    text, out, rule = _texts(), Text(), "─" * width
    for r in rows:
        present = [(col.name, cell) for col, cell in zip(cols, r, strict=True) if cell]
        if not present:
            return None
        value_width = max(_plain_len(cell) for _, cell in present)
        if label_width + 1 + value_width > width:
            return None
        out.append(rule + "\n", style="dim")
        for name, cell in present:
            out.append(name.ljust(label_width), style="bold")
            out.append(" ")
            out.append_text(text(cell))
            out.append(" " * (value_width - _plain_len(cell)) + "\n")
    if rows:
        out.append(rule, style="dim")
    return out
