"""A closed calibration session in which a participant never wrote builds on the site."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli_calibrate import open_session, score


def test_site_builds_a_closed_session_where_someone_never_wrote(
    kb: Path, cli, editor: str, tmp_path: Path
):
    sid = open_session(cli)  # bo, chen, dana; lead ana
    assert score(cli, editor, "bo", sid, "agenda=4,control=3,next_steps=5").exit_code == 0
    assert score(cli, editor, "ana", sid, "agenda=4,control=3,next_steps=4").exit_code == 0
    assert cli("--as", "ana", "calibrate", "final", sid, "--from", "ana").exit_code == 0
    out = tmp_path / "site"
    r = cli("site", str(out))
    assert r.exit_code == 0, (r.stdout, r.stderr)
    page = (out / "calibration" / f"{sid}.html").read_text(encoding="utf-8")
    assert "bo" in page and "chen" in page and "dana" in page
    assert "not started" in page  # chen and dana never wrote
    report = cli("calibrate", "report", sid)
    assert report.exit_code == 0, report.stderr
