"""The site's search in headless Chromium beside `cskb search` on the same multilingual library.

Run: .venv/bin/python benchmarks/bench_site_search.py [--show] [--latency 10000 [--latency-only]] [--runs 5]

Relevance: the library of bench_relevance.py (queries in ten languages, relevant reviews
written inflected, accented or not, spaced or joined, with distractors), built as a site and
served over http; each query is typed into the search page of the English site and the
ranked result links are read back. The same queries go to `cskb search` (in-process) and to
Pagefind over the same pages (its own index, built here for the comparison). Queries that
use field filters (`customer:`, `--tag`) have no counterpart on the site and are left out.
P@10 = relevant in the first 10 / min(10, relevant), as in bench_relevance.py.

--latency N: the site of the demo KB of N reviews (benchmarks/_kbs.py), a set of queries
typed one after another into one search page; per query the time from the query to its
first results on screen (the median of --runs) and the index bytes fetched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_relevance import build_library, metrics, rank  # noqa: E402
from relevance_corpus import QUERIES  # noqa: E402
from tests.cdp import Browser  # noqa: E402

LATENCY_QUERIES = (
    "data strategy",
    "renewal",
    "strategies",
    "データ戦略",
    "kunde møte",
    "стратегію",
)
TODAY = dt.date(2026, 11, 22)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(docroot: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(Quiet, directory=str(docroot))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/site/"


SITE_QUERY = """(async (q) => {
  const input = document.getElementById('q');
  const list = document.getElementById('results');
  const before = performance.getEntriesByType('resource').length;
  const t0 = performance.now();
  input.value = q;
  document.getElementById('search-form').requestSubmit();
  let first = null;
  for (;;) {
    if (first === null && list.querySelector('li')) first = performance.now() - t0;
    if (list.dataset.done === q || document.getElementById('status').textContent.startsWith('No')) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  const fetched = performance.getEntriesByType('resource').slice(before)
    .filter((e) => e.name.includes('/search/data/'))
    .reduce((n, e) => n + (e.encodedBodySize || 0), 0);
  return {ms: first === null ? performance.now() - t0 : first, bytes: fetched,
          pages: [...list.querySelectorAll('li a')].map((a) => a.getAttribute('href'))};
})(%s)"""

PAGEFIND_QUERY = """(async (q) => {
  if (!window.__pf) {
    window.__pf = await import(new URL('../pagefind/pagefind.js', location.href).href);
    await window.__pf.options({basePath: new URL('../pagefind/', location.href).pathname,
                               baseUrl: new URL('../', location.href).pathname});
    await window.__pf.init();
  }
  const found = await window.__pf.search(q);
  const top = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  return top.map((d) => d.url);
})(%s)"""


def to_review(href: str) -> str:
    """/site/reviews/<cycle>/<name>.html -> reviews/<cycle>/<name>.md"""
    rel = href.split("/site/", 1)[-1].split("#")[0]
    return rel.removesuffix(".html") + ".md"


def relevance(show: bool) -> None:
    from _pagefind import build_index

    from cskb.kb.layout import open_kb
    from cskb.site.builder import build_site

    with tempfile.TemporaryDirectory(prefix="cskb-site-search-") as tmp:
        base = Path(tmp)
        kb = base / "kb"
        relevant = build_library(kb)
        site = base / "www" / "site"
        build_site(open_kb(kb), site, TODAY)
        pagefind = build_index(site)
        picked = [(i, q) for i, q in enumerate(QUERIES) if q.text and not q.filters]
        cli = rank(None, kb, [{"text": q.text, "filters": {}} for _, q in picked])
        server, url = serve(base / "www")
        browser = Browser(base / "profile")
        try:
            browser.goto(url + "search/index.html")
            got_site, got_pf = [], []
            for _, q in picked:
                res = browser.eval(SITE_QUERY % json.dumps(q.text))
                got_site.append([to_review(h) for h in res["pages"]])
                pf = browser.eval(PAGEFIND_QUERY % json.dumps(q.text)) if pagefind.ok else []
                got_pf.append([to_review(h) for h in pf or []])
        finally:
            browser.close()
            server.shutdown()
    rows: dict[str, list[tuple[float, float, float]]] = {}
    for k, (i, q) in enumerate(picked):
        p_cli = metrics(cli[k]["paths"], relevant[i])[0]
        p_site = metrics(got_site[k], relevant[i])[0]
        p_pf = metrics(got_pf[k], relevant[i])[0]
        for key in (q.lang, "all"):
            rows.setdefault(key, []).append((p_cli, p_site, p_pf))
        if show:
            print(
                f"{q.lang} {q.category:<12} {q.text:<30} cli {p_cli:.2f} site {p_site:.2f} pagefind {p_pf:.2f}"
            )
    print(f"{len(picked)} queries ({len(QUERIES) - len(picked)} with field filters left out)")
    print(f"{'language':<10} {'n':>3} {'P@10 cli':>9} {'site':>6} {'pagefind':>9} {'found':>6}")
    for key in sorted(rows, key=lambda k: (k == "all", k)):
        vals = rows[key]
        means = [statistics.mean(v[j] for v in vals) for j in range(3)]
        found = sum(1 for v in vals if v[1] > 0)
        print(
            f"{key:<10} {len(vals):>3} {means[0]:>9.2f} {means[1]:>6.2f} {means[2]:>9.2f} {found:>3}/{len(vals)}"
        )


def latency(size: int, runs: int) -> None:
    from _kbs import demo_kb

    from cskb.kb.layout import open_kb
    from cskb.site.builder import build_site

    kb = demo_kb(size)
    with tempfile.TemporaryDirectory(prefix="cskb-site-latency-") as tmp:
        base = Path(tmp)
        wall, cpu = time.perf_counter(), time.process_time()
        result = build_site(open_kb(kb), base / "www" / "site", TODAY)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"cskb site, {result.pages} pages from nothing (record cache warm): "
            f"{wall:.1f} s wall, {cpu:.1f} s CPU, load {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )
        index = base / "www" / "site" / "search" / "data"
        total = sum(p.stat().st_size for p in index.rglob("*.json"))
        meta = (index / "meta.json").stat().st_size
        server, url = serve(base / "www")
        browser = Browser(base / "profile")
        try:
            browser.send("Network.enable")
            browser.send("Network.setCacheDisabled", cacheDisabled=True)
            print(
                f"site of {size} reviews: index {total / 1e6:.1f} MB in all, meta.json {meta / 1e3:.0f} kB"
            )
            print(f"{'query':<16} {'first results ms':>17} {'bytes fetched':>14} {'hits':>5}")
            for q in LATENCY_QUERIES:
                times, fetched, hits = [], 0, 0
                for run in range(runs):
                    browser.goto(url + "search/index.html")  # a fresh page: nothing cached in it
                    browser.eval(SITE_QUERY % json.dumps("warm"))
                    res = browser.eval(SITE_QUERY % json.dumps(q))
                    times.append(res["ms"])
                    if run == 0:
                        fetched, hits = res["bytes"], len(res["pages"])
                print(f"{q:<16} {statistics.median(times):>17.0f} {fetched:>14,} {hits:>5}")
        finally:
            browser.close()
            server.shutdown()
    print(
        f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show", action="store_true", help="print every query's P@10")
    parser.add_argument("--latency", type=int, default=0, help="also time queries at this size")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--latency-only", action="store_true", help="skip the relevance run")
    args = parser.parse_args()
    if not args.latency_only:
        relevance(args.show)
    if args.latency:
        latency(args.latency, args.runs)


if __name__ == "__main__":
    main()
