"""Retros on the static site: a page per cycle and the trend on the dashboard, with answers in
several scripts, escaped, and checked in headless Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from tests.cdp import Browser, chromium
from tests.round.helpers import START, write_cycle
from tests.round.test_retro import MULTILINGUAL, retro


@pytest.fixture
def retro_site(kb: Path, cli, tmp_path: Path) -> Path:
    write_cycle(kb, [("ana", "bo"), ("chen", "dana")])
    for who, useful, change, tags in MULTILINGUAL:
        worked = "<script>alert(1)</script> pairing" if who == "bo" else "pairing"
        args = ["--useful", useful, "--worked", worked, "--change", change]
        assert retro(cli, who, *args, *(["--tags", tags] if tags else [])).exit_code == 0
    out = tmp_path / "www" / "site"
    r = cli("site", str(out), env={"CSKB_TODAY": "2026-12-01"})
    assert r.exit_code == 0, r.stderr
    return out


def test_retro_pages_and_dashboard(retro_site: Path):
    page = (retro_site / "retro" / f"{START}.html").read_text(encoding="utf-8")
    for _, _, change, _ in MULTILINGUAL:
        assert change in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "useful 5/5" in page and "100%" in page
    index = (retro_site / "retro" / "index.html").read_text(encoding="utf-8")
    assert f'href="../retro/{START}.html"' in index and "3.5" in index
    home = (retro_site / "index.html").read_text(encoding="utf-8")
    assert "How useful the rounds were" in home and 'href="retro/index.html"' in home


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.slow
@pytest.mark.skipif(chromium() is None, reason="Debian's chromium is not installed")
def test_retro_page_in_chromium(retro_site: Path, tmp_path: Path):
    handler = functools.partial(Quiet, directory=str(retro_site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = Browser(tmp_path / "profile")
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/site/"
        browser.size(390, 844, True)
        browser.goto(base + f"retro/{START}.html")
        text = browser.eval("document.body.innerText")
        for _, _, change, _ in MULTILINGUAL:
            assert change in text
        assert browser.eval("document.querySelectorAll('section.retro').length") == 4
        scripts = "[...document.scripts].some(s => s.textContent.includes('alert'))"
        assert browser.eval(scripts) is False
        assert "<script>alert(1)</script> pairing" in text  # shown as text
        assert browser.eval("document.documentElement.scrollWidth") <= 391
        browser.goto(base + "index.html")
        assert browser.eval("document.getElementById('retro-useful-d').textContent").startswith(
            "Mean usefulness"
        )
        browser.goto(base + "retro/index.html")
        link = browser.eval("document.querySelector('table a').getAttribute('href')")
        assert link == f"../retro/{START}.html"
    finally:
        browser.close()
        server.shutdown()


@pytest.mark.slow
@pytest.mark.skipif(chromium() is None, reason="Debian's chromium is not installed")
def test_the_demos_multilingual_retros_in_chromium(tmp_path: Path):
    import datetime as dt

    from cskb.kb.demo import make_demo
    from cskb.kb.layout import open_kb
    from cskb.site.builder import build_site

    day = dt.date(2026, 11, 22)
    root = make_demo(tmp_path / "demo", day, members=16, cycles=4).root
    site = tmp_path / "www" / "site"
    build_site(open_kb(root), site, day)
    pages = sorted((site / "retro").glob("2026-*.html"))
    assert len(pages) == 3  # every closed cycle
    scripts = {"ja": "テンプレート", "uk": "Шаблон", "th": "แม่แบบ", "no": "Malen"}
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert sum(w in text for w in scripts.values()) >= 2, "the demo's retros are multilingual"
    handler = functools.partial(Quiet, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = Browser(tmp_path / "profile")
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/site/"
        browser.size(1280, 900)
        seen = ""
        for page in pages:
            browser.goto(base + f"retro/{page.name}")
            assert browser.eval("document.querySelectorAll('section.retro').length") >= 1
            seen += browser.eval("document.body.innerText")
        assert sum(w in seen for w in scripts.values()) >= 2
        browser.goto(base + "index.html")
        assert "How useful the rounds were" in browser.eval("document.body.innerText")
        assert browser.eval("document.querySelectorAll('#retro-useful-d').length") == 1
    finally:
        browser.close()
        server.shutdown()
