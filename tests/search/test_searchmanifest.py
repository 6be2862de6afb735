"""The search index's manifest: only bytes cskb wrote here, unchanged, are handed to whoosh."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from cskb.kb.layout import open_kb
from cskb.search import manifest as sm


def _publish(kb_root: Path) -> Path:
    k = open_kb(kb_root)
    return sm.publish(k, {"_MAIN_1.toc": b"toc-bytes", "MAIN_abc.seg": b"segment-bytes"})


def test_secret_is_private_and_stable(kb: Path):
    k = open_kb(kb)
    first = sm.secret(k)
    mode = stat.S_IMODE((k.state_dir / "index-secret").stat().st_mode)
    assert mode == 0o600
    assert len(first) == 32 and sm.secret(k) == first


def test_publish_and_load_round_trip(kb: Path):
    k = open_kb(kb)
    gen = _publish(kb)
    assert sm.current(k) == gen
    assert sm.load(k, gen) == {"_MAIN_1.toc": b"toc-bytes", "MAIN_abc.seg": b"segment-bytes"}
    assert stat.S_IMODE((gen / "MAIN_abc.seg").stat().st_mode) == 0o600


def test_same_size_rewrite_in_place_is_refused(kb: Path):
    """Overwriting a segment keeping its size, mtime and inode: the content hash differs."""
    k = open_kb(kb)
    gen = _publish(kb)
    seg = gen / "MAIN_abc.seg"
    before = seg.stat()
    with open(seg, "r+b") as fh:
        fh.write(b"SEGMENT")
    import os

    os.utime(seg, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = seg.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    with pytest.raises(sm.Unverified, match="not verifiably built"):
        sm.load(k, gen)


def test_manifest_from_another_kb_or_key_is_refused(kb: Path, tmp_path: Path):
    k = open_kb(kb)
    gen = _publish(kb)
    data = json.loads((gen / sm.MANIFEST).read_text(encoding="utf-8"))
    data["kb"] = str(tmp_path / "elsewhere")
    (gen / sm.MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(sm.Unverified, match="not built for this knowledge base"):
        sm.load(k, gen)

    gen = _publish(kb)
    (k.state_dir / "index-secret").unlink()  # a new secret: old MACs no longer match
    with pytest.raises(sm.Unverified, match="not verifiably built"):
        sm.load(k, gen)

    (gen / sm.MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(sm.Unverified, match="corrupt"):
        sm.load(k, gen)
    data = {"schema": 0}
    (gen / sm.MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(sm.Unverified, match="older version"):
        sm.load(k, gen)


def test_current_follows_only_a_generation_inside_the_index(kb: Path, tmp_path: Path):
    k = open_kb(kb)
    assert sm.current(k) is None
    gen = _publish(kb)
    assert sm.current(k) == gen
    outside = tmp_path / "outside"
    outside.mkdir()
    (sm.index_root(k) / "current").unlink()
    (sm.index_root(k) / "current").symlink_to(outside)
    assert sm.current(k) is None
    shutil.rmtree(outside)


def test_prune_keeps_only_what_it_is_told(kb: Path):
    k = open_kb(kb)
    old, new = _publish(kb), _publish(kb)
    sm.prune(k, {new})
    assert not old.exists() and new.exists()
