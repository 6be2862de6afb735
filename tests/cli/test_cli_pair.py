"""`cskb pair`, `cycles`, `cycle show`, `partner`, `announce` through the CLI, with a real
local HTTP server standing in for Slack's incoming webhook."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import commit_count, git, last_commit_files


def test_pair_writes_commits_and_lists(kb: Path, cli):
    before = commit_count(kb)
    r = cli("pair", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["cycle"] == "2026-11-09" and data["written"] is True
    assert sorted(h for g in data["groups"] for h in g["members"]) == ["ana", "bo", "chen", "dana"]
    assert commit_count(kb) == before + 1
    assert last_commit_files(kb) == ["cycles/2026-11-09.yaml"]
    assert "cskb: pair cycle (2026-11-09)" in git(kb, "log", "-1", "--format=%s")
    # the next `pair` goes to the next cycle; an existing one is never silently replaced
    assert json.loads(cli("pair", "--json").stdout)["cycle"] == "2026-11-23"
    r = cli("pair", "--date", "2026-11-20")
    assert r.exit_code == 2 and "--redo" in r.stderr
    r = cli("pair", "--date", "2026-11-20", "--redo", "--seed", "5")
    assert r.exit_code == 0 and "replaced" in r.stderr
    assert "seed: 5" in (kb / "cycles" / "2026-11-09.yaml").read_text(encoding="utf-8")
    cycles = json.loads(cli("cycles", "--json").stdout)
    assert [c["cycle"] for c in cycles] == ["2026-11-09", "2026-11-23"]


def test_pair_dry_run_writes_nothing(kb: Path, cli):
    r = cli("pair", "--dry-run")
    assert r.exit_code == 0 and "dry run" in r.stdout
    assert not list((kb / "cycles").glob("*.yaml"))


def test_pair_is_deterministic_for_a_date(kb: Path, cli):
    a = json.loads(cli("pair", "--dry-run", "--json").stdout)
    b = json.loads(cli("pair", "--dry-run", "--json").stdout)
    assert a == b and a["seed"] == b["seed"]


def test_away_members_are_left_out_and_listed(kb: Path, cli):
    assert (
        cli("team", "away", "chen", "--from", "2026-11-10", "--until", "2026-11-20").exit_code == 0
    )
    data = json.loads(cli("pair", "--json").stdout)
    assert data["away"] == ["chen"]
    groups = [g["members"] for g in data["groups"]]
    assert len(groups) == 1 and sorted(groups[0]) == ["ana", "bo", "dana"]


def test_cycle_show_and_partner(kb: Path, cli):
    cli("pair")
    shown = json.loads(cli("cycle", "show", "--json").stdout)
    assert shown["cycle"] == "2026-11-09"
    p = json.loads(cli("partner", "--json").stdout)  # git user.email is ana's
    assert p["member"] == "ana" and len(p["partners"]) == 1
    assert p["reviews"] == p["partners"][0]
    r = cli("cycle", "show", "2026-01-01")
    assert r.exit_code == 2 and "no cycle 2026-01-01" in r.stderr
    r = cli("cycle", "show", "yesterday")
    assert r.exit_code == 2 and "not a cycle date" in r.stderr


def test_hand_edited_cycle_with_a_typo(kb: Path, cli):
    cli("pair")
    path = kb / "cycles" / "2026-11-09.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("groups:", "grups:"), encoding="utf-8")
    r = cli("cycles")
    assert r.exit_code == 2 and "cycles/2026-11-09.yaml" in r.stderr and "groups" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_member_in_never_pair(kb: Path, cli):
    cfg = kb / "cskb.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("never_pair = []", 'never_pair = [["ana", "zed"]]'),
        encoding="utf-8",
    )
    r = cli("pair")
    assert r.exit_code == 2 and "'zed'" in r.stderr
    assert not list((kb / "cycles").glob("*.yaml"))


def test_empty_roster(kb: Path, cli):
    (kb / "team.yaml").write_text("members: []\n", encoding="utf-8")
    r = cli("pair")
    assert r.exit_code == 2 and "no members yet" in r.stderr


def test_announce_prints_without_webhook(kb: Path, cli):
    r = cli("pair", "--announce")
    assert r.exit_code == 0
    assert "Brew and Review: cycle 2026-11-09" in r.stdout and "Conversation starter" in r.stdout


def test_announce_posts_block_kit_to_webhook(kb: Path, cli, webhook):
    url, received = webhook.url, webhook.received
    r = cli("pair", "--announce", env={"CSKB_SLACK_WEBHOOK_URL": url})
    assert r.exit_code == 0, r.stderr
    assert "announced" in r.stdout
    assert len(received) == 1
    payload = received[0]
    assert payload["blocks"][0]["type"] == "header"
    assert "due 2026-11-22" in payload["text"]
    assert "Ana Lima (@ana) reviews" in json.dumps(payload["blocks"], ensure_ascii=False)


def test_failed_post_keeps_the_cycle_and_says_how_to_retry(kb: Path, cli, webhook):
    url, received = webhook.url, webhook.received
    webhook.status = 403
    r = cli("pair", "--announce", env={"CSKB_SLACK_WEBHOOK_URL": url})
    assert r.exit_code == 0
    assert "could not post" in r.stderr and "cskb announce 2026-11-09" in r.stderr
    assert (kb / "cycles" / "2026-11-09.yaml").exists()
    r = cli("announce", "2026-11-09", env={"CSKB_SLACK_WEBHOOK_URL": url})
    assert r.exit_code == 2 and "403" in r.stderr
    webhook.status = 200
    assert cli("announce", "2026-11-09", env={"CSKB_SLACK_WEBHOOK_URL": url}).exit_code == 0
    assert len(received) == 3


def test_unreachable_webhook(kb: Path, cli):
    r = cli("pair", "--announce", env={"CSKB_SLACK_WEBHOOK_URL": "http://127.0.0.1:9/hook"})
    assert r.exit_code == 0 and "could not post" in r.stderr


def test_pair_if_due_pairs_only_today_s_unpaired_cycle(kb: Path, cli):
    # 2026-11-22 lies in cycle 2026-11-09, which has no file: --if-due pairs it (not the next)
    r = cli("pair", "--if-due", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["cycle"] == "2026-11-09"
    before = commit_count(kb)
    r = cli("pair", "--if-due")
    assert r.exit_code == 0
    assert "already paired" in r.stderr and r.stderr.count("\n") == 1
    assert commit_count(kb) == before
    assert not (kb / "cycles" / "2026-11-23.yaml").exists(), "never pairs ahead"
    r = cli("pair", "--if-due", "--json")
    assert json.loads(r.stdout) == {
        "cycle": "2026-11-09",
        "paired": False,
        "note": "cycle 2026-11-09 is already paired; nothing to do (--if-due)",
    }
    r = cli("pair", "--if-due", "--date", "2026-12-01")
    assert r.exit_code == 2 and "--if-due" in r.stderr
    r = cli("pair", "--if-due", env={"CSKB_TODAY": "2026-11-23"})
    assert r.exit_code == 0 and (kb / "cycles" / "2026-11-23.yaml").exists()
