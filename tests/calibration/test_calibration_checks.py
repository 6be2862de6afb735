"""`cskb check` over calibrations/: sessions and their reviews, each rule able to fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import build_file_tree

SID = "2026-11-22-acme"
SESSION = f"calibrations/{SID}/session.yaml"
GOOD_SESSION = """\
status: open
opened: 2026-11-22
lead: ana
call:
  url: https://rec.example.com/1
  customer: Acme
  reviewee: ''
reviewers:
- bo
- chen
"""


@pytest.fixture
def session(kb: Path, cli) -> Path:
    """An open session with bo's draft review, scaffolded through the CLI."""
    r = cli(
        "--as", "ana", "calibrate", "new", "--call", "https://rec.example.com/1",
        "--customer", "Acme", "--reviewers", "bo,chen",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert cli("--as", "bo", "calibrate", "review", SID, "--no-edit").exit_code == 0
    assert (kb / SESSION).read_text(encoding="utf-8") == GOOD_SESSION
    return kb


def findings(cli, *paths: str) -> list[dict]:
    r = cli("check", "--format", "json", *paths)
    assert r.exit_code in (0, 1), r.stderr
    return [f for f in json.loads(r.stdout) if f["path"].startswith("calibrations/")]


def rules(cli, *paths: str) -> set[str]:
    return {f["rule"] for f in findings(cli, *paths)}


def test_a_fresh_session_is_clean(session: Path, cli):
    assert findings(cli) == []
    assert cli("check").exit_code == 0
    # --strict fails only on the playbook cards `init` seeds unverified, never on the session
    strict = json.loads(cli("check", "--strict", "--format", "json").stdout)
    assert {f["rule"] for f in strict if f["severity"] == "error"} <= {"card-never-verified"}


@pytest.mark.parametrize(
    "change, rule",
    [
        (("- chen", "- zed"), "calibration-member"),
        (("lead: ana", "lead: zed"), "calibration-member"),
        (("status: open", "status: closed"), "calibration-benchmark"),
        (("status: open", "status: maybe"), "calibration-session"),
        (("opened: 2026-11-22", "opened: soon"), "calibration-session"),
        (("reviewers:\n- bo\n- chen\n", "reviewers: bo\n"), "calibration-session"),
        (("lead: ana", "lead: ana\nextra: 1"), "calibration-session"),
        (("reviewee: ''", "reviewee: bo"), "calibration-session"),
        (("lead: ana", "lead: [ana"), "yaml-invalid"),
        (("lead: ana", "lead: !!python/object/apply:os.system [touch pwned]"), "yaml-tag"),
    ],
)
def test_session_rules(session: Path, cli, change: tuple[str, str], rule: str):
    path = session / SESSION
    path.write_text(GOOD_SESSION.replace(*change), encoding="utf-8")
    found = findings(cli)
    assert rule in {f["rule"] for f in found}, found
    assert any(f["path"] == SESSION for f in found)
    assert cli("check").exit_code == 1
    assert not (session / "pwned").exists()
    # the same finding when the file is named on the command line (pre-commit)
    assert rule in rules(cli, SESSION)


def test_benchmark_rules(session: Path, cli):
    closed = GOOD_SESSION.replace("status: open", "status: closed") + (
        "benchmark:\n  from: bo\n  closed: 2026-11-23\n  scores:\n    agenda: 4\n    control: 9\n"
    )
    build_file_tree(session, {SESSION: closed})
    messages = [f["message"] for f in findings(cli) if f["rule"] == "calibration-benchmark"]
    assert any("control" in m for m in messages) and any("next_steps" in m for m in messages)
    build_file_tree(session, {SESSION: closed.replace("from: bo", "from: dana")})
    assert "calibration-benchmark" in rules(cli)
    build_file_tree(session, {SESSION: closed.replace("from: bo", "from: chen")})
    warn = [f for f in findings(cli) if "chen.md" in f["message"]]
    assert warn and warn[0]["severity"] == "warning"
    # a closed session refuses reviews even though its file is malformed
    r = cli("--as", "chen", "calibrate", "review", SID, "--no-edit")
    assert r.exit_code == 2 and "closed" in r.stderr


def test_review_rules(session: Path, cli):
    bo = session / f"calibrations/{SID}/bo.md"
    text = bo.read_text(encoding="utf-8")
    assert "reviewee" not in text.split("---")[1]  # no reviewee: the key is left out
    (session / f"calibrations/{SID}/dana.md").write_text(
        text.replace("reviewer: bo", "reviewer: dana"), encoding="utf-8"
    )
    (session / f"calibrations/{SID}/chen.md").write_text(text, encoding="utf-8")
    found = {(f["path"].rsplit("/", 1)[1], f["rule"]) for f in findings(cli)}
    assert ("dana.md", "calibration-participant") in found
    assert ("chen.md", "calibration-mismatch") in found  # says bo, named chen
    bo.write_text(
        text.replace(f"calibration: {SID}", "calibration: other").replace(
            "reviewer: bo", "reviewer: bo\nreviewee: chen"
        ),
        encoding="utf-8",
    )
    bo_rules = [f["message"] for f in findings(cli) if f["path"].endswith("bo.md")]
    assert any("session's ID" in m for m in bo_rules) and any("reviewee" in m for m in bo_rules)
    # a review without its session.yaml
    build_file_tree(session, {"calibrations/2026-11-01-lost/bo.md": text})
    lost = [f for f in findings(cli) if "lost" in f["path"]]
    assert {f["rule"] for f in lost} >= {"calibration-session"}


def test_regular_rules_apply_to_calibration_reviews(session: Path, cli):
    bo = session / f"calibrations/{SID}/bo.md"
    text = bo.read_text(encoding="utf-8").replace("  agenda: null", "  agenda: 7")
    bo.write_text(text.replace("status: draft", "status: complete"), encoding="utf-8")
    got = rules(cli, f"calibrations/{SID}/bo.md")
    assert {"score-out-of-scale", "score-missing", "placeholder-left"} <= got
    # never the pairing rules: a calibration is not a cycle's pairing
    assert not got & {"unknown-cycle", "not-paired", "file-location", "duplicate-review"}


def test_unreadable_session_is_reported_not_fatal(session: Path, cli):
    (session / SESSION).write_text("- just\n- a list\n", encoding="utf-8")
    r = cli("calibrate", "list")
    assert r.exit_code == 0 and "could not be read" in r.stderr
    r = cli("--as", "bo", "calibrate", "review", SID)
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and SESSION in r.stderr
    assert "calibration-session" in rules(cli)


def test_hostile_files_do_not_leak_or_escape(session: Path, cli, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "session.yaml").write_text(GOOD_SESSION, encoding="utf-8")
    (outside / "bo.md").write_text("secret outside the KB\n", encoding="utf-8")
    (session / "calibrations" / "2026-11-23-evil").symlink_to(outside, target_is_directory=True)
    listed = json.loads(cli("calibrate", "list", "--json").stdout)
    assert [x["id"] for x in listed] == [SID]
    r = cli("--as", "bo", "calibrate", "show", "2026-11-23-evil")
    assert r.exit_code == 2 and "no calibration session" in r.stderr
    assert not any("evil" in f["path"] for f in findings(cli))
    # a peer's review swapped for a link to a file outside the KB is never read
    chen = session / f"calibrations/{SID}/chen.md"
    chen.symlink_to(outside / "bo.md")
    shown = cli("--as", "ana", "calibrate", "show", SID, "--json")
    assert "secret" not in shown.stdout
    assert {w["handle"]: w["status"] for w in json.loads(shown.stdout)["written"]}["chen"] == (
        "unreadable"
    )
    r = cli("--as", "chen", "calibrate", "review", SID, "--no-edit")
    assert r.exit_code == 2 and "symbolic link" in r.stderr
    assert "secret" not in cli("check").stdout
    chen.unlink()
    # a handle that walks out of the folder is refused as malformed
    (session / SESSION).write_text(GOOD_SESSION.replace("- chen", "- ../../x"), encoding="utf-8")
    assert "calibration-session" in rules(cli)
    r = cli("--as", "bo", "calibrate", "show", SID)
    assert r.exit_code == 2 and "handle" in r.stderr


def test_customer_with_control_characters_is_refused(kb: Path, cli):
    r = cli("--as", "ana", "calibrate", "new", "--call", "https://rec.example.com/1",
            "--customer", "Acme\x1b[31m", "--reviewers", "bo")  # fmt: skip
    assert r.exit_code == 2 and "--customer" in r.stderr and "\x1b" not in r.stderr
    assert not (kb / "calibrations").exists()
