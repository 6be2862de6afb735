"""Review bodies as sections: fenced code and placeholders (the fast paths keep results)."""

from __future__ import annotations

from cskb.reviews.sections import PLACEHOLDER_PREFIX, split_sections


def test_headings_inside_fences_are_not_sections():
    for fence in ("```", "~~~", "  ```python"):
        body = f"# Title\n\n## One\ntext\n{fence}\n## not a heading\n{fence.strip()[:3]}\n## Two\nmore\n"
        title, sections = split_sections(body)
        assert title == "Title"
        assert [s.heading for s in sections] == ["One", "Two"]
        assert "## not a heading" in sections[0].text


def test_without_fences_every_level_two_heading_is_a_section():
    title, sections = split_sections("# T\n## A\nx\n## B\ny\n", body_line=10)
    assert title == "T" and [(s.heading, s.line) for s in sections] == [("A", 11), ("B", 13)]


def test_placeholder_is_found_only_at_a_line_start():
    _, sections = split_sections(
        f"## A\nwords {PLACEHOLDER_PREFIX} inside a line\n## B\n  {PLACEHOLDER_PREFIX} here\n"
    )
    a, b = sections
    assert not a.has_placeholder
    assert b.has_placeholder and b.placeholder_line == b.line + 1
