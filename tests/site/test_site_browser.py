"""The built site in headless Chromium, served by a local HTTP server under a project
subpath (as GitHub Pages serves it): screenshots at desktop and phone widths, and searches
typed into the page and loaded from `search/?q=`."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import struct
import threading
import urllib.parse
from pathlib import Path

import pytest

from cskb.kb.demo import make_demo
from cskb.kb.layout import open_kb
from cskb.site.builder import build_site
from tests.cdp import Browser, chromium

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        chromium() is None,
        reason="Debian's chromium is not installed (apt-get install -y chromium; .ci/run does it)",
    ),
]
WIDTHS = {"desktop": (1280, 900, False), "phone": (390, 844, True)}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    day = dt.date(2026, 11, 22)
    root = make_demo(tmp_path_factory.mktemp("kb") / "demo", day, members=25, cycles=6).root
    docroot = tmp_path_factory.mktemp("www")
    result = build_site(open_kb(root), docroot / "team-reviews", day)
    assert result.search.ok, result.search.message
    handler = functools.partial(Quiet, directory=str(docroot))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    browser = Browser(tmp_path_factory.mktemp("profile"))
    try:
        yield (
            f"http://127.0.0.1:{server.server_address[1]}/team-reviews/",
            docroot / "team-reviews",
            browser,
        )
    finally:
        browser.close()
        server.shutdown()


def _png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", data[16:20])[0]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots(served, tmp_path: Path, width: str):
    base, site, browser = served
    w, h, mobile = WIDTHS[width]
    browser.size(w, h, mobile)
    review = next((site / "reviews").rglob("*.html")).relative_to(site).as_posix()
    for name, path in (
        ("dashboard", "index.html"),
        ("review", review),
        ("member", "members/ana.html"),
    ):
        browser.goto(base + path)
        assert browser.eval("document.styleSheets.length") >= 1
        assert (
            browser.eval("getComputedStyle(document.body).backgroundColor") == "rgb(246, 247, 249)"
        )
        # Nothing wider than the screen but the charts' own scrolling boxes.
        overflow = browser.eval("document.documentElement.scrollWidth")
        assert overflow <= w + 1, f"{name} at {w}px is {overflow}px wide"
        data = browser.screenshot(tmp_path / f"{name}-{width}.png")
        assert _png_width(data) == w and len(data) > 20_000, name
    browser.goto(base + "index.html")
    assert browser.eval("document.querySelectorAll('figure.chart svg desc').length") >= 8


QUERIES = ["data strategy", "データ戦略", "กลยุทธ์ข้อมูล", "стратегію даних"]
RESULTS = "document.querySelectorAll('#results li a').length"


@pytest.mark.parametrize("query", QUERIES)
def test_search_from_the_url(served, query: str):
    base, site, browser = served
    browser.size(1280, 900)
    browser.goto(base + "search/index.html?q=" + urllib.parse.quote(query))
    count = browser.wait(f"{RESULTS} > 0 && {RESULTS}", timeout=40)
    assert count > 0
    first = browser.eval("document.querySelector('#results li a').getAttribute('href')")
    assert first.startswith("/team-reviews/reviews/"), first
    assert query.split()[0] in browser.eval("document.getElementById('status').textContent")


@pytest.mark.parametrize("query", ["data strategy", "データ戦略"])
def test_search_typed_into_the_page(served, query: str, tmp_path: Path):
    base, _, browser = served
    browser.size(1280, 900)
    browser.goto(base + "index.html")
    browser.type_text("header input[name=q]", query)  # the search box in every page's header
    # submitted after this evaluation returns, so the navigation never cuts it off
    browser.eval("setTimeout(() => document.querySelector('header form').submit(), 0)")
    browser.wait("location.pathname.endsWith('/search/index.html')", timeout=20)
    browser.wait("document.readyState === 'complete'")
    assert browser.wait(f"{RESULTS} > 0 && {RESULTS}", timeout=40) > 0
    browser.eval("document.getElementById('q').value = ''")
    browser.type_text("#q", query)  # and typed into the search page itself
    assert browser.wait(f"{RESULTS} > 0 && {RESULTS}", timeout=40) > 0
    href = browser.eval("document.querySelector('#results li a').href")
    browser.goto(href)
    assert browser.eval("document.querySelector('h1').textContent").strip()
    browser.screenshot(tmp_path / "result.png", full=False)
