from __future__ import annotations

from pathlib import Path

from tests.helpers import commit_count, git


def test_init_creates_layout_and_commits(tmp_path: Path, cli):
    r = cli("init", str(tmp_path / "kb"))
    assert r.exit_code == 0, r.stderr
    root = tmp_path / "kb"
    for rel in ("cskb.toml", "team.yaml", "templates/review.md", ".gitignore", "README.md"):
        assert (root / rel).is_file(), rel
    assert commit_count(root) == 1
    assert "/.cskb/" in (root / ".gitignore").read_text(encoding="utf-8")
    assert git(root, "status", "--porcelain") == ""


def test_init_never_overwrites(tmp_path: Path, cli):
    root = tmp_path / "kb"
    root.mkdir()
    (root / "team.yaml").write_text("members: []  # mine\n", encoding="utf-8")
    (root / ".gitignore").write_text("*.log\n", encoding="utf-8")
    r = cli("init", str(root))
    assert r.exit_code == 0, r.stderr
    assert (root / "team.yaml").read_text(encoding="utf-8") == "members: []  # mine\n"
    assert "kept existing team.yaml" in r.stderr
    gi = (root / ".gitignore").read_text(encoding="utf-8")
    assert gi.startswith("*.log\n") and "/.cskb/" in gi
    r2 = cli("init", str(root))
    assert r2.exit_code == 0 and "nothing new to commit" in r2.stderr and "created" not in r2.stdout


def test_init_inside_existing_repo_keeps_user_staging(tmp_path: Path, cli):
    git(tmp_path, "init", "-q")
    (tmp_path / "staged.txt").write_text("s", encoding="utf-8")
    git(tmp_path, "add", "staged.txt")
    r = cli("init", str(tmp_path))
    assert r.exit_code == 0, r.stderr
    assert "staged.txt" in git(tmp_path, "diff", "--cached", "--name-only")


def test_init_on_a_file_is_refused(tmp_path: Path, cli):
    f = tmp_path / "file"
    f.write_text("keep", encoding="utf-8")
    r = cli("init", str(f))
    assert r.exit_code == 2 and "not a folder" in r.stderr
    assert f.read_text(encoding="utf-8") == "keep"


def test_init_no_commit(tmp_path: Path, cli):
    root = tmp_path / "kb"
    r = cli("init", str(root), "--no-commit")
    assert r.exit_code == 0
    assert git(root, "rev-list", "--all").strip() == ""
