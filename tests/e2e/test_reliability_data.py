"""Reliability: nothing a teammate writes is ever lost (one test per defect of issue 9).

Each test was run against the code before the fix and failed there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cskb.adapters.fsio import atomic_write, write_new
from cskb.kb.initkb import init_kb
from cskb.kb.roster import load_roster
from tests.helpers import commit_count, git, last_commit_files
from tests.reliability import CYCLE, one_line_error, paired

COMMENTED = """\
# The team. Ask Ana before changing pairing preferences.
members:
# --- EMEA ---
- handle: ana   # manager of bo, never pair with bo
  name: Ana Lima
  email: ana@example.com
  team: emea
  active: true
- handle: bo
  name: "Bø Østergaard"   # quoted on purpose
  email: bo@example.com
  team: emea
  active: true
"""


def _commit_roster(kb: Path, text: str) -> None:
    (kb / "team.yaml").write_text(text, encoding="utf-8")
    git(kb, "commit", "-q", "-m", "hand-written roster", "--", "team.yaml")


def test_team_writes_keep_hand_written_comments(kb: Path, cli):
    _commit_roster(kb, COMMENTED)
    assert cli("team", "add", "cy", "--name", "Cy", "--team", "amer").exit_code == 0
    assert cli("team", "away", "bo", "--from", "2026-12-01", "--until", "2026-12-05").exit_code == 0
    assert cli("team", "remove", "ana").exit_code == 0
    text = (kb / "team.yaml").read_text(encoding="utf-8")
    for line in (
        "# The team. Ask Ana before changing pairing preferences.",
        "# --- EMEA ---",
        "- handle: ana   # manager of bo, never pair with bo",
        'name: "Bø Østergaard"   # quoted on purpose',
    ):
        assert line in text, text
    members = {m.handle: m for m in load_roster(kb / "team.yaml")}
    assert members["cy"].team == "amer" and not members["ana"].active
    assert members["bo"].away[0].until.isoformat() == "2026-12-05"
    assert git(kb, "status", "--porcelain") == ""


def test_unrelated_uncommitted_roster_edit_is_never_committed_or_lost(kb: Path, cli):
    before = commit_count(kb)
    edited = (kb / "team.yaml").read_text(encoding="utf-8") + "# my private note\n"
    (kb / "team.yaml").write_text(edited, encoding="utf-8")
    r = cli("team", "add", "cy", "--name", "Cy")
    assert r.exit_code == 2
    assert "team.yaml" in one_line_error(r.stderr) and "not committed" in r.stderr
    assert commit_count(kb) == before
    assert (kb / "team.yaml").read_text(encoding="utf-8") == edited


def _start_conflicted_merge(kb: Path) -> None:
    git(kb, "switch", "-q", "-c", "other")
    (kb / "README.md").write_text("theirs\n", encoding="utf-8")
    git(kb, "commit", "-qam", "theirs")
    git(kb, "switch", "-q", "main")
    (kb / "README.md").write_text("ours\n", encoding="utf-8")
    git(kb, "commit", "-qam", "ours")
    git(kb, "merge", "other", check=False)
    assert (kb / ".git" / "MERGE_HEAD").exists()


def test_write_commands_refuse_mid_merge_and_stage_nothing(kb: Path, cli):
    assert cli("pair").exit_code == 0
    _start_conflicted_merge(kb)
    r = cli(
        "--as", "ana", "call", "submit", "--url", "https://rec.example.com/a", "--customer", "Acme"
    )
    assert r.exit_code == 2 and "merge" in one_line_error(r.stderr)
    assert not (kb / "calls" / CYCLE / "ana.yaml").exists()
    assert "calls/" not in git(kb, "diff", "--cached", "--name-only")
    for args in (("team", "add", "cy"), ("pair", "--redo"), ("--as", "ana", "coffee", "done")):
        r = cli(*args)
        assert r.exit_code == 2 and "merge" in r.stderr, (args, r.stderr)


def test_zero_byte_leftover_review_is_replaced_not_blocking(kb: Path, cli):
    reviewee = paired(cli)
    path = kb / "reviews" / CYCLE / f"ana-reviews-{reviewee}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")  # what a crash of the old non-atomic writer left
    r = cli("--as", "ana", "review", "new")
    assert r.exit_code == 0, r.stderr
    assert "empty file" in r.stderr
    assert path.read_text(encoding="utf-8").startswith("---\n")


def test_a_review_with_content_is_never_overwritten(kb: Path, cli):
    reviewee = paired(cli)
    path = kb / "reviews" / CYCLE / f"ana-reviews-{reviewee}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("half a review someone typed", encoding="utf-8")
    r = cli("--as", "ana", "review", "new")
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert path.read_text(encoding="utf-8") == "half a review someone typed"


def test_write_new_never_exposes_a_partial_file(tmp_path: Path):
    """The name appears only once the content is complete (a hard link of a finished file)."""
    p = tmp_path / "r.md"
    assert write_new(p, "x" * 100_000)
    assert p.stat().st_size == 100_000 and p.stat().st_nlink == 1
    assert [x.name for x in tmp_path.iterdir()] == ["r.md"]


def test_written_files_honour_the_umask(tmp_path: Path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "a.yaml", "a: 1\n")
        write_new(tmp_path / "b.yaml", "b: 1\n")
    finally:
        os.umask(old)
    for name in ("a.yaml", "b.yaml"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644


def test_state_folder_as_a_symlink_is_refused(kb: Path, cli, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, kb / ".cskb")
    r = cli("team", "add", "cy")
    assert r.exit_code == 2 and "symbolic link" in one_line_error(r.stderr)
    assert list(outside.iterdir()) == []


def test_lock_file_as_a_symlink_is_not_followed(kb: Path, cli, tmp_path: Path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (kb / ".cskb").mkdir(exist_ok=True)
    os.symlink(victim, kb / ".cskb" / "write.lock")
    r = cli("team", "add", "cy")
    assert r.exit_code == 2 and "symbolic link" in one_line_error(r.stderr)
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_state_folder_as_a_file_is_one_line(kb: Path, cli):
    (kb / ".cskb").write_text("not a folder", encoding="utf-8")
    r = cli("--as", "ana", "team", "add", "cy")
    assert r.exit_code == 2 and ".cskb" in one_line_error(r.stderr)


def test_init_after_a_failed_first_init_commits_everything(tmp_path: Path, monkeypatch, cli):
    root = tmp_path / "kb"
    empty = tmp_path / "empty.gitconfig"
    empty.write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("EMAIL", "")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "")
    r = cli("init", str(root))
    assert r.exit_code == 2 and "identity" in r.stderr
    monkeypatch.delenv("GIT_CONFIG_GLOBAL")
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_COMMITTER_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_EMAIL",
    ):
        monkeypatch.setenv(name, "Someone" if "NAME" in name else "someone@example.com")
    r = cli("init", str(root))
    assert r.exit_code == 0, r.stderr
    assert {"cskb.toml", "team.yaml", "templates/review.md"} <= set(last_commit_files(root))
    assert git(root, "status", "--porcelain") == ""


def test_init_with_team_yaml_deleted_restores_it(kb: Path, cli):
    roster = (kb / "team.yaml").read_text(encoding="utf-8")
    before = commit_count(kb)
    (kb / "team.yaml").unlink()
    r = cli("init", ".")
    assert r.exit_code == 0, r.stderr
    assert (kb / "team.yaml").read_text(encoding="utf-8") == roster
    assert commit_count(kb) == before
    assert len(load_roster(kb / "team.yaml")) == 4


def test_init_inside_a_kb_is_refused(kb: Path, cli):
    before = commit_count(kb)
    r = cli("init", "nested")
    assert r.exit_code == 2 and "inside the knowledge base" in one_line_error(r.stderr)
    assert not (kb / "nested").exists() and commit_count(kb) == before


def test_init_twice_is_harmless(tmp_path: Path):
    root = tmp_path / "kb"
    init_kb(root)
    n = commit_count(root)
    again = init_kb(root)
    assert again.created == () and again.commit is None and commit_count(root) == n


def test_every_command_refuses_a_linked_or_file_state_folder(kb: Path, cli, tmp_path: Path):
    """Readers too (search keeps its index there): `.cskb` must be a real folder in the KB."""
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, kb / ".cskb")
    for args in (("team", "list"), ("search", "anything")):
        r = cli(*args)
        assert r.exit_code == 2 and "symbolic link" in one_line_error(r.stderr), args
    assert list(outside.iterdir()) == []


def test_team_writes_leave_untouched_members_exactly_as_written(kb: Path, cli):
    text = COMMENTED.replace(
        "  active: true\n- handle: bo", "  joined: '2025-03-01'\n  email2: x\n- handle: bo"
    )
    text = text.replace("  email2: x\n", "").replace(
        "  team: emea\n  active: true\n- handle: bo", "  team: emea\n- handle: bo"
    )
    _commit_roster(kb, text)
    assert cli("team", "add", "cy", "--name", "Cy").exit_code == 0
    after = (kb / "team.yaml").read_text(encoding="utf-8")
    assert after.startswith(text), after
