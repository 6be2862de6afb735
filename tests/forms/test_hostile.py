"""Form bodies and events from anyone who can open an issue: each bad one gets a reply and a
non-zero exit, and the KB is left exactly as it was (no file, no commit, nothing staged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cskb.forms.body import render_body
from tests.forms.conftest import event, forms_of
from tests.forms.test_apply import CALL, EVIDENCE, _bo_submits, apply, call_body, review_values
from tests.helpers import git


def unchanged(fkb: Path, head: str) -> None:
    assert git(fkb, "rev-parse", "HEAD") == head
    assert git(fkb, "status", "--porcelain", "--untracked-files=all").strip() == ""


def refused(cli, tmp_path: Path, fkb: Path, payload: dict, expect: str) -> str:
    head = git(fkb, "rev-parse", "HEAD")
    result, outcome, reply = apply(cli, tmp_path, payload)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert outcome["status"] == "refused"
    assert "nothing was written" in reply and expect in reply, reply
    assert "Traceback" not in result.stdout + result.stderr
    unchanged(fkb, head)
    return reply


def test_a_sender_who_is_no_member_is_refused(fkb: Path, cli, tmp_path: Path):
    refused(cli, tmp_path, fkb, event("call", call_body(fkb), sender="mallory"), "not a member")


def test_a_member_applying_someone_elses_form_is_refused(fkb: Path, cli, tmp_path: Path):
    payload = event("call", call_body(fkb), sender="BoOster", author="ana-lima", action="edited")
    refused(cli, tmp_path, fkb, payload, "only its author")


def test_logins_match_without_case_but_exactly(fkb: Path, cli, tmp_path: Path):
    refused(cli, tmp_path, fkb, event("call", call_body(fkb), sender="ana-lima2"), "not a member")
    result, outcome, _ = apply(cli, tmp_path, event("call", call_body(fkb), sender="ANA-LIMA"))
    assert result.exit_code == 0 and outcome["member"] == "ana"


def test_a_review_not_owed_is_refused(fkb: Path, cli, tmp_path: Path):
    form = forms_of(fkb)["review"]
    body = render_body(form, review_values(fkb, reviewee="chen"))
    refused(cli, tmp_path, fkb, event("review", body), "does not owe a review of chen")
    body = render_body(form, review_values(fkb, reviewee="ana"))
    refused(cli, tmp_path, fkb, event("review", body), "does not owe")
    body = render_body(form, review_values(fkb))
    refused(cli, tmp_path, fkb, event("review", body), "bo has not submitted a call")


@pytest.mark.parametrize(
    "body, expect",
    [
        ("", "has no '### Cycle' heading"),
        ("Please submit my call: https://rec.example.com/1", "has no '### Cycle' heading"),
        ("hello\n\n" + "### Cycle\n\n_No response_", "heading"),
        ("### Recording link\n\nhttps://rec.example.com/1", "has no '### Cycle' heading"),
    ],
)
def test_malformed_bodies_are_refused(fkb: Path, cli, tmp_path: Path, body: str, expect: str):
    refused(cli, tmp_path, fkb, event("call", body), expect)


def test_headings_out_of_order_or_repeated_are_refused(fkb: Path, cli, tmp_path: Path):
    body = call_body(fkb)
    parts = body.split("\n\n### ")
    swapped = "\n\n### ".join([parts[0], parts[2], parts[1], *parts[3:]])
    refused(cli, tmp_path, fkb, event("call", swapped), "out of order")
    injected = call_body(fkb, note="fine\n\n### Customer\n\nSomeone Else")
    refused(cli, tmp_path, fkb, event("call", injected), "appears 2 times")


def test_an_oversized_body_is_refused(fkb: Path, cli, tmp_path: Path):
    body = call_body(fkb, note="x" * 1_000_000)
    refused(cli, tmp_path, fkb, event("call", body), "more than the 65,536")


@pytest.mark.parametrize(
    "values, expect",
    [
        ({"customer": "Acme\x1b]52;c;ZXZpbA==\x07"}, "control character U+001B"),
        ({"customer": "Acme\u202eevil"}, "control character U+202E"),
        ({"note": "clear\x1b[2J"}, "control character U+001B"),
        ({"customer": "Acme\nstatus: complete"}, "single line"),
        ({"customer": "_No response_"}, "'Customer' is empty"),
        ({"url": "javascript:alert(1)"}, "'Recording link'"),
        ({"date": "2026-02-30"}, "'Date of the call'"),
        ({"date": "0001-01-01"}, "out of range"),
        ({"cycle": "../../etc"}, "cycle"),
    ],
)
def test_bad_values_are_refused(fkb: Path, cli, tmp_path: Path, values: dict, expect: str):
    refused(cli, tmp_path, fkb, event("call", call_body(fkb, **values)), expect)


def test_yaml_and_markdown_in_values_stay_data(fkb: Path, cli, tmp_path: Path):
    from cskb.adapters.store import load_yaml_file

    customer = "!!python/object/apply:os.system ['id'] &a *a {x: 1} # <script>"
    result, outcome, reply = apply(cli, tmp_path, event("call", call_body(fkb, customer=customer)))
    assert result.exit_code == 0, result.stderr
    data = load_yaml_file(fkb / outcome["paths"][0])
    assert data["customer"] == customer and data["url"] == CALL["url"]
    assert f"` {customer} `" in reply, "their text is a code span in the reply"


@pytest.mark.parametrize(
    "evidence, expect",
    [
        ("Fine.\n## What went well\n\nFaked.", "heading line"),
        ("Fine.\n# Title", "heading line"),
        ("Fine <!-- criterion: control --> hidden", "HTML comment"),
        ("```\nunclosed fence\n## Hidden", "heading line"),
        ("```\nunclosed fence", "does not close"),
        ("_Replace this line with evidence_", "placeholder"),
    ],
)
def test_markdown_that_would_change_the_review_is_refused(
    fkb: Path, cli, tmp_path: Path, evidence: str, expect: str
):
    _bo_submits(fkb, cli, tmp_path)
    form = forms_of(fkb)["review"]
    values = review_values(fkb, score_agenda="4", evidence_agenda=evidence)
    refused(cli, tmp_path, fkb, event("review", render_body(form, values)), expect)


def test_scores_off_the_dropdown_and_an_incomplete_finished_review(fkb: Path, cli, tmp_path):
    _bo_submits(fkb, cli, tmp_path)
    form = forms_of(fkb)["review"]
    values = review_values(fkb, score_agenda="7")
    refused(cli, tmp_path, fkb, event("review", render_body(form, values)), "choose one of 1, 2")
    values = review_values(fkb, score_agenda="n/a")  # agenda is mandatory: no n/a offered
    refused(cli, tmp_path, fkb, event("review", render_body(form, values)), "choose one of")
    finished = review_values(
        fkb, score_agenda="4", finished="Mark this review complete", **EVIDENCE
    )
    refused(cli, tmp_path, fkb, event("review", render_body(form, finished)), "not complete")


def test_a_reply_shows_what_they_wrote_as_text_only(fkb: Path, cli, tmp_path: Path):
    url = "javascript:alert(1)//@everyone ```[x](https://evil.example)"
    reply = refused(cli, tmp_path, fkb, event("call", call_body(fkb, url=url)), "Recording link")
    inner = reply.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert "```" not in inner, "their text cannot close the literal block"


def test_events_that_are_not_cskb_forms_are_ignored(fkb: Path, cli, tmp_path: Path):
    head = git(fkb, "rev-parse", "HEAD")
    for payload in (
        event("call", call_body(fkb), labels=("bug",)),
        event("call", call_body(fkb), action="closed"),
    ):
        result, outcome, reply = apply(cli, tmp_path, payload)
        assert result.exit_code == 0 and outcome["status"] == "ignored" and reply == ""
    bot = event("call", call_body(fkb))
    bot["sender"]["type"] = "Bot"
    assert apply(cli, tmp_path, bot)[1]["status"] == "ignored"
    unchanged(fkb, head)


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'{"issue": 3}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"action": "opened",'
        b' "issue": {"number": "7", "user": {"login": "x"}}, "sender": {"login": "x"}}',
    ],
)
def test_a_broken_event_file_is_one_line_and_exit_2(fkb: Path, cli, tmp_path: Path, raw: bytes):
    path = tmp_path / "event.json"
    path.write_bytes(raw)
    result = cli("forms", "apply", "--event", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--event" in result.stderr
