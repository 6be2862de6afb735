"""The fresh build's bulk segment writer: whoosh's own bytes, and the same answers in parallel."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from cskb.kb.layout import open_kb
from cskb.search import engine, freshness
from cskb.search.api import Filters
from cskb.search.parsing import build_parts
from tests.search.test_search import REVIEWS, fill, write_review

LANGS = ("en", "de", "no", "es", "uk")
WORDS = [
    "data",
    "strategy",
    "renewal",
    "agenda",
    "Kundengespräch",
    "datastrategi",
    "стратегію",
    "データ戦略",
    "กลยุทธ์ข้อมูล",
]


def _docs(n: int) -> list[dict]:
    """Documents with long posting lists (over whoosh's 128-posting block), repeated words
    (several positions), empty fields and every script the analyzer treats differently."""
    docs = []
    for i in range(n):
        body = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(i % 7 + 1))
        body += f" data data word{i} {REVIEWS['ja'][-1] if i % 5 == 0 else ''}"
        docs.append(
            {
                "path": f"reviews/2026-01-{i % 28 + 1:02d}/r{i:04d}.md",
                "digest": f"{i:064x}",
                "type": "card" if i % 11 == 0 else "review",
                "title": "" if i % 13 == 0 else f"Call {i} about {WORDS[i % len(WORDS)]}",
                "body": body,
                "tagtext": "data strategy ; renewal" if i % 2 else "",
                "tag": "data strategy,renewal" if i % 2 else "",
                "customer": ["Acme", "桜商事", "Київ Софт", "Fjord Energi"][i % 4],
                "producttext": "analytics",
                "product": "analytics",
                "reviewer": f"m{i % 9}",
                "reviewee": f"m{(i + 1) % 9}",
                "cycle": "2026-01-05",
                "status": "complete",
                "date": "" if i % 3 else "2026-01-06",
            }
        )
    return docs


def _postings(ix) -> dict:
    """Every term of every field: its statistics and every posting, as whoosh reads them."""
    out = {}
    with ix.reader() as r:
        for field, term in r.all_terms():
            info = r.term_info(field, term)
            m = r.postings(field, term)
            items = []
            while m.is_active():
                items.append((m.id(), m.weight(), m.value()))
                m.next()
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            out[(field, term)] = (stats, info.max_weight(), info.min_id(), info.max_id(), items)
    return out


def test_bulk_writer_writes_what_whoosh_writes(monkeypatch: pytest.MonkeyPatch):
    """Columns and stored fields byte for byte; terms, statistics and postings as whoosh reads
    them (the posting file itself is smaller: the bulk writer shares equal position values,
    which pickle then writes once per block)."""
    import whoosh.codec.base as base
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.structfile import BufferFile

    ids = itertools.count()
    monkeypatch.setattr(base, "random_name", lambda size=16: f"seg{next(ids):013d}")
    docs = _docs(400)
    theirs = engine.create(LANGS)
    writer = theirs.writer()
    for d in docs:
        writer.add_document(**d)
    writer.commit(merge=False)

    ids = itertools.count()
    ours = engine.assemble(LANGS, [engine.segment(LANGS, docs)])

    def parts(ix) -> dict[str, bytes]:
        (name,) = [n for n in ix.storage.files if n.endswith(".seg")]
        cs = CompoundStorage(BufferFile(bytes(ix.storage.files[name])), use_mmap=False)
        return {n: cs.open_file(n).read() for n in cs.list()}

    a, b = parts(theirs), parts(ours)
    assert sorted(a) == sorted(b)
    for name in a:
        if not name.endswith((".trm", ".pst")):
            assert a[name] == b[name], name
    pst = next(n for n in a if n.endswith(".pst"))
    assert len(b[pst]) <= len(a[pst])
    want, got = _postings(theirs), _postings(ours)
    assert len(want) > 1000
    assert any(len(v[-1]) > 128 for v in want.values())  # several blocks for one term
    assert got == want


def test_assembled_segments_answer_like_one_index():
    docs = _docs(300)
    one = engine.assemble(LANGS, [engine.segment(LANGS, docs)])
    three = engine.assemble(
        LANGS, [engine.segment(LANGS, docs[i : i + 100]) for i in range(0, 300, 100)]
    )
    assert one.doc_count() == three.doc_count() == 300
    filters = Filters()
    for text in ("data strategy", "データ戦略", "стратегія", "renewal -agenda", "tag:renewal"):
        a = engine.run(one, text, filters, 20, lambda rel: "", LANGS, {})
        b = engine.run(three, text, filters, 20, lambda rel: "", LANGS, {})
        assert a.total == b.total > 0, text
        assert [(h.path, round(h.score, 9)) for h in a.hits] == [
            (h.path, round(h.score, 9)) for h in b.hits
        ], text


def test_parallel_build_matches_in_process_build(kb: Path):
    fill(kb)
    for i in range(40):
        write_review(
            kb,
            "ana",
            "bo",
            f"2026-0{i % 9 + 1}-0{i % 7 + 1}",
            f"Customer {i}",
            ["data strategy"],
            ["analytics"],
            f"Agenda number {i}: the data strategy was clear.",
        )
    k = open_kb(kb)
    rels = list(freshness.scan(k.root).paths)
    seen: list[tuple[int, int]] = []
    parallel = build_parts(k.root, rels, LANGS, lambda d, t: seen.append((d, t)), workers=3)
    single = build_parts(k.root, rels, LANGS, workers=1)
    assert len(parallel) == 3 and len(single) == 1
    assert seen[-1] == (len(rels), len(rels))
    merged: dict[str, int] = {}
    for _s, _f, vocab in parallel:
        for w, n in vocab.items():
            merged[w] = merged.get(w, 0) + n
    assert merged == single[0][2]
    a = engine.assemble(LANGS, [(s, f) for s, f, _ in parallel])
    b = engine.assemble(LANGS, [(s, f) for s, f, _ in single])
    assert a.doc_count() == b.doc_count() == len(rels)
    for text in ("data strategy", "agenda", "datastrategi", "customer:acme"):
        ra = engine.run(a, text, Filters(), 50, lambda rel: "", LANGS, {})
        rb = engine.run(b, text, Filters(), 50, lambda rel: "", LANGS, {})
        assert [(h.path, round(h.score, 9)) for h in ra.hits] == [
            (h.path, round(h.score, 9)) for h in rb.hits
        ], text


def test_unreadable_files_are_left_out(kb: Path):
    fill(kb)
    bad = kb / "reviews" / "2026-10-12" / "broken.md"
    bad.write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    k = open_kb(kb)
    rels = list(freshness.scan(k.root).paths)
    parts = build_parts(k.root, rels, LANGS, workers=2)
    ix = engine.assemble(LANGS, [(s, f) for s, f, _ in parts])
    assert ix.doc_count() == len(rels) - 1


def test_no_temporary_folder_is_left_behind():
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("cskb-index-*"))
    engine.segment(LANGS, _docs(5))
    assert set(Path(tempfile.gettempdir()).glob("cskb-index-*")) - before == set()


def _updates(n: int) -> list[int]:
    ix = engine.assemble(LANGS, [engine.segment(LANGS, _docs(60))])
    counts = []
    for i in range(n):
        engine.write(ix, [dict(_docs(1)[0], path=f"reviews/2026-02-01/new{i}.md")], [])
        counts.append(len(_segments(ix)))
    return counts


def test_a_small_index_merges_as_whoosh_does_on_every_update(monkeypatch: pytest.MonkeyPatch):
    """Up to SMALL_INDEX documents every update runs whoosh's small-segment merge (cheap
    there); the same updates on an index counted as big pile up to MAX_SEGMENTS first."""
    assert max(_updates(12)) <= 3
    monkeypatch.setattr(engine, "SMALL_INDEX", 10)
    assert max(_updates(12)) == engine.MAX_SEGMENTS


def _segments(ix) -> list[int]:
    with ix.reader() as r:
        return [sub.doc_count_all() for sub, _ in r.leaf_readers()]


def test_updates_merge_only_when_segments_pile_up(monkeypatch: pytest.MonkeyPatch):
    """An update adds a segment without merging until MAX_SEGMENTS; then small ones merge.
    After 30 updates (each one new and one changed review) the same reviews match as in a
    fresh build (scores differ a little: whoosh counts deleted documents in its statistics
    until their segment is merged)."""
    monkeypatch.setattr(engine, "SMALL_INDEX", 100)  # 400 documents count as a big index here
    docs = _docs(400)
    ix = engine.assemble(
        LANGS, [engine.segment(LANGS, docs[:200]), engine.segment(LANGS, docs[200:])]
    )
    counts = []
    for i in range(30):
        new = dict(_docs(1)[0], path=f"reviews/2026-02-01/new{i}.md", body=f"data strategy {i}")
        changed = dict(docs[i * 7], body=docs[i * 7]["body"] + " renewal")
        docs[i * 7] = changed
        docs.append(new)
        engine.write(ix, [new, changed], [changed["path"]])
        counts.append(len(_segments(ix)))
    assert counts[:5] == [3, 4, 5, 6, 7]  # no merge while few
    assert max(counts) <= engine.MAX_SEGMENTS
    assert any(b < a for a, b in itertools.pairwise(counts))  # merges did happen
    fresh = engine.assemble(LANGS, [engine.segment(LANGS, docs)])
    assert ix.doc_count() == fresh.doc_count() == 430
    for text in ("data strategy", "renewal", "agenda", "データ戦略"):
        a = engine.run(ix, text, Filters(), 500, lambda rel: "", LANGS, {})
        b = engine.run(fresh, text, Filters(), 500, lambda rel: "", LANGS, {})
        assert a.total == b.total > 0, text
        assert {h.path for h in a.hits} == {h.path for h in b.hits}, text
