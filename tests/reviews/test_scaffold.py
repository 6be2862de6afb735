"""Scaffolding a review from the team's template: defaults from the cycle, fields as data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cskb.adapters.store import read_document
from cskb.errors import DataError, NotFoundError, UsageError
from cskb.kb.layout import open_kb
from cskb.reviews.scaffold import create_review
from cskb.reviews.sections import split_sections
from tests.reviews.test_calls import submit, write_cycle

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def k(kb: Path):
    write_cycle(kb, groups=(("ana", "bo", "chen"),))  # a trio: ana -> bo -> chen -> ana
    return open_kb(kb)


def new(k, reviewer="ana", reviewee=None, call=None, customer=None, tags=()):
    return create_review(k, TODAY, None, reviewer, reviewee, call, customer, list(tags), [])


def test_defaults_come_from_the_cycle_and_the_submitted_call(k):
    submit(k, member="bo", customer='Acme: "Inc" #1', tags=["Renewal"], products=["Analytics"])
    result = new(k, tags=["QBR"])
    assert result.reviewee == "bo" and result.warnings == ()
    assert result.path == k.root / "reviews" / "2026-11-09" / "ana-reviews-bo.md"
    doc = read_document(result.path)
    assert doc.meta == {
        "title": 'Acme: "Inc" #1: call by bo',
        "cycle": dt.date(2026, 11, 9),
        "reviewer": "ana",
        "reviewee": "bo",
        "call": {"url": "https://rec.example.com/1", "customer": 'Acme: "Inc" #1', "date": TODAY},
        "tags": ["renewal", "qbr"],
        "products": ["analytics"],
        "scores": {"agenda": None, "control": None, "next_steps": None},
        "status": "draft",
    }
    title, sections = split_sections(doc.body)
    assert title == 'Acme: "Inc" #1: call by bo'
    assert [s.heading for s in sections] == [
        "Setting a clear agenda",
        "Controlling the conversation",
        "Defining the customer's next steps",
        "What went well",
        "What to try next time",
    ]
    assert [s.key for s in sections[:3]] == ["agenda", "control", "next_steps"]
    assert all(s.has_placeholder for s in sections)
    assert "> Did the call open with a clear agenda" in sections[0].text
    assert "{{" not in doc.body


def test_trio_order(k):
    for h in ("ana", "bo", "chen"):
        submit(k, member=h)
    assert [new(k, h).reviewee for h in ("ana", "bo", "chen")] == ["bo", "chen", "ana"]


def test_someone_else_is_allowed_with_a_warning(k):
    result = new(k, reviewee="dana", call="https://rec.example.com/9", customer="Dana's customer")
    assert result.path.name == "ana-reviews-dana.md"
    assert result.warnings == (
        "dana is not whom ana reviews in cycle 2026-11-09 (bo); writing it anyway",
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({}, UsageError, "bo has not submitted a call .* `cskb call submit`"),
        ({"reviewee": "ana", "call": "https://x.example.com"}, UsageError, "your own call"),
        ({"reviewee": "zed"}, NotFoundError, "--reviewee 'zed' is not in team.yaml"),
        ({"call": "ftp://x"}, UsageError, r"--call 'ftp://x' is not an http\(s\) URL"),
        ({"call": "https://x.example.com", "customer": "a\nb"}, UsageError, "single line"),
    ],
)
def test_bad_input_writes_nothing(k, kwargs, error, match):
    with pytest.raises(error, match=match):
        new(k, **kwargs)
    assert not list(k.reviews_dir.rglob("*.md"))


def test_not_in_the_cycle_needs_reviewee(k):
    with pytest.raises(UsageError, match="dana is not in any group .* --reviewee"):
        new(k, "dana")


def test_never_overwrites(k):
    submit(k, member="bo")
    path = new(k).path
    path.write_text(path.read_text(encoding="utf-8") + "my words\n", encoding="utf-8")
    with pytest.raises(
        UsageError, match="already exists; open it with `cskb review edit ana-reviews-bo`"
    ):
        new(k)
    assert path.read_text(encoding="utf-8").endswith("my words\n")


def test_a_team_template_is_followed(k):
    submit(k, member="bo", customer="Nordlys AS", note="watch minute 12")
    k.template_file.write_text(
        "---\nteam: emea  # a field of the team's own\nstatus: whatever\n---\n"
        "# {{ title }}\n\n{{customer}} / {{call_note}} / {{unknown}}\n\n{{criteria}}\n\n## Quotes\n",
        encoding="utf-8",
    )
    doc = read_document(new(k).path)
    assert doc.meta["team"] == "emea" and doc.meta["status"] == "draft"
    assert list(doc.meta)[-1] == "team"  # known fields first, in order, then the team's own
    assert "Nordlys AS / watch minute 12 / {{unknown}}" in doc.body
    assert doc.body.rstrip().endswith("## Quotes")


def test_a_broken_template_is_named(k):
    submit(k, member="bo")
    k.template_file.write_text("---\ntitle: [\n---\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"templates/review.md:\d+: invalid YAML"):
        new(k)


def test_a_missing_template_falls_back_to_the_default_with_a_warning(k):
    submit(k, member="bo")
    k.template_file.unlink()
    result = new(k)
    assert any("templates/review.md is missing" in w for w in result.warnings)
    assert "<!-- criterion: agenda -->" in result.path.read_text(encoding="utf-8")


def test_criteria_the_template_leaves_out_are_added(k):
    submit(k, member="bo")
    k.template_file.write_text(
        "---\n---\n# {{title}}\n\n## Setting a clear agenda\n\nMy own words.\n", encoding="utf-8"
    )
    _, sections = split_sections(read_document(new(k).path).body)
    assert [s.heading for s in sections] == [
        "Setting a clear agenda",
        "Controlling the conversation",
        "Defining the customer's next steps",
    ]
    assert sections[0].key is None and "My own words." in sections[0].text  # found by title
