"""`cskb site OUT` never deletes what it did not build (regression tests through the CLI).

A teammate can commit any file into the KB, including the `.cskb-site` marker older cskb
trusted; the tests plant it that way and check that nothing is touched.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tests.helpers import build_file_tree, git


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (`.git` included) with its bytes; links as their target."""
    out: dict[str, bytes] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            out[rel] = (
                b"->" + os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            )
    return out


def commit_marker(kb: Path, folder: str = ".") -> None:
    """What a teammate can do: commit the marker old cskb trusted, then the clone pulls it."""
    build_file_tree(kb, {f"{folder}/.cskb-site": "built by cskb site\n"})
    git(kb, "add", "-f", "--", f"{folder}/.cskb-site")
    git(kb, "commit", "-q", "-m", "add marker")


def refused(r) -> None:
    assert r.exit_code == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "nothing was touched" in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_committed_marker_never_lets_site_replace_the_kb(kb: Path, cli):
    commit_marker(kb)
    (kb / "uncommitted.md").write_text("my notes, not committed yet\n", encoding="utf-8")
    before = snapshot(kb)
    for out in (".", str(kb), "./"):
        r = cli("site", out)
        refused(r)
    assert snapshot(kb) == before
    assert sorted(p.name for p in kb.parent.iterdir()) == ["kb"]  # nothing built beside it


def test_site_refuses_the_parent_of_the_kb(kb: Path, cli):
    commit_marker(kb)
    build_file_tree(kb.parent, {".cskb-site": "x"})
    before = snapshot(kb.parent)
    refused(cli("site", str(kb.parent)))
    refused(cli("site", ".."))
    assert snapshot(kb.parent) == before


@pytest.mark.parametrize("folder", [".git", ".git/refs", ".cskb", "reviews", "templates"])
def test_site_refuses_the_kbs_own_folders(kb: Path, cli, folder: str):
    (kb / "reviews").mkdir(exist_ok=True)
    (kb / ".cskb").mkdir(exist_ok=True)
    build_file_tree(kb, {f"{folder}/.cskb-site": "x"})
    before = snapshot(kb)
    refused(cli("site", folder))
    assert snapshot(kb) == before


def test_committed_marker_in_a_folder_with_user_files(kb: Path, cli):
    commit_marker(kb, "public")
    build_file_tree(kb, {"public/draft-notes.txt": "keep me", "public/sub/more.md": "me too"})
    before = snapshot(kb)
    r = cli("site", "public")
    refused(r)
    assert ".cskb-site marker proves nothing" in r.stderr
    assert snapshot(kb) == before


def test_forged_manifest_is_not_trusted(kb: Path, cli):
    """A teammate who knows the clone's path and force-commits a manifest listing every
    file with its digest still cannot make cskb replace the folder: it names the folder's
    inode on this machine, which a commit cannot know."""
    commit_marker(kb, "public")
    real = str(Path(os.path.realpath(kb / "public")))
    key = hashlib.sha256(os.fsencode(real)).hexdigest()[:32]
    data = b"built by cskb site\n"
    forged = {
        "version": 1,
        "path": real,
        "dev": 1,
        "ino": 2,
        "dirs": [],
        "files": {".cskb-site": [len(data), hashlib.sha256(data).hexdigest()]},
    }
    build_file_tree(kb, {f".cskb/sites/{key}.json": json.dumps(forged)})
    git(kb, "add", "-f", "--", ".cskb/sites")
    git(kb, "commit", "-q", "-m", "forged")
    before = snapshot(kb)
    refused(cli("site", "public"))
    assert snapshot(kb) == before


def test_rebuild_replaces_its_own_site_and_refuses_anything_added(kb: Path, cli, tmp_path):
    out = tmp_path / "public"
    first = cli("site", str(out))
    assert first.exit_code == 0, first.stderr
    again = cli("site", str(out), "--json")  # its own site is replaced
    assert again.exit_code == 0, again.stderr
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if "public" in p.name or "cskb" in p.name) == [
        "public"
    ]
    (out / "members" / "mine.txt").write_text("added by hand", encoding="utf-8")
    before = snapshot(out)
    r = cli("site", str(out))
    refused(r)
    assert "members/mine.txt" in r.stderr
    assert snapshot(out) == before
    (out / "members" / "mine.txt").unlink()
    (out / "index.html").write_text("edited by hand", encoding="utf-8")
    r = cli("site", str(out))
    refused(r)
    assert "index.html changed" in r.stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "edited by hand"


def test_a_copied_site_is_not_replaced(kb: Path, cli, tmp_path):
    """Same path, same files, but a different folder (restored from a backup, say)."""
    import shutil

    out = tmp_path / "public"
    assert cli("site", str(out)).exit_code == 0
    shutil.copytree(out, tmp_path / "copy")
    shutil.rmtree(out)
    (tmp_path / "copy").rename(out)
    refused(cli("site", str(out)))
    assert (out / "index.html").is_file()


def test_fifo_in_out_is_refused_without_hanging(kb: Path, cli, tmp_path):
    out = tmp_path / "public"
    assert cli("site", str(out)).exit_code == 0
    os.mkfifo(out / "pipe")
    r = cli("site", str(out))
    refused(r)
    assert "pipe" in r.stderr and (out / "pipe").exists()


def test_rebuild_through_a_symlinked_out_leaves_nothing_beside_it(kb: Path, cli, tmp_path):
    real = tmp_path / "real" / "site"
    real.mkdir(parents=True)
    links = tmp_path / "links"
    links.mkdir()
    (links / "site").symlink_to(real)
    for _ in range(3):
        r = cli("site", str(links / "site"))
        assert r.exit_code == 0, r.stderr
    assert (links / "site").is_symlink() and os.readlink(links / "site") == str(real)
    assert [p.name for p in links.iterdir()] == ["site"]
    assert [p.name for p in real.parent.iterdir()] == ["site"]
    assert (links / "site" / "index.html").is_file() and (real / "index.html").is_file()


def test_site_still_builds_into_new_and_empty_folders(kb: Path, cli, tmp_path):
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "empty", tmp_path / "new" / "deeper"):
        r = cli("site", str(out))
        assert r.exit_code == 0, r.stderr
        assert (out / "index.html").is_file()
    assert not (tmp_path / "empty" / ".cskb-site").exists()


def test_out_name_too_long_is_one_line(kb: Path, cli, tmp_path):
    r = cli("site", str(tmp_path / ("a" * 300)))
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "too long" in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == [kb]


def test_site_refuses_an_empty_folder_inside_any_git_folder(kb: Path, cli, tmp_path):
    other = tmp_path / "elsewhere" / ".git" / "refs" / "tags"
    other.mkdir(parents=True)
    refused(cli("site", str(other)))
    assert list(other.iterdir()) == []


def _old_default_site(kb: Path) -> Path:
    old = kb / ".cskb" / "site"
    (old / "assets").mkdir(parents=True)
    (old / ".cskb-site").write_text("", encoding="utf-8")
    (old / "index.html").write_text("<p>built by an older cskb</p>", encoding="utf-8")
    (old / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    return old


def test_an_older_cskbs_default_site_is_rebuilt_once(kb: Path, cli):
    """Sites built before manifests existed, at the default `.cskb/site`: nothing there is
    tracked, so this clone's cskb wrote it and the first rebuild may replace it."""
    old = _old_default_site(kb)
    r = cli("site")
    assert r.exit_code == 0, r.stderr
    assert "older cskb" not in (old / "index.html").read_text(encoding="utf-8")
    assert cli("site").exit_code == 0  # and from then on through its manifest


def test_an_older_default_site_with_committed_files_is_refused(kb: Path, cli):
    old = _old_default_site(kb)
    git(kb, "add", "-f", ".cskb/site/index.html")
    git(kb, "commit", "-qm", "a teammate commits into the state folder")
    r = cli("site")
    assert r.exit_code == 2 and "no record of building it" in r.stderr
    assert "older cskb" in (old / "index.html").read_text(encoding="utf-8")
