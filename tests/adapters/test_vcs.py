"""The git layer against real repositories: exact commits, failures explained, sync."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cskb.adapters import vcs
from cskb.errors import RepoError
from tests.helpers import build_file_tree, commit_count, git, last_commit_files


def test_commit_paths_commits_only_given_files(kb: Path):
    build_file_tree(kb, {"a.txt": "a", "b.txt": "b", "cycles/x.yaml": "x: 1\n"})
    git(kb, "add", "b.txt")
    result = vcs.commit_paths(kb, [kb / "cycles/x.yaml"], "cskb: test (2026-11-16)")
    assert result is not None and result.paths == ("cycles/x.yaml",)
    assert last_commit_files(kb) == ["cycles/x.yaml"]
    assert git(kb, "diff", "--cached", "--name-only").split() == ["b.txt"]
    assert "a.txt" in git(kb, "status", "--porcelain")


def test_commit_paths_no_change_returns_none(kb: Path):
    before = commit_count(kb)
    assert vcs.commit_paths(kb, [kb / "team.yaml"], "cskb: nothing") is None
    assert commit_count(kb) == before


def test_missing_identity_is_explained(
    kb: Path, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
):
    cfg = isolated_env / "noident.gitconfig"
    cfg.write_text("[user]\n\tuseConfigOnly = true\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    monkeypatch.delenv("EMAIL", raising=False)
    (kb / "new.txt").write_text("x", encoding="utf-8")
    with pytest.raises(RepoError, match="no identity"):
        vcs.commit_paths(kb, [kb / "new.txt"], "cskb: x")
    assert (kb / "new.txt").read_text(encoding="utf-8") == "x"


def test_detached_head_is_refused(kb: Path):
    git(kb, "checkout", "-q", "--detach")
    (kb / "new.txt").write_text("x", encoding="utf-8")
    with pytest.raises(RepoError, match="detached"):
        vcs.commit_paths(kb, [kb / "new.txt"], "cskb: x")
    assert (kb / "new.txt").exists()


def test_held_index_lock_is_explained(kb: Path):
    (kb / ".git" / "index.lock").write_text("", encoding="utf-8")
    (kb / "new.txt").write_text("x", encoding="utf-8")
    with pytest.raises(RepoError, match="index.lock"):
        vcs.commit_paths(kb, [kb / "new.txt"], "cskb: x")
    assert (kb / "new.txt").exists()


def test_failing_pre_commit_hook_is_explained(kb: Path):
    hook = kb / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\necho 'policy: no commits on Fridays' >&2\nexit 1\n", encoding="utf-8"
    )
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    (kb / "new.txt").write_text("x", encoding="utf-8")
    with pytest.raises(RepoError, match="hook refused.*no commits on Fridays"):
        vcs.commit_paths(kb, [kb / "new.txt"], "cskb: x")
    assert (kb / "new.txt").read_text(encoding="utf-8") == "x"


def test_unborn_branch_commit_works(tmp_path: Path):
    git(tmp_path, "init", "-q")
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    assert vcs.commit_paths(tmp_path, [tmp_path / "f.txt"], "first") is not None
    assert commit_count(tmp_path) == 1


def test_not_a_repo(tmp_path: Path):
    with pytest.raises(RepoError, match="not inside a git repository"):
        vcs.open_repo(tmp_path)


def test_sync_unborn_branch_explained(tmp_path: Path):
    git(tmp_path, "init", "-q")
    with pytest.raises(RepoError, match="no commits yet"):
        vcs.sync(tmp_path)


def test_option_like_paths_never_become_options(kb: Path):
    weird = kb / "--amend"
    weird.write_text("x", encoding="utf-8")
    result = vcs.commit_paths(kb, [weird], "-m injected")
    assert result is not None and last_commit_files(kb) == ["--amend"]
    assert git(kb, "log", "-1", "--format=%s").strip() == "-m injected"


# --- sync against a real bare remote ------------------------------------------------------


@pytest.fixture
def shared(tmp_path: Path, kb: Path):
    """A bare remote holding the KB, and a second clone of it (a teammate)."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(kb, "remote", "add", "origin", str(remote))
    git(kb, "push", "-q", "-u", "origin", "main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    return remote, other


def test_sync_pulls_and_pushes(kb: Path, shared, cli):
    remote, other = shared
    (other / "calls").mkdir(exist_ok=True)
    (other / "calls" / "theirs.yaml").write_text("x: 1\n", encoding="utf-8")
    git(other, "add", "calls/theirs.yaml")
    git(other, "commit", "-q", "-m", "theirs")
    git(other, "push", "-q")
    (kb / "mine.txt").write_text("m", encoding="utf-8")
    git(kb, "add", "mine.txt")
    git(kb, "commit", "-q", "-m", "mine")
    r = cli("sync")
    assert r.exit_code == 0, r.stderr
    assert "1 commit(s) pulled, 1 pushed" in r.stdout
    assert (kb / "calls" / "theirs.yaml").exists()
    assert "mine" in git(remote, "log", "--format=%s", "main")


def test_sync_conflict_aborts_rebase_and_keeps_work(kb: Path, shared, cli):
    _, other = shared
    (other / "team.yaml").write_text("members: []  # theirs\n", encoding="utf-8")
    git(other, "commit", "-q", "-am", "theirs")
    git(other, "push", "-q")
    (kb / "team.yaml").write_text("members: []  # mine\n", encoding="utf-8")
    git(kb, "commit", "-q", "-am", "mine")
    head = git(kb, "rev-parse", "HEAD")
    r = cli("sync")
    assert r.exit_code == 2
    assert "conflict" in r.stderr and "nothing was lost" in r.stderr and "Traceback" not in r.stderr
    assert git(kb, "rev-parse", "HEAD") == head
    assert (kb / "team.yaml").read_text(encoding="utf-8") == "members: []  # mine\n"
    assert (
        not (kb / ".git" / "rebase-merge").exists() and not (kb / ".git" / "rebase-apply").exists()
    )


def test_sync_rejected_push_is_reported(kb: Path, shared, cli):
    remote, _ = shared
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'protected branch' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    (kb / "mine.txt").write_text("m", encoding="utf-8")
    git(kb, "add", "mine.txt")
    git(kb, "commit", "-q", "-m", "mine")
    r = cli("sync")
    assert r.exit_code == 2
    assert "rejected" in r.stderr and "kept locally" in r.stderr
    assert "mine" in git(kb, "log", "-1", "--format=%s")


def test_sync_without_remote(kb: Path, cli):
    r = cli("sync")
    assert r.exit_code == 2 and "no git remote" in r.stderr


def test_sync_never_prompts(kb: Path, cli, monkeypatch: pytest.MonkeyPatch):
    # An https remote that needs credentials must fail fast, not wait at a prompt.
    git(kb, "remote", "add", "origin", "http://127.0.0.1:9/kb.git")
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "1")  # cskb must override it
    r = cli("sync", "--timeout", "20")
    assert r.exit_code == 2 and "sync with origin failed" in r.stderr
    assert os.environ["GIT_TERMINAL_PROMPT"] == "1"
