"""Pre-filled links: built by cskb, opened by the host, submitted, parsed back the same."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from cskb.errors import UsageError
from cskb.forms.body import parse_body, render_body
from cskb.forms.links import filled_values, form_link, repo_base
from tests.forms.conftest import CYCLE, forms_of


@pytest.mark.parametrize(
    "kind, values",
    [
        ("review", {"cycle": CYCLE, "reviewee": "bo"}),
        ("call", {"cycle": CYCLE, "customer": "Ö & Co = ?#/ 陈", "note": "line 1\nline 2"}),
        ("coffee", {"cycle": CYCLE, "with": "ana, bo"}),
    ],
)
def test_a_link_round_trips_through_the_host(fkb: Path, kind: str, values: dict):
    form = forms_of(fkb)[kind]
    link = form_link("acme-cs/cs-kb", form, values, form.title)
    assert link.startswith(f"https://github.com/acme-cs/cs-kb/issues/new?template={form.file}")
    filled = filled_values(link, form)
    assert {k: v for k, v in filled.items() if v} == values
    body = render_body(form, filled)  # the member submits without changing anything
    parsed = parse_body(form, body)
    assert {k: v for k, v in parsed.items() if v} == values


def test_the_cli_prints_the_link_from_cskb_toml(fkb: Path, cli):
    toml = fkb / "cskb.toml"
    toml.write_text(
        toml.read_text("utf-8").replace(
            'repo_url = ""', 'repo_url = "https://github.com/acme-cs/cs-kb"'
        ),
        "utf-8",
    )
    result = cli("forms", "link", "review", "--cycle", CYCLE, "--reviewee", "bo")
    assert result.exit_code == 0, result.stderr
    query = parse_qs(urlsplit(result.stdout.strip()).query)
    assert query == {
        "template": ["cskb-review.yml"],
        "title": ["Review"],
        "cycle": [CYCLE],
        "reviewee": ["bo"],
    }
    assert cli("forms", "link", "call", "--reviewee", "bo").exit_code == 2
    assert cli("forms", "link", "retro").exit_code == 2


@pytest.mark.parametrize("repo", ["acme", "a/b/c", "https://github.com/a", "a/b?x=1", ""])
def test_bad_repositories_are_refused(repo: str):
    with pytest.raises(UsageError):
        repo_base(repo)


def test_dropdowns_cannot_be_prefilled(fkb: Path):
    form = forms_of(fkb)["review"]
    with pytest.raises(UsageError, match="cannot be pre-filled"):
        form_link("acme-cs/cs-kb", form, {"score_agenda": "4"})


def test_partner_links_each_obligation_to_its_form_filled_in(fkb: Path, cli):
    import json

    plain = cli("--as", "ana", "partner", "--json")
    assert plain.exit_code == 0 and "forms" not in json.loads(plain.stdout)
    toml = fkb / "cskb.toml"
    toml.write_text(
        toml.read_text("utf-8").replace(
            'repo_url = ""', 'repo_url = "https://github.com/acme-cs/cs-kb"'
        ),
        "utf-8",
    )
    result = cli("--as", "ana", "partner", "--json")
    assert result.exit_code == 0, result.stderr
    links = json.loads(result.stdout)["forms"]
    review = forms_of(fkb)["review"]
    filled = filled_values(links["review"], review)
    assert filled["cycle"] == CYCLE and filled["reviewee"] == "bo"
    assert parse_body(review, render_body(review, filled))["reviewee"] == "bo"
    assert filled_values(links["call"], forms_of(fkb)["call"])["cycle"] == CYCLE
    text = cli("--as", "ana", "partner")
    assert "review form: https://github.com/acme-cs/cs-kb/issues/new?" in text.stdout
