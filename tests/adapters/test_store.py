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


# --- the direct builder and the remembered resolver give PyYAML's own values ------------------

import yaml  # noqa: E402

from cskb.adapters import store  # noqa: E402


class _Plain(store._BaseLoader):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader with cskb's duplicate-key refusal and nothing else: the oracle."""


_Plain.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, store._construct_mapping)


def _both(text: str) -> None:
    """store's loading and the oracle's agree: the same value (types and order included,
    compared through repr) or both refuse. Aliases are refused by store before either."""
    try:
        want = repr(yaml.load(text, Loader=_Plain))  # noqa: S506 - a safe loader
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        want = None
    try:
        got = repr(store._load_node(text, 1)[0])
    except YamlProblem as exc:
        if exc.code == "yaml-alias":
            return
        got = None
    assert got == want, text


TRICKY = [
    "a: 1\nb: [1, 2.5, true, null, ~, 2026-11-09, '2026-11-09', 0o17, 0x1f, .inf, -.nan]",
    "<<: {a: 1, b: 2}\nc: 3",
    "a: 1\n<<: [{b: 2}, {a: 9}]",
    "a: 1\na: 2",
    "1: x\n1.0: y",
    "true: x\n1: y",
    "[1, 2]: x",
    "{a: 1}: x",
    "s: !!set {a, b}",
    "o: !!omap [{a: 1}, {b: 2}]",
    "p: !!pairs [{a: 1}, {a: 2}]",
    "b: !!binary aGVsbG8=",
    "t: !!timestamp 2026-11-09T10:00:00Z",
    "x: !!str 12",
    "x: !!int '12'",
    "x: !custom 1",
    "x: !!python/object:os.system ls",
    "=: 1",
    "- a\n- {b: [c, {d: e}]}\n- - f",
    "a: 2026-02-30",
    "key: 'quoted: value'\nother: \"esc\\u00e9\"",
    "? complex\n: value",
    "scores:\n  agenda: 5\n  control: 2\ntags:\n- onboarding\nstatus: complete",
    "",
    "just a string",
    "a: [unclosed",
]


@pytest.mark.parametrize("text", TRICKY)
def test_builder_agrees_with_pyyaml_on_tricky_yaml(text: str):
    _both(text)


_scalar = st.one_of(
    st.text(max_size=12),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(),
)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_value, st.booleans())
def test_builder_agrees_with_pyyaml_on_dumped_values(value, flow: bool):
    _both(yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True))


@given(st.text(alphabet="ab1:.-[]{}!,?<=~ 'tnyYN#\n\t", max_size=40))
def test_builder_agrees_with_pyyaml_on_yaml_shaped_noise(text: str):
    _both(text)
