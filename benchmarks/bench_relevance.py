"""Relevance of `cskb search` over a generated multilingual library, this analyzer beside the
previous one; and, with --cost, what the analyzer costs at scale, side by side.

Run: .venv/bin/python benchmarks/bench_relevance.py [--baseline REF] [--cost 10000] [--runs 3]

The library (relevance_corpus.py) is written here: queries in ten languages, each with the
reviews that answer it (inflected, spelt differently, spaced or joined) and distractors that
share a query word but not the topic, on top of neutral background reviews. Every review is
laid out like one made from the default template, instruction paragraph included.

The previous analyzer is the code at REF (default: the commit before the multilingual
analyzer), exported with `git archive` into a temporary folder and run from there
(PYTHONPATH), on its own copy of the library. Metrics, per language, per category and overall:
P@10 = relevant in the first 10 / min(10, relevant), R@20, nDCG@10 (binary gains).

--cost N: the demo KB of N reviews (benchmarks/_kbs.py), a full index build with each
analyzer (`python -m cskb index --rebuild`, alternating, medians of --runs) and the median
in-process CPU time of a set of queries (after one warm-up; CPU time, so that other work on
a shared machine does not count), each analyzer in its own process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from relevance_corpus import FILLER, QUERIES  # noqa: E402

CUSTOMERS = {
    "en": ["Northwind Ltd", "Harbor Logistics", "Bluepeak Media"],
    "de": ["Rheinwerk GmbH", "Alpenstahl AG"],
    "no": ["Fjellkraft AS", "Nordlys Shipping"],
    "sv": ["Skogsbolaget AB"],
    "es": ["Banco Andino", "Grupo Solaz"],
    "uk": ["Дніпро Тех", "Карпати Груп"],
    "ja": ["東都商事", "みなと物流"],
    "zh": ["华星科技", "东方物流"],
    "th": ["สยามโลจิสติกส์", "กรุงเทพการค้า"],
    "fr": ["Lumière SA"],
}
BACKGROUND_PER_LANGUAGE = 12
# Each query gets this many relevant reviews and distractors (its sentences reused with other
# filler), so that a distractor ranked high really takes a relevant review's place in the top 10.
ROUNDS = 3  # --cost: old and new query timings alternate this many times
RELEVANT_PER_QUERY = 12
DISTRACTORS_PER_QUERY = 8
COST_QUERIES = (
    "data strategy",
    "renewal",
    "agenda customer",
    '"next steps"',
    "strat*",
    "pricing NOT renewal",
    "customer:acme",
    "datastrategi",
    "データ戦略",
)


# --- the library ------------------------------------------------------------------------


def _body(
    title: str,
    reviewer: str,
    reviewee: str,
    customer: str,
    text: str,
    rng: random.Random,
    lang: str,
) -> str:
    from cskb.config import parse_config_defaults
    from cskb.reviews.scaffold import criteria_markdown

    template = (REPO / "src/cskb/resources/review.md").read_text(encoding="utf-8")
    body = template.split("\n---\n", 1)[1]
    values = {
        "title": title,
        "reviewer": reviewer,
        "reviewee": reviewee,
        "customer": customer,
        "call_url": "https://rec.example.com/x",
        "call_date": "2026-10-12",
        "criteria": criteria_markdown(parse_config_defaults()),
    }
    for key, value in values.items():
        body = body.replace("{{" + key + "}}", value)
    filler = FILLER.get(lang, FILLER["en"])
    lines = []
    first = True
    for line in body.split("\n"):
        if line.startswith("_Replace this line"):
            if first:
                lines.append(f"{text} {rng.choice(filler)}")
                first = False
            else:
                lines.append(" ".join(rng.sample(filler, 2)))
        else:
            lines.append(line)
    return "\n".join(lines)


def build_library(root: Path) -> dict[int, set[str]]:
    """Write the library into a new KB at `root`; {query index: relevant review paths}."""
    from cskb.adapters.store import dump_document
    from cskb.kb.initkb import init_kb

    init_kb(root, commit=False, own_repo=True)
    rng = random.Random(11)
    relevant: dict[int, set[str]] = {}
    n = 0

    def write(
        lang: str, text: str, customer: str | None = None, tags: tuple[str, ...] = ("review",)
    ) -> str:
        nonlocal n
        n += 1
        cust = customer or rng.choice(CUSTOMERS.get(lang, CUSTOMERS["en"]))
        reviewer, reviewee = f"m{n % 17}", f"m{(n + 5) % 17}x"
        title = f"Call {n}"
        meta = {
            "title": title,
            "cycle": dt.date(2026, 10, 12),
            "reviewer": reviewer,
            "reviewee": reviewee,
            "call": {
                "url": "https://rec.example.com/x",
                "customer": cust,
                "date": dt.date(2026, 10, 12),
            },
            "tags": list(tags),
            "products": ["platform"],
            "scores": {"agenda": 3, "control": 3, "next_steps": 3},
            "status": "complete",
        }
        rel = f"reviews/2026-10-12/r{n:04d}.md"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        body = _body(title, reviewer, reviewee, cust, text, rng, lang)
        path.write_text(dump_document(meta, body), encoding="utf-8")
        return rel

    for i, q in enumerate(QUERIES):
        rc, rt = q.rel_meta or (None, ("review",))
        dc, dt_ = q.dis_meta or (None, ("review",))
        relevant[i] = {
            write(q.lang, q.relevant[k % len(q.relevant)], rc, rt)
            for k in range(RELEVANT_PER_QUERY)
        }
        for k in range(DISTRACTORS_PER_QUERY if q.distractors else 0):
            write(q.lang, q.distractors[k % len(q.distractors)], dc, dt_)
    for lang, lines in FILLER.items():
        for _ in range(BACKGROUND_PER_LANGUAGE):
            write(lang, " ".join(rng.sample(lines, 2)))
    return relevant


def export_baseline(ref: str, dest: Path) -> Path:
    """The source tree at `ref`, extracted into `dest`; returns its `src` folder."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", ref, "src"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest / "src"


def default_baseline() -> str:
    first = subprocess.run(
        [
            "git",
            "-C",
            str(REPO),
            "log",
            "--diff-filter=A",
            "--format=%H",
            "--",
            "src/cskb/search/analysis.py",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return f"{first[-1]}^" if first else "HEAD"


def copy_for_baseline(src: Path, dest: Path) -> None:
    """The library for the old code: its config has no [search] table (unknown to it)."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".cskb"))
    cfg = dest / "cskb.toml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.split("\n[search]")[0] + "\n", encoding="utf-8")


# --- running queries in a process that imports one version of cskb -----------------------------


def _rank(kb_dir: str, queries_file: str) -> None:
    """(child process) run every query; print rankings and timings as JSON."""
    from cskb.kb.layout import open_kb
    from cskb.search.api import Filters
    from cskb.search.index import refresh, search

    kb = open_kb(Path(kb_dir))
    refresh(kb)
    queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    out = []
    for q in queries:
        f = q.get("filters", {})
        filters = Filters(tags=tuple([f["tag"]]) if "tag" in f else (), customer=f.get("customer"))
        limit = int(q.get("limit", 20))
        search(kb, q["text"], filters, limit=limit)  # warm-up
        times = []
        for _ in range(int(q.get("repeat", 1))):
            t = time.process_time()  # CPU time: fair between runs on a shared, busy machine
            result = search(kb, q["text"], filters, limit=limit)
            times.append(time.process_time() - t)
        out.append({"paths": [h.path for h in result.hits], "times": times})
    print(json.dumps(out))


def rank(src: Path | None, kb: Path, queries: list[dict[str, object]]) -> list[dict[str, object]]:
    env = dict(os.environ, CSKB_TODAY="2026-11-22", NO_COLOR="1")
    if src is not None:
        env["PYTHONPATH"] = str(src)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(queries, fh)
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--rank", str(kb), fh.name],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(fh.name)
    if proc.returncode:
        raise SystemExit(f"ranking failed ({src or 'current'}):\n{proc.stderr}")
    return json.loads(proc.stdout)


# --- metrics ------------------------------------------------------------------------------


def metrics(ranked: list[str], relevant: set[str]) -> tuple[float, float, float]:
    top10 = ranked[:10]
    hits10 = sum(1 for p in top10 if p in relevant)
    p10 = hits10 / min(10, len(relevant))
    r20 = sum(1 for p in ranked[:20] if p in relevant) / len(relevant)
    dcg = sum(1 / math.log2(i + 2) for i, p in enumerate(top10) if p in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return p10, r20, dcg / ideal


def _table(
    title: str, rows: dict[str, list[tuple[tuple[float, float, float], tuple[float, float, float]]]]
) -> None:
    print(
        f"\n{title:<14} {'n':>3}   {'P@10 old':>8} {'new':>6}   {'R@20 old':>8} {'new':>6}   {'nDCG old':>8} {'new':>6}"
    )
    for key in sorted(rows):
        pairs = rows[key]
        old = [statistics.mean(m[0][k] for m in pairs) for k in range(3)]
        new = [statistics.mean(m[1][k] for m in pairs) for k in range(3)]
        print(
            f"{key:<14} {len(pairs):>3}   {old[0]:>8.2f} {new[0]:>6.2f}   {old[1]:>8.2f} {new[1]:>6.2f}"
            f"   {old[2]:>8.2f} {new[2]:>6.2f}"
        )


def relevance(baseline: str, show: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="cskb-relevance-") as tmp:
        base = Path(tmp)
        kb_new = base / "kb-new"
        relevant = build_library(kb_new)
        kb_old = base / "kb-old"
        copy_for_baseline(kb_new, kb_old)
        old_src = export_baseline(baseline, base / "old")
        queries = [{"text": q.text, "filters": q.filters} for q in QUERIES]
        got_old = rank(old_src, kb_old, queries)
        got_new = rank(None, kb_new, queries)
    by_lang: dict[str, list] = {}
    by_cat: dict[str, list] = {}
    overall: dict[str, list] = {"all": []}
    for i, q in enumerate(QUERIES):
        m_old = metrics(got_old[i]["paths"], relevant[i])
        m_new = metrics(got_new[i]["paths"], relevant[i])
        pair = (m_old, m_new)
        by_lang.setdefault(q.lang, []).append(pair)
        by_cat.setdefault(q.category, []).append(pair)
        overall["all"].append(pair)
        if show:
            print(
                f"{q.lang} {q.category:<12} {q.text or q.filters!s:<28} P@10 old {m_old[0]:.2f} new {m_new[0]:.2f}"
            )
            if m_new[0] < 1:
                print(
                    "   new top 10:",
                    " ".join("+" if p in relevant[i] else "-" for p in got_new[i]["paths"][:10]),
                )
    print(f"{len(QUERIES)} queries, {len(by_lang)} languages; previous analyzer = {baseline}")
    _table("language", by_lang)
    _table("category", by_cat)
    _table("overall", overall)


# --- cost at scale --------------------------------------------------------------------------


def cost(size: int, baseline: str, runs: int) -> None:
    from _kbs import demo_kb

    kb_new = demo_kb(size)
    kb_old = kb_new.with_name(kb_new.name + "-baseline")  # kept beside it, like the demo KB
    count = sum(1 for _ in (kb_old / "reviews").rglob("*.md")) if kb_old.exists() else -1
    if count != size:
        shutil.rmtree(kb_old, ignore_errors=True)
        copy_for_baseline(kb_new, kb_old)
    with tempfile.TemporaryDirectory(prefix="cskb-cost-") as tmp:
        old_src = export_baseline(baseline, Path(tmp) / "old")
        builds: dict[str, list[float]] = {"old": [], "new": []}
        if runs == 0:  # queries only: build each index once, untimed
            for kb, src in ((kb_old, old_src), (kb_new, None)):
                env = dict(os.environ, CSKB_TODAY="2026-11-22", NO_COLOR="1")
                if src is not None:
                    env["PYTHONPATH"] = str(src)
                subprocess.run(
                    [sys.executable, "-m", "cskb", "index"],
                    cwd=kb,
                    env=env,
                    capture_output=True,
                    check=True,
                )
        for _ in range(runs):
            for name, kb, src in (("old", kb_old, old_src), ("new", kb_new, None)):
                env = dict(os.environ, CSKB_TODAY="2026-11-22", NO_COLOR="1")
                if src is not None:
                    env["PYTHONPATH"] = str(src)
                t = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "cskb", "index", "--rebuild"],
                    cwd=kb,
                    env=env,
                    capture_output=True,
                    check=True,
                )
                builds[name].append(time.perf_counter() - t)
        # as `cskb search` runs them: the first 10 hits, each with its snippet; old and new
        # alternate in rounds so that a change in the machine's load hits both alike
        queries = [{"text": q, "repeat": 3, "limit": 10} for q in COST_QUERIES]
        samples: dict[str, list[list[float]]] = {
            "old": [[] for _ in COST_QUERIES],
            "new": [[] for _ in COST_QUERIES],
        }
        for _ in range(ROUNDS):
            for name, kb, src in (("old", kb_old, old_src), ("new", kb_new, None)):
                for i, r in enumerate(rank(src, kb, queries)):
                    samples[name][i].extend(r["times"])
        q_old = [{"ms": statistics.median(t) * 1000} for t in samples["old"]]
        q_new = [{"ms": statistics.median(t) * 1000} for t in samples["new"]]
    with open("/proc/loadavg", encoding="ascii") as fh:
        load = fh.read().split()[:3]
    print(
        f"\ncost at {size} reviews (load {' '.join(load)}; medians of {runs} build(s), 9 runs per query in 3 alternating rounds)"
    )
    if runs:
        b_old, b_new = statistics.median(builds["old"]), statistics.median(builds["new"])
        print(f"full build: old {b_old:.1f} s, new {b_new:.1f} s, ratio {b_new / b_old:.2f}")
    print(f"{'query (CPU)':<24} {'old ms':>8} {'new ms':>8} {'extra':>8}")
    for q, o, n in zip(COST_QUERIES, q_old, q_new, strict=True):
        print(f"{q:<24} {o['ms']:>8.1f} {n['ms']:>8.1f} {n['ms'] - o['ms']:>+8.1f}")
    mo = statistics.median(o["ms"] for o in q_old)
    mn = statistics.median(n["ms"] for n in q_new)
    print(f"{'median':<24} {mo:>8.1f} {mn:>8.1f} {mn - mo:>+8.1f}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--rank":
        _rank(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", default=None, help="git ref of the previous analyzer")
    parser.add_argument(
        "--cost", type=int, default=0, help="also measure cost at this many reviews"
    )
    parser.add_argument("--runs", type=int, default=1, help="timed builds per analyzer (0: none)")
    parser.add_argument("--show", action="store_true", help="print every query's P@10")
    args = parser.parse_args()
    baseline = args.baseline or default_baseline()
    relevance(baseline, args.show)
    if args.cost:
        cost(args.cost, baseline, args.runs)


if __name__ == "__main__":
    main()
