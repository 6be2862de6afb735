from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cskb.adapters.store import YamlProblem, dump_document, parse_document, read_document


def test_round_trip_is_byte_stable():
    meta = {
        "title": "データ戦略",
        "customer": 'Acme: "Inc" #1',
        "flag": "no",
        "n": "0123",
        "t": "1:30",
        "cycle": dt.date(2026, 11, 16),
    }
    body = "\n# Title\n\nТекст українською. Norsk: blåbær. ไทย\n\n"
    text = dump_document(meta, body)
    doc = parse_document(text)
    assert doc.meta == meta and doc.body == body
    assert dump_document(doc.meta, doc.body) == text


@given(
    st.dictionaries(st.text(min_size=1), st.text() | st.integers() | st.booleans(), max_size=5),
    st.text(),
)
def test_round_trip_property(meta, body):
    body = body.replace("\r", "")
    doc = parse_document(dump_document(meta, body))
    assert doc.meta == meta and doc.body == body


@pytest.mark.parametrize(
    "text, line, needle",
    [
        ("no front matter\n", 1, "no front-matter"),
        ("---\na: 1\n", 1, "no closing"),
        ("---\n- a\n- b\n---\n", 2, "must be a mapping"),
        ("---\na: 1\na: 2\n---\n", 3, "duplicate key"),
        ("---\nx: !!python/object/apply:os.system ['echo hi']\n---\n", 2, "constructor"),
        ("---\na: 1\n<<<<<<< HEAD\n---\n", 3, "merge-conflict"),
        ("---\na:\n\tb: 1\n---\n", 3, "tab"),
        ("---\na: [1, 2\n---\n", 3, "invalid YAML"),
    ],
)
def test_parse_problems_have_lines(text, line, needle):
    with pytest.raises(YamlProblem) as info:
        parse_document(text)
    assert info.value.line == line and needle in info.value.message


def test_read_document_bom_crlf_are_notes(tmp_path: Path):
    p = tmp_path / "r.md"
    p.write_bytes("\ufeff---\r\ntitle: x\r\n---\r\nbody\r\n".encode())
    doc = read_document(p)
    assert doc.meta == {"title": "x"} and doc.body == "body\n"
    assert len(doc.notes) == 2


@pytest.mark.parametrize(
    "data, needle", [(b"", "empty"), (b"\x00\x01", "binary"), (b"---\n\xff\n---\n", "UTF-8")]
)
def test_read_document_bad_bytes(tmp_path: Path, data: bytes, needle: str):
    p = tmp_path / "r.md"
    p.write_bytes(data)
    with pytest.raises(YamlProblem, match=needle):
        read_document(p)
