"""`cskb stats --csv DIR`: one CSV per table that Python's csv module reads back value for
value, names with commas, quotes and non-Latin scripts included."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from cskb.adapters.fsio import atomic_write
from cskb.kb.demo import make_demo
from cskb.kb.layout import open_kb
from cskb.kb.roster import dump_roster, load_roster
from cskb.round.export import TABLES, cell
from cskb.stats.data import load_kb_data
from tests.helpers import git

TRICKY = 'Lima, Ana "Nana" 李娜 — Ліна'


def read(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_demo(
        tmp_path_factory.mktemp("kb") / "demo", dt.date(2026, 11, 22), members=8, cycles=3
    ).root
    roster = load_roster(root / "team.yaml")
    roster[0] = dataclasses.replace(roster[0], name=TRICKY)
    atomic_write(root / "team.yaml", dump_roster(roster))
    retro = root / "retros" / roster_cycle(root) / f"{roster[0].handle}.yaml"
    retro.parent.mkdir(parents=True)
    retro.write_text(
        f"cycle: {roster_cycle(root)}\nmember: {roster[0].handle}\nuseful: 4\n"
        'worked: "The coffee, \\"really\\"; 很好"\n'
        'change: |\n  Two lines,\n  with a comma and "quotes"\ntags: [template, 時間]\n',
        encoding="utf-8",
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "test: a tricky name and a retro")
    return root


def roster_cycle(root: Path) -> str:
    return sorted(p.stem for p in (root / "cycles").glob("*.yaml"))[-1]


def test_every_table_round_trips(demo: Path, cli, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(demo)
    out = tmp_path / "csv"
    r = cli("stats", "--csv", str(out), "--json")
    assert r.exit_code == 0, r.stderr
    files = {f["file"]: f["rows"] for f in json.loads(r.stdout)["files"]}
    assert set(files) == {f"{t}.csv" for t in TABLES}
    tables = {name: read(out / f"{name}.csv") for name in TABLES}
    for name, rows in tables.items():
        assert tuple(rows[0]) == TABLES[name]
        assert all(len(row) == len(rows[0]) for row in rows), name
        assert len(rows) - 1 == files[f"{name}.csv"]
    data = load_kb_data(open_kb(demo), dt.date(2026, 11, 22), bodies=False)
    handle = data.members[0].handle
    # participation: one row per grouped member per cycle, the tricky name intact
    part = [
        dict(zip(tables["participation"][0], row, strict=True))
        for row in tables["participation"][1:]
    ]
    assert len(part) == sum(len(g.members) for c in data.cycles for g in c.groups)
    assert {p["name"] for p in part if p["member"] == handle} == {TRICKY}
    assert {p["call_submitted"] for p in part} <= {"yes", "no"}
    # scores: every criterion value of every review, as written
    scores = [dict(zip(tables["scores"][0], row, strict=True)) for row in tables["scores"][1:]]
    expected = {
        (r.path.rsplit("/", 1)[-1][:-3], k, cell(v)) for r in data.reviews for k, v in r.values.items()
        if k in {c.key for c in data.config.rubric}
    }  # fmt: skip
    assert {(s["review"], s["criterion"], s["value"]) for s in scores} == expected
    assert all(s["review_score"] == "" or 0 <= float(s["review_score"]) <= 100 for s in scores)
    # latency: days are plain numbers, dates ISO
    for row in tables["latency"][1:]:
        lat = dict(zip(tables["latency"][0], row, strict=True))
        if lat["days"]:
            assert float(lat["days"]) >= 0 and dt.datetime.fromisoformat(lat["review_completed"])
    # retros: multi-line text, commas, quotes and CJK back exactly
    retros = [dict(zip(tables["retros"][0], row, strict=True)) for row in tables["retros"][1:]]
    (retro,) = [r for r in retros if (r["cycle"], r["member"]) == (roster_cycle(demo), handle)]
    assert retro["name"] == TRICKY and retro["worked"] == 'The coffee, "really"; 很好'
    assert retro["change"] == 'Two lines,\nwith a comma and "quotes"'
    assert retro["tags"] == "template; 時間"
    meetings = tables["meetings"][1:]
    assert len(meetings) == sum(len(c.groups) for c in data.cycles)
    # a second export replaces the first; a stranger's file is never overwritten
    assert cli("stats", "--csv", str(out)).exit_code == 0
    (out / "scores.csv").write_bytes(b"mine,not yours\r\n")
    r = cli("stats", "--csv", str(out))
    assert r.exit_code == 2 and "scores.csv exists and is not an earlier export" in r.stderr
    assert (out / "scores.csv").read_bytes() == b"mine,not yours\r\n"
    one = tmp_path / "one"
    r = cli("stats", "--csv", str(one), "--member", handle, "--cycle", roster_cycle(demo))
    assert r.exit_code == 0, r.stderr
    rows = read(one / "participation.csv")[1:]
    assert len(rows) == 1 and rows[0][2] == handle
