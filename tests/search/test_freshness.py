"""Freshness stamps: every change is seen, nothing unchanged is re-read."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cskb.search import freshness
from tests.search.test_search import paths, search, write_review


def test_round_trip_and_corruption(tmp_path: Path):
    (tmp_path / "reviews" / "c").mkdir(parents=True)
    for name in ("b.md", "a.md", "é.md"):
        (tmp_path / "reviews" / "c" / name).write_text("x", encoding="utf-8")
    (tmp_path / "reviews" / "c" / "skip.txt").write_text("x", encoding="utf-8")
    (tmp_path / "reviews" / "c" / "link.md").symlink_to(tmp_path / "reviews" / "c" / "a.md")
    snap = freshness.scan(tmp_path)
    assert snap.paths == ("reviews/c/a.md", "reviews/c/b.md", "reviews/c/é.md")
    back = freshness.decode(freshness.Snapshot(snap.paths, snap.stamps).encode())
    assert back.same_as(snap)
    data = snap.encode()
    for bad in (data[:-1], b"X" + data[1:], data + b"\0", b""):
        with pytest.raises(freshness.StampsCorrupt):
            freshness.decode(bad)


def test_diff_names_what_changed(tmp_path: Path):
    d = tmp_path / "reviews"
    d.mkdir()
    for name in ("a.md", "b.md", "c.md"):
        (d / name).write_text(name, encoding="utf-8")
    old = freshness.decode(freshness.Snapshot(*_untimed(freshness.scan(tmp_path))).encode())
    (d / "a.md").unlink()
    (d / "b.md").write_text("changed", encoding="utf-8")
    (d / "d.md").write_text("new", encoding="utf-8")
    changes = freshness.diff(old, freshness.scan(tmp_path))
    assert changes == freshness.Changes(("reviews/d.md",), ("reviews/b.md",), ("reviews/a.md",))


def _untimed(snap: freshness.Snapshot):
    return snap.paths, snap.stamps


def _by_dicts(old: freshness.Snapshot, new: freshness.Snapshot) -> freshness.Changes:
    """The obvious diff, a dictionary of every file on each side: the oracle."""
    before, after = old.as_dict(), new.as_dict()
    return freshness.Changes(
        tuple(p for p in new.paths if p not in before),
        tuple(p for p in new.paths if p in before and before[p] != after[p]),
        tuple(p for p in old.paths if p not in after),
    )


def _snapshot(entries: dict[str, tuple[int, int, int, int]]) -> freshness.Snapshot:
    from array import array

    paths = tuple(sorted(entries))
    return freshness.Snapshot(paths, array("q", [v for p in paths for v in entries[p]]))


_stamp = st.tuples(*[st.integers(-1, 3)] * 4)


@given(
    st.dictionaries(st.integers(0, 700), _stamp, max_size=600),
    st.dictionaries(st.integers(0, 700), _stamp, max_size=30),
    st.sets(st.integers(0, 700), max_size=30),
)
def test_diff_equals_the_dictionary_diff(files, edits, gone):
    """Across block edges (256 entries), with adds, deletes, edits and untouched files."""
    old = {f"reviews/{i:04d}.md": v for i, v in files.items()}
    new = {**old, **{f"reviews/{i:04d}.md": v for i, v in edits.items()}}
    for i in gone:
        new.pop(f"reviews/{i:04d}.md", None)
    a, b = _snapshot(old), _snapshot(new)
    assert freshness.diff(a, b) == _by_dicts(a, b)
    assert freshness.diff(b, a) == _by_dicts(b, a)


def test_racy_entries_count_as_changed(tmp_path: Path):
    """A file changed within the timestamp tick of the scan is re-read next time."""
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "a.md").write_text("x", encoding="utf-8")
    snap = freshness.scan(tmp_path)  # taken right after the write: racy
    saved = freshness.decode(snap.encode())
    assert not freshness.diff(saved, freshness.scan(tmp_path)).empty
    time.sleep(freshness.RACY_NS / 1e9 + 0.02)
    later = freshness.scan(tmp_path)
    assert freshness.diff(freshness.decode(later.encode()), freshness.scan(tmp_path)).empty


def _rewrite_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    with open(path, "r+", encoding="utf-8") as fh:  # in place: same inode
        fh.write(text.replace(old, new))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        st.st_size,
        st.st_mtime_ns,
        st.st_ino,
    )


def test_same_size_and_mtime_rewrite_is_seen(skb: Path, cli):
    path = write_review(skb, "chen", "ana", "2026-11-09", "Acme Air", [], [], "zeppelin fleets")
    assert paths(search(cli, "zeppelin")) == {"chen-reviews-ana.md"}
    _rewrite_keeping_size_and_mtime(path, "zeppelin fleets", "dirigible fleet")
    assert search(cli, "zeppelin") == []
    assert paths(search(cli, "dirigible")) == {"chen-reviews-ana.md"}


def test_cp_p_over_a_file_is_seen(skb: Path, cli, tmp_path: Path):
    path = write_review(skb, "chen", "ana", "2026-11-09", "Acme Air", [], [], "zeppelin fleets")
    assert paths(search(cli, "zeppelin")) == {"chen-reviews-ana.md"}
    other = tmp_path / "other.md"
    other.write_text(
        path.read_text(encoding="utf-8").replace("zeppelin", "blimpish"), encoding="utf-8"
    )
    st = path.stat()
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    shutil.copy2(other, path)  # like `cp -p`: same size and mtime
    assert paths(search(cli, "blimpish")) == {"chen-reviews-ana.md"}


def test_clock_skew_does_not_hide_changes(skb: Path, cli):
    """Files dated in the future or far past (a skewed clock) are still compared exactly."""
    path = write_review(skb, "chen", "ana", "2026-11-09", "Acme Air", [], [], "zeppelin fleets")
    future = time.time_ns() + 10 * 365 * 86400 * 10**9
    os.utime(path, ns=(future, future))
    assert paths(search(cli, "zeppelin")) == {"chen-reviews-ana.md"}
    _rewrite_keeping_size_and_mtime(path, "zeppelin fleets", "dirigible fleet")
    assert paths(search(cli, "dirigible")) == {"chen-reviews-ana.md"}
    os.utime(path, ns=(0, 0))  # 1970
    _rewrite_keeping_size_and_mtime(path, "dirigible fleet", "zeppelin fleets")
    assert paths(search(cli, "zeppelin")) == {"chen-reviews-ana.md"}
    assert search(cli, "dirigible") == []


def test_rename_and_delete_are_seen(skb: Path, cli):
    path = write_review(skb, "chen", "ana", "2026-11-09", "Acme Air", [], [], "zeppelin fleets")
    assert paths(search(cli, "zeppelin")) == {"chen-reviews-ana.md"}
    moved = path.with_name("chen-reviews-ana-2.md")
    path.rename(moved)
    assert paths(search(cli, "zeppelin")) == {"chen-reviews-ana-2.md"}
    moved.unlink()
    assert search(cli, "zeppelin") == []


def test_no_change_reads_no_review(skb: Path, cli, monkeypatch):
    search(cli, "x")
    time.sleep(freshness.RACY_NS / 1e9 + 0.02)
    search(cli, "x")  # settles racy entries of the fixture's just-written files
    expected = len(search(cli, "data strategy"))
    from cskb.search import parsing

    def boom(*a, **k):
        raise AssertionError("an unchanged KB must not re-read reviews")

    monkeypatch.setattr(parsing, "parse_chunk", boom)
    assert len(search(cli, "data strategy")) == expected >= 2


def test_patch_equals_a_scan_after_named_changes(tmp_path: Path):
    """The server's incremental stamps (freshness.patch, from the files its watcher named)
    match a full scan after adds, rewrites, deletes, non-files and files scan skips."""
    import os

    from cskb.search import freshness

    root = tmp_path
    for i in range(30):
        f = root / "reviews" / f"2026-0{i % 3 + 1}-01" / f"r{i:02d}.md"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(f"review {i}\n", encoding="utf-8")
    (root / "playbook").mkdir()
    (root / "playbook" / "card.md").write_text("card\n", encoding="utf-8")
    old = freshness.scan(root)
    named = {
        "reviews/2026-01-01/r00.md",  # rewritten, same size
        "reviews/2026-02-01/r01.md",  # deleted
        "reviews/2026-03-01/new.md",  # added
        "reviews/2026-01-01/.hidden.md",  # scan skips dot-files
        "playbook/README.md",  # not a card
        "playbook/card.md",  # replaced by a symlink: scan skips it
        "reviews/2026-02-01/gone.md",  # named but never existed
    }
    (root / "reviews/2026-01-01/r00.md").write_text("REVIEW 0\n", encoding="utf-8")
    (root / "reviews/2026-02-01/r01.md").unlink()
    (root / "reviews/2026-03-01/new.md").write_text("new\n", encoding="utf-8")
    (root / "reviews/2026-01-01/.hidden.md").write_text("x\n", encoding="utf-8")
    (root / "playbook/README.md").write_text("notes\n", encoding="utf-8")
    (root / "playbook/card.md").unlink()
    os.symlink(root / "reviews/2026-03-01/new.md", root / "playbook/card.md")
    patched = freshness.patch(old, root, named)
    scanned = freshness.scan(root)
    assert patched.paths == scanned.paths
    assert patched.stamps == scanned.stamps
    assert not freshness.diff(old, patched).empty
    assert freshness.patch(scanned, root, set()).same_as(scanned)


def test_a_touched_file_is_not_indexed_again(skb: Path, cli):
    """A new stamp over the same bytes (`touch`, a checkout of the same content, a racy
    stamp) updates the stamps only: no segment is written, every score stays as it was."""
    from cskb.kb.layout import open_kb
    from cskb.search import index

    before = search(cli, "data strategy")
    k = open_kb(skb)
    loaded, _ = index.fresh(k)
    segments = len(loaded.ix._segments())
    target = next((skb / "reviews").rglob("*.md"))
    future = time.time_ns() + 5_000_000_000
    os.utime(target, ns=(future, future))
    after = search(cli, "data strategy")
    assert after == before
    loaded, _ = index.fresh(k)
    assert len(loaded.ix._segments()) == segments
    assert freshness.diff(loaded.snapshot, freshness.scan(skb)).empty
    # real edits still are: the new words are found
    target.write_text(target.read_text(encoding="utf-8") + "\nquokka\n", encoding="utf-8")
    assert paths(search(cli, "quokka")) == {target.name}
