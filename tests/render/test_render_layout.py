"""Lists that degrade gracefully: readable at 80 columns, stacked at 40, the same borders
everywhere, wide (CJK) characters measured in cells."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from cskb.render.layout import Col, widths

CSKB = str(Path(sys.executable).parent / "cskb")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layout") / "demo"
    env = {**os.environ, "CSKB_TODAY": "2026-11-22"}
    proc = subprocess.run(
        [CSKB, "demo", str(root), "--members", "12", "--cycles", "4"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    # a member with a long email and an away window: the dates and the email must survive
    subprocess.run(
        [
            CSKB,
            "team",
            "add",
            "li-wei",
            "--name",
            "李伟 Li Wei",
            "--email",
            "li.wei.customer-success@subsidiary.example.com",
            "--team",
            "apac",
        ],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            CSKB,
            "team",
            "away",
            "li-wei",
            "--from",
            "2026-12-20",
            "--until",
            "2027-01-04",
        ],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    return root


def _run(demo: Path, columns: int, *args: str) -> str:
    env = {**os.environ, "CSKB_TODAY": "2026-11-22", "COLUMNS": str(columns), "NO_COLOR": "1"}
    proc = subprocess.run(
        [CSKB, *args], cwd=demo, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.splitlines():
        assert cell_len(line.rstrip()) <= columns, f"wider than {columns}: {line!r}"
    assert "…" not in proc.stdout, "nothing is cut with an ellipsis"
    return proc.stdout


def _column(out: str, header: str) -> str:
    """Everything printed in one table column, top to bottom, joined (folded text rejoins)."""
    lines = [line for line in out.splitlines() if line.startswith("│")]
    heads = [c.strip() for c in lines[0].split("│")]
    i = heads.index(header)
    return "".join(line.split("│")[i].strip() for line in lines[1:])


def _json(demo: Path, *args: str):
    env = {**os.environ, "CSKB_TODAY": "2026-11-22"}
    proc = subprocess.run(
        [CSKB, *args, "--json"], cwd=demo, env=env, capture_output=True, text=True
    )
    return json.loads(proc.stdout)


def test_team_list_at_80_columns_keeps_every_column_readable(demo: Path):
    out = _run(demo, 80, "team", "list")
    assert "┌" in out, "a table still fits at 80 columns"
    members = _json(demo, "team", "list")
    for m in members:
        assert m["handle"] in out, f"handle {m['handle']} is cut or wrapped"
        assert str(m["joined"]) in out, f"date {m['joined']} is cut"
        assert m["email"] in _column(out, "email"), f"email {m['email']} is lost"
    assert "2026-12-20" in out and "2027-01-04" in out


@pytest.mark.parametrize(
    "args, key",
    [
        (("team", "list"), "handle"),
        (("call", "list"), "member"),
        (("status",), "member"),
        (("review", "list", "--limit", "0"), "ID"),
    ],
)
def test_at_40_columns_lists_are_stacked(demo: Path, args, key: str):
    out = _run(demo, 40, *args)
    assert "┌" not in out and "│" not in out, "no table squeezed into 40 columns"
    records = [line for line in out.splitlines() if line.startswith(key + " ")]
    assert records, out
    if args[0] == "review":
        ids = [r["id"] for r in _json(demo, "review", "list", "--limit", "0")]
        assert sorted(r.split()[-1] for r in records) == sorted(ids)
    if args[0] == "team":
        handles = [m["handle"] for m in _json(demo, "team", "list")]
        assert sorted(r.split()[-1] for r in records) == sorted(handles)


def test_review_list_has_the_same_borders_and_wraps_cjk_titles(demo: Path):
    wide = _run(demo, 200, "review", "list", "--limit", "0")
    team = _run(demo, 200, "team", "list")
    assert wide.splitlines()[1][0] == team.splitlines()[1][0] == "┌", "the same box everywhere"
    out = _run(demo, 80, "review", "list", "--limit", "0")
    titles = _column(out, "title")
    reviews = _json(demo, "review", "list", "--limit", "0")
    cjk = [r["title"] for r in reviews if any("\u3040" <= ch <= "\u9fff" for ch in r["title"])]
    assert cjk, "the demo has CJK titles"
    for r in reviews:
        assert r["title"].replace(" ", "") in titles.replace(" ", ""), f"title cut: {r['title']}"


def test_widths_count_wide_characters_twice():
    cols = [Col("id", key=True), Col("title")]
    rows = [["ab", "データ戦略の打ち合わせ"]]
    got = widths(cols, rows, 200)
    assert got == [2, cell_len("データ戦略の打ち合わせ")] == [2, 22]
    narrow = widths(cols, rows, 30)
    assert narrow[0] == 2 and 3 * 2 + 1 + sum(narrow) <= 30


def test_key_column_tables_are_drawn_as_rich_draws_them(monkeypatch: pytest.MonkeyPatch):
    """Tables of key columns only (status, participation) skip rich's per-cell layout: the
    text must be the same as rich's own table, wide characters and right-aligned columns
    included."""
    import io

    from rich.console import Console

    from cskb.render import layout
    from cskb.render.layout import print_records, table

    drawn = []
    real = layout._drawn_table
    monkeypatch.setattr(layout, "_drawn_table", lambda c, r, n: drawn.append(1) or real(c, r, n))
    cols = [Col("group", key=True, right=True), Col("member", key=True), Col("call", key=True)]
    rows = [
        ["1", "ana", "[green]✓[/]"],
        ["", "[bold]陈晨[/]", "[red]✗[/]"],
        ["12", "dana-long-handle", "—"],
        ["", "", ""],
    ]
    ours, theirs = io.StringIO(), io.StringIO()
    print_records(Console(file=ours, width=100, color_system=None), "", cols, rows)
    Console(file=theirs, width=100, color_system=None).print(table("", cols, rows, 100))
    assert ours.getvalue() == theirs.getvalue()
    assert drawn == [1]
    assert "│    12 │ dana-long-handle │ —    │" in ours.getvalue()


@pytest.mark.parametrize("width", [100, 66])
def test_tables_of_several_line_cells_are_drawn_as_rich_draws_them(
    monkeypatch: pytest.MonkeyPatch, width: int
):
    """A pairing table (text columns, cells of several lines): drawn by cskb when nothing
    wraps, and the same text as rich's own table; where a cell would wrap (66 columns),
    rich draws it."""
    import io

    from rich.console import Console

    from cskb.render import layout
    from cskb.render.layout import print_records, table

    drawn = []
    real = layout._drawn_table
    monkeypatch.setattr(layout, "_drawn_table", lambda c, r, n: drawn.append(1) or real(c, r, n))
    cols = [Col("#", key=True, right=True), Col("group"), Col("reviews"), Col("caveats")]
    rows = [
        ["1", "ana + bo + 陈晨", "ana → bo\nbo → 陈晨\n陈晨 → ana", "[green]ideal[/]"],
        [
            "2",
            "dana + eli",
            "dana → eli\neli → dana",
            "[yellow]met in 2026-10-12 and in 2026-08-03\nsame region[/]",
        ],
        ["10", "finn + gus", "finn → gus\ngus → finn", ""],
    ]
    ours, theirs = io.StringIO(), io.StringIO()
    print_records(Console(file=ours, width=width, color_system=None), "", cols, rows)
    Console(file=theirs, width=width, color_system=None).print(table("", cols, rows, width))
    assert ours.getvalue() == theirs.getvalue()
    assert drawn == ([1] if width == 100 else [])
    tabbed = [["3", "hal\tivy", "x", ""]]  # rich breaks lines at a tab: rich draws it
    ours2, theirs2 = io.StringIO(), io.StringIO()
    print_records(Console(file=ours2, width=width, color_system=None), "", cols, tabbed)
    Console(file=theirs2, width=width, color_system=None).print(table("", cols, tabbed, width))
    assert ours2.getvalue() == theirs2.getvalue()
    if width == 100:
        assert "│    │                 │ 陈晨 → ana │" in ours.getvalue()


def test_stacked_blocks_are_drawn_as_rich_draws_them(monkeypatch: pytest.MonkeyPatch):
    """Stacked blocks whose values fit skip rich's grids; the text must be rich's own."""
    import io

    from rich.console import Console

    from cskb.render import layout

    cols = [
        Col("group", key=True, right=True),
        Col("member", key=True),
        Col("call", key=True),
        Col("review written", key=True),
    ]
    rows = [
        ["1", "ana", "[green]✓[/]", "bo, 陈晨"],
        ["", "[bold]bo[/]", "[red]✗[/]", ""],
        ["12", "dana-long-handle", "—", "ana"],
    ]
    ours, theirs = io.StringIO(), io.StringIO()
    layout.print_records(Console(file=ours, width=50, color_system=None), "T", cols, rows, True)
    monkeypatch.setattr(layout, "_stacked_text", lambda *a: None)
    layout.print_records(Console(file=theirs, width=50, color_system=None), "T", cols, rows, True)
    assert ours.getvalue() == theirs.getvalue()
    assert "review written bo, 陈晨\n" in ours.getvalue()
