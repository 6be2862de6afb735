"""The feedback-quality rule (`vague-feedback`) on a labelled multilingual set, and through
`review done` on a real KB: empty praise refused whatever its length and language,
specific feedback accepted however short."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cskb.checks.feedback import assess, is_specific
from tests.coaching.kbs import CYCLE, pair_and_submit
from tests.helpers import git

LABELLED = yaml.safe_load(
    (Path(__file__).parent / "data" / "feedback_labelled.yaml").read_text(encoding="utf-8")
)
LANGUAGES = sorted(LABELLED)


def test_the_set_is_large_and_multilingual():
    assert len(LANGUAGES) >= 12
    assert sum(len(p) for sets in LABELLED.values() for p in sets.values()) >= 300
    longest = max(len(p) for s in LABELLED.values() for p in s["vague"])
    shortest = min(len(p.split()) for s in LABELLED.values() for p in s["specific"])
    assert longest > 200 and shortest <= 6  # long empty praise, short specific feedback


@pytest.mark.parametrize("lang", LANGUAGES)
def test_vague_refused_specific_accepted(lang):
    vague, specific = LABELLED[lang]["vague"], LABELLED[lang]["specific"]
    missed = [p for p in vague if assess(p).specific]
    refused = [p for p in specific if not assess(p).specific]
    assert len(missed) <= 0.1 * len(vague), missed
    assert len(refused) <= max(0, int(0.02 * len(specific))), refused


def test_overall_figures():
    vague = [p for s in LABELLED.values() for p in s["vague"]]
    specific = [p for s in LABELLED.values() for p in s["specific"]]
    assert sum(not assess(p).specific for p in vague) >= 0.9 * len(vague)
    assert sum(not assess(p).specific for p in specific) <= 0.02 * len(specific)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("At 12:30 she stopped to recap.", "a number or a moment"),
        ('She said "we will pilot the exports" twice.', "what happened on the call"),
        ("Great call, 10/10, perfect!", "it only says how the call felt"),
        ("Great call, really good, well done, 100% happy!", "it only says how the call felt"),
        ("Great QBR.", "a name (QBR)"),
        ("とても良いSalesforceの説明でした", "a name (salesforce)"),
        ("", "it is empty"),
    ],
)
def test_reasons(text, reason):
    assert assess(text).reason.lower() == reason.lower()


def test_repeating_praise_never_makes_it_specific():
    praise = "Great call, really good, well done, the customer was happy. "
    for n in (1, 5, 50):
        assert not is_specific(praise * n)
    assert is_specific(praise * 5 + "You shared the renewal timeline and the pilot scope.")


def complete(kb: Path, cli, text: str, score: str = "5"):
    who = pair_and_submit(cli)
    assert cli("review", "new", "--no-edit", "--reviewee", who["ana"]).exit_code == 0
    path = kb / "reviews" / CYCLE / f"ana-reviews-{who['ana']}.md"
    body = path.read_text(encoding="utf-8")
    body = re.sub(r"^(  \w+): null$", rf"\1: {score}", body, flags=re.M)
    body = re.sub(r"^_Replace this line.*$", text, body, flags=re.M)
    path.write_text(body, encoding="utf-8")
    return cli("review", "done", path.stem), path


def test_five_times_great_call_with_top_scores_is_not_done(kb: Path, cli):
    text = " ".join(["Great call, really good, well done, the customer was happy."] * 5)
    r, path = complete(kb, cli, text)
    assert r.exit_code == 1
    assert (
        "vague-feedback" in r.stderr
        and "Setting a clear agenda: says how the call felt" in r.stderr
    )
    assert "a quote, a number" in r.stderr
    assert "status: draft" in path.read_text(encoding="utf-8")


def test_short_specific_feedback_is_done(kb: Path, cli):
    r, _ = complete(kb, cli, "Asked who signs at 14:20.")
    assert r.exit_code == 0, r.stderr
    assert git(kb, "status", "--porcelain", "--", "reviews") == ""


def test_the_phrase_list_stays_a_team_tunable_extra(kb: Path, cli):
    cfg = kb / "cskb.toml"
    text = cfg.read_text(encoding="utf-8")
    text = re.sub(
        r"^vague_phrases = .*$", 'vague_phrases = ["as per the QBR deck"]', text, flags=re.M
    )
    cfg.write_text(text, encoding="utf-8")
    git(kb, "commit", "-qam", "team phrase list")
    assert is_specific("As per the QBR deck")  # a name: specific to the rule itself
    r, _ = complete(kb, cli, "As per the QBR deck")
    assert r.exit_code == 1 and "'As per the QBR deck' is vague" in r.stderr
