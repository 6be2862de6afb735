from __future__ import annotations

import pytest

from tests.helpers import commit_count, git, last_commit_files


def test_team_add_commits_only_team_yaml(kb, cli):
    (kb / "notes.txt").write_text("mine", encoding="utf-8")
    git(kb, "add", "notes.txt")
    before = commit_count(kb)
    r = cli("team", "add", "eve", "--name", "Eve Nordmann", "--email", "eve@example.com")
    assert r.exit_code == 0, r.stderr
    assert commit_count(kb) == before + 1
    assert last_commit_files(kb) == ["team.yaml"]
    assert "notes.txt" in git(kb, "diff", "--cached", "--name-only")  # still staged, not committed


@pytest.mark.parametrize("handle", ["..", "a/b", "-rf", "Ana", "", "ana bo", "../etc"])
def test_team_add_rejects_bad_handles(kb, cli, handle):
    before = (kb / "team.yaml").read_text(encoding="utf-8")
    r = cli("team", "add", "--", handle)
    assert r.exit_code == 2
    assert "handle" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert (kb / "team.yaml").read_text(encoding="utf-8") == before


def test_team_duplicate_handle_refused(kb, cli):
    r = cli("team", "add", "ana")
    assert r.exit_code == 2 and "already exists" in r.stderr


def test_team_remove_keeps_history_and_list_all(kb, cli):
    assert cli("team", "remove", "bo").exit_code == 0
    r = cli("team", "list", "--json")
    assert "bo" not in [m["handle"] for m in __import__("json").loads(r.stdout)]
    r = cli("team", "list", "--all", "--json")
    bo = next(m for m in __import__("json").loads(r.stdout) if m["handle"] == "bo")
    assert bo["active"] is False and bo["name"] == "Bø Østergaard"


def test_team_away_and_back(kb, cli):
    r = cli("team", "away", "ana", "--from", "2026-12-01", "--until", "2026-11-01")
    assert r.exit_code == 2 and "swap" in r.stderr
    assert (
        cli("team", "away", "ana", "--from", "2026-11-20", "--until", "2026-12-05").exit_code == 0
    )
    assert "2026-12-05" in (kb / "team.yaml").read_text(encoding="utf-8")
    assert cli("team", "back", "ana").exit_code == 0
    assert "until: 2026-11-21" in (kb / "team.yaml").read_text(encoding="utf-8")


def test_whoami_from_git_email_and_as(kb, cli):
    r = cli("whoami", "--json")
    assert r.exit_code == 0 and '"handle": "ana"' in r.stdout
    r = cli("--as", "chen", "whoami")
    assert r.exit_code == 0 and "陈晨" in r.stdout
    r = cli("--as", "zed", "whoami")
    assert r.exit_code == 2 and "no member 'zed'" in r.stderr


@pytest.mark.parametrize(
    "text, needle",
    [
        ("members:\n- handle: ana\n- handle: ana\n", "duplicate handle"),
        ("members: [1, 2]\n", "member #1"),
        ("members:\n- handle: ana\n  away: [{from: 2026-12-01, until: 2026-11-01}]\n", "swap"),
        ("members:\n  - handle: ana\n\tname: x\n", "team.yaml"),
        ("- just a list\n", "mapping"),
        ("members:\n- handle: ana\n  colour: red\n", "unknown field"),
    ],
)
def test_malformed_team_yaml(kb, cli, text, needle):
    (kb / "team.yaml").write_text(text, encoding="utf-8")
    r = cli("team", "list")
    assert r.exit_code == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert (kb / "team.yaml").read_text(encoding="utf-8") == text


def test_no_git_identity_keeps_the_written_file(kb, cli, isolated_env, monkeypatch):
    cfg = isolated_env / "noident.gitconfig"
    cfg.write_text("[user]\n\tuseConfigOnly = true\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    monkeypatch.delenv("EMAIL", raising=False)
    r = cli("team", "add", "eve", "--name", "Eve")
    assert r.exit_code == 2
    assert (
        "git has no identity" in r.stderr
        and "--no-commit" in r.stderr
        and "Traceback" not in r.stderr
    )
    assert "handle: eve" in (kb / "team.yaml").read_text(encoding="utf-8")
    assert cli("team", "add", "finn", "--no-commit").exit_code == 0
