"""The bad-input corpus: every file gets a clear error, nothing crashes, no YAML tag runs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from cskb.adapters.store import load_yaml_file
from cskb.checks.runner import check_review, run_checks
from cskb.kb.layout import open_kb
from cskb.models import Cycle, Group
from cskb.pairing.cycles import dump_cycle

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTED: dict[str, list[str]] = load_yaml_file(CORPUS / "expected.yaml")
PWNED = Path("/tmp/cskb-corpus-pwned")


@pytest.fixture
def corpus_kb(kb: Path) -> Path:
    start = dt.date(2026, 11, 9)
    cycle = Cycle(
        start,
        start + dt.timedelta(days=13),
        start + dt.timedelta(days=13),
        (Group(("ana", "bo")), Group(("chen", "dana"))),
    )
    (kb / "cycles" / "2026-11-09.yaml").write_text(dump_cycle(cycle), encoding="utf-8")
    return kb


def test_corpus_is_large_enough():
    assert len(EXPECTED) >= 30
    assert sorted(p.name for p in CORPUS.glob("*.md")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(corpus_kb: Path, name: str):
    PWNED.unlink(missing_ok=True)
    target = corpus_kb / "reviews" / "2026-11-09" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / name, target)
    findings = check_review(open_kb(corpus_kb), target)
    errors = {f.rule for f in findings if f.severity == "error"}
    expected = set(EXPECTED[name])
    if expected:
        assert expected <= errors, findings
        for f in findings:
            assert f.path == f"reviews/2026-11-09/{name}" and f.line >= 1 and f.message
    else:
        assert not errors, findings
    assert not PWNED.exists(), "a YAML tag was executed"


def test_bom_and_crlf_are_at_most_warnings(corpus_kb: Path):
    for name in ("bom.md", "crlf.md"):
        target = corpus_kb / "reviews" / "2026-11-09" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / name, target)
        findings = check_review(open_kb(corpus_kb), target)
        assert all(f.severity == "warning" for f in findings)
        assert "file-format" in {f.rule for f in findings}


def test_five_megabyte_file(corpus_kb: Path):
    target = corpus_kb / "reviews" / "2026-11-09" / "huge.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        (CORPUS / "valid.md").read_text(encoding="utf-8") + "x" * 5_000_000, encoding="utf-8"
    )
    findings = check_review(open_kb(corpus_kb), target)
    assert [f.rule for f in findings] == ["file-too-large"]


def test_whole_corpus_through_the_cli(corpus_kb: Path, cli):
    folder = corpus_kb / "reviews" / "2026-11-09"
    folder.mkdir(parents=True, exist_ok=True)
    for p in CORPUS.glob("*.md"):
        shutil.copyfile(p, folder / p.name)
    r = cli("check")
    assert r.exit_code == 1 and "Traceback" not in r.stderr + r.stdout
    report = run_checks(open_kb(corpus_kb))
    files_with_errors = {
        f.path.rsplit("/", 1)[-1] for f in report.findings if f.severity == "error"
    }
    should_fail = {n for n, rules in EXPECTED.items() if rules}
    assert should_fail <= files_with_errors
