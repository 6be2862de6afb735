"""A search that could not read some files says so, instead of silently missing them."""

from __future__ import annotations

from pathlib import Path

from tests.search.test_search import REVIEWS, write_review


def test_search_warns_about_files_it_left_out(kb: Path, cli):
    write_review(kb, *REVIEWS[next(iter(REVIEWS))])
    broken = kb / "reviews" / "2026-11-09" / "chen-reviews-dana.md"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("---\ntitle: [unclosed\n---\n# Data strategy\n", encoding="utf-8")
    (kb / "reviews" / "2026-11-09" / "bo-reviews-ana.md").write_bytes(b"---\n\xff\xfe\n---\n")
    r = cli("search", "data", "--no-server")
    assert r.exit_code == 0, r.stderr
    assert "2 file(s) could not be read and were left out" in r.stderr
    assert "cskb check" in r.stderr


def test_no_warning_when_every_file_was_read(kb: Path, cli):
    for review in REVIEWS.values():
        write_review(kb, *review)
    r = cli("search", "data", "--no-server")
    assert r.exit_code == 0, r.stderr
    assert "could not be read" not in r.stderr
