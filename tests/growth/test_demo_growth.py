"""The demo's growth: matrix, levels, a quarter of assessments, a path and targets; its
member page, "Start here" and dashboard targets in headless Chromium at 375 px."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import threading
from collections import Counter
from pathlib import Path

import pytest

from cskb.kb.demo import make_demo
from cskb.kb.layout import open_kb
from cskb.site.builder import build_site
from tests.cdp import Browser, chromium

DAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return make_demo(tmp_path_factory.mktemp("kb") / "demo", DAY, members=25, cycles=6).root


def test_the_demo_ships_growth_files_that_check_clean(demo, cli, monkeypatch):
    monkeypatch.chdir(demo)
    items = json.loads(cli("check", "--json").stdout)
    growth = [
        i
        for i in items
        if i["path"].startswith(("competencies", "assessments", "paths", "progress", "team"))
    ]
    assert growth == []
    levels = Counter(
        json.loads(cli("member", m, "--json").stdout)["level"]
        for m in ("ana", "bjorn", "dana", "emeka", "fatima", "giulia")
    )
    assert len(levels) >= 3  # members on several levels
    ana = json.loads(cli("member", "emeka", "--json").stdout)
    assert len(ana["competencies"]) == 6
    assert any("/" in c["title"] for c in ana["competencies"])  # English / German titles
    view = json.loads(cli("--as", "ana", "assess", "show", "dana", "--json").stdout)
    assert view["period"] == "2026-Q4" and view["shown"]
    path = json.loads(cli("path", "--member", "emeka", "--json").stdout)
    assert path["total"] > 0 and any(s["call"] for s in path["steps"])
    r = cli("stats", "--targets", "--json")
    data = json.loads(r.stdout)
    mets = {p["met"] for t in data["targets"] for p in t["points"]}
    assert mets >= {True, False}  # some cycles meet a target, some miss one
    assert r.exit_code == (1 if data["missed"] else 0)


class Recording(Browser):
    """The browser, keeping every console message, exception and log entry it reports."""

    def __init__(self, profile: Path) -> None:
        self.events: list[dict] = []
        super().__init__(profile)
        self.send("Log.enable")

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise AssertionError(f"{method}: {msg['error']}")
                return dict(msg.get("result", {}))
            if "method" in msg:
                self.events.append(msg)

    def problems(self) -> list[str]:
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                out.append(str(p.get("exceptionDetails", {}).get("text")))
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(str(p.get("args")))
            elif e["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                url = str(p["entry"].get("url", ""))
                if not url.endswith("/favicon.ico"):  # the browser asks for it on its own
                    out.append(f"{p['entry'].get('text')} {url}")
        return out


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.slow
@pytest.mark.skipif(
    chromium() is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
def test_growth_pages_in_chromium_at_375px(demo, tmp_path):
    docroot = tmp_path / "www"
    build_site(open_kb(demo), docroot / "team", DAY)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(docroot))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = Recording(tmp_path / "profile")
    base = f"http://127.0.0.1:{server.server_address[1]}/team/"
    try:
        browser.size(375, 812, True)
        for path, present in (
            ("members/emeka.html", "figure.chart-gap svg rect.gapbar"),
            ("members/emeka.html", "figure.chart-gap svg line.expect"),
            ("start/index.html", "ol.steps li a"),
            ("start/index.html", "progress"),
            ("index.html", "#targets table.targets td.miss"),
            ("index.html", "#targets table.targets td.met"),
        ):
            browser.goto(base + path)
            assert browser.eval(f"document.querySelectorAll({json.dumps(present)}).length") > 0, (
                path,
                present,
            )
            width = browser.eval("document.documentElement.scrollWidth")
            assert width <= 376, f"{path} is {width}px wide at 375px"
            # text a reader without colour relies on: values written out, ✓ and ✗
            body = browser.eval("document.body.innerText")
            assert ("✓" in body and "✗" in body) if path == "index.html" else body.strip()
        assert browser.problems() == []
    finally:
        browser.close()
        server.shutdown()
