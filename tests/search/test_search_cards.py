"""`cskb search` over playbook cards and reviews together, through the CLI, on a real KB in a
real git repository: the same analyzer, `--type` and `type:`, cards first when equally
relevant, freshness after every change to a card, and symlinked cards never read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cskb.adapters.store import dump_document
from cskb.kb.layout import open_kb
from cskb.search import client
from cskb.search.api import Filters
from cskb.search.engine import CARD_BOOST
from tests.search.test_search import fill, write_review


def write_card(
    kb: Path,
    name: str,
    body: str,
    title: str | None = None,
    tags: list[str] | None = None,
    criteria: list[str] | None = None,
) -> Path:
    meta = {
        "title": title or f"Card {name}",
        "owner": "ana",
        "verifier": "",
        "verified_on": None,
        "verified_by": "",
        "tags": tags or [],
        "criteria": criteria or [],
    }
    path = kb / "playbook" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_document(meta, f"# {meta['title']}\n\n{body}\n"), encoding="utf-8")
    return path


@pytest.fixture
def ckb(kb: Path) -> Path:
    fill(kb)
    write_card(
        kb,
        "pricing-objection",
        "Acknowledge the objection, then quantify the value with the customer's own figures.",
        title="Handling a pricing objection",
        tags=["renewal"],
        criteria=["control"],
    )
    write_card(kb, "fornyelse", "Forny avtalen tidlig: kundemøtet avgjør fornyelsen.")
    write_card(kb, "kickoff", "初回の打合せでは議題を最初に共有します。")
    return kb


def hits(cli, *args: str) -> list[dict]:
    r = cli("search", *args, "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def names(found: list[dict]) -> list[str]:
    return [h["path"].rsplit("/", 1)[-1].removesuffix(".md") for h in found]


def test_card_found_by_a_word_in_its_body_with_its_type(ckb: Path, cli):
    found = hits(cli, "quantify")
    assert names(found) == ["pricing-objection"]
    assert found[0]["type"] == "card" and found[0]["path"] == "playbook/pricing-objection.md"
    assert found[0]["title"] == "Handling a pricing objection"
    assert "**quantify**" in found[0]["snippet"]
    # and a review's hit says it is one
    review = hits(cli, "data strategy")
    assert review and all(h["type"] == "review" for h in review)


def test_card_found_by_its_tags_and_criteria(ckb: Path, cli):
    assert "pricing-objection" in names(hits(cli, "", "--tag", "renewal"))
    # `control` is the rubric key the card teaches, not a word of its text
    assert "pricing-objection" in names(hits(cli, "control", "--type", "card"))


@pytest.mark.parametrize(
    "query, card",
    [
        ("fornyelser", "fornyelse"),  # Norwegian inflection
        ("kunde møte", "fornyelse"),  # a Norwegian compound, spaced
        ("打ち合わせ", "kickoff"),  # a Japanese spelling variant
        ("議題", "kickoff"),  # a Japanese word inside a sentence written without spaces
    ],
)
def test_card_found_through_the_multilingual_analyzer(ckb: Path, cli, query: str, card: str):
    assert card in names(hits(cli, query, "--type", "card"))


def test_type_option_and_type_field_filter(ckb: Path, cli):
    # "renewal" is a tag of the card and of reviews
    both = hits(cli, "renewal")
    assert {h["type"] for h in both} == {"card", "review"}
    cards = hits(cli, "renewal", "--type", "card")
    assert cards and {h["type"] for h in cards} == {"card"}
    reviews = hits(cli, "renewal", "--type", "review")
    assert reviews and {h["type"] for h in reviews} == {"review"}
    assert names(hits(cli, "renewal type:review")) == names(reviews)
    assert names(hits(cli, "renewal type:Card")) == names(cards)
    assert len(cards) + len(reviews) == len(both)
    # a card filter and a review-only field: nothing, not an error
    assert hits(cli, "renewal", "--type", "card", "--reviewer", "ana") == []


def test_bad_type_is_a_one_line_usage_error(ckb: Path, cli):
    r = cli("search", "renewal", "--type", "cards")
    assert r.exit_code == 2 and "--type 'cards' must be card or review" in r.stderr
    assert "Traceback" not in r.stderr
    r = cli("search", "type:memo renewal")
    assert r.exit_code != 0 and "type:card or type:review" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_card_ranks_above_an_equally_relevant_review(kb: Path, cli):
    text = "Summarise the zeppelin commitments before the call ends."
    title = "Zeppelin commitments"
    write_review(kb, "ana", "bo", "2026-10-12", "Acme", [], [], text, title=title)
    write_card(kb, "zeppelin", text, title=title)
    found = hits(cli, "zeppelin commitments")
    assert [h["type"] for h in found] == ["card", "review"]
    card, review = found
    # the same text scores the same; the card's multiplier alone puts it first (not the
    # tie-break by path, which would too: the scores differ)
    assert CARD_BOOST > 1 and card["score"] > review["score"]
    assert card["score"] == pytest.approx(review["score"] * CARD_BOOST, rel=1e-3)
    # a much better review still wins over a weak card
    write_review(
        kb, "bo", "ana", "2026-10-12", "Acme", [], [], "quasar quasar quasar", title="Quasar"
    )
    write_card(kb, "weak", "A long card that mentions a quasar once among many other words " * 5)
    assert names(hits(cli, "quasar"))[0] == "bo-reviews-ana"


def test_table_shows_the_type(ckb: Path, cli):
    r = cli("search", "renewal")
    assert r.exit_code == 0, r.stderr
    assert "card · playbook" in r.stdout and "review · " in r.stdout
    assert "playbook/pricing-objection.md" in r.stdout


def test_new_edited_renamed_and_deleted_cards_are_seen_by_the_next_search(ckb: Path, cli):
    assert hits(cli, "walrus") == []
    card = write_card(ckb, "walrus", "Bring the walrus checklist to every renewal.")
    assert names(hits(cli, "walrus")) == ["walrus"]
    # edited: same size and mtime kept, the content changes
    st = card.stat()
    text = card.read_text(encoding="utf-8").replace("walrus", "narwal")
    card.write_text(text, encoding="utf-8")
    os.utime(card, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert hits(cli, "walrus") == []
    assert names(hits(cli, "narwal")) == ["walrus"]
    renamed = card.with_name("narwal.md")
    card.rename(renamed)
    found = hits(cli, "narwal")
    assert [h["path"] for h in found] == ["playbook/narwal.md"]
    renamed.unlink()
    assert hits(cli, "narwal") == []
    r = cli("index", "--verify", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["ok"] is True


def test_symlinked_card_or_folder_is_never_read(ckb: Path, cli, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text(
        dump_document({"title": "Secret"}, "# Secret\n\nplatypus password\n"), encoding="utf-8"
    )
    (ckb / "playbook" / "secret.md").symlink_to(secret)
    (ckb / "playbook" / "linked").symlink_to(outside, target_is_directory=True)
    assert hits(cli, "platypus") == []
    assert hits(cli, "platypus", "--type", "card") == []
    r = cli("index", "--rebuild")
    assert r.exit_code == 0, r.stderr
    assert hits(cli, "platypus") == []


def test_readme_under_playbook_is_not_a_card(ckb: Path, cli):
    (ckb / "playbook" / "README.md").write_text("How we write cards: ocelot.\n", encoding="utf-8")
    assert hits(cli, "ocelot") == []


def test_index_counts_cards_apart(ckb: Path, cli):
    r = cli("index", "--rebuild")
    # fill's six reviews; init's three cards and the fixture's three
    assert r.exit_code == 0 and "index built: 6 review(s) and 6 card(s)" in r.stdout


def test_resident_server_passes_the_type_filter(ckb: Path):
    cli_env = {**os.environ, "CSKB_SEARCH_SERVER": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cskb.search.server", str(ckb), "120"],
        cwd=ckb,
        env=cli_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        kb = open_kb(ckb)
        deadline = time.monotonic() + 60
        while client.request(kb, {"op": "status"}, timeout=5) is None:
            assert proc.poll() is None and time.monotonic() < deadline, "server did not answer"
            time.sleep(0.05)
        result = client.search(kb, "renewal", Filters(type="card"), 10, autostart=False)
        assert result is not None and result.hits
        assert {h.type for h in result.hits} == {"card"}
        result = client.search(kb, "renewal", Filters(type="review"), 10, autostart=False)
        assert result is not None and {h.type for h in result.hits} == {"review"}
        r = subprocess.run(
            [sys.executable, "-m", "cskb", "search", "renewal", "--type", "card", "--json"],
            cwd=ckb,
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr
        assert {h["type"] for h in json.loads(r.stdout)} == {"card"}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
