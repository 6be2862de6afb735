"""Growth on the site: member standing with a gap chart, "Start here", dashboard targets,
and no assessment on any page."""

from __future__ import annotations

import json

import pytest

from tests.growth.growthkb import make_growth_kb
from tests.growth.test_path import PATH
from tests.helpers import build_file_tree, git
from tests.site.test_site import assert_links_resolve, html_pages, parse

SECRET = "Private lead note that no page may show"


@pytest.fixture
def built(kb, cli, tmp_path):
    root = make_growth_kb(kb)
    build_file_tree(root, {"paths/first.yaml": PATH})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "test: path")
    assert cli("--as", "bo", "path", "done", "read-agenda").exit_code == 0
    r = cli(
        "--as",
        "chen",
        "assess",
        "new",
        "--member",
        "ana",
        "--rate",
        "structure=junior",
        "--note",
        f"structure={SECRET}",
        "--final",
    )
    assert r.exit_code == 0, r.stderr
    assert cli("--as", "ana", "assess", "new", "--rate", "structure=senior").exit_code == 0
    out = tmp_path / "site"
    r = cli("site", str(out), "--json")
    assert r.exit_code == 0, r.stderr
    return out


def text_of(path):
    return " ".join(parse(path).text)


def test_member_page_shows_standing_gap_chart_and_goals(built, cli):
    page = built / "members" / "ana.html"
    html = page.read_text()
    assert 'id="growth"' in html and "chart-gap" in html and 'class="expect"' in html
    text = text_of(page)
    assert "working towards Senior CSM" in text and "Structure" in text and "Finishing well" in text
    assert "Ask for the renewal date" in text  # a goal from a review
    data = json.loads(cli("member", "ana", "--json").stdout)
    for c in data["competencies"]:
        assert f"{c['figure']:g}" in text  # the same figures as `cskb member`
    dana = text_of(built / "members" / "dana.html")
    assert "too little evidence" in dana


def test_start_here_lists_the_path_and_progress(built):
    page = built / "start" / "index.html"
    text = text_of(page)
    assert "Start here" in text and "read-agenda" in text and "listen-featured" in text
    assert "1/3" in text  # bo: one of the three steps up to his next level
    html = page.read_text()
    assert 'href="../playbook/agenda.html"' in html
    nav = parse(built / "index.html").links
    assert ("a", "href", "start/index.html") in nav


def test_dashboard_shows_targets(built):
    html = (built / "index.html").read_text()
    assert 'id="targets"' in html and "Review completion" in html and "✗" in html


def test_no_assessment_on_any_page_and_links_resolve(built):
    for page in html_pages(built):
        html = page.read_text()
        assert SECRET not in html, page
    assert assert_links_resolve(built) > 0


def test_a_broken_matrix_leaves_the_site_up(kb, cli, tmp_path):
    build_file_tree(kb, {"competencies.yaml": "levels: [\n"})
    out = tmp_path / "site"
    r = cli("site", str(out))
    assert r.exit_code == 0, r.stderr
    assert "competencies.yaml" in text_of(out / "start" / "index.html")
    assert 'id="growth"' not in (out / "members" / "ana.html").read_text()
