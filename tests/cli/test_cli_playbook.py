"""`cskb playbook` through the CLI in real git KBs: init's cards, new, edit, verify, list
with every state on a pinned date, the trust score, show with exemplary calls, `cskb check`
on cards, and the due reminder posted to a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_review_e2e import stub_editor
from tests.helpers import build_file_tree, commit_count, git, last_commit_files

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
BODY = "# {title}\n\n## What good looks like\n\nOpen with the agenda on screen and agree it.\n"


def card(title: str, verified_on: str = "", **fields: str) -> str:
    """A card's text; `fields` are front-matter lines written as given (YAML text). A
    verified card is verified by its verifier (else its owner, ana unless given)."""
    if verified_on and "verified_by" not in fields:
        if "owner" not in fields and "verifier" not in fields:
            fields["owner"] = "ana"
        fields["verified_by"] = fields.get("verifier") or fields["owner"]
    lines = [f"title: {title}", f"verified_on: {verified_on}"]
    lines += [f"{k}: {v}" for k, v in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + BODY.format(title=title)


def commit_all(kb: Path, message: str = "test: cards") -> None:
    git(kb, "add", "-A")
    git(kb, "commit", "-q", "-m", message)


# --- init ------------------------------------------------------------------------------


def test_init_creates_one_unverified_card_per_criterion(tmp_path: Path, cli):
    root = tmp_path / "kb"
    r = cli("init", str(root))
    assert r.exit_code == 0, r.stderr
    for rel in ("playbook/agenda.md", "playbook/control.md", "playbook/next-steps.md"):
        assert f"created {rel}" in r.stdout
    assert commit_count(root) == 1 and git(root, "status", "--porcelain") == ""
    assert "playbook/next-steps.md" in git(root, "show", "--name-only", "--format=", "HEAD")
    text = (root / "playbook" / "next-steps.md").read_text(encoding="utf-8")
    assert "title: Defining the customer's next steps" in text
    assert "criteria:\n- next_steps\n" in text and "verified_on: null" in text
    assert "> Did the call end with concrete next steps, owners and dates" in text
    data = json.loads(cli("--kb", str(root), "playbook", "list", "--json").stdout)
    assert [c["id"] for c in data["cards"]] == ["agenda", "control", "next-steps"]
    assert {c["state"] for c in data["cards"]} == {"never-verified"}
    assert data["trust_score"] == 0.0


def test_init_again_never_overwrites_or_duplicates_a_card(tmp_path: Path, cli):
    root = tmp_path / "kb"
    assert cli("init", str(root)).exit_code == 0
    (root / "playbook" / "agenda.md").write_text(card("Ours", criteria="[agenda]"), "utf-8")
    git(root, "mv", "playbook/control.md", "playbook/steering.md")
    commit_all(root)
    r = cli("init", str(root))
    assert r.exit_code == 0 and "created" not in r.stdout
    assert "title: Ours" in (root / "playbook" / "agenda.md").read_text(encoding="utf-8")
    assert not (root / "playbook" / "control.md").exists()  # steering.md teaches control


# --- new and edit ----------------------------------------------------------------------


def test_new_scaffolds_and_commits_without_a_terminal(kb: Path, cli):
    before = commit_count(kb)
    r = cli(
        "--as", "ana", "playbook", "new", "Handling a renewal objection",
        "--criteria", "control", "--tags", "Renewal, pricing", "--verifier", "bo",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert "wrote playbook/handling-a-renewal-objection.md" in r.stdout
    assert "cskb playbook edit handling-a-renewal-objection" in r.stderr
    assert commit_count(kb) == before + 1
    assert last_commit_files(kb) == ["playbook/handling-a-renewal-objection.md"]
    shown = json.loads(cli("playbook", "show", "handling", "--json").stdout)
    assert shown["owner"] == "ana" and shown["verifier"] == "bo" and shown["responsible"] == "bo"
    assert shown["tags"] == ["renewal", "pricing"] and shown["criteria"] == ["control"]
    assert shown["state"] == "never-verified" and shown["verified_on"] is None
    assert "> Did the CSM steer the conversation" in shown["body"]
    # never over an existing card; unknown criteria and members are refused
    r = cli("playbook", "new", "Handling a renewal objection")
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert "owner: ana" in (kb / "playbook" / "handling-a-renewal-objection.md").read_text("utf-8")
    r = cli("playbook", "new", "Pricing", "--criteria", "agnda")
    assert r.exit_code == 2 and "--criteria 'agnda'" in r.stderr and "'agenda'" in r.stderr
    r = cli("playbook", "new", "Pricing", "--owner", "zed")
    assert r.exit_code == 2 and "--owner 'zed' is not in team.yaml" in r.stderr
    r = cli("playbook", "new", "Pricing", "--verifier", "zed")
    assert r.exit_code == 2 and "--verifier 'zed' is not in team.yaml" in r.stderr
    r = cli("playbook", "new", "Цены")
    assert r.exit_code == 2 and "pass --id SLUG" in r.stderr
    r = cli("playbook", "new", "Цены", "--id", "../escape")
    assert r.exit_code == 2 and "not a slug" in r.stderr
    assert not (kb / "playbook" / "pricing.md").exists()


def test_new_opens_the_editor_and_commits_what_was_written(kb: Path, cli, tmp_path: Path):
    editor = stub_editor(
        tmp_path,
        "fill",
        """
text = open(path, encoding="utf-8").read()
text = re.sub(r"^_Replace this line.*$", "Name the objection, then ask what changed.", text, flags=re.M)
open(path, "w", encoding="utf-8").write(text)
""",
    )
    r = cli("playbook", "new", "Renewal objections", "--edit", env={"EDITOR": editor})
    assert r.exit_code == 0, r.stderr
    committed = git(kb, "show", "HEAD:playbook/renewal-objections.md")
    assert "Name the objection, then ask what changed." in committed
    assert "_Replace this line" not in committed


def test_edit_with_broken_yaml_is_kept_but_not_committed(kb: Path, cli, tmp_path: Path):
    breaker = stub_editor(
        tmp_path,
        "breaker",
        """
text = open(path, encoding="utf-8").read().replace("verified_on: null", "verified_on: [")
open(path, "w", encoding="utf-8").write(text)
""",
    )
    head = git(kb, "rev-parse", "HEAD")
    r = cli("playbook", "edit", "agenda", "--edit", env={"EDITOR": breaker})
    assert r.exit_code == 1
    assert "saved but not committed" in r.stderr and "cskb playbook edit agenda" in r.stderr
    assert "verified_on: [" in (kb / "playbook" / "agenda.md").read_text(encoding="utf-8")
    assert git(kb, "rev-parse", "HEAD") == head


# --- verify ----------------------------------------------------------------------------


def test_verify_by_the_verifier_records_today_and_commits_only_the_card(kb: Path, cli):
    path = kb / "playbook" / "renewal.md"
    text = card("Renewals", "", owner="ana  # the team lead", verifier="bo", criteria="[control]")
    build_file_tree(kb, {"playbook/renewal.md": text, "notes.txt": "not mine"})
    git(kb, "add", "playbook/renewal.md")
    git(kb, "commit", "-q", "-m", "test: card")
    git(kb, "add", "notes.txt")  # someone else's staged work stays staged
    before = commit_count(kb)
    r = cli("--as", "ana", "playbook", "verify", "renewal")
    assert r.exit_code == 2
    assert "only bo (verifier) can verify playbook/renewal.md; you are ana" in r.stderr
    assert "\n" not in r.stderr.strip() and "Traceback" not in r.stderr
    assert path.read_text(encoding="utf-8") == text and commit_count(kb) == before
    r = cli("--as", "bo", "playbook", "verify", "renewal")
    assert r.exit_code == 0, r.stderr
    assert "verified on 2026-11-22 by bo; next due 2027-02-20" in r.stdout
    assert commit_count(kb) == before + 1 and last_commit_files(kb) == ["playbook/renewal.md"]
    assert git(kb, "log", "-1", "--format=%s").strip() == "cskb: verify playbook card renewal (bo)"
    assert "notes.txt" in git(kb, "diff", "--cached", "--name-only")
    after = path.read_text(encoding="utf-8")
    assert after == text.replace("verified_on: \n", "verified_on: 2026-11-22\n").replace(
        "criteria: [control]\n---", "criteria: [control]\nverified_by: bo\n---"
    )
    assert "owner: ana  # the team lead" in after  # the user's comment is kept
    shown = json.loads(cli("playbook", "show", "renewal", "--json").stdout)
    assert shown["state"] == "verified" and shown["verified_by"] == "bo"


def test_verify_by_the_owner_when_there_is_no_verifier_keeps_the_file(kb: Path, cli):
    text = card("Agenda", "2026-01-05", owner="dana", verified_by="dana", criteria="[agenda]")
    build_file_tree(kb, {"playbook/agenda.md": text})
    commit_all(kb)
    r = cli("--as", "chen", "playbook", "verify", "playbook/agenda.md")
    assert r.exit_code == 2 and "only dana (owner, as it has no verifier)" in r.stderr
    r = cli("--as", "dana", "playbook", "verify", "agenda")
    assert r.exit_code == 0, r.stderr
    assert (kb / "playbook" / "agenda.md").read_text(encoding="utf-8") == text.replace(
        "2026-01-05", "2026-11-22"
    )


def test_verify_refuses_unowned_placeholder_and_malformed_cards(kb: Path, cli):
    r = cli("--as", "ana", "playbook", "verify", "agenda")  # init's card: nobody owns it
    assert r.exit_code == 2 and "has no verifier or owner" in r.stderr
    text = (kb / "playbook" / "control.md").read_text(encoding="utf-8")
    (kb / "playbook" / "control.md").write_text(text.replace("owner: ''", "owner: ana"), "utf-8")
    r = cli("--as", "ana", "playbook", "verify", "control")
    assert r.exit_code == 2 and "replace the template's placeholder lines" in r.stderr
    build_file_tree(kb, {"playbook/bad.md": card("Bad", "someday", owner="ana")})
    r = cli("--as", "ana", "playbook", "verify", "bad")
    assert r.exit_code == 2
    assert "playbook/bad.md:3: verified_on 'someday' must be a date" in r.stderr
    r = cli("playbook", "verify", "nope")
    assert r.exit_code == 2 and "no playbook card matches 'nope'" in r.stderr
    r = cli("playbook", "show", "/etc/passwd")
    assert r.exit_code == 2 and "'/etc/passwd' is not a playbook card" in r.stderr
    assert "root:" not in r.stdout
    r = cli("playbook", "verify", "cskb.toml")
    assert r.exit_code == 2 and "'cskb.toml' is not a playbook card" in r.stderr


# --- list, states and the trust score ----------------------------------------------------


@pytest.fixture
def states_kb(kb: Path) -> Path:
    """Cards in every state on 2026-11-22 (the pinned date), besides init's three."""
    build_file_tree(
        kb,
        {
            "playbook/fresh.md": card("Fresh", "2026-11-01", owner="ana"),  # due 2027-01-30
            "playbook/soon.md": card("Soon", "2026-08-30", owner="ana"),  # due 2026-11-28
            "playbook/today.md": card("Today", "2026-08-24", owner="bo"),  # due 2026-11-22
            "playbook/lapsed.md": card("Lapsed", "2026-08-23", owner="bo"),  # due 2026-11-21
            "playbook/short.md": card("Short", "2026-11-10", interval_days="10"),  # 2026-11-20
            "playbook/long.md": card("Long", "2026-06-01", interval_days="365"),  # 2027-06-01
        },
    )
    commit_all(kb)
    return kb


def test_list_computes_every_state_against_the_pinned_date(states_kb: Path, cli):
    data = json.loads(cli("playbook", "list", "--json").stdout)
    assert data["today"] == "2026-11-22" and data["within_days"] == 14
    got = {c["id"]: (c["state"], c["due_on"], c["days_left"]) for c in data["cards"]}
    assert got == {
        "agenda": ("never-verified", None, None),
        "control": ("never-verified", None, None),
        "next-steps": ("never-verified", None, None),
        "fresh": ("verified", "2027-01-30", 69),
        "soon": ("due", "2026-11-28", 6),
        "today": ("due", "2026-11-22", 0),
        "lapsed": ("expired", "2026-11-21", -1),
        "short": ("expired", "2026-11-20", -2),
        "long": ("verified", "2027-06-01", 191),
    }
    assert data["counts"] == {
        "verified": 2, "due": 2, "expired": 2, "never-verified": 3, "invalid": 0, "unreadable": 0,
    }  # fmt: skip
    assert data["trust_score"] == round(4 / 9, 4)
    # a week later: `soon` and `today` have lapsed, `fresh` is not yet due
    later = json.loads(cli("playbook", "list", "--json", env={"CSKB_TODAY": "2026-11-29"}).stdout)
    states = {c["id"]: c["state"] for c in later["cards"]}
    assert states["soon"] == "expired" and states["today"] == "expired"
    assert states["fresh"] == "verified" and later["trust_score"] == round(2 / 9, 4)
    # --within moves the "due" horizon; --state filters but keeps the whole score
    wide = json.loads(cli("playbook", "list", "--within", "70", "--json").stdout)
    assert {c["id"]: c["state"] for c in wide["cards"]}["fresh"] == "due"
    only = json.loads(cli("playbook", "list", "--state", "expired", "--json").stdout)
    assert [c["id"] for c in only["cards"]] == ["short", "lapsed"]  # most overdue first
    assert only["trust_score"] == data["trust_score"]
    r = cli("playbook", "list", "--state", "stale")
    assert r.exit_code == 2 and "--state 'stale' must be one of" in r.stderr


def test_list_table_and_the_team_interval(states_kb: Path, cli):
    r = cli("playbook", "list")
    assert r.exit_code == 0
    assert "trust score 44% (2 verified, 2 due, 2 expired, 3 never-verified)" in r.stdout
    assert "lapsed" in r.stdout and "2026-11-21" in r.stdout
    toml = states_kb / "cskb.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("interval_days = 90", "interval_days = 120"),
        encoding="utf-8",
    )
    data = json.loads(cli("playbook", "list", "--json").stdout)
    got = {c["id"]: (c["state"], c["interval_days"]) for c in data["cards"]}
    assert got["lapsed"] == ("verified", 120) and got["short"] == ("expired", 10)
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("interval_days = 120", "interval_days = 0"),
        encoding="utf-8",
    )
    r = cli("playbook", "list")
    assert r.exit_code == 2 and "[playbook] interval_days = 0 must be a whole number" in r.stderr


def test_unreadable_cards_lower_the_trust_score(kb: Path, cli):
    build_file_tree(
        kb,
        {
            "playbook/fresh.md": card("Fresh", "2026-11-01"),
            "playbook/broken.md": "no front-matter\n",
        },
    )
    data = json.loads(cli("playbook", "list", "--json").stdout)
    assert data["unreadable"] == ["playbook/broken.md"] and data["trust_score"] == 0.2
    r = cli("playbook", "list")
    assert "1 card file(s) could not be read" in r.stderr


def test_empty_playbook_has_no_score(kb: Path, cli):
    git(kb, "rm", "-q", "-r", "playbook")
    data = json.loads(cli("playbook", "list", "--json").stdout)
    assert data["cards"] == [] and data["trust_score"] is None
    assert "trust score n/a" in cli("playbook", "list").stdout


# --- show and exemplary calls ------------------------------------------------------------


def review(cycle: str, reviewer: str, reviewee: str, agenda, status: str = "complete") -> str:
    text = (CORPUS / "valid.md").read_text(encoding="utf-8")
    return (
        text.replace("cycle: 2026-11-09", f"cycle: {cycle}")
        .replace("reviewer: ana", f"reviewer: {reviewer}")
        .replace("reviewee: bo", f"reviewee: {reviewee}")
        .replace("agenda: 4", f"agenda: {agenda}")
        .replace("status: complete", f"status: {status}")
        .replace("Ana opened", f"{reviewer.title()} opened")
    )


def test_show_lists_the_best_scored_complete_reviews_with_their_evidence(kb: Path, cli):
    reviews = {
        "reviews/2026-11-09/ana-reviews-bo.md": review("2026-11-09", "ana", "bo", 5),
        "reviews/2026-11-09/bo-reviews-ana.md": review("2026-11-09", "bo", "ana", 4),
        "reviews/2026-10-26/chen-reviews-dana.md": review("2026-10-26", "chen", "dana", 5),
        "reviews/2026-11-09/dana-reviews-chen.md": review("2026-11-09", "dana", "chen", 5, "draft"),
        "reviews/2026-10-26/dana-reviews-chen.md": review("2026-10-26", "dana", "chen", 3),
        "reviews/2026-10-26/bo-reviews-ana.md": review("2026-10-26", "bo", "ana", 4),
    }
    build_file_tree(kb, reviews)
    commit_all(kb)
    scores = {
        r["path"]: r for r in json.loads(cli("review", "list", "--json").stdout)
    }  # the reviews' own scores, as `review list` computes them
    data = json.loads(cli("playbook", "show", "agenda", "--json").stdout)
    assert data["id"] == "agenda" and data["criteria"] == ["agenda"]
    got = [(e["path"], e["score"], e["normalised"]) for e in data["exemplars"]]
    assert got == [
        ("reviews/2026-11-09/ana-reviews-bo.md", "5", 1.0),
        ("reviews/2026-10-26/chen-reviews-dana.md", "5", 1.0),
        ("reviews/2026-11-09/bo-reviews-ana.md", "4", 0.75),
    ]
    for e in data["exemplars"]:
        assert scores[e["path"]]["status"] == "complete"
        file_text = (kb / e["path"]).read_text(encoding="utf-8")
        assert f"  agenda: {e['score']}\n" in file_text
        assert e["excerpt"].startswith(f"{e['reviewer'].title()} opened with the agenda on screen")
        assert e["excerpt"] in " ".join(file_text.split())
    # the draft and the 3/5 never show; --limit widens or narrows the list
    paths = [
        e["path"]
        for e in json.loads(cli("playbook", "show", "agenda", "--limit", "9", "--json").stdout)[
            "exemplars"
        ]
    ]  # noqa: E501
    assert len(paths) == 4 and "reviews/2026-10-26/bo-reviews-ana.md" in paths
    assert "reviews/2026-11-09/dana-reviews-chen.md" not in paths
    assert "reviews/2026-10-26/dana-reviews-chen.md" not in paths
    none = json.loads(cli("playbook", "show", "agenda", "--limit", "0", "--json").stdout)
    assert none["exemplars"] == []
    r = cli("playbook", "show", "agenda")
    assert r.exit_code == 0
    assert "Exemplary calls" in r.stdout and "reviews/2026-11-09/ana-reviews-bo.md" in r.stdout
    assert "5/1-5" in r.stdout and "Setting a clear agenda" in r.stdout


def test_show_without_exemplars_and_with_terminal_escapes(kb: Path, cli):
    build_file_tree(
        kb,
        {
            "playbook/esc.md": card("Escapes", "2026-11-01", criteria="[control]").replace(
                "Open with", "\x1b]0;pwned\x07\x1b[31mOpen with"
            )
        },
    )
    r = cli("playbook", "show", "esc")
    assert r.exit_code == 0
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "Open with" in r.stdout
    assert "No exemplary calls yet" in r.stdout


# --- cskb check ------------------------------------------------------------------------


def test_check_reports_malformed_cards_as_errors_with_file_line_and_field(kb: Path, cli):
    build_file_tree(
        kb,
        {
            "playbook/date.md": card("Date", "someday"),
            "playbook/crit.md": card("Crit", "2026-11-01", criteria="[agnda]"),
            "playbook/who.md": card("Who", "2026-11-01", owner="zed"),
            "playbook/days.md": card("Days", "2026-11-01", interval_days="0"),
            "playbook/title.md": card("no", "2026-11-01"),
            "playbook/tag.md": "---\ntitle: !!python/object:os.system echo\n---\n",
            "playbook/future.md": card("Future", "2026-12-01"),
            "playbook/typo.md": card("Typo", "2026-11-01", verifed_by="ana"),
            "playbook/README.md": "# Our playbook\n",
        },
    )
    r = cli("check", "--format", "json")
    assert r.exit_code == 1
    found = {(f["path"], f["line"], f["rule"], f["severity"]) for f in json.loads(r.stdout)}
    assert ("playbook/date.md", 3, "card-field", "error") in found
    assert ("playbook/crit.md", 4, "card-criterion", "error") in found
    assert ("playbook/who.md", 4, "card-member", "error") in found
    assert ("playbook/days.md", 4, "card-field", "error") in found
    assert ("playbook/title.md", 2, "card-field", "error") in found  # `no` is a boolean
    assert ("playbook/tag.md", 2, "yaml-tag", "error") in found
    assert ("playbook/future.md", 3, "card-verification", "error") in found
    assert ("playbook/typo.md", 4, "card-unknown-field", "warning") in found
    assert not any(f[0] == "playbook/README.md" for f in found)
    messages = {f["path"]: f["message"] for f in json.loads(r.stdout) if f["severity"] == "error"}
    assert "did you mean 'agenda'?" in messages["playbook/crit.md"]
    assert "is not in team.yaml" in messages["playbook/who.md"]
    assert "is read as the boolean false; quote it" in messages["playbook/title.md"]
    text = cli("check").stdout
    assert "playbook/date.md:3: card-field: verified_on 'someday' must be a date" in text


def test_check_warns_on_expired_and_never_verified_cards_and_fails_with_strict(
    states_kb: Path, cli
):
    r = cli("check")
    assert r.exit_code == 0, r.stdout
    assert "playbook/lapsed.md:3: card-expired: verification expired on 2026-11-21" in r.stdout
    assert "bo should re-check it and run `cskb playbook verify lapsed`" in r.stdout
    assert "playbook/agenda.md:5: card-never-verified: never verified" in r.stdout
    assert "soon.md" not in r.stdout and "fresh.md" not in r.stdout
    strict = json.loads(cli("check", "--strict", "--format", "json").stdout)
    rules = {(f["path"], f["rule"], f["severity"]) for f in strict}
    assert ("playbook/lapsed.md", "card-expired", "error") in rules
    assert ("playbook/short.md", "card-expired", "error") in rules
    assert ("playbook/agenda.md", "card-never-verified", "error") in rules
    assert cli("check", "--strict").exit_code == 1
    # given paths: only those cards are checked
    only = cli("check", "--format", "json", "playbook/fresh.md", "playbook/lapsed.md")
    assert {f["path"] for f in json.loads(only.stdout)} == {"playbook/lapsed.md"}
    assert cli("check", "--strict", "playbook/fresh.md").exit_code == 0


# --- the review template links each criterion to its card --------------------------------


def test_review_template_links_each_criterion_to_its_card_and_the_link_is_not_evidence(
    kb: Path, cli
):
    git(kb, "mv", "playbook/control.md", "playbook/steering.md")
    commit_all(kb)
    assert cli("pair").exit_code == 0
    partner = json.loads(cli("partner", "--json").stdout)["reviews"]
    assert cli("--as", partner, "call", "submit", "--url", "https://rec.example.com/1",
               "--customer", "Acme").exit_code == 0  # fmt: skip
    assert cli("review", "new", "--no-edit").exit_code == 0
    path = kb / "reviews" / "2026-11-09" / f"ana-reviews-{partner}.md"
    text = path.read_text(encoding="utf-8")
    assert "<!-- criterion: agenda -->\n<!-- What good looks like: playbook/agenda.md -->" in text
    assert "<!-- What good looks like: playbook/steering.md -->" in text
    assert "<!-- What good looks like: playbook/next-steps.md -->" in text
    # with every placeholder line emptied, the link alone is no evidence
    emptied = "\n".join(
        "" if line.startswith("_Replace this line") else line for line in text.split("\n")
    )
    for key in ("agenda", "control", "next_steps"):
        emptied = emptied.replace(f"  {key}: null", f"  {key}: 4")
    path.write_text(emptied, encoding="utf-8")
    r = cli("review", "done", path.stem)
    assert r.exit_code == 1
    assert "Setting a clear agenda: no evidence; write at least 12 words" in r.stderr


# --- due and the reminder ----------------------------------------------------------------


def test_due_lists_the_cards_to_verify_most_overdue_first(states_kb: Path, cli):
    data = json.loads(cli("playbook", "due", "--json").stdout)
    assert [c["id"] for c in data["cards"]] == [
        "short", "lapsed", "agenda", "control", "next-steps", "today", "soon",
    ]  # fmt: skip
    within = json.loads(cli("playbook", "due", "--within", "3", "--json").stdout)
    assert "soon" not in [c["id"] for c in within["cards"]]
    r = cli("playbook", "due", "--announce")  # no webhook: the reminder is printed
    assert r.exit_code == 0
    assert "*Playbook: 7 card(s) to verify*" in r.stdout
    assert (
        "• Lapsed (playbook/lapsed.md): expired on 2026-11-21, owner Bø Østergaard (@bo)"
        in r.stdout
    )


def test_due_announce_posts_the_reminder_to_the_webhook(states_kb: Path, cli, webhook):
    url, received = webhook.url, webhook.received
    build_file_tree(
        states_kb, {"playbook/inject.md": card("'<!channel> & <https://x.example|click>'")}
    )
    r = cli("playbook", "due", "--announce", env={"CSKB_SLACK_WEBHOOK_URL": url})
    assert r.exit_code == 0, r.stderr
    assert "posted the playbook reminder to Slack (8 card(s))" in r.stderr
    assert len(received) == 1
    payload = received[0]
    assert payload["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Playbook: 8 card(s) to verify"},
    }
    section = payload["blocks"][1]["text"]["text"]
    assert "Soon (playbook/soon.md): due 2026-11-28 (in 6 day(s)), owner Ana Lima (@ana)" in section
    assert "Today (playbook/today.md): due 2026-11-22 (today)" in section
    assert "&lt;!channel&gt; &amp; &lt;https://x.example|click&gt;" in payload["text"]
    assert "<!channel>" not in json.dumps(payload)
    assert "trust score 44%" not in payload["text"]  # 4 of 10 cards now
    assert "trust score 40%" in payload["text"]
    webhook.status = 500
    r = cli("playbook", "due", "--announce", env={"CSKB_SLACK_WEBHOOK_URL": url})
    assert r.exit_code == 2
    assert "could not post the playbook reminder (500" in r.stderr
    assert "retry with `cskb playbook due --within 14 --announce`" in r.stderr
    assert len(received) == 2


def test_nothing_due_posts_nothing(kb: Path, cli, webhook):
    url, received = webhook.url, webhook.received
    git(kb, "rm", "-q", "-r", "playbook")
    build_file_tree(kb, {"playbook/fresh.md": card("Fresh", "2026-11-01")})
    r = cli("playbook", "due", "--announce", env={"CSKB_SLACK_WEBHOOK_URL": url})
    assert r.exit_code == 0 and "nothing to announce" in r.stderr
    assert received == []


def test_unreachable_webhook_is_a_clear_error(states_kb: Path, cli):
    r = cli("playbook", "due", "--announce", env={"CSKB_SLACK_WEBHOOK_URL": "http://127.0.0.1:9/x"})
    assert r.exit_code == 2 and "could not post the playbook reminder" in r.stderr
    assert "Traceback" not in r.stderr
