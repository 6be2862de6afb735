"""Calibration sessions through the CLI in a real git repository, with a stub $EDITOR."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import commit_count, git, last_commit_files

URL = "https://rec.example.com/c/42"
ED = """
text = open(path, encoding="utf-8").read()
for pair in os.environ["STUB_SCORES"].split(","):
    key, value = pair.split("=")
    text = re.sub(rf"^  {key}: .*$", f"  {key}: {value}", text, flags=re.M)
text = re.sub(r"^_Replace this line.*$", "Opened with a shared agenda, asked the customer to add one item, and kept to time throughout the call.", text, flags=re.M)
open(path, "w", encoding="utf-8").write(text)
"""


@pytest.fixture
def editor(tmp_path: Path) -> str:
    """A stub editor: sets the scores named in STUB_SCORES and fills every placeholder."""
    script = tmp_path / "stub-editor.py"
    script.write_text(
        f"#!{sys.executable}\nimport sys, os, re\npath = sys.argv[-1]\n" + textwrap.dedent(ED),
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    err = result.stderr.strip()
    assert err.startswith("cskb: error:") and "\n" not in err, err
    assert "Traceback" not in result.stderr + result.stdout
    for w in words:
        assert w in err, err


def session_ids(cli) -> set[str]:
    return {x["id"] for x in json.loads(cli("calibrate", "list", "--json").stdout)}


def open_session(cli, *extra: str, reviewers: str = "bo,chen,dana") -> str:
    before = session_ids(cli)
    r = cli(
        "--as", "ana", "calibrate", "new", "--call", URL, "--customer", "Acme GmbH",
        "--reviewers", reviewers, *extra,
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    (new,) = session_ids(cli) - before
    return new


def score(cli, editor: str, who: str, sid: str, scores: str):
    return cli(
        "--as", who, "calibrate", "review", sid, "--edit", env={"EDITOR": editor, "STUB_SCORES": scores}
    )  # fmt: skip


def test_full_session(kb: Path, cli, editor: str):
    before = commit_count(kb)
    sid = open_session(cli, "--due", "2026-11-30")
    assert sid == "2026-11-22-acme-gmbh"
    assert last_commit_files(kb) == [f"calibrations/{sid}/session.yaml"]
    assert commit_count(kb) == before + 1

    r = score(cli, editor, "bo", sid, "agenda=4,control=3,next_steps=5")
    assert r.exit_code == 0, r.stderr
    assert last_commit_files(kb) == [f"calibrations/{sid}/bo.md"]
    assert f"calibration review by bo ({sid})" in git(kb, "log", "-1", "--format=%s")

    # chen has not scored yet and cannot see bo's scores anywhere cskb shows them
    shown = json.loads(cli("--as", "chen", "calibrate", "show", sid, "--json").stdout)
    assert shown["hidden"] is True
    written = {w["handle"]: w for w in shown["written"]}
    assert written["bo"]["status"] == "draft" and written["bo"]["scores"] is None
    assert written["chen"]["status"] == "not started"
    text = cli("--as", "chen", "calibrate", "show", sid)
    assert text.exit_code == 0 and "hidden" in text.stdout and "anchoring" in text.stderr
    report = json.loads(cli("--as", "chen", "calibrate", "report", sid, "--json").stdout)
    assert report["sessions"][0]["hidden"] is True
    assert report["sessions"][0]["reviewers_vs_benchmark"] == []
    assert report["sessions"][0]["alpha"] is None
    peek = cli("--as", "chen", "review", "show", f"calibrations/{sid}/bo.md")
    one_line_error(peek, "open calibration session", "not secrecy")
    assert "agenda" not in peek.stdout
    # bo sees their own
    own = json.loads(cli("--as", "bo", "calibrate", "show", sid, "--json").stdout)
    assert {w["handle"]: w["scores"] for w in own["written"]}["bo"] == {
        "agenda": 4, "control": 3, "next_steps": 5
    }  # fmt: skip
    assert cli("--as", "bo", "review", "show", f"calibrations/{sid}/bo.md").exit_code == 0

    assert score(cli, editor, "chen", sid, "agenda=2,control=3,next_steps=4").exit_code == 0
    assert score(cli, editor, "dana", sid, "agenda=4,control=1,next_steps=5").exit_code == 0
    assert score(cli, editor, "ana", sid, "agenda=4,control=3,next_steps=4").exit_code == 0
    assert cli("check").exit_code == 0

    # only the lead closes it
    one_line_error(cli("--as", "bo", "calibrate", "final", sid, "--from", "ana"), "lead (ana)")
    r = cli("--as", "ana", "calibrate", "final", sid, "--from", "ana")
    assert r.exit_code == 0, r.stderr
    assert last_commit_files(kb) == [f"calibrations/{sid}/session.yaml"]
    session = (kb / "calibrations" / sid / "session.yaml").read_text(encoding="utf-8")
    assert "status: closed" in session and "from: ana" in session

    report = json.loads(cli("--as", "chen", "calibrate", "report", sid, "--json").stdout)
    s = report["sessions"][0]
    assert s["hidden"] is False and s["benchmark"]["scores"] == {
        "agenda": 4, "control": 3, "next_steps": 4
    }  # fmt: skip
    rows = {r["reviewer"]: r for r in s["reviewers_vs_benchmark"]}
    assert set(rows) == {"bo", "chen", "dana"}  # the benchmark's author is not scored
    # worked by hand, scale 1-5 (4 steps): bo 0, 0, 1/4; chen 2/4, 0, 0; dana 0, 2/4, 1/4
    assert [c["distance"] for c in rows["bo"]["criteria"]] == [0.0, 0.0, 0.25]
    assert rows["bo"]["alignment"] == round(100 * (1 - (0 + 0 + 0.25) / 3), 1) == 91.7
    assert rows["chen"]["alignment"] == round(100 * (1 - 0.5 / 3), 1) == 83.3
    assert rows["dana"]["alignment"] == round(100 * (1 - 0.75 / 3), 1) == 75.0
    assert s["mean_alignment"] == round((91.7 + 83.3 + 75.0) / 3, 1)
    # alpha over all four reviews, worked by hand in docs/calibration.md
    assert s["alpha"]["value"] == pytest.approx(1 - 11 * (368 / 3) / 3132, abs=1e-9)
    assert (s["alpha"]["units"], s["alpha"]["values"]) == (3, 12)
    assert [t["reviewer"] for t in report["trends"]] == ["bo", "chen", "dana"]

    text = cli("calibrate", "report", sid)
    assert text.exit_code == 0
    assert "92%" in text.stdout and "0.57" in text.stdout and "low agreement" in text.stdout
    shown = json.loads(cli("--as", "chen", "calibrate", "show", sid, "--json").stdout)
    assert {w["handle"]: w["scores"] for w in shown["written"]}["bo"]["next_steps"] == 5
    assert cli("--as", "chen", "review", "show", f"calibrations/{sid}/bo.md").exit_code == 0

    # closed: no new reviews, no second final, nothing changes
    head = git(kb, "rev-parse", "HEAD")
    one_line_error(score(cli, editor, "chen", sid, "agenda=5"), "closed", sid)
    one_line_error(cli("--as", "ana", "calibrate", "final", sid, "--from", "bo"), "already closed")
    env = {"EDITOR": editor, "STUB_SCORES": "agenda=5"}
    for command in ("edit", "done"):  # the regular review commands refuse it too
        for ident in (f"calibrations/{sid}/chen.md", str(kb / "calibrations" / sid / "chen.md")):
            late = cli("--as", "chen", "review", command, ident, "--no-commit", env=env)
            one_line_error(late, f"calibrations/{sid}/chen.md", "closed", "after the fact")
    assert git(kb, "rev-parse", "HEAD") == head
    assert git(kb, "status", "--porcelain") == ""
    assert "  agenda: 2" in (kb / "calibrations" / sid / "chen.md").read_text(encoding="utf-8")


def test_calibration_reviews_never_count_as_regular_reviews(kb: Path, cli, editor: str):
    assert cli("pair").exit_code == 0
    sid = open_session(cli, "--reviewee", "dana", reviewers="bo,chen")
    assert score(cli, editor, "bo", sid, "agenda=4,control=3,next_steps=5").exit_code == 0
    assert score(cli, editor, "chen", sid, "agenda=4,control=3,next_steps=5").exit_code == 0
    assert json.loads(cli("review", "list", "--json").stdout) == []
    status = json.loads(cli("status", "--json").stdout)
    assert "calibrations" not in json.dumps(status)
    states = [s for g in status["groups"] for s in g["members_status"]]
    assert len(states) == 4 and not any(s["review_written"] for s in states), status
    assert status["participation"] == 0 and all(m["done"] == 0 for m in status["members"])
    # search covers playbook cards too (init made one named `agenda`): reviews only here
    assert json.loads(cli("search", "agenda", "--type", "review", "--json").stdout) == []
    review = (kb / "calibrations" / sid / "bo.md").read_text(encoding="utf-8")
    assert "reviewee: dana" in review and f"calibration: {sid}" in review
    # same reviewer, reviewee and day in two sessions: no duplicate-review finding
    sid2 = open_session(cli, "--reviewee", "dana", reviewers="bo")
    assert score(cli, editor, "bo", sid2, "agenda=4,control=3,next_steps=5").exit_code == 0
    # --strict also turns the seeded, never-verified playbook cards into errors: only those
    report = json.loads(cli("check", "--strict", "--format", "json").stdout)
    rules = {f["rule"] for f in report}
    assert rules <= {"card-never-verified"}, report


def test_not_in_session_and_one_reviewer(kb: Path, cli, editor: str):
    sid = open_session(cli, reviewers="bo")
    before = commit_count(kb)
    one_line_error(
        score(cli, editor, "chen", sid, "agenda=4"), "you (chen) are not in calibration session"
    )
    assert not (kb / "calibrations" / sid / "chen.md").exists()
    assert commit_count(kb) == before
    assert score(cli, editor, "bo", sid, "agenda=3,control=3,next_steps=3").exit_code == 0
    # the lead closes with the only reviewer as the benchmark: nothing left to compare
    one_line_error(cli("--as", "ana", "calibrate", "final", sid, "--from", "chen"), "not in")
    one_line_error(cli("--as", "ana", "calibrate", "final", sid, "--from", "ana"), "no review")
    assert cli("--as", "ana", "calibrate", "final", sid, "--from", "bo").exit_code == 0
    s = json.loads(cli("calibrate", "report", sid, "--json").stdout)["sessions"][0]
    assert s["reviewers_vs_benchmark"] == [] and s["mean_alignment"] is None
    assert s["alpha"]["value"] is None and "fewer than two" in s["alpha"]["reason"]
    text = cli("calibrate", "report", sid)
    assert text.exit_code == 0 and "not defined" in text.stdout


def test_na_and_missing_scores(kb: Path, cli, editor: str):
    toml = kb / "cskb.toml"
    text = toml.read_text(encoding="utf-8")
    head, tail = text.split('key = "next_steps"', 1)
    toml.write_text(
        head + 'key = "next_steps"' + tail.replace("mandatory = true", "mandatory = false", 1),
        encoding="utf-8",
    )
    git(kb, "commit", "-qam", "test: next steps optional")
    sid = open_session(cli, reviewers="bo,chen,dana")
    assert score(cli, editor, "bo", sid, "agenda=5,control=3,next_steps=n/a").exit_code == 0
    assert score(cli, editor, "chen", sid, "agenda=4,control=3,next_steps=2").exit_code == 0
    # dana leaves control unscored (a draft may)
    r = score(cli, editor, "dana", sid, "agenda=4,next_steps=n/a")
    assert r.exit_code == 0, r.stderr
    assert score(cli, editor, "ana", sid, "agenda=4,control=2,next_steps=n/a").exit_code == 0
    # a mandatory criterion cannot be n/a in the benchmark
    assert cli("--as", "ana", "calibrate", "final", sid, "--from", "dana").exit_code == 2
    assert cli("--as", "ana", "calibrate", "final", sid, "--from", "ana").exit_code == 0
    s = json.loads(cli("calibrate", "report", sid, "--json").stdout)["sessions"][0]
    rows = {r["reviewer"]: r for r in s["reviewers_vs_benchmark"]}
    bo = {c["key"]: c for c in rows["bo"]["criteria"]}
    assert bo["next_steps"]["distance"] == 0.0 and bo["next_steps"]["note"] == "n/a on both"
    assert rows["bo"]["alignment"] == round(100 * (1 - (0.25 + 0.25 + 0) / 3), 1)
    chen = {c["key"]: c for c in rows["chen"]["criteria"]}
    assert chen["next_steps"]["distance"] == 1.0
    assert rows["chen"]["alignment"] == round(100 * (1 - (0 + 0.25 + 1) / 3), 1)
    dana = {c["key"]: c for c in rows["dana"]["criteria"]}
    assert dana["control"]["distance"] is None and dana["control"]["note"] == "not scored"
    assert rows["dana"]["alignment"] == 100.0  # agenda 0 and next steps (n/a on both) 0
    # alpha leaves n/a and missing values out: agenda 5,4,4,4; control 3,3,2; next steps 2
    from tests.calibration.test_calibration_metrics import pairwise_alpha

    expected = pairwise_alpha([[5, 4, 4, 4], [3, 3, None, 2], [None, 2, None, None]])
    assert s["alpha"]["value"] == pytest.approx(expected, abs=1e-9)
    assert (s["alpha"]["units"], s["alpha"]["values"]) == (2, 7)


def test_bad_input_is_refused_with_one_line_and_nothing_lost(kb: Path, cli, editor: str):
    before = commit_count(kb)
    base = ["--as", "ana", "calibrate", "new", "--call", URL, "--customer", "Acme"]
    one_line_error(cli(*base, "--reviewers", "bo,zed"), "'zed' is not in team.yaml")
    one_line_error(cli(*base, "--reviewers", "bo", "--due", "2026-02-30"), "--due", "not a date")
    one_line_error(cli(*base, "--reviewers", "bo", "--due", "2026-11-01"), "before today")
    one_line_error(cli(*base, "--reviewers", "bo", "--lead", "zed"), "--lead")
    one_line_error(cli(*base, "--reviewers", "bo", "--reviewee", "bo"), "own call")
    one_line_error(cli(*base, "--reviewers", " , "), "--reviewers is empty")
    one_line_error(
        cli("--as", "ana", "calibrate", "new", "--call", "rec/1", "--customer", "A",
            "--reviewers", "bo"),
        "--call",
    )  # fmt: skip
    assert not (kb / "calibrations").exists()
    assert commit_count(kb) == before
    for args in (
        ["calibrate", "review", "2026-01-01-nope"],
        ["calibrate", "show", "nope"],
        ["calibrate", "final", "nope", "--from", "ana"],
        ["calibrate", "report", "nope"],
        ["calibrate", "show", "../reviews"],
    ):
        one_line_error(cli("--as", "bo", *args), "no calibration session")

    # a review that does not validate is kept on disk, not committed, and reopened as is
    sid = open_session(cli, reviewers="bo")
    count = commit_count(kb)
    r = score(cli, editor, "bo", sid, "agenda=9")
    assert r.exit_code == 1 and "score-out-of-scale" in r.stderr
    path = kb / "calibrations" / sid / "bo.md"
    assert "  agenda: 9" in path.read_text(encoding="utf-8")
    assert commit_count(kb) == count
    r = cli("--as", "bo", "calibrate", "review", sid, "--no-edit")
    assert r.exit_code == 1 and "reopened" in r.stdout
    assert "  agenda: 9" in path.read_text(encoding="utf-8")
    assert score(cli, editor, "bo", sid, "agenda=3").exit_code == 0
    assert git(kb, "status", "--porcelain") == ""


def test_list_and_report_of_several_sessions(kb: Path, cli, editor: str):
    first = open_session(cli, reviewers="bo,chen")
    assert score(cli, editor, "bo", first, "agenda=2,control=2,next_steps=2").exit_code == 0
    assert score(cli, editor, "chen", first, "agenda=4,control=4,next_steps=4").exit_code == 0
    assert cli("--as", "ana", "calibrate", "final", first, "--from", "chen").exit_code == 0
    r = cli("--as", "ana", "calibrate", "new", "--call", URL + "9", "--customer", "Acme GmbH",
            "--reviewers", "bo,chen", env={"CSKB_TODAY": "2026-11-29"})  # fmt: skip
    assert r.exit_code == 0, r.stderr
    second = "2026-11-29-acme-gmbh"
    env = {"CSKB_TODAY": "2026-11-29"}
    assert score(cli, editor, "bo", second, "agenda=3,control=4,next_steps=4").exit_code == 0
    assert score(cli, editor, "chen", second, "agenda=4,control=4,next_steps=4").exit_code == 0
    assert (
        cli("--as", "ana", "calibrate", "final", second, "--from", "chen", env=env).exit_code == 0
    )
    third = open_session(cli, reviewers="bo,dana")
    listed = json.loads(cli("calibrate", "list", "--json").stdout)
    # oldest first; a second session on the same day and customer gets a suffix
    assert [x["id"] for x in listed] == [first, third, second]
    assert third == "2026-11-22-acme-gmbh-2"
    assert [x["status"] for x in listed] == ["closed", "open", "closed"]
    assert listed[0]["written"] == ["bo", "chen"]
    report = json.loads(cli("calibrate", "report", "--json").stdout)
    assert len(report["sessions"]) == 3
    trend = {t["reviewer"]: t for t in report["trends"]}["bo"]
    # bo: first 1-in-4 off by 2 steps everywhere = 50%; second 1 step on one criterion
    assert [p["alignment"] for p in trend["points"]] == [50.0, round(100 * (1 - 0.25 / 3), 1)]
    assert trend["change"] == round(91.7 - 50.0, 1)
    text = cli("calibrate", "report")
    assert text.exit_code == 0 and "alignment across sessions" in text.stdout
    assert "reviewer leniency" in text.stdout
    table = cli("calibrate", "list")
    assert table.exit_code == 0 and first in table.stdout and "0/3" in table.stdout
