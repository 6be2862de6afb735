from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cskb.adapters.store import read_document
from cskb.kb.demo import _rotation, make_demo
from cskb.pairing.cycles import load_cycles
from tests.helpers import git


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def test_demo_is_deterministic_for_a_seed(tmp_path: Path):
    day = dt.date(2026, 11, 22)
    a = make_demo(tmp_path / "a", day, members=7, seed=3)
    b = make_demo(tmp_path / "b", day, members=7, seed=3)
    c = make_demo(tmp_path / "c", day, members=7, seed=4)
    assert _tree(a.root) == _tree(b.root)
    assert _tree(a.root) != _tree(c.root)


def test_demo_exact_reviews_parse_and_are_committed(tmp_path: Path, cli):
    r = cli("demo", str(tmp_path / "d"), "--members", "9", "--reviews", "40", "--json")
    assert r.exit_code == 0, r.stderr
    summary = json.loads(r.stdout)
    root = Path(summary["path"])
    files = sorted((root / "reviews").rglob("*.md"))
    assert summary["reviews"] == len(files) == 40
    assert git(root, "status", "--porcelain") == ""
    cycles = load_cycles(root / "cycles")
    assert len(cycles) == summary["cycles"] == 5
    for cycle in cycles:  # odd team: exactly one trio, everyone placed once
        placed = [h for g in cycle.groups for h in g.members]
        assert len(placed) == len(set(placed)) == 9
        assert sum(len(g.members) == 3 for g in cycle.groups) == 1
    langs = "".join(read_document(p).body for p in files)
    assert "the call" in langs
    for doc in (read_document(p) for p in files):
        assert doc.meta["reviewee"] == next(
            c for c in cycles if c.id == str(doc.meta["cycle"])
        ).reviewee_of(doc.meta["reviewer"])


def test_demo_multilingual(tmp_path: Path):
    res = make_demo(tmp_path / "d", dt.date(2026, 11, 22), members=25, cycles=6)
    text = "".join(p.read_text(encoding="utf-8") for p in (res.root / "reviews").rglob("*.md"))
    for needle in ("データ戦略", "กลยุทธ์ข้อมูล", "стратегі", "datastrategi", "data strategy"):
        assert needle in text, needle


def test_demo_refuses_non_empty_folder(tmp_path: Path, cli):
    d = tmp_path / "d"
    d.mkdir()
    (d / "mine.txt").write_text("keep", encoding="utf-8")
    r = cli("demo", str(d))
    assert r.exit_code == 2 and "not empty" in r.stderr
    assert (d / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_demo_bad_numbers(tmp_path: Path, cli):
    assert cli("demo", str(tmp_path / "x"), "--members", "1").exit_code == 2
    r = cli("demo", str(tmp_path / "y"), "--members", "3", "--cycles", "1", "--reviews", "10")
    assert r.exit_code == 2 and "--reviews" in r.stderr
    assert not (tmp_path / "y").exists()


def test_rotation_round_robin_has_no_repeats():
    handles = [f"m{i}" for i in range(10)]
    seen = set()
    for r in range(9):
        for g in _rotation(handles, r):
            pair = frozenset(g)
            assert pair not in seen
            seen.add(pair)
    assert len(seen) == 45


def test_demo_inside_another_repository_gets_its_own(tmp_path: Path):
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    res = make_demo(outer / "sub" / "kb", dt.date(2026, 11, 22), members=4, cycles=1)
    assert (res.root / ".git").is_dir()
    assert git(outer, "rev-list", "--all").strip() == ""  # nothing committed into the outer repo
