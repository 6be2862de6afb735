"""`cskb stats` and the figures core: a hand-worked KB, and a demo KB checked against figures
computed here from the files with plain YAML."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from cskb.kb.demo import make_demo
from cskb.kb.layout import open_kb
from cskb.stats.data import load_kb_data
from cskb.stats.figures import percentile
from cskb.stats.summary import compute_figures
from tests.sitekb import C1, C2, EXPECTED, make_site_kb

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def site_kb(kb: Path) -> Path:
    return make_site_kb(kb)


def test_figures_of_a_hand_worked_kb(site_kb: Path):
    data = load_kb_data(open_kb(site_kb), TODAY)
    f = compute_figures(data)
    got = [
        (r.cycle, r.paired, r.groups, r.calls, r.written, r.complete, r.on_time, r.coffees)
        for r in f.participation
    ]
    assert got == EXPECTED["participation"]
    assert f.totals.completion_rate == pytest.approx(EXPECTED["completion_rate"], abs=1e-4)
    assert f.totals.on_time_rate == pytest.approx(EXPECTED["on_time_rate"], abs=1e-4)
    assert {s.handle: (s.current, s.longest) for s in f.streaks} == EXPECTED["streaks"]
    for t in f.trends:
        assert [(p.cycle, p.mean, p.n) for p in t.points] == EXPECTED["trends"][t.key], t.key
    scores = EXPECTED["scores"]
    assert f.distribution.n == len(scores)
    assert f.distribution.median == statistics.median(scores)
    assert sum(b.n for b in f.distribution.bins) == len(scores)
    assert [b.n for b in f.distribution.bins] == [0, 0, 1, 0, 0, 0, 1, 1, 1, 1]
    days = EXPECTED["latency_days"]
    assert f.latency.n == len(days)
    assert f.latency.median_days == pytest.approx(statistics.median(days), abs=0.01)
    assert f.latency.p90_days == pytest.approx(max(days), abs=0.01)
    assert f.coverage.pairs_met == EXPECTED["pairs_met"]
    assert f.coverage.pairs_possible == EXPECTED["pairs_possible"]
    assert data.unreadable == (f"reviews/{C2}/broken.md",)
    ana = next(p for p in compute_figures(data, member="ana").members)
    assert (ana.given_complete, ana.received_complete, ana.cycles_paired) == (2, 2, 2)
    assert ana.mean_received == statistics.fmean([100.0, 25.0])


def test_percentile_is_nearest_rank():
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([], 0.9) is None


def test_cycle_and_since_filters(site_kb: Path):
    data = load_kb_data(open_kb(site_kb), TODAY)
    one = compute_figures(data, cycle=C2)
    assert [r.cycle for r in one.participation] == [C2]
    assert one.totals.complete == 4  # three owed reviews and the stray one
    later = compute_figures(data, since=dt.date(2026, 10, 20))
    assert [r.cycle for r in later.participation] == [C2]


def _front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_demo_figures_match_an_independent_count(tmp_path: Path):
    root = make_demo(tmp_path / "demo", TODAY, members=9, cycles=4, seed=11).root
    f = compute_figures(load_kb_data(open_kb(root), TODAY))
    cycles = {
        p.stem: yaml.safe_load(p.read_text()) for p in sorted((root / "cycles").glob("*.yaml"))
    }
    reviews = {p.relative_to(root).as_posix(): _front(p) for p in (root / "reviews").rglob("*.md")}
    complete = {k: v for k, v in reviews.items() if v["status"] == "complete"}
    for row in f.participation:
        groups = [g["members"] for g in cycles[row.cycle]["groups"]]
        owed = []
        for g in groups:
            owed += [(g[i], g[(i + 1) % len(g)]) for i in range(len(g))]
        found = [reviews.get(f"reviews/{row.cycle}/{a}-reviews-{b}.md") for a, b in owed]
        assert row.paired == len(owed)
        assert row.written == sum(r is not None for r in found)
        assert row.complete == sum(r is not None and r["status"] == "complete" for r in found)
        assert row.calls == sum(
            (root / "calls" / row.cycle / f"{a}.yaml").exists() for a, _ in owed
        )
        due = dt.date.fromisoformat(str(cycles[row.cycle]["due"]))
        on_time = sum(
            r is not None and r["status"] == "complete" and r["completed"] <= due for r in found
        )
        assert row.on_time == on_time
    for trend in f.trends:
        for point in trend.points:
            values = [
                r["scores"][trend.key]
                for r in complete.values()
                if str(r["cycle"]) == point.cycle and isinstance(r["scores"].get(trend.key), int)
            ]
            assert point.n == len(values)
            assert point.mean == (round(statistics.fmean(values), 2) if values else None)
    tags = Counter(t for r in complete.values() for t in r["tags"])
    assert {c.label: c.n for c in f.topics.tags} == dict(tags.most_common(15))
    met = {
        frozenset(p)
        for c in cycles.values()
        for g in c["groups"]
        for p in combinations(g["members"], 2)
    }
    assert f.coverage.pairs_met == len(met)
    assert f.totals.complete == len(complete)


def test_stats_cli_json_and_text(site_kb: Path, cli):
    r = cli("stats", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    for key in (
        "totals",
        "participation",
        "streaks",
        "trends",
        "distribution",
        "latency",
        "coverage",
        "topics",
        "members",
    ):
        assert key in data
    assert data["totals"]["completion_rate"] == 0.625
    text = cli("stats", "--member", "dana")
    assert text.exit_code == 0, text.stderr
    assert "Participation" in text.stdout and "Дана Коваль" in text.stdout
    assert "\x1b" not in text.stdout


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--member", "nobody"], "--member nobody"),
        (["--cycle", "2026-13-01"], "not a cycle date"),
        (["--cycle", "2026-01-05"], "no such cycle"),
        (["--since", "yesterday"], "--since"),
        (["--cycle", C1, "--since", C1], "not both"),
    ],
)
def test_stats_bad_arguments(site_kb: Path, cli, args, needle):
    r = cli("stats", *args)
    assert r.exit_code == 2
    assert needle in r.stderr and "Traceback" not in r.stderr


def test_stats_text_neutralises_terminal_escapes(site_kb: Path, cli):
    from cskb.adapters.store import dump_document
    from tests.helpers import git

    path = site_kb / "reviews" / C2 / "dana-reviews-bo.md"
    meta = {
        "title": "x",
        "cycle": C2,
        "reviewer": "dana",
        "reviewee": "bo",
        "call": {"url": "https://e.example", "customer": "Evil\x1b]0;pwned\x07 Corp", "date": C2},
        "tags": ["\x1b[2Jclear"],
        "products": ["[bold]p[/]"],
        "scores": {"agenda": 3},
        "status": "complete",
        "completed": "2026-11-02",
    }
    path.write_text(dump_document(meta, "# x\n"), encoding="utf-8")
    git(site_kb, "add", "-A")
    git(site_kb, "commit", "-q", "-m", "evil")
    r = cli("stats")
    assert r.exit_code == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "Evil\ufffd]0;pwned\ufffd Corp" in r.stdout and "[bold]p[/]" in r.stdout


# --- the record cache (adapters/cache.py) as stats and the site use it ------------------------


@pytest.fixture
def no_racy(monkeypatch):
    """Files written by the fixture a moment ago are cached at once (the racy-stamp rule,
    tested in test_cache.py, would otherwise keep them out for two seconds)."""
    from cskb.adapters import cache

    monkeypatch.setattr(cache, "RACY_NS", 0)


def _reviews(data) -> list[tuple[str, str, str]]:
    return sorted((r.path, r.title, r.status) for r in data.reviews)


def test_a_second_load_parses_nothing_and_gives_the_same_records(
    site_kb: Path, monkeypatch, no_racy
):
    import cskb.stats.data as sd

    k = open_kb(site_kb)
    first = load_kb_data(k, TODAY)
    assert (site_kb / ".cskb" / "cache" / "stats").is_dir()

    def refuse(*a, **kw):
        raise AssertionError("parsed again")

    monkeypatch.setattr(sd, "read_document", refuse)
    monkeypatch.setattr(sd, "load_yaml_file", refuse)
    # the unreadable review is never cached: it alone is read again (and refused again)
    broken = site_kb / "reviews" / C2 / "broken.md"
    broken.unlink()
    again = load_kb_data(k, TODAY)
    assert _reviews(again) == _reviews(first)
    assert again.calls == first.calls
    assert [r.body for r in again.reviews] == [r.body for r in first.reviews]


def test_a_rewrite_keeping_size_and_mtime_is_seen(site_kb: Path, no_racy):
    k = open_kb(site_kb)
    first = load_kb_data(k, TODAY)
    path = site_kb / first.reviews[0].path
    text = path.read_text(encoding="utf-8")
    old = first.reviews[0].title
    new = "X" * len(old)
    st = path.stat()
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    import os

    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    again = load_kb_data(k, TODAY)
    assert any(r.title == new for r in again.reviews)


def test_a_damaged_cache_is_discarded_and_a_config_change_invalidates(site_kb: Path, no_racy):
    k = open_kb(site_kb)
    first = _reviews(load_kb_data(k, TODAY))
    shards = list((site_kb / ".cskb" / "cache" / "stats").glob("*.json"))
    assert shards
    for shard in shards:
        data = shard.read_bytes()
        shard.write_bytes(data[:-20] + b'"title":"forged"}}]}')
    assert _reviews(load_kb_data(k, TODAY)) == first
    config = site_kb / "cskb.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in shards}
    assert _reviews(load_kb_data(open_kb(site_kb), TODAY)) == first
    assert any(p.read_bytes() != b for p, b in before.items())  # rewritten under the new key


def test_no_cache_writes_no_cache(site_kb: Path):
    load_kb_data(open_kb(site_kb), TODAY, use_cache=False)
    assert not (site_kb / ".cskb" / "cache").exists() or not any(
        (site_kb / ".cskb" / "cache").glob("stats*/*.json")
    )
