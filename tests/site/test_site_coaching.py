"""The site shows the coaching loop: each review's response (ack, disputes, resolutions with
the old score struck through) and the Coaching page with open disputes and goals."""

from __future__ import annotations

import html
from pathlib import Path

from tests.coaching.kbs import CYCLE, complete_review, pair_and_submit


def with_goal(text: str) -> str:
    head, _, _ = text.partition("## What to try next time")
    return head + "## What to try next time\n\n- Ask who signs the renewal before the demo\n"


def test_site_shows_acks_disputes_resolutions_and_goals(kb: Path, cli, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/nonexistent/pagefind")
    who = pair_and_submit(cli)
    bo = who["ana"]
    other = next(h for h in who if h not in ("ana", bo))
    ident = complete_review(kb, cli, "ana", bo, edit=with_goal)
    second = complete_review(kb, cli, other, who[other])
    assert cli("--as", bo, "review", "ack", ident, "--note", "Fair <b>point</b>").exit_code == 0
    for key, score in (("agenda", "5"), ("control", "4")):
        r = cli(
            "--as",
            bo,
            "review",
            "dispute",
            ident,
            "--criterion",
            key,
            "--score",
            score,
            "--comment",
            f"The {key} was agreed at 0:40",
        )
        assert r.exit_code == 0, r.stderr
    r = cli(
        "--as",
        "ana",
        "review",
        "resolve",
        ident,
        "partial",
        "--criterion",
        "agenda",
        "--score",
        "4",
        "--comment",
        "Agreed, but only after the demo",
    )
    assert r.exit_code == 0, r.stderr
    r = cli("site", "out")
    assert r.exit_code == 0, r.stderr
    page = (kb / "out" / "reviews" / CYCLE / f"{ident}.html").read_text(encoding="utf-8")
    assert "a score is disputed" in page
    assert "Fair &lt;b&gt;point&lt;/b&gt;" in page  # escaped, never markup
    assert "<del>3</del> → <ins>4</ins>" in page and "Partly accepted by" in page
    assert "Open:" in page  # control is still open
    plain = (kb / "out" / "reviews" / CYCLE / f"{second}.html").read_text(encoding="utf-8")
    assert "not acknowledged yet" in plain
    coaching = html.unescape((kb / "out" / "coaching" / "index.html").read_text(encoding="utf-8"))
    assert "Open disputes" in coaching and "The control was agreed at 0:40" in coaching
    assert "The agenda was agreed" not in coaching  # resolved: no longer open
    assert "Ask who signs the renewal before the demo" in coaching
    assert f"{CYCLE}/{ident}#1" in coaching
    assert "1 of 2 complete review(s) answered" in coaching
    assert 'href="../coaching/index.html"' in (kb / "out" / "library" / "index.html").read_text(
        encoding="utf-8"
    )
