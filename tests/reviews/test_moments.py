"""Timestamps in evidence link into the call's recording: each host's pattern, a URL with
its own query or fragment, a team's own host, and the check of a timestamp past the end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cskb.config import parse_config
from cskb.errors import ConfigError
from cskb.reviews.moments import link_moments, moment_url, timestamps
from tests.coaching.kbs import CYCLE, complete_review, pair_and_submit
from tests.helpers import git

AT = 12 * 60 + 30  # [12:30]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=abc", "https://www.youtube.com/watch?v=abc&t=750s"),
        ("https://youtube.com/watch?v=abc&t=5s", "https://youtube.com/watch?v=abc&t=750s"),
        ("https://youtu.be/abc?si=x#frag", "https://youtu.be/abc?si=x&t=750s"),
        ("https://vimeo.com/123", "https://vimeo.com/123#t=12m30s"),
        (
            "https://player.vimeo.com/video/1?h=k#old",
            "https://player.vimeo.com/video/1?h=k#t=12m30s",
        ),
        ("https://www.loom.com/share/xyz", "https://www.loom.com/share/xyz?t=750"),
        ("https://www.loom.com/share/xyz?sid=1", "https://www.loom.com/share/xyz?sid=1&t=750"),
        (
            "https://drive.google.com/file/d/ID/view?usp=sharing",
            "https://drive.google.com/file/d/ID/view?usp=sharing&t=750s",
        ),
        ("https://rec.example.com/c/1", "https://rec.example.com/c/1#t=750"),
        ("https://rec.example.com/c/1?a=b#old", "https://rec.example.com/c/1?a=b#t=750"),
    ],
)
def test_each_host(url, expected):
    assert moment_url(url, AT) == expected


def test_a_teams_own_host_from_cskb_toml():
    cfg = parse_config({"coaching": {"moment_links": {"rec.example.com": "{url}&start={seconds}"}}})
    patterns = dict(cfg.coaching.moment_links)
    assert moment_url("https://rec.example.com/p?id=1", AT, patterns) == (
        "https://rec.example.com/p?id=1&start=750"
    )
    assert (
        moment_url("https://eu.rec.example.com/p", 5, patterns)
        == "https://eu.rec.example.com/p&start=5"
    )
    for bad in (
        {"rec.example.com": "javascript:{seconds}"},
        {"rec.example.com": "{url}"},
        {"Bad Host": "{url}#{seconds}"},
        "x",
    ):
        with pytest.raises(ConfigError, match="moment_links"):
            parse_config({"coaching": {"moment_links": bad}})


def test_timestamps_in_text():
    text = "Opened [0:40], priced at [12:30] and [1:02:45]; not [ab], [99:99] or [7:30](x)."
    assert [(w, s) for _, w, s in timestamps(text)] == [
        ("[0:40]", 40),
        ("[12:30]", 750),
        ("[1:02:45]", 3765),
    ]
    linked = link_moments(text, "https://vimeo.com/9")
    assert "[\\[12:30\\]](<https://vimeo.com/9#t=12m30s>)" in linked
    assert "[7:30](x)" in linked and "[99:99]" in linked
    assert link_moments(text, "javascript:alert(1)") == text


def test_site_review_show_and_check(kb: Path, cli, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/nonexistent/pagefind")
    who = pair_and_submit(cli)

    def stamped(text: str) -> str:
        text = text.replace("  date: 2026-11-22\n", "  date: 2026-11-22\n  length: '20:00'\n", 1)
        return re.sub(
            r"renewal date, which they did\.", "renewal date at [12:30] and [25:10].", text, count=1
        )

    ident = complete_review(kb, cli, "ana", who["ana"], edit=stamped)
    url = f"https://rec.example.com/{who['ana']}"
    page = (kb / "reviews" / CYCLE / f"{ident}.md").read_text(encoding="utf-8")
    assert "length: '20:00'" in page and "[12:30]" in page
    r = cli("check")
    assert "timestamp-past-end" in r.stdout and "[25:10] is past the end of the call" in r.stdout
    assert "[12:30] is past" not in r.stdout
    assert cli("site", "out").exit_code == 0
    html = (kb / "out" / "reviews" / CYCLE / f"{ident}.html").read_text(encoding="utf-8")
    assert f'<a href="{url}#t=750" rel="nofollow noopener">[12:30]</a>' in html
    shown = cli("review", "show", ident)
    assert shown.exit_code == 0 and "[12:30]" in shown.stdout
    assert git(kb, "status", "--porcelain", "--", "reviews") == ""
