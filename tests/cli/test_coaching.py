"""`review ack|dispute|resolve` through the CLI on real git KBs: files, commits, refusals,
score history, and two partners answering on two clones without a conflict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.coaching.kbs import CYCLE, complete_review, pair_and_submit
from tests.helpers import commit_count, git, last_commit_files


@pytest.fixture
def done(kb: Path, cli):
    """ana's complete review of her partner; returns (ident, reviewee)."""
    who = pair_and_submit(cli)
    return complete_review(kb, cli, "ana", who["ana"]), who["ana"]


def third(reviewee: str) -> str:
    """A member who is neither ana (the reviewer) nor the reviewee."""
    return next(h for h in ("bo", "chen", "dana") if h != reviewee)


def responses(cli, ident: str, who: str = "ana") -> dict:
    r = cli("--as", who, "review", "show", ident, "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["responses"]


def one_line_refusal(r, *words: str) -> None:
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert r.stdout == "" and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    for w in words:
        assert w in r.stderr, r.stderr


def test_ack_writes_only_the_reviewees_file_and_commits_it(kb: Path, cli, done):
    ident, bo = done
    review = kb / "reviews" / CYCLE / f"{ident}.md"
    before = review.read_bytes()
    n = commit_count(kb)
    r = cli(
        "--as",
        bo,
        "review",
        "ack",
        ident,
        "--note",
        "Ich frage früher nach dem Budget",
        "--goal",
        "Ask who signs the renewal",
    )
    assert r.exit_code == 0, r.stderr
    assert f"acknowledged {ident}" in r.stdout
    assert commit_count(kb) == n + 1
    rel = f"reviews/{CYCLE}/{ident}.responses/{bo}.yaml"
    assert last_commit_files(kb) == [rel]
    assert review.read_bytes() == before
    text = (kb / rel).read_text(encoding="utf-8")
    assert text.startswith(f"review: reviews/{CYCLE}/{ident}.md\nmember: {bo}\nack:\n")
    assert "Ich frage früher nach dem Budget" in text
    got = responses(cli, ident)
    assert got["state"] == "acked"
    assert got["ack"] == {
        "date": "2026-11-22",
        "note": "Ich frage früher nach dem Budget",
        "goals": ["Ask who signs the renewal"],
    }
    again = cli("--as", bo, "review", "ack", ident)
    one_line_refusal(again, "you acknowledged", "2026-11-22")
    assert commit_count(kb) == n + 1


def test_only_the_reviewee_acks_or_disputes(kb: Path, cli, done):
    ident, bo = done
    for who in ("ana", third(bo)):
        r = cli("--as", who, "review", "ack", ident)
        one_line_refusal(r, f"only {bo}", "may acknowledge", f"you are {who}")
        r = cli(
            "--as",
            who,
            "review",
            "dispute",
            ident,
            "--criterion",
            "agenda",
            "--score",
            "4",
            "--comment",
            "x",
        )
        one_line_refusal(r, f"only {bo}", "may dispute")
    assert not (kb / "reviews" / CYCLE / f"{ident}.responses").exists()


def test_refusals_unknown_review_criterion_scale_and_draft(kb: Path, cli, done):
    ident, bo = done
    one_line_refusal(cli("--as", bo, "review", "ack", "zed-reviews-nobody"), "no review matches")
    base = ("--as", bo, "review", "dispute", ident, "--comment", "It was agreed at 0:40")
    one_line_refusal(
        cli(*base, "--criterion", "agendaa", "--score", "4"),
        "'agendaa' is not in the rubric",
        "agenda, control, next_steps",
    )
    for bad in ("6", "0", "four", "3.5"):
        one_line_refusal(
            cli(*base, "--criterion", "agenda", "--score", bad),
            f"--score '{bad}' is not on agenda's scale 1-5",
        )
    one_line_refusal(cli(*base, "--criterion", "agenda", "--score", "3"), "already 3")
    one_line_refusal(
        cli(
            "--as",
            bo,
            "review",
            "dispute",
            ident,
            "--criterion",
            "agenda",
            "--score",
            "4",
            "--comment",
            "  ",
        ),
        "--comment is empty",
    )
    # bo's own review of ana is still a draft: ana can neither ack nor dispute it
    assert cli("--as", bo, "review", "new", "--no-edit").exit_code == 0
    draft = f"{bo}-reviews-ana"
    one_line_refusal(
        cli("--as", "ana", "review", "ack", draft), "still a draft", f"cskb review done {draft}"
    )
    one_line_refusal(
        cli(
            "--as",
            "ana",
            "review",
            "dispute",
            draft,
            "--criterion",
            "agenda",
            "--score",
            "4",
            "--comment",
            "x",
        ),
        "still a draft",
    )


def dispute(cli, bo: str, ident: str, key: str = "agenda", score: str = "5"):
    r = cli(
        "--as",
        bo,
        "review",
        "dispute",
        ident,
        "--criterion",
        key,
        "--score",
        score,
        "--comment",
        "The customer agreed the agenda at 0:40",
    )
    assert r.exit_code == 0, r.stderr
    return r


@pytest.mark.parametrize(
    ("outcome", "extra", "now", "score"),
    [
        ("accept", [], 5, 66.7),
        ("partial", ["--score", "4"], 4, 58.3),
        ("reject", [], 3, 50.0),
    ],
)
def test_resolve_changes_the_score_and_keeps_the_old_one(
    kb: Path, cli, done, outcome, extra, now, score
):
    ident, bo = done
    review = kb / "reviews" / CYCLE / f"{ident}.md"
    before = review.read_bytes()
    r = dispute(cli, bo, ident)
    assert "(3 -> 5)" in r.stdout and f"cskb review resolve {ident}" in r.stdout
    assert responses(cli, ident)["state"] == "disputed"
    r = cli(
        "--as",
        "ana",
        "review",
        "resolve",
        ident,
        outcome,
        *extra,
        "--comment",
        "Listened again at 0:40",
    )
    assert r.exit_code == 0, r.stderr
    assert last_commit_files(kb) == [f"reviews/{CYCLE}/{ident}.responses/ana.yaml"]
    assert review.read_bytes() == before  # the review keeps its own score, in git too
    assert "agenda: 3" in git(kb, "show", f"HEAD:reviews/{CYCLE}/{ident}.md")
    got = responses(cli, ident)
    assert got["state"] == "resolved"
    [d] = got["disputes"]
    assert d["was"] == 3 and d["asked"] == 5
    assert d["resolution"]["outcome"] == outcome and d["resolution"]["by"] == "ana"
    shown = json.loads(cli("review", "show", ident, "--json").stdout)
    assert shown["scores"]["agenda"] == now and shown["original_scores"]["agenda"] == 3
    assert shown["score"] == score
    listed = json.loads(cli("review", "list", "--json").stdout)
    row = next(x for x in listed if x["id"] == ident)
    assert row["score"] == score and row["response"] == "resolved"
    text = cli("review", "show", ident).stdout
    if outcome == "reject":
        assert "rejected" in text
    else:
        assert "3 → " + str(now) in text
    again = cli("--as", "ana", "review", "resolve", ident, "reject", "--comment", "x")
    one_line_refusal(again, "has no open dispute")


def test_resolve_refusals_and_a_lead(kb: Path, cli, done):
    ident, bo = done
    lead = third(bo)
    one_line_refusal(
        cli("--as", "ana", "review", "resolve", ident, "accept", "--comment", "x"),
        "has no open dispute",
    )
    dispute(cli, bo, ident)
    dispute(cli, bo, ident, "control", "4")
    one_line_refusal(
        cli("--as", "ana", "review", "resolve", ident, "accept", "--comment", "x"),
        "2 open disputes (agenda, control)",
        "--criterion",
    )
    one_line_refusal(
        cli(
            "--as",
            lead,
            "review",
            "resolve",
            ident,
            "accept",
            "--criterion",
            "agenda",
            "--comment",
            "x",
        ),
        "only the reviewer ana or a lead (role manager",
        f"you are {lead}",
    )
    one_line_refusal(
        cli(
            "--as",
            bo,
            "review",
            "resolve",
            ident,
            "accept",
            "--criterion",
            "agenda",
            "--comment",
            "x",
        ),
        "your own review",
    )
    one_line_refusal(
        cli(
            "--as",
            "ana",
            "review",
            "resolve",
            ident,
            "maybe",
            "--criterion",
            "agenda",
            "--comment",
            "x",
        ),
        "accept, partial or reject",
    )
    one_line_refusal(
        cli(
            "--as",
            "ana",
            "review",
            "resolve",
            ident,
            "partial",
            "--criterion",
            "agenda",
            "--comment",
            "x",
        ),
        "partial needs --score",
    )
    one_line_refusal(
        cli(
            "--as",
            "ana",
            "review",
            "resolve",
            ident,
            "partial",
            "--criterion",
            "agenda",
            "--score",
            "9",
            "--comment",
            "x",
        ),
        "not on agenda's scale",
    )
    one_line_refusal(
        cli(
            "--as",
            "ana",
            "review",
            "resolve",
            ident,
            "reject",
            "--criterion",
            "agenda",
            "--score",
            "4",
            "--comment",
            "x",
        ),
        "leave out --score",
    )
    # a third member becomes a lead: a manager may resolve any dispute
    team = (kb / "team.yaml").read_text(encoding="utf-8")
    head, _, tail = team.partition(f"handle: {lead}")
    (kb / "team.yaml").write_text(
        head + f"handle: {lead}" + tail.replace("role: csm", "role: manager", 1), encoding="utf-8"
    )
    git(kb, "commit", "-qam", "a lead")
    r = cli(
        "--as",
        lead,
        "review",
        "resolve",
        ident,
        "reject",
        "--criterion",
        "agenda",
        "--comment",
        "The agenda came after ten minutes",
    )
    assert r.exit_code == 0, r.stderr
    assert last_commit_files(kb) == [f"reviews/{CYCLE}/{ident}.responses/{lead}.yaml"]
    one_line_refusal(
        cli(
            "--as",
            "ana",
            "review",
            "resolve",
            ident,
            "accept",
            "--criterion",
            "agenda",
            "--comment",
            "x",
        ),
        "no open dispute of agenda",
    )
    assert responses(cli, ident)["state"] == "disputed"  # control is still open
    one_line_refusal(
        cli(
            "--as",
            bo,
            "review",
            "dispute",
            ident,
            "--criterion",
            "agenda",
            "--score",
            "4",
            "--comment",
            "again",
        ),
        "already disputed agenda",
        "reject",
    )


def test_lead_roles_are_configurable(kb: Path, cli, done):
    ident, bo = done
    dispute(cli, bo, ident)
    cfg = (kb / "cskb.toml").read_text(encoding="utf-8")
    (kb / "cskb.toml").write_text(
        cfg.replace('lead_roles = ["manager"]', 'lead_roles = ["csm"]'), encoding="utf-8"
    )
    git(kb, "commit", "-qam", "every csm leads")
    r = cli("--as", third(bo), "review", "resolve", ident, "accept", "--comment", "Fair, at 0:40")
    assert r.exit_code == 0, r.stderr


def test_two_partners_answer_on_two_clones_without_conflict(
    tmp_path: Path, kb: Path, cli, done, monkeypatch
):
    ident, bo = done
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(kb, "remote", "add", "origin", str(remote))
    git(kb, "push", "-q", "-u", "origin", "main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    # bo, on their own clone, acks and disputes; meanwhile ana keeps editing her review
    monkeypatch.chdir(other)
    assert cli("--as", bo, "review", "ack", ident, "--note", "Thanks").exit_code == 0
    dispute(cli, bo, ident)
    monkeypatch.chdir(kb)
    path = kb / "reviews" / CYCLE / f"{ident}.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nOne more note from ana.\n", encoding="utf-8"
    )
    git(kb, "commit", "-qam", "ana edits her review")
    monkeypatch.chdir(other)
    r = cli("sync")
    assert r.exit_code == 0, r.stderr
    monkeypatch.chdir(kb)
    r = cli("sync")
    assert r.exit_code == 0, r.stderr
    assert "One more note from ana." in path.read_text(encoding="utf-8")
    assert responses(cli, ident)["state"] == "disputed"
    r = cli("--as", "ana", "review", "resolve", ident, "accept", "--comment", "Yes, at 0:40")
    assert r.exit_code == 0, r.stderr
    assert cli("sync").exit_code == 0
    monkeypatch.chdir(other)
    assert cli("sync").exit_code == 0
    assert responses(cli, ident, bo)["state"] == "resolved"
    assert git(other, "status", "--porcelain") == ""


def test_help_has_examples(cli):
    for sub in ("ack", "dispute", "resolve"):
        r = cli("review", sub, "--help")
        assert r.exit_code == 0 and "Example: cskb review " + sub in r.stdout


def test_status_shows_the_response_to_each_review(kb: Path, cli, done):
    ident, bo = done
    rows = lambda: {  # noqa: E731
        s["member"]: s["response"]
        for g in json.loads(cli("status", "--json").stdout)["groups"]
        for s in g["members_status"]
    }
    got = rows()
    assert got[bo] == "awaiting" and got["ana"] is None  # ana's call: no complete review yet
    dispute(cli, bo, ident)
    assert rows()[bo] == "disputed"
    r = cli("status")
    assert r.exit_code == 0 and "their review" in r.stdout and "disputed" in r.stdout
    assert (
        cli("--as", "ana", "review", "resolve", ident, "reject", "--comment", "No").exit_code == 0
    )
    assert rows()[bo] == "resolved"
    listed = json.loads(cli("review", "list", "--response", "resolved", "--json").stdout)
    assert [x["id"] for x in listed] == [ident]
    r = cli("review", "list", "--response", "open")
    assert r.exit_code == 2 and "must be awaiting, acked, disputed or resolved" in r.stderr


def test_hostile_response_files_give_one_line(kb: Path, cli, done, tmp_path: Path):
    ident, bo = done
    folder = kb / "reviews" / CYCLE / f"{ident}.responses"
    folder.mkdir()
    (folder / f"{bo}.yaml").write_text("ack: [unclosed\n", encoding="utf-8")
    r = cli("--as", bo, "review", "ack", ident)
    one_line_refusal(r, f"{bo}.yaml")
    shown = cli("review", "show", ident)
    assert shown.exit_code == 0 and "Traceback" not in shown.stderr and f"{bo}.yaml" in shown.stderr
    listed = cli("review", "list")
    assert listed.exit_code == 0 and "could not be read" in listed.stderr
    (folder / f"{bo}.yaml").write_text("ack:\n  date: someday\n", encoding="utf-8")
    one_line_refusal(cli("--as", bo, "review", "ack", ident), "must be a date")
    # a linked folder is refused, never followed
    (folder / f"{bo}.yaml").unlink()
    folder.rmdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    folder.symlink_to(outside, target_is_directory=True)
    one_line_refusal(cli("--as", bo, "review", "ack", ident), "symbolic link")
    assert list(outside.iterdir()) == []
    # a resolution written by someone who may not resolve is ignored
    folder.unlink()
    dispute(cli, bo, ident)
    (folder / f"{third(bo)}.yaml").write_text(
        "resolutions:\n- {criterion: agenda, outcome: accept, score: 5, was: 3, comment: x, date: 2026-11-23}\n",
        encoding="utf-8",
    )
    assert responses(cli, ident)["state"] == "disputed"  # not a lead: ignored
