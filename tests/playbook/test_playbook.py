"""The playbook core: states at their boundaries, front-matter field edits, card files that
are links, the reminder's size, the config key, and the data handed to search and the site."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from cskb.adapters.store import parse_document
from cskb.config import parse_config
from cskb.errors import ConfigError
from cskb.kb.layout import open_kb
from cskb.models import Member
from cskb.playbook.cards import Card
from cskb.playbook.checks import check_cards
from cskb.playbook.exemplars import excerpt
from cskb.playbook.export import card_documents, site_cards
from cskb.playbook.remind import build_reminder
from cskb.playbook.states import PlaybookReport, state_of, trust_score
from cskb.playbook.write import slugify
from cskb.reviews.records import set_fields_text
from tests.cli.test_cli_playbook import card, review
from tests.helpers import build_file_tree

DAY = dt.date(2026, 11, 22)


def a_card(verified_on: dt.date | None, interval: int = 90, ident: str = "c") -> Card:
    return Card(Path(f"/kb/playbook/{ident}.md"), ident, ident.title(), "ana", "", verified_on,
                "ana" if verified_on else "", interval, (), (), "")  # fmt: skip


@pytest.mark.parametrize(
    "verified_on, interval, within, state, left",
    [
        (None, 90, 14, "never-verified", None),
        (DAY - dt.timedelta(days=90), 90, 14, "due", 0),  # the due date itself is in date
        (DAY - dt.timedelta(days=91), 90, 14, "expired", -1),
        (DAY - dt.timedelta(days=76), 90, 14, "due", 14),
        (DAY - dt.timedelta(days=75), 90, 14, "verified", 15),
        (DAY - dt.timedelta(days=75), 90, 15, "due", 15),
        (DAY, 1, 0, "verified", 1),
        (DAY + dt.timedelta(days=3), 90, 14, "invalid", None),  # a date to come is no proof
    ],
)
def test_state_boundaries(verified_on, interval, within, state, left):
    s = state_of(a_card(verified_on, interval), DAY, within)
    assert (s.state, s.days_left) == (state, left)


def test_trust_score_counts_unreadable_cards_as_untrusted():
    statuses = [state_of(a_card(DAY), DAY), state_of(a_card(None), DAY)]
    assert trust_score(statuses) == 0.5
    assert trust_score(statuses, unreadable=2) == 0.25
    assert trust_score([]) is None


def test_set_fields_text_keeps_comments_crlf_and_adds_missing_fields():
    text = "---\r\ntitle: A  # keep me\r\nverified_on:   # when\r\n---\r\nBody\r\n"
    doc = parse_document(text.replace("\r\n", "\n"))
    out = set_fields_text(text, doc, {"verified_on": DAY, "verified_by": "no"})
    assert out == (
        "---\r\ntitle: A  # keep me\r\nverified_on:   2026-11-22 # when\r\n"
        "verified_by: 'no'\r\n---\r\nBody\r\n"
    )  # `no` is quoted, or YAML would read it as the boolean false


def test_set_fields_text_rewrites_as_data_when_a_line_edit_would_not_read_back():
    text = "---\ntitle: A\nverified_by:\n  - x\n---\nBody\n"
    doc = parse_document(text)
    out = set_fields_text(text, doc, {"verified_by": "bo"})
    back = parse_document(out)
    assert back.meta == {"title": "A", "verified_by": "bo"} and back.body == "Body\n"


def test_slugify_and_excerpt():
    assert slugify("Handling a Renewal Objection!") == "handling-a-renewal-objection"
    assert slugify("Café: déjà vu") == "cafe-deja-vu"
    assert slugify("交渉") == ""
    assert len(slugify("x" * 100)) == 60
    assert excerpt("a\x1b[31m b\n\n c") == "a[31m b c"
    long = excerpt("word " * 100, 30)
    assert long.endswith("…") and len(long) <= 31


def test_linked_card_files_are_never_read(kb: Path, tmp_path: Path):
    secret = tmp_path / "secret.md"
    secret.write_text(card("Secret", "2026-11-01"), encoding="utf-8")
    os.symlink(secret, kb / "playbook" / "leak.md")
    k = open_kb(kb)
    findings, checked = check_cards(k, DAY)
    assert checked == 4
    leak = [f for f in findings if f.path == "playbook/leak.md"]
    assert [(f.rule, f.severity) for f in leak] == [("card-symlink", "error")]
    assert "Secret" not in {d.title for d in card_documents(k)}


def test_a_linked_playbook_folder_is_never_read(kb: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    build_file_tree(outside, {"x.md": card("Outside", "2026-11-01")})
    os.rename(kb / "playbook", tmp_path / "moved")
    os.symlink(outside, kb / "playbook")
    k = open_kb(kb)
    findings, _ = check_cards(k, DAY)
    assert [(f.path, f.rule) for f in findings] == [("playbook", "card-symlink")]
    assert list(card_documents(k)) == []


def test_reminder_stays_under_slacks_section_limit():
    cards = tuple(state_of(a_card(None, ident=f"card-{i:03d}"), DAY) for i in range(200))
    report = PlaybookReport(DAY, 14, cards, (), 0.0, {"never-verified": 200})
    paths = [f"playbook/card-{i:03d}.md" for i in range(200)]
    message = build_reminder(report, [Member("ana", "Ana")], paths)
    section = message.blocks[1]["text"]["text"]
    assert len(section) < 3000 and section.endswith("more: `cskb playbook due`")
    assert message.text.count("\n• ") == 200 and message.cards == 200


def test_config_playbook_key():
    assert parse_config({}).playbook.interval_days == 90
    assert parse_config({"playbook": {"interval_days": 30}}).playbook.interval_days == 30
    with pytest.raises(ConfigError, match=r"unknown key 'interval' in \[playbook\]"):
        parse_config({"playbook": {"interval": 30}})
    with pytest.raises(ConfigError, match="interval_days = True must be a whole number"):
        parse_config({"playbook": {"interval_days": True}})


def test_search_documents_and_site_pages(kb: Path):
    build_file_tree(
        kb,
        {
            "playbook/renewal.md": card(
                "Renewals", "2026-11-01", tags="[Renewal, pricing]", criteria="[agenda, control]"
            ),
            "playbook/broken.md": card("Broken", "someday"),
            "reviews/2026-11-09/ana-reviews-bo.md": review("2026-11-09", "ana", "bo", 5),
        },
    )
    k = open_kb(kb)
    docs = {d.path: d for d in card_documents(k)}
    assert sorted(docs) == [
        "playbook/agenda.md", "playbook/control.md", "playbook/next-steps.md",
        "playbook/renewal.md",
    ]  # fmt: skip
    d = docs["playbook/renewal.md"]
    assert (d.title, d.tags, d.criteria) == (
        "Renewals",
        ("renewal", "pricing"),
        ("agenda", "control"),
    )
    assert "Open with the agenda on screen" in d.body and "title:" not in d.body
    site = site_cards(k, DAY)
    assert site.unreadable == ("playbook/broken.md",) and site.trust_score == 0.2
    page = {p.id: p for p in site.pages}["renewal"]
    assert page.state == "verified" and page.due_on == dt.date(2027, 1, 30)
    assert [(e.criterion, e.path, e.score) for e in page.exemplars] == [
        ("agenda", "reviews/2026-11-09/ana-reviews-bo.md", "5")
    ]  # control scored 3 of 5: not exemplary
    assert {p.id: p.state for p in site.pages}["agenda"] == "never-verified"
