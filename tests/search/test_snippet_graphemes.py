"""Snippets of text written with combining marks (Thai vowels and tone marks, Devanagari
signs, accents written apart) start at a grapheme boundary: never with a mark cut from its
letter."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from cskb.search.normalise import from_grapheme
from tests.search.test_search import search, write_review

# Thai with a mark on nearly every other letter; the query word comes late, so the snippet
# is cut out of the middle.
THAI = (
    "ลูกค้าพูดถึงเรื่องการต่ออายุสัญญาและปัญหาที่เกิดขึ้นกับทีมสนับสนุนในเดือนที่ผ่านมา "
    "ผู้จัดการได้ฟังอย่างตั้งใจและสรุปประเด็นสำคัญให้ลูกค้าฟังอีกครั้งก่อนจะเข้าสู่วาระถัดไป "
)
TAIL = "จากนั้นจึงคุยเรื่อง กลยุทธ์ข้อมูล ของลูกค้าอย่างละเอียด"


def _marks_first(parts: list[str]) -> list[str]:
    return [p for p in parts if p and unicodedata.category(p[0]) in ("Mn", "Mc", "Me")]


def test_thai_snippets_start_at_a_grapheme_boundary(kb: Path, cli):
    people = ("ana", "bo", "chen", "dana")
    pairs = [(a, b) for a in people for b in people if a != b]
    for i, (a, b) in enumerate(pairs):  # the cut falls on a different character each time
        write_review(
            kb, a, b, "2026-11-09", f"Customer {i}", ["renewal"], ["core"],
            THAI[i:] + TAIL, title=f"Thai call {i}",
        )  # fmt: skip
    hits = search(cli, "กลยุทธ์ข้อมูล", "--limit", "0", "--no-server")
    assert len(hits) >= 10
    parts = [p.strip("* ") for h in hits for p in h["snippet"].split(" … ")]
    assert _marks_first(parts) == [], "a snippet starts with a mark cut from its letter"


def test_from_grapheme_drops_only_leading_marks():
    assert from_grapheme("\u0e34\u0e48นดี") == "นดี"  # Thai SARA I + MAI EK, cut
    assert from_grapheme("e\u0301te") == "e\u0301te"  # a mark after its letter stays
    assert from_grapheme("\u200dx") == "x"
    assert from_grapheme("สวัสดี") == "สวัสดี"
