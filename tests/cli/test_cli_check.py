"""`cskb check` formats and exit codes, accountability, and `cskb status`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


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


def test_junit_has_one_case_per_checked_file_with_file_and_line(checked_kb: Path, cli):
    r = cli("check", "--format", "junit")
    assert r.exit_code == 0
    suite = ET.fromstring(r.stdout.split("\n", 1)[1]).find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    # no review files yet: only the playbook cards `init` seeds are checked (and pass)
    seeded = {c.get("name") for c in cases}
    assert seeded and all(n.startswith("playbook/") for n in seeded)
    assert all(c.find("failure") is None for c in cases)
    good = _put(checked_kb, "valid.md", "ana-reviews-bo.md")
    bad = _put(checked_kb, "self-review.md", "ana-reviews-ana.md")
    r = cli("check", "--format", "junit")
    assert r.exit_code == 1
    suite = ET.fromstring(r.stdout.split("\n", 1)[1]).find("testsuite")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    rel_good = "reviews/2026-11-09/ana-reviews-bo.md"
    rel_bad = "reviews/2026-11-09/ana-reviews-ana.md"
    assert set(cases) == {rel_good, rel_bad} | seeded
    assert suite.get("tests") == str(2 + len(seeded))
    assert cases[rel_good].find("failure") is None, "a passing file is a passing case"
    assert cases[rel_good].get("file") == rel_good and int(cases[rel_good].get("line")) >= 1
    assert cases[rel_bad].get("file") == rel_bad and cases[rel_bad].get("line") == "5"
    assert cases[rel_bad].find("failure") is not None
    assert good.exists() and bad.exists()


def test_github_paths_are_relative_to_the_repository_root(tmp_path: Path, cli, monkeypatch):
    """A KB in a subfolder of a bigger repository: annotations must name repo-root paths,
    and the step summary lists every finding (GitHub shows only 10 annotations per step)."""
    from cskb.adapters.fsio import atomic_write
    from cskb.kb.initkb import init_kb
    from cskb.kb.roster import dump_roster
    from cskb.models import Member
    from tests.helpers import git

    repo = tmp_path / "company"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text("company repo\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "root")
    kb = repo / "teams" / "cs-reviews"
    init_kb(kb)
    members = [Member(h, h.title(), f"{h}@example.com", "emea", "csm", None) for h in ("ana", "bo")]
    atomic_write(kb / "team.yaml", dump_roster(members))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "kb")
    monkeypatch.chdir(repo)
    assert cli("--kb", str(kb), "pair").exit_code == 0
    for i in range(12):
        _put(kb, "self-review.md", f"ana-reviews-ana{i:02d}.md")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    r = cli(
        "--kb",
        str(kb),
        "check",
        "--format",
        "github",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert r.exit_code == 1
    lines = r.stdout.strip().splitlines()
    assert lines and all(
        line.split(" file=", 1)[1].startswith(
            ("teams/cs-reviews/reviews/2026-11-09/", "teams/cs-reviews/playbook/")
        )
        for line in lines
    ), lines[:2]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n"), "appended, never overwritten"
    rows = [
        x
        for x in text.splitlines()
        if x.startswith(("| teams/cs-reviews/reviews/", "| teams/cs-reviews/playbook/"))
    ]
    assert len(rows) == len(lines) > 10
    assert "## :x: cskb check" in text
    # junit names the same repo-root paths
    r = cli("--kb", str(kb), "check", "--format", "junit")
    suite = ET.fromstring(r.stdout.split("\n", 1)[1]).find("testsuite")
    assert all(c.get("file").startswith("teams/cs-reviews/") for c in suite.findall("testcase"))


def test_step_summary_escapes_markdown_and_html():
    from cskb.checks.reports import to_summary
    from cskb.models import Finding

    text = to_summary(
        [Finding("reviews/a|b.md", 3, "rule", "error", "<script>x</script> | `code`")], 1, ()
    )
    assert "<script>" not in text and "&lt;script&gt;" in text and "a\\|b.md" in text


def test_check_json_is_format_json(checked_kb: Path, cli):
    _put(checked_kb, "bad-url.md", "ana-reviews-bo.md")
    a = cli("check", "--json")
    b = cli("check", "--format", "json")
    assert a.exit_code == b.exit_code == 1
    assert json.loads(a.stdout) == json.loads(b.stdout) and json.loads(a.stdout)
    r = cli("check", "--json", "--format", "junit")
    assert r.exit_code == 2 and "--json" in r.stderr


def test_a_file_check_does_not_read_is_refused_in_one_line(checked_kb: Path, cli, tmp_path: Path):
    (checked_kb / "README.md").write_text("# Our reviews\n\nNot a review.\n", encoding="utf-8")
    r = cli("check", "README.md")
    assert r.exit_code == 2
    assert "README.md: not a file cskb check reads" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x\n", encoding="utf-8")
    r = cli("check", str(outside))
    assert r.exit_code == 2 and "outside the knowledge base" in r.stderr


def test_files_every_check_validates_can_be_given_alone(checked_kb: Path, cli):
    """What the pre-commit hook passes when only cskb.toml or team.yaml changed."""
    r = cli("check", "cskb.toml", "team.yaml")
    assert r.exit_code == 0, r.stderr
