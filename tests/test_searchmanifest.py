"""The search index's manifest: only an index built here, unchanged, is vouched for."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

from cskb.kb.layout import open_kb
from cskb.search import manifest as sm


def _gen(kb_root: Path) -> Path:
    """A fake generation folder with a table of contents and a segment file."""
    gen = sm.index_root(open_kb(kb_root)) / "gen-test"
    gen.mkdir(parents=True)
    (gen / "_MAIN_1.toc").write_bytes(b"toc-bytes")
    (gen / "MAIN_abc.seg").write_bytes(b"segment-bytes")
    return gen


def test_secret_is_private_and_stable(kb: Path):
    k = open_kb(kb)
    first = sm.secret(k)
    mode = stat.S_IMODE((k.state_dir / "index-secret").stat().st_mode)
    assert mode == 0o600
    assert len(first) == 32 and sm.secret(k) == first


def test_manifest_round_trip_and_reasons(kb: Path):
    k = open_kb(kb)
    gen = _gen(kb)
    assert sm.read_manifest(k, gen) == (None, "missing")
    sm.write_manifest(k, gen, {"reviews/a.md": [1, 2, 3]})
    data, why = sm.read_manifest(k, gen)
    assert why == "" and data is not None
    assert data["files"] == {"reviews/a.md": [1, 2, 3]}
    assert set(data["index"]) == {"_MAIN_1.toc", "MAIN_abc.seg"}

    (gen / "_MAIN_1.toc").write_bytes(b"toc-bytez")  # same size, other content
    assert sm.read_manifest(k, gen)[1].startswith("not verifiably built")


def test_manifest_from_another_kb_or_key_is_refused(kb: Path, tmp_path: Path):
    k = open_kb(kb)
    gen = _gen(kb)
    sm.write_manifest(k, gen, {})
    data = json.loads((gen / sm.MANIFEST).read_text(encoding="utf-8"))
    data["kb"] = str(tmp_path / "elsewhere")
    (gen / sm.MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    assert sm.read_manifest(k, gen) == (None, "not built for this knowledge base")

    sm.write_manifest(k, gen, {})
    (k.state_dir / "index-secret").unlink()  # a new secret: old MACs no longer match
    assert sm.read_manifest(k, gen)[0] is None

    (gen / sm.MANIFEST).write_text("{not json", encoding="utf-8")
    assert sm.read_manifest(k, gen) == (None, "corrupt")


def test_current_follows_only_a_generation_inside_the_index(kb: Path, tmp_path: Path):
    k = open_kb(kb)
    assert sm.current(k) is None
    gen = _gen(kb)
    (sm.index_root(k) / "current").symlink_to(gen.name)
    assert sm.current(k) == gen
    outside = tmp_path / "outside"
    outside.mkdir()
    (sm.index_root(k) / "current").unlink()
    (sm.index_root(k) / "current").symlink_to(outside)
    assert sm.current(k) is None
    shutil.rmtree(outside)


def test_vocabulary_file(kb: Path):
    gen = _gen(kb)
    assert sm.load_vocab(gen) == {}
    sm.save_vocab(gen, {"strategy": 3, "стратегію": 1})
    assert sm.load_vocab(gen) == {"strategy": 3, "стратегію": 1}
    (gen / sm.VOCAB).write_text("[1, 2]", encoding="utf-8")
    assert sm.load_vocab(gen) == {}
