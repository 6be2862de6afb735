"""While a calibration session is open, no cskb command shows one participant another's
scores: not `review show/edit/done` on a peer's file, not `check` (text or any format), not
search, stats or the site. Once closed, everyone sees them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli_calibrate import one_line_error, open_session, score
from tests.helpers import git

# scores nobody would write by chance: each shown anywhere would be a leak
MARK = "agenda=4,control=n/a,next_steps=9"


@pytest.fixture
def session(kb: Path, cli, editor: str) -> str:
    sid = open_session(cli)
    r = score(cli, editor, "bo", sid, MARK)
    assert r.exit_code == 1  # off the scale: kept on disk, not committed
    git(kb, "add", "-A")
    git(kb, "commit", "-q", "-m", "bo's draft, committed around the checks")
    return sid


def leaks(text: str) -> bool:
    return "= 9" in text or "'9'" in text or ": 9" in text or "n/a" in text


def test_a_peer_cannot_open_edit_or_finish_a_review_in_an_open_session(
    kb: Path,
    cli,
    editor: str,
    session: str,
):
    rel = f"calibrations/{session}/bo.md"
    before = (kb / rel).read_bytes()
    head = git(kb, "rev-parse", "HEAD")
    env = {"EDITOR": editor, "STUB_SCORES": "agenda=1"}
    for args in (
        ("review", "edit", rel, "--edit"),
        ("review", "edit", rel, "--no-edit", "--no-commit"),
        ("review", "done", rel),
        ("review", "show", rel),
        ("review", "show", rel, "--json"),
        ("review", "edit", str(kb / rel), "--no-edit"),
    ):
        for who in ("chen", "ana"):  # a reviewer, and the lead
            r = cli("--as", who, *args, env=env)
            one_line_error(r, rel, "open calibration session", session)
            assert not leaks(r.stdout + r.stderr), (args, r.stdout, r.stderr)
    assert (kb / rel).read_bytes() == before
    assert git(kb, "rev-parse", "HEAD") == head
    # the author still edits their own
    r = cli("--as", "bo", "review", "edit", rel, "--no-edit", "--no-commit")
    assert r.exit_code == 1 and "calibrations" in r.stderr


def test_check_never_shows_a_score_of_an_open_session(kb: Path, cli, session: str):
    for args in (
        ("check",),
        ("check", f"calibrations/{session}/bo.md"),
        ("check", "--format", "json"),
        ("check", "--format", "github"),
        ("check", "--strict", "--format", "json"),
    ):
        r = cli("--as", "chen", *args)
        assert r.exit_code == 1, (args, r.stdout, r.stderr)
        out = r.stdout + r.stderr
        assert f"calibrations/{session}/bo.md" in out
        assert "not shown while calibration session" in out
        assert not leaks(out), (args, out)
        assert "score-na" not in out  # the rule id would say the value is n/a


def test_search_stats_and_site_never_show_an_open_sessions_scores(
    kb: Path, cli, session: str, tmp_path: Path
):
    assert cli("pair").exit_code == 0
    for args in (("search", "agenda", "--json"), ("stats", "--json"), ("stats", "--reviewers", "--json"),
                 ("calibrate", "show", session, "--json"), ("calibrate", "report", "--json"),
                 ("calibrate", "list", "--json"), ("status", "--json")):  # fmt: skip
        r = cli("--as", "chen", *args)
        assert r.exit_code == 0, (args, r.stderr)
        assert not leaks(json.dumps(json.loads(r.stdout))), args
    out = tmp_path / "site"
    assert cli("site", str(out)).exit_code == 0
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert ">9<" not in text and "n/a" not in text, page


def test_after_closing_the_values_are_shown(kb: Path, cli, editor: str, session: str):
    assert score(cli, editor, "ana", session, "agenda=4,control=3,next_steps=4").exit_code == 0
    assert cli("--as", "ana", "calibrate", "final", session, "--from", "ana").exit_code == 0
    r = cli("check", f"calibrations/{session}/bo.md")
    assert r.exit_code == 1 and "= 9 is not on the scale" in r.stdout
    assert cli("--as", "chen", "review", "show", f"calibrations/{session}/bo.md").exit_code == 0
