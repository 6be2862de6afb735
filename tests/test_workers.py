"""workers.map_forked: the same results in the same order, in forked processes when it pays."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cskb import workers

many_cores = pytest.mark.skipif(workers.cores() < 2, reason="needs two cores to fork workers")


def test_results_in_order_whatever_runs_them():
    offset = 1000  # closed over: forked workers inherit it
    items = list(range(300))
    want = [i * i + offset for i in items]
    assert workers.map_forked(lambda i: i * i + offset, items, minimum=2) == want
    assert workers.map_forked(lambda i: i * i + offset, items, minimum=10_000) == want
    assert workers.map_forked(lambda i: i, [], minimum=0) == []


def test_the_decision_to_fork_depends_on_counts_only():
    assert workers.worker_count(200, minimum=2, available=2) == 2
    assert workers.worker_count(200, minimum=2, available=16) == workers.MAX_WORKERS
    assert workers.worker_count(3, minimum=2, available=16) == 3  # never more than items
    assert workers.worker_count(200, minimum=2, available=1) == 0  # one core: run here
    assert workers.worker_count(200, minimum=500, available=4) == 0  # too few items
    assert workers.worker_count(1, minimum=0, available=4) == 0
    assert workers.worker_count(workers.PARALLEL_MIN, available=2) == 2
    assert workers.worker_count(workers.PARALLEL_MIN - 1, available=2) == 0


@many_cores
def test_when_it_forks_no_item_runs_here():
    """Which worker takes which chunk is up to the scheduler (one may take both when the
    machine is busy); that none runs in this process is not."""
    parent = os.getpid()
    assert workers.worker_count(200, minimum=2) >= 2
    pids = workers.map_forked(lambda _: os.getpid(), list(range(200)), minimum=2)
    assert len(pids) == 200 and parent not in pids
    assert set(workers.map_forked(lambda _: os.getpid(), list(range(200)))) == {parent}


def test_an_error_in_a_worker_is_raised_here():
    def fail_on_seven(i: int) -> int:
        if i == 7:
            raise ValueError("seven")
        return i

    with pytest.raises(ValueError, match="seven"):
        workers.map_forked(fail_on_seven, list(range(50)), minimum=2)


def test_review_summaries_parsed_in_workers_equal_in_process(tmp_path: Path, cli, monkeypatch):
    """`review list` and `tags` cold (no cache, as in CI): the same summaries either way."""
    from cskb.kb.layout import open_kb
    from cskb.reviews.catalog import summaries
    from cskb.reviews.records import all_review_paths

    r = cli("demo", str(tmp_path / "demo"), "--members", "12", "--reviews", "120")
    assert r.exit_code == 0, r.stderr
    k = open_kb(tmp_path / "demo")
    paths = all_review_paths(k)
    assert len(paths) >= 100
    monkeypatch.setattr(workers, "PARALLEL_MIN", 10**9)
    here = summaries(k, paths, use_cache=False)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 2)
    forked = summaries(k, paths, use_cache=False)
    assert forked == here and any(s is not None for _, s in here)
    cached = summaries(k, paths, use_cache=True)  # the cache filled from workers' results
    assert cached == here
    assert summaries(k, paths, use_cache=True) == here


def test_calls_loaded_in_workers_equal_in_process_and_fail_alike(tmp_path: Path, cli, monkeypatch):
    from cskb.errors import DataError
    from cskb.kb.layout import open_kb
    from cskb.reviews.catalog import calls

    r = cli("demo", str(tmp_path / "demo"), "--members", "12", "--reviews", "120")
    assert r.exit_code == 0, r.stderr
    k = open_kb(tmp_path / "demo")
    paths = sorted(k.calls_dir.rglob("*.yaml"))
    assert len(paths) >= 100
    monkeypatch.setattr(workers, "PARALLEL_MIN", 10**9)
    here = calls(k, paths, use_cache=False)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 2)
    assert calls(k, paths, use_cache=False) == here
    for bad in (paths[70], paths[20]):  # two broken files: the first in order is named
        bad.write_text("url: [unclosed\n", encoding="utf-8")
    messages = []
    for least in (10**9, 2):
        monkeypatch.setattr(workers, "PARALLEL_MIN", least)
        with pytest.raises(DataError) as info:
            calls(k, paths, use_cache=False)
        messages.append(info.value.message)
    assert messages[0] == messages[1] and paths[20].name in messages[0]
