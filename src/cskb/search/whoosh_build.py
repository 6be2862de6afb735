"""A bulk writer for whoosh segments: the fresh build's field indexer (imported only by engine.py).

whoosh's own SegmentWriter sends every posting through a general path: a Token object per
term, a tuple per posting into an external sorting pool (pickled to disk runs beyond its
memory limit), a length lookup per posting, one method call per posting into the block
writer. Measured on 10,000 reviews that path was about 24 s of CPU, most of the build. For a
fresh build of documents numbered in order, none of it is needed: postings are appended to
per-term lists in document order, sorted once by term, and handed to whoosh's block writer a
block at a time.

The files written are whoosh's own format, byte for byte what SegmentWriter writes for the
same documents (tests/search/test_search_build.py compares them), through the codec and block writer
of the pinned whoosh-reloaded release; only the posting order and the block filling are done
here. The TEXT fields' analyzer is called directly (the same forms at the same positions
whoosh would get from CskbTokenizer); other fields go through whoosh's `field.index`.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterable
from typing import Any

from cskb.search import _whoosh_compat  # noqa: F401  (must run before whoosh is imported)

# isort: split
from whoosh.codec.whoosh3 import W3Codec
from whoosh.util.numeric import byte_to_length, length_to_byte

from cskb.search.analysis import analyzer as plain_analyzer
from cskb.search.whoosh_analysis import CskbTokenizer

Posting = tuple[int, float, bytes, int]  # docnum, weight, encoded value, quantised length


def _text_postings(
    field: Any, value: str, docnum: int, into: dict[str, list[Posting]], single: dict[int, bytes]
) -> int:
    """Add what `field.index(value)` yields for a TEXT field analysed by CskbTokenizer to the
    field's postings `into` (by term); returns the field's length in this document."""
    poses = plain_analyzer(field.analyzer.languages).positions(value)
    length = sum(map(len, poses.values())) if field.scorable else 0
    stored = byte_to_length(length_to_byte(length)) if length else 0
    fmt = field.format
    boost, encode = fmt.field_boost, fmt.encode
    for word, at in poses.items():
        n = len(at)
        if n == 1:  # most terms: one position, whose encoding is shared
            vbytes = single.get(at[0])
            if vbytes is None:
                vbytes = single[at[0]] = encode(at)
        else:
            vbytes = encode(at)
        entry = (docnum, n * boost, vbytes, stored)
        known = into.get(word)
        if known is None:
            into[word] = [entry]
        else:
            known.append(entry)
    return length


def _other_postings(field: Any, value: Any, docnum: int, into: dict[str, list[Posting]]) -> int:
    """The same through whoosh's own `field.index` (ID and KEYWORD fields: a few terms)."""
    items = list(field.index(value))
    length = sum(item[1] for item in items) if field.scorable else 0
    stored = byte_to_length(length_to_byte(length)) if length else 0
    for tbytes, _freq, weight, vbytes in items:
        into.setdefault(tbytes.decode("utf-8"), []).append((docnum, weight * 1.0, vbytes, stored))
    return length


def _fill(writer: Any, postings: list[Posting]) -> None:
    """Hand one term's postings to whoosh's block writer a block at a time (what its
    add_posting does one posting at a time, including the block statistics)."""
    limit = writer._blocklimit
    for start in range(0, len(postings), limit):
        if start:
            writer._write_block()
        block = postings[start : start + limit]
        writer._ids = array("I", [p[0] for p in block])
        weights = [p[1] for p in block]
        writer._weights = array("f", weights)
        writer._maxweight = max(0, max(weights))  # 0 stays the int 0, as in add_posting
        writer._values = [p[2] for p in block if p[2]]
        lengths = [p[3] for p in block if p[3]]
        writer._minlength = min(lengths) if lengths else None
        writer._maxlength = max(lengths) if lengths else 0


def write_segment(storage: Any, schema: Any, indexname: str, docs: Iterable[dict[str, Any]]) -> Any:
    """Write `docs` (numbered from 0) as one new segment of `storage`; returns the segment.

    Python's cycle collector is paused meanwhile: the postings are millions of small tuples
    that hold no cycles, and every full collection walks all of them again (measured on
    12,500 reviews: 28.7 s of CPU with it, 20.5 s without)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _write_segment(storage, schema, indexname, docs)
    finally:
        if paused:
            gc.enable()


def _write_segment(
    storage: Any, schema: Any, indexname: str, docs: Iterable[dict[str, Any]]
) -> Any:
    codec = W3Codec()
    segment = codec.new_segment(storage, indexname)
    perdoc = codec.per_document_writer(storage, segment)
    fields = {name: schema[name] for name in schema.names()}
    if any(f.vector or f.separate_spelling() for f in fields.values()):
        raise ValueError("the bulk writer does not write term vectors or spelling fields")
    text = {n for n, f in fields.items() if isinstance(f.analyzer, CskbTokenizer)}
    # field -> term -> postings in document order (whoosh orders terms by their UTF-8 bytes,
    # which is the order of their code points, so str keys sort the same)
    postings: dict[str, dict[str, list[Posting]]] = {n: {} for n in fields}
    single: dict[int, bytes] = {}
    count = 0
    for docnum, doc in enumerate(docs):
        count = docnum + 1
        perdoc.start_doc(docnum)
        for name in sorted(n for n in doc if not n.startswith("_")):
            value = doc[name]
            if value is None:
                continue
            field = fields[name]
            length = 0
            if field.indexed and name in text:
                length = _text_postings(field, value, docnum, postings[name], single)
            elif field.indexed:
                length = _other_postings(field, value, docnum, postings[name])
            perdoc.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column is not None:
                perdoc.add_column_value(name, column, field.to_column_value(value))
        perdoc.finish_doc()
    perdoc.close()
    _write_postings(codec.field_writer(storage, segment), fields, postings)
    segment.set_doc_count(count)
    if segment.should_assemble():
        segment.create_compound_file(storage)
        segment.compound = True
    return segment


def _write_postings(
    writer: Any, fields: dict[str, Any], postings: dict[str, dict[str, list[Posting]]]
) -> None:
    for name in sorted(postings):
        terms = postings[name]
        if not terms:
            continue
        writer.start_field(name, fields[name])
        for term in sorted(terms):
            writer.start_term(term.encode("utf-8"))
            _fill(writer._postwriter, terms[term])
            writer.finish_term()
        writer.finish_field()
    writer.close()


def assemble(storage: Any, schema: Any, indexname: str, segments: list[Any]) -> None:
    """Make `segments` (their files already in `storage`) the index's next generation."""
    from whoosh.index import TOC, clean_files

    generation = storage.open_index(indexname, schema=schema).latest_generation() + 1
    TOC(schema, segments, generation).write(storage, indexname)
    clean_files(storage, indexname, generation, segments)
