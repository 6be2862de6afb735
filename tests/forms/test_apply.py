"""`cskb forms apply` on real issue events: the same files and commits as the CLI's."""

from __future__ import annotations

import json
from pathlib import Path

from cskb.forms.body import render_body
from tests.forms.conftest import CYCLE, event, forms_of, write_event
from tests.helpers import git, last_commit_files

CALL = {
    "cycle": "",
    "url": "https://rec.example.com/calls/77?t=12",
    "customer": "Acme Östra AB",
    "date": "2026-11-18",
    "tags": "Discovery, renewal",
    "products": "Analytics",
    "note": "Listen for the pricing question.\nIt comes at 14:00.",
}


def apply(cli, tmp_path: Path, payload: dict, name: str = "event.json"):
    path = write_event(tmp_path, payload, name)
    reply = tmp_path / f"{name}.reply.md"
    result = cli("forms", "apply", "--event", str(path), "--reply", str(reply), "--json")
    outcome = json.loads(result.stdout) if result.stdout.strip() else {}
    return result, outcome, reply.read_text(encoding="utf-8") if reply.exists() else ""


def call_body(root: Path, **values: str) -> str:
    return render_body(forms_of(root)["call"], {**CALL, **values})


def review_values(root: Path, **values: str) -> dict[str, str]:
    form = forms_of(root)["review"]
    base = {f.id: "" for f in form.fields}
    return {**base, "cycle": CYCLE, "reviewee": "bo", **values}


EVIDENCE = {
    "evidence_agenda": "Opened with three points at 00:40 and asked Bo's customer to add one; "
    "they added the renewal date.",
    "evidence_control": "At 12:10 the customer drifted into billing; Bo parked it with a named "
    "follow-up and came back to the rollout plan.",
    "evidence_next_steps": "Closed with two owners and dates: Acme sends the data sample "
    "Friday, Bo books the workshop for the 3rd.",
    "section_what_went_well": "The customer did most of the talking in the first ten minutes.",
    "section_what_to_try_next_time": "Confirm the next steps in writing while still on the call.",
}


def test_call_form_commits_the_file_call_submit_writes(fkb: Path, cli, tmp_path: Path):
    result, outcome, reply = apply(cli, tmp_path, event("call", call_body(fkb)))
    assert result.exit_code == 0, result.stderr
    assert outcome["status"] == "applied" and outcome["member"] == "ana" and outcome["close"]
    rel = f"calls/{CYCLE}/ana.yaml"
    assert outcome["paths"] == [rel]
    assert "Done" in reply and f"https://github.com/acme-cs/cs-kb/blob/HEAD/{rel}" in reply
    assert git(fkb, "log", "-1", "--format=%s").strip() == f"cskb: call by ana ({CYCLE})"
    assert last_commit_files(fkb) == [rel]
    by_form = (fkb / rel).read_text(encoding="utf-8")
    cli_run = cli(
        "--as", "ana", "call", "submit", "--url", CALL["url"], "--customer", CALL["customer"],
        "--date", CALL["date"], "--tags", CALL["tags"], "--products", CALL["products"],
        "--note", CALL["note"],
    )  # fmt: skip
    assert cli_run.exit_code == 0, cli_run.stderr
    by_cli = (fkb / rel).read_text(encoding="utf-8")

    def same(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("submitted:")]

    assert same(by_form) == same(by_cli)
    assert "tags:\n- discovery\n- renewal\n" in by_form


def test_coffee_form_records_the_group(fkb: Path, cli, tmp_path: Path):
    form = forms_of(fkb)["coffee"]
    body = render_body(form, {"cycle": CYCLE, "with": "", "date": "2026-11-20", "note": "agenda"})
    result, outcome, reply = apply(cli, tmp_path, event("coffee", body, sender="BoOster"))
    assert result.exit_code == 0, result.stderr
    assert outcome["paths"] == [f"coffee/{CYCLE}/ana--bo.yaml"] and outcome["member"] == "bo"
    assert git(fkb, "log", "-1", "--format=%s").strip() == f"cskb: coffee ana + bo ({CYCLE})"
    assert "recorded_by: bo" in (fkb / outcome["paths"][0]).read_text(encoding="utf-8")


def _bo_submits(fkb: Path, cli, tmp_path: Path) -> None:
    body = call_body(fkb, customer="Globex", tags="discovery", note="")
    result, _, _ = apply(cli, tmp_path, event("call", body, sender="BoOster"), "bo-call.json")
    assert result.exit_code == 0, result.stderr


def test_review_draft_then_edit_to_complete_matches_the_cli(fkb: Path, cli, tmp_path: Path):
    _bo_submits(fkb, cli, tmp_path)
    git(fkb, "push", "-q", "origin", "HEAD:main")
    form = forms_of(fkb)["review"]
    draft = render_body(
        form,
        review_values(fkb, score_agenda="4", evidence_agenda=EVIDENCE["evidence_agenda"]),
    )
    result, outcome, reply = apply(cli, tmp_path, event("review", draft), "r1.json")
    assert result.exit_code == 0, result.stderr
    rel = f"reviews/{CYCLE}/ana-reviews-bo.md"
    assert outcome["paths"] == [rel] and not outcome["close"]
    assert "Saved as a draft" in reply and "Still missing" in reply
    assert git(fkb, "log", "-1", "--format=%s").strip() == f"cskb: draft review ana -> bo ({CYCLE})"
    assert "status: draft" in (fkb / rel).read_text(encoding="utf-8")

    full = render_body(
        form,
        review_values(
            fkb,
            score_agenda="4",
            score_control="3",
            score_next_steps="5",
            tags="renewal",
            finished="Mark this review complete",
            **EVIDENCE,
        ),
    )
    payload = event("review", full, action="edited", previous=draft)
    result, outcome, reply = apply(cli, tmp_path, payload, "r2.json")
    assert result.exit_code == 0, result.stderr
    assert outcome["close"] and "is complete" in reply
    assert git(fkb, "log", "-1", "--format=%s").strip() == (
        f"cskb: complete review ana -> bo ({CYCLE})"
    )
    by_form = (fkb / rel).read_text(encoding="utf-8")
    assert cli("check").exit_code == 0

    # The same review written with the CLI in a clone of the remote: scaffold, fill in, done.
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), str(other))
    import os

    os.chdir(other)
    made = cli("--as", "ana", "review", "new", "--no-edit", "--tags", "renewal")
    assert made.exit_code == 0, made.stderr
    path = other / rel
    text = path.read_text(encoding="utf-8")
    for key, value in (("agenda", 4), ("control", 3), ("next_steps", 5)):
        text = text.replace(f"  {key}: null\n", f"  {key}: {value}\n")
    lines = text.split("\n")
    order = [EVIDENCE[k] for k in EVIDENCE]
    for i, line in enumerate(lines):
        if line.startswith("_Replace this line"):
            lines[i] = order.pop(0)
    path.write_text("\n".join(lines), encoding="utf-8")
    done = cli("--as", "ana", "review", "done", "ana-reviews-bo")
    assert done.exit_code == 0, done.stderr
    assert path.read_text(encoding="utf-8") == by_form


def test_an_edit_after_the_review_is_complete_changes_nothing(fkb: Path, cli, tmp_path: Path):
    _bo_submits(fkb, cli, tmp_path)
    form = forms_of(fkb)["review"]
    values = review_values(
        fkb, score_agenda="4", score_control="3", score_next_steps="5",
        finished="Mark this review complete", **EVIDENCE,
    )  # fmt: skip
    body = render_body(form, values)
    assert apply(cli, tmp_path, event("review", body), "a.json")[0].exit_code == 0
    head = git(fkb, "rev-parse", "HEAD")
    changed = render_body(form, {**values, "score_agenda": "1"})
    payload = event("review", changed, action="edited", previous=body)
    result, outcome, reply = apply(cli, tmp_path, payload, "b.json")
    assert result.exit_code == 2 and outcome["status"] == "refused"
    assert "already complete" in reply
    assert git(fkb, "rev-parse", "HEAD") == head


def test_a_draft_edited_by_hand_is_not_overwritten_by_the_form(fkb: Path, cli, tmp_path: Path):
    _bo_submits(fkb, cli, tmp_path)
    form = forms_of(fkb)["review"]
    body = render_body(form, review_values(fkb, score_agenda="2"))
    assert apply(cli, tmp_path, event("review", body), "a.json")[0].exit_code == 0
    rel = fkb / f"reviews/{CYCLE}/ana-reviews-bo.md"
    rel.write_text(rel.read_text(encoding="utf-8") + "\nMy own notes.\n", encoding="utf-8")
    changed = render_body(form, review_values(fkb, score_agenda="3"))
    payload = event("review", changed, action="edited", previous=body)
    result, _, reply = apply(cli, tmp_path, payload, "b.json")
    assert result.exit_code == 2 and "cskb review edit" in reply
    assert rel.read_text(encoding="utf-8").endswith("My own notes.\n")


def _complete_review(fkb: Path, cli, tmp_path: Path) -> str:
    _bo_submits(fkb, cli, tmp_path)
    form = forms_of(fkb)["review"]
    values = review_values(
        fkb, score_agenda="4", score_control="3", score_next_steps="5",
        finished="Mark this review complete", **EVIDENCE,
    )  # fmt: skip
    result, _, _ = apply(cli, tmp_path, event("review", render_body(form, values)), "rv.json")
    assert result.exit_code == 0, result.stderr
    return f"{CYCLE}/ana-reviews-bo"


def respond_body(fkb: Path, **values: str) -> str:
    form = forms_of(fkb)["respond"]
    return render_body(form, {f.id: "" for f in form.fields} | values)


def test_the_reviewee_acknowledges_through_the_form_as_the_cli_would(fkb, cli, tmp_path):
    ident = _complete_review(fkb, cli, tmp_path)
    body = respond_body(
        fkb, review=ident, answer="Acknowledge it", note="Thanks, fair.",
        goals="- Confirm next steps in writing\n- Ask one more open question",
    )  # fmt: skip
    result, outcome, reply = apply(cli, tmp_path, event("respond", body, sender="BoOster"))
    assert result.exit_code == 0, result.stderr
    assert outcome["member"] == "bo" and outcome["close"] and "acknowledged" in reply
    assert git(fkb, "log", "-1", "--format=%s").strip() == (
        f"cskb: bo acknowledges ana-reviews-bo ({CYCLE})"
    )
    by_form = (fkb / outcome["paths"][0]).read_text(encoding="utf-8")
    git(fkb, "reset", "-q", "--hard", "HEAD~1")
    by_cli = cli(
        "--as", "bo", "review", "ack", "ana-reviews-bo", "--note", "Thanks, fair.",
        "--goal", "Confirm next steps in writing", "--goal", "Ask one more open question",
    )  # fmt: skip
    assert by_cli.exit_code == 0, by_cli.stderr
    assert (fkb / outcome["paths"][0]).read_text(encoding="utf-8") == by_form


def test_only_the_reviewee_answers_and_a_dispute_is_checked(fkb, cli, tmp_path):
    ident = _complete_review(fkb, cli, tmp_path)
    head = git(fkb, "rev-parse", "HEAD")
    body = respond_body(fkb, review=ident, answer="Acknowledge it")
    result, _, reply = apply(cli, tmp_path, event("respond", body), "own.json")
    assert result.exit_code == 2 and "nothing was written" in reply
    for values, expect in (
        ({"criterion": "Setting a clear agenda", "score": "9", "comment": "x"}, "scale"),
        ({"criterion": "Setting a clear agenda", "score": "5", "comment": ""}, "Why"),
        ({"criterion": "", "score": "5", "comment": "late"}, "choose one of"),
    ):
        body = respond_body(fkb, review=ident, answer="Dispute one score", **values)
        result, _, reply = apply(cli, tmp_path, event("respond", body, sender="BoOster"), "d.json")
        assert result.exit_code == 2 and expect in reply, reply
    for bad in ("../../../etc/passwd", f"{CYCLE}/ana-reviews-chen", "/etc/passwd"):
        body = respond_body(fkb, review=bad, answer="Acknowledge it")
        result, _, reply = apply(cli, tmp_path, event("respond", body, sender="BoOster"), "p.json")
        assert result.exit_code == 2 and "review" in reply
    assert git(fkb, "rev-parse", "HEAD") == head
    body = respond_body(
        fkb, review=ident, answer="Dispute one score", criterion="Setting a clear agenda",
        score="5", comment="The agenda was agreed at 0:40, before the slides.",
    )  # fmt: skip
    result, outcome, reply = apply(cli, tmp_path, event("respond", body, sender="BoOster"))
    assert result.exit_code == 0, result.stderr
    assert "disputed agenda" in reply


def test_goals_from_last_time_are_followed_up_through_the_form(fkb, cli, tmp_path):
    """bo's goal from the review of cycle 2026-11-02 is followed up in this cycle's review,
    in the same file the CLI writes."""
    import datetime as dt

    from cskb.adapters.fsio import atomic_write
    from cskb.models import Cycle, Group
    from cskb.pairing.cycles import dump_cycle

    start = dt.date(2026, 11, 2)
    end = start + dt.timedelta(days=13)
    atomic_write(
        fkb / "cycles/2026-11-02.yaml", dump_cycle(Cycle(start, end, end, (Group(("ana", "bo")),)))
    )
    git(fkb, "add", "cycles")
    git(fkb, "commit", "-qm", "test: an earlier cycle")
    form = forms_of(fkb)["review"]
    body = call_body(fkb, cycle="2026-11-02", customer="Initech", tags="", note="")
    assert apply(cli, tmp_path, event("call", body, sender="BoOster"), "c0.json")[0].exit_code == 0
    earlier = review_values(
        fkb, cycle="2026-11-02", score_agenda="3", score_control="3", score_next_steps="2",
        finished="Mark this review complete", **EVIDENCE,
    )  # fmt: skip
    result, _, _ = apply(cli, tmp_path, event("review", render_body(form, earlier)), "r0.json")
    assert result.exit_code == 0, result.stderr
    _bo_submits(fkb, cli, tmp_path)
    git(fkb, "push", "-q", "origin", "HEAD:main")
    goal = "2026-11-02/ana-reviews-bo#1"
    link = cli(
        "forms", "link", "review", "--cycle", CYCLE, "--reviewee", "bo", "--repo", "acme-cs/cs-kb"
    )
    assert "followed=2026-11-02%2Fana-reviews-bo%231%3A" in link.stdout
    values = review_values(
        fkb, score_agenda="4", score_control="3", score_next_steps="5",
        finished="Mark this review complete", **EVIDENCE,
    )  # fmt: skip
    missing = apply(cli, tmp_path, event("review", render_body(form, values)), "r1.json")
    assert missing[0].exit_code == 2 and f"followed #1 ({goal})" in missing[2]
    wrong = {**values, "followed": "2026-10-19/x-reviews-bo#1: yes: no such goal"}
    refused = apply(cli, tmp_path, event("review", render_body(form, wrong)), "r2.json")
    assert refused[0].exit_code == 2 and "not a goal this review follows up" in refused[2]
    said = "Bo read the next steps back at 31:00 but sent nothing in writing."
    values["followed"] = f"{goal}: partly: {said}"
    result, outcome, _ = apply(cli, tmp_path, event("review", render_body(form, values)), "r3.json")
    assert result.exit_code == 0, result.stderr
    by_form = (fkb / outcome["paths"][0]).read_text(encoding="utf-8")
    assert "result: partly" in by_form and "## Follow-up from last time" in by_form

    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(tmp_path / "remote.git"), str(other))
    import os

    os.chdir(other)
    made = cli("--as", "ana", "review", "new", "--no-edit")
    assert made.exit_code == 0, made.stderr
    path = other / outcome["paths"][0]
    text = path.read_text(encoding="utf-8")
    for key, value in (("agenda", 4), ("control", 3), ("next_steps", 5)):
        text = text.replace(f"  {key}: null\n", f"  {key}: {value}\n")
    text = text.replace("  result: ''\n  evidence: ''\n", f"  result: partly\n  evidence: {said}\n")
    lines = text.split("\n")
    order = list(EVIDENCE.values())
    for i, line in enumerate(lines):
        if line.startswith("_Replace this line"):
            lines[i] = order.pop(0)
    path.write_text("\n".join(lines), encoding="utf-8")
    done = cli("--as", "ana", "review", "done", f"{CYCLE}/ana-reviews-bo")
    assert done.exit_code == 0, done.stderr
    assert path.read_text(encoding="utf-8") == by_form
