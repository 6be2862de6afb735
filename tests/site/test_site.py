"""`cskb site`: pages, links, escaping and figures, from a demo KB and a hostile one."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from cskb.kb.demo import make_demo
from cskb.kb.layout import open_kb
from cskb.site.builder import build_site
from cskb.site.markdown import render, safe_url
from tests.sitekb import C1, C2, NAMES, make_site_kb

TODAY = dt.date(2026, 11, 22)


class Page(HTMLParser):
    """Every link, every script and every attribute of one HTML page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attr, value)
        self.scripts: list[dict[str, str | None]] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.in_script = False
        self.inline_script = ""

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        for k, v in attrs:
            self.attrs.append((tag, k, v or ""))
            if k in ("href", "src", "action"):
                self.links.append((tag, k, v or ""))
        if tag == "script":
            self.scripts.append(d)
            self.in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.inline_script += data
        else:
            self.text.append(data)


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def assert_links_resolve(site: Path) -> int:
    checked = 0
    for page in html_pages(site):
        for tag, attr, value in parse(page).links:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https", "mailto") or value.startswith("#"):
                continue
            assert not parts.scheme, f"{page}: {tag} {attr}={value!r}"
            assert not value.startswith("/"), f"{page}: absolute link {value!r} breaks on a subpath"
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)}: broken link {value!r}"
            assert target.is_relative_to(site.resolve()), f"{page}: link leaves the site {value!r}"
            checked += 1
    return checked


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = make_demo(tmp_path_factory.mktemp("d") / "demo", TODAY, members=25, cycles=4).root
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(open_kb(root), out, TODAY)
    return root, out


def test_demo_site_pages_and_links(demo_site):
    root, site = demo_site
    complete = [
        p for p in (root / "reviews").rglob("*.md") if "status: complete" in p.read_text("utf-8")
    ]
    drafts = [
        p for p in (root / "reviews").rglob("*.md") if "status: draft" in p.read_text("utf-8")
    ]
    pages = list((site / "reviews").rglob("*.html"))
    assert len(pages) == len(complete) and drafts
    for p in drafts:  # drafts are left out by default
        assert not (site / "reviews" / p.parent.name / f"{p.stem}.html").exists()
    for name in (
        "index.html",
        "library/index.html",
        "members/index.html",
        "search/index.html",
        "tags/index.html",
        "products/index.html",
        "customers/index.html",
        "cycles/index.html",
        "members/ana.html",
        "assets/site.css",
        "assets/search.js",
    ):
        assert (site / name).is_file(), name
    assert assert_links_resolve(site) > 1000
    from tests.helpers import git

    head = git(root, "rev-parse", "HEAD").strip()
    footer = (site / "index.html").read_text("utf-8")
    assert "Built 2026-11-22" in footer and f"<code>{head[:12]}</code>" in footer
    for page in html_pages(site):
        for script in parse(page).scripts:  # no CDN, nothing from elsewhere
            assert script.get("src", "").endswith("assets/search.js")


def test_demo_dashboard_shows_the_figures(demo_site, cli):
    root, site = demo_site
    figures = json.loads(cli("--kb", str(root), "stats", "--json").stdout)
    page = parse(site / "index.html")
    text = " ".join(" ".join(page.text).split())
    assert f"{round(100 * figures['totals']['completion_rate'])}% reviews completed" in text
    assert f"{figures['totals']['complete']} reviews in the library" in text
    for row in figures["participation"]:
        assert row["cycle"] in text
    svgs = (site / "index.html").read_text("utf-8").count("<svg")
    assert svgs >= 8
    assert (site / "index.html").read_text("utf-8").count("<desc") == svgs
    assert text.count("(table)") >= 2


def test_demo_search_index_is_built(demo_site):
    _, site = demo_site
    meta = json.loads((site / "search" / "data" / "meta.json").read_text())
    pages = {p.relative_to(site).as_posix() for p in (site / "reviews").rglob("*.html")}
    assert {d[0] for d in meta["docs"]} == pages


@pytest.fixture
def hostile_site(kb: Path, tmp_path: Path) -> Path:
    make_site_kb(kb)
    out = tmp_path / "out"
    build_site(open_kb(kb), out, TODAY)
    return out


def test_hostile_content_is_escaped(hostile_site: Path):
    site = hostile_site
    for page in html_pages(site):
        html = page.read_text("utf-8")
        parsed = parse(page)
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert "<iframe" not in html and "<svg onload" not in html, page
        for script in parsed.scripts:
            assert set(script) <= {"type", "src", "data-index"}, page
        assert parsed.inline_script == "", page
        for tag, attr, value in parsed.attrs:
            assert not attr.startswith("on"), (page, tag, attr)
            if attr in ("href", "src", "action"):
                assert safe_url(value), (page, value)
    assert_links_resolve(site)
    review = site / "reviews" / C1 / "ana-reviews-bo.html"
    text = " ".join(parse(review).text)
    assert "<script>alert(1)</script> & <b>bold</b>" in text  # shown as text, not run
    assert "<img src=x onerror=alert(2)> Acme & Co" in text
    links = [v for _, _, v in parse(review).links]
    assert "javascript:alert(3)" not in links and "https://example.com/ok" in links
    html = review.read_text("utf-8")
    assert 'href="https://example.com/ok" rel="nofollow noopener"' in html
    assert "recording" not in text  # a javascript: call link is not shown as a link


def test_names_in_every_script_round_trip(hostile_site: Path):
    members = " ".join(parse(hostile_site / "members" / "index.html").text)
    for name in NAMES.values():
        assert name in members, name
    assert "データ戦略の通話" in " ".join(
        parse(hostile_site / "reviews" / C1 / "bo-reviews-ana.html").text
    )
    thai = hostile_site / "reviews" / C2 / "ana-reviews-chen.html"
    assert 'lang="th"' in thai.read_text("utf-8")


def test_odd_file_names_and_unreadable_files(hostile_site: Path):
    odd = [p.name for p in (hostile_site / "reviews" / C2).glob("weird*")]
    assert len(odd) == 1 and re.fullmatch(r"weird-name-1-[0-9a-f]{8}\.html", odd[0])
    assert not (hostile_site / "reviews" / C2 / "broken.html").exists()
    assert "could not be read" in (hostile_site / "index.html").read_text("utf-8")


def test_cli_site_refuses_a_folder_it_did_not_build(kb: Path, cli, tmp_path: Path):
    make_site_kb(kb)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    r = cli("site", str(mine))
    assert r.exit_code == 2 and "not empty" in r.stderr
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    first = cli("site", "--json")
    assert first.exit_code == 0, first.stderr
    result = json.loads(first.stdout)
    assert Path(result["path"]) == (kb / ".cskb" / "site")
    assert result["reviews"] == 6 and "broken.md" in first.stderr
    again = cli("site", "--include-drafts", "--json")  # a previous site is replaced
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["reviews"] == 7
    assert (kb / ".cskb" / "site" / "reviews" / C1 / "chen-reviews-dana.html").is_file()
    assert not list((kb / ".cskb").glob(".site.*"))  # no temporary folder left behind


@pytest.mark.parametrize("binary", ["/nonexistent/pagefind", "/bin/false"])
def test_search_needs_no_pagefind(kb: Path, cli, monkeypatch, binary):
    make_site_kb(kb)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary)
    r = cli("site", "out", "--json")
    assert r.exit_code == 0, r.stderr
    assert "search" not in r.stderr  # only the broken review is named
    assert json.loads(r.stdout)["search"] is True
    assert (kb / "out" / "search" / "data" / "meta.json").is_file()
    assert not (kb / "out" / "pagefind").exists()


def test_markdown_neutralises_links_and_html():
    html = render(
        "# T\n\n[a](javascript:alert(1)) [b](JAVASCRIPT:x) [c](data:text/html,x) [d](vbscript:x)"
        " [e](  javascript:x) [f](https://ok.example) [g](#here) <b>x</b>\n"
    )
    assert 'href="javascript' not in html.lower() and "data:" not in html.split("[c](")[0]
    assert html.count("<a ") == 2 and "&lt;b&gt;" in html and "<h1" not in html
    assert 'rel="nofollow noopener"' in html


def test_site_workflow_example_matches_the_github_schema(tmp_path: Path):
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    checker = str(Path(sys.executable).parent / "check-jsonschema")
    if not Path(checker).exists():
        checker = shutil.which("check-jsonschema") or "check-jsonschema"
    workflow = root / "examples" / "github-actions" / "site.yml"
    args = [checker, "--builtin-schema", "vendor.github-workflows"]
    ok = subprocess.run([*args, str(workflow)], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    text = workflow.read_text(encoding="utf-8")
    assert "cskb site public" in text and "actions/deploy-pages@" in text
    assert "permissions:\n  contents: read\n" in text  # least privilege at the top
    assert "pages: write" in text and "id-token: write" in text
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    bad = subprocess.run([*args, str(broken)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1, "a broken workflow must fail the schema check"


def test_extension_point_adds_a_section(kb: Path, tmp_path: Path, monkeypatch):
    import sys
    import types

    from cskb.site import context

    module = types.ModuleType("cskb_test_extra_pages")

    def extra_pages(ctx):
        yield context.Page(
            "extra/index.html",
            "labels.html",
            {"heading": "Extra <b>", "labels": []},
            "Extra",
            "extra",
        )

    from cskb.site.builder import _load_extensions

    _load_extensions()  # the shipped sections register first, so patching keeps them
    monkeypatch.setitem(sys.modules, "cskb_test_extra_pages", module)
    monkeypatch.setattr(
        context, "EXTENSION_MODULES", [*context.EXTENSION_MODULES, "cskb_test_extra_pages"]
    )
    monkeypatch.setattr(context, "PAGE_BUILDERS", [*context.PAGE_BUILDERS, extra_pages])
    monkeypatch.setattr(
        context, "NAV", [*context.NAV, context.NavEntry("Extra", "extra/index.html", "extra")]
    )
    make_site_kb(kb)
    out = tmp_path / "x"
    build_site(open_kb(kb), out, TODAY)
    page = (out / "extra" / "index.html").read_text("utf-8")
    assert "Extra &lt;b&gt;" in page and 'aria-current="page"' in page
    assert 'href="../extra/index.html"' in (out / "cycles" / "index.html").read_text("utf-8")
    assert_links_resolve(out)


def test_a_new_kb_builds_an_empty_site(kb: Path, cli):
    r = cli("site", "empty", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["reviews"] == 0
    assert "Not paired in any cycle yet" in (kb / "empty" / "members" / "ana.html").read_text(
        "utf-8"
    )
    assert (kb / "empty" / "index.html").is_file()
    assert_links_resolve(kb / "empty")
    s = cli("stats", "--json")
    assert s.exit_code == 0 and json.loads(s.stdout)["totals"]["completion_rate"] is None
