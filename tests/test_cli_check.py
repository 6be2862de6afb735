"""`cskb check` formats and exit codes, accountability, and `cskb status`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture
def checked_kb(kb: Path, cli) -> Path:
    assert cli("pair").exit_code == 0
    return kb


def _put(kb: Path, name: str, target: str | None = None) -> Path:
    dest = kb / "reviews" / "2026-11-09" / (target or name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / name, dest)
    return dest


def test_clean_kb_exits_0(checked_kb: Path, cli):
    r = cli("check")
    assert r.exit_code == 0 and "0 error(s)" in r.stdout


def test_errors_exit_1_with_path_line_rule(checked_kb: Path, cli):
    _put(checked_kb, "self-review.md", "ana-reviews-ana.md")
    r = cli("check")
    assert r.exit_code == 1
    assert "reviews/2026-11-09/ana-reviews-ana.md:5: self-review:" in r.stdout


def test_json_format(checked_kb: Path, cli):
    _put(checked_kb, "bad-url.md", "ana-reviews-bo.md")
    r = cli("check", "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert isinstance(data, list) and data
    assert {"path", "line", "rule", "severity", "message"} <= set(data[0])
    assert any(f["rule"] == "call-url" and f["line"] == 6 for f in data)


def test_github_format(checked_kb: Path, cli):
    _put(checked_kb, "vague-only.md", "ana-reviews-bo.md")
    r = cli("check", "--format", "github")
    assert r.exit_code == 1
    lines = r.stdout.strip().splitlines()
    assert any(
        line.startswith("::error file=reviews/2026-11-09/ana-reviews-bo.md,line=")
        and "title=vague-feedback::" in line
        for line in lines
    )


def test_junit_format(checked_kb: Path, cli):
    _put(checked_kb, "valid.md", "ana-reviews-bo.md")
    bad = _put(checked_kb, "score-out-of-scale.md", "bo-reviews-ana.md")
    r = cli("check", "--format", "junit", str(bad))
    assert r.exit_code == 1
    root = ET.fromstring(r.stdout.split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "1"
    types = {f.get("type") for f in suite.iter("failure")}
    assert "score-out-of-scale" in types


def test_warnings_pass_unless_strict(checked_kb: Path, cli):
    _put(checked_kb, "bom.md", "ana-reviews-bo.md")
    r = cli("check")
    assert r.exit_code == 0 and "file-format" in r.stdout
    r = cli("check", "--strict")
    assert r.exit_code == 1


def test_given_paths_only(checked_kb: Path, cli):
    _put(checked_kb, "self-review.md", "ana-reviews-ana.md")
    good = _put(checked_kb, "valid.md", "ana-reviews-bo.md")
    assert cli("check", str(good)).exit_code == 0
    r = cli("check", "reviews/nope.md")
    assert r.exit_code == 2 and "no such file" in r.stderr


def test_accountability_after_the_due_date(checked_kb: Path, cli):
    r = cli("check", "--cycle", "2026-11-09", env={"CSKB_TODAY": "2026-11-23"})
    assert r.exit_code == 1
    assert "missing-call" in r.stdout and "has not submitted a call" in r.stdout
    assert "missing-review" in r.stdout
    # before the due date nobody owes anything yet
    assert cli("check", "--cycle", "2026-11-09", env={"CSKB_TODAY": "2026-11-20"}).exit_code == 0
    r = cli("check", "--cycle", "2020-01-06")
    assert r.exit_code == 2 and "no cycle" in r.stderr


def test_strict_checks_every_closed_cycle(checked_kb: Path, cli):
    r = cli("check", "--strict", env={"CSKB_TODAY": "2026-12-01"})
    assert r.exit_code == 1 and "missing-call" in r.stdout


def test_status(checked_kb: Path, cli):
    cli("--as", "bo", "call", "submit", "--url", "https://x.example.com/1", "--customer", "X")
    data = json.loads(cli("status", "--json").stdout)
    assert data["cycle"] == "2026-11-09" and data["overdue"] is False
    states = {s["member"]: s for g in data["groups"] for s in g["members_status"]}
    assert states["bo"]["call_submitted"] is True and states["ana"]["call_submitted"] is False
    assert data["participation"] == 0.125  # 1 of 8 items
    r = cli("status")
    assert r.exit_code == 0 and "Cycle 2026-11-09" in r.stdout
    late = json.loads(cli("status", "--json", env={"CSKB_TODAY": "2026-12-10"}).stdout)
    assert late["overdue"] is True
    missed = {m["member"]: m["missed_in_a_row"] for m in late["members"]}
    assert missed["ana"] == 1 and missed["bo"] == 1  # bo submitted a call but wrote no review


def test_status_without_cycles(kb: Path, cli):
    r = cli("status")
    assert r.exit_code == 2 and "cskb pair" in r.stderr


def test_check_never_crashes_on_garbage_config_files(checked_kb: Path, cli):
    (checked_kb / "cycles" / "2026-11-09.yaml").write_text("groups: [[", encoding="utf-8")
    r = cli("check")
    assert r.exit_code == 2 and "cycles/2026-11-09.yaml" in r.stderr and "Traceback" not in r.stderr
