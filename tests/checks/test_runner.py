"""`cskb check`'s runner: the forked parallel path finds exactly what the serial one does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cskb.checks import runner
from cskb.kb.layout import open_kb

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture
def corpus_kb(kb: Path, cli) -> Path:
    assert cli("pair").exit_code == 0
    folder = kb / "reviews" / "2026-11-09"
    folder.mkdir(parents=True, exist_ok=True)
    for src in sorted(CORPUS.glob("*.md")):
        shutil.copyfile(src, folder / src.name)
    shutil.copyfile(CORPUS / "valid.md", folder / "ana-reviews-bo.md")  # and a duplicate pair
    return kb


def test_parallel_and_serial_checks_agree(corpus_kb: Path, monkeypatch: pytest.MonkeyPatch):
    kb = open_kb(corpus_kb)
    from cskb import workers

    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 10**9)
    serial = runner.run_checks(kb, use_cache=False)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 1)
    parallel = runner.run_checks(kb, use_cache=False)
    assert parallel == serial
    rules = {f.rule for f in serial.findings}
    assert {"duplicate-review", "yaml-tab", "self-review", "binary-file"} <= rules


def test_given_paths_are_checked_with_their_folder_for_duplicates(corpus_kb: Path):
    kb = open_kb(corpus_kb)
    one = corpus_kb / "reviews" / "2026-11-09" / "valid.md"
    report = runner.run_checks(kb, [one.resolve()], use_cache=False)
    assert report.files == 1
    assert {f.path for f in report.findings} == {"reviews/2026-11-09/valid.md"}
    assert {"duplicate-review", "file-location"} <= {f.rule for f in report.findings}
