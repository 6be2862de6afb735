"""Nothing is forged: a card's verification is recorded only by `cskb playbook verify`, run by
its verifier; a hand-made or inconsistent one is refused on edit, reported by `cskb check`,
and never counts as verified in `playbook list`, `playbook due`, the trust score or the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli_playbook import card, commit_all
from tests.e2e.test_review_e2e import stub_editor
from tests.helpers import build_file_tree, git

SET = """
text = open(path, encoding="utf-8").read()
for pair in os.environ["STUB_SET"].split(";"):
    key, value = pair.split("=", 1)
    text, n = re.subn(rf"^{key}:.*$", f"{key}: {value}", text, flags=re.M)
    if not n:
        text = text.replace("---\\n", f"---\\n{key}: {value}\\n", 1)
text = text.replace("Open with the agenda", "Open with the shared agenda")
open(path, "w", encoding="utf-8").write(text)
"""


@pytest.fixture
def setter(tmp_path: Path) -> str:
    """An editor that sets front-matter lines from STUB_SET (`key=value;key=value`)."""
    return stub_editor(tmp_path, "setter", SET)


@pytest.fixture
def renewal(kb: Path) -> Path:
    build_file_tree(kb, {"playbook/renewal.md": card("Renewal", "", owner="ana", verifier="bo")})
    commit_all(kb)
    return kb / "playbook" / "renewal.md"


@pytest.mark.parametrize(
    "change",
    [
        "verified_on=2026-11-22;verified_by=bo",  # the owner fakes the verifier's verification
        "verified_on=2026-11-22",
        "verified_by=ana",
    ],
)
def test_edit_refuses_to_commit_a_hand_made_verification(kb, cli, setter, renewal, change):
    head = git(kb, "rev-parse", "HEAD")
    r = cli("--as", "ana", "playbook", "edit", "renewal", "--edit",
            env={"EDITOR": setter, "STUB_SET": change})  # fmt: skip
    assert r.exit_code == 1, (r.stdout, r.stderr)
    assert "card-verification-edit" in r.stderr and "cskb playbook verify renewal" in r.stderr
    assert "not committed" in r.stderr
    assert git(kb, "rev-parse", "HEAD") == head
    # what the user wrote stays on disk
    assert "shared agenda" in renewal.read_text(encoding="utf-8")


def test_edit_keeps_a_real_verification_and_commits_other_changes(kb, cli, setter, renewal):
    assert cli("--as", "bo", "playbook", "verify", "renewal").exit_code == 0
    r = cli("--as", "ana", "playbook", "edit", "renewal", "--edit",
            env={"EDITOR": setter, "STUB_SET": "interval_days=30"})  # fmt: skip
    assert r.exit_code == 0, r.stderr
    committed = git(kb, "show", "HEAD:playbook/renewal.md")
    assert "interval_days: 30" in committed and "verified_by: bo" in committed
    # and moving the verification date by hand is refused even for the verifier
    r = cli("--as", "bo", "playbook", "edit", "renewal", "--edit",
            env={"EDITOR": setter, "STUB_SET": "verified_on=2026-11-21"})  # fmt: skip
    assert r.exit_code == 1 and "verified_on was changed by hand" in r.stderr


def test_new_refuses_a_card_written_as_verified(kb, cli, setter):
    r = cli("--as", "ana", "playbook", "new", "Pricing", "--verifier", "bo", "--edit",
            env={"EDITOR": setter, "STUB_SET": "verified_on=2026-11-20;verified_by=bo"})  # fmt: skip
    assert r.exit_code == 1 and "card-verification-edit" in r.stderr
    assert "playbook/pricing.md" not in git(kb, "ls-files")


FORGED = {
    # verified_by is not the verifier (bo); the owner is not enough when a verifier is set
    "playbook/wrong-hand.md": card(
        "Wrong", "2026-11-20", owner="ana", verifier="bo", verified_by="ana"
    ),  # fmt: skip
    # the owner verifies only a card without a verifier
    "playbook/not-owner.md": card("NotOwner", "2026-11-20", owner="ana", verified_by="chen"),
    "playbook/nobody.md": card("Nobody", "2026-11-20", owner="bo", verified_by="''"),
    "playbook/no-date.md": card("NoDate", "", owner="bo", verified_by="bo"),
    "playbook/future.md": card("Future", "2026-12-01", owner="bo"),
    "playbook/real.md": card("Real", "2026-11-20", owner="ana", verifier="bo"),
}
BAD = ("wrong-hand", "not-owner", "nobody", "no-date", "future")


@pytest.fixture
def forged(kb: Path) -> Path:
    git(kb, "rm", "-q", "-r", "playbook")
    build_file_tree(kb, FORGED)
    commit_all(kb)
    return kb


def test_check_reports_every_forged_verification(forged, cli):
    r = cli("check", "--format", "json")
    assert r.exit_code == 1
    found = {f["path"]: f for f in json.loads(r.stdout) if f["rule"] == "card-verification"}
    assert set(found) == {f"playbook/{c}.md" for c in BAD}
    assert all(f["severity"] == "error" for f in found.values())
    assert "not the card's verifier 'bo'" in found["playbook/wrong-hand.md"]["message"]
    assert "verified_by is empty" in found["playbook/nobody.md"]["message"]
    assert "verified_on is empty" in found["playbook/no-date.md"]["message"]
    assert "after today" in found["playbook/future.md"]["message"]
    text = cli("check").stdout
    assert "playbook/wrong-hand.md:6: card-verification: verified_by is 'ana'" in text


def test_forged_cards_never_count_as_verified(forged, cli, tmp_path: Path):
    data = json.loads(cli("playbook", "list", "--json").stdout)
    states = {c["id"]: c["state"] for c in data["cards"]}
    assert states == {**{c: "invalid" for c in BAD}, "real": "verified"}
    assert data["trust_score"] == round(1 / 6, 4)
    assert data["counts"]["invalid"] == 5
    assert all(c["due_on"] is None for c in data["cards"] if c["state"] == "invalid")
    assert "5 invalid" in cli("playbook", "list").stdout
    shown = json.loads(cli("playbook", "show", "wrong-hand", "--json").stdout)
    assert shown["state"] == "invalid" and "not the card's verifier" in shown["problem"]
    due = json.loads(cli("playbook", "due", "--json").stdout)
    assert {c["id"] for c in due["cards"]} == set(BAD)
    assert cli("playbook", "list", "--state", "invalid").exit_code == 0
    out = tmp_path / "site"
    r = cli("site", str(out))
    assert r.exit_code == 0, r.stderr
    index = (out / "playbook" / "index.html").read_text(encoding="utf-8")
    assert "17%" in index and index.count("state-invalid") >= 6  # 5 rows and the count
    page = (out / "playbook" / "wrong-hand.html").read_text(encoding="utf-8")
    assert "not a valid verification" in page and "state-verified" not in page


def test_the_verifier_can_replace_a_forged_verification(forged, cli):
    r = cli("--as", "bo", "playbook", "verify", "wrong-hand")
    assert r.exit_code == 0, r.stderr
    states = {
        c["id"]: c["state"] for c in json.loads(cli("playbook", "list", "--json").stdout)["cards"]
    }
    assert states["wrong-hand"] == "verified"
