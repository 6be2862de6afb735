"""The site's own search index: cskb's analyzer run at build time, read by `assets/search.js`.

Every published review is analysed with the same analyzer as `cskb search` (normalised,
accent-folded surface forms, stems in every configured language, British/American and umlaut
spellings, character pairs for Chinese, Japanese, Thai and Korean), so the browser matches
what the CLI matches without a stemmer of its own. Long words are also indexed under the
parts the library itself uses (`kundemøte` under `kunde` and `mote`, compounds.py).

Layout under `search/data/` (all JSON, all written in a fixed order, so a build is
reproducible byte for byte):

- `meta.json`: the format, the number of shards, average document length, per document
  `[page, title, language, length]`, and the common Chinese words segment.py knows;
- `t/<shard>.json`: `{term: [flags, forms, doc, tf, offset, doc, tf, offset, ...]}`. A term's
  shard is a hash of its first three characters, so every prefix of a query word of three or
  more characters lives in the same shard as the word (the browser finds the stem of a word
  the library never uses as the longest indexed stem it starts with). `flags` is 1 when the
  term is a surface form somewhere; `forms` lists the other forms of a surface word (its stems
  and spellings), so a query word the library uses gets exactly the CLI's forms. `tf` counts
  the title twice; `offset` is where the term first occurs in the document's text, or -1;
- `d/<doc>.json`: `{"text": ...}`, the review's own writing on one line, for snippets.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from cskb.search import compounds
from cskb.search.analysis import TOKEN_RE, Analyzer
from cskb.search.documents import Boilerplate, clean_body
from cskb.search.lexicon_zh import WORDS as ZH_WORDS
from cskb.search.segment import unspaced_terms
from cskb.site.langid import detect
from cskb.stats.data import ReviewRecord

FORMAT = 1
FOLDER = "search/data"
TITLE_WEIGHT = 2
POSTINGS_PER_SHARD = 6000
MIN_SHARDS, MAX_SHARDS = 8, 4096
MAX_RUNS = 30  # unspaced runs per review whose pairs get snippet offsets (the rest: -1)


def shard_key(term: str) -> str:
    """The characters a term's shard is chosen by: its first three (after a weak mark)."""
    return term.lstrip("~")[:3]


def shard_of(term: str, shards: int) -> int:
    """FNV-1a (32 bit) over the UTF-16 code units of the key, as search.js computes it."""
    h = 0x811C9DC5
    data = shard_key(term).encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


@dataclass(frozen=True)
class SearchIndex:
    """Whether the site has search, and what was indexed (or why not)."""

    ok: bool
    message: str


@dataclass(frozen=True)
class Entry:
    """One review as the index sees it: its page, title, language, text and term counts."""

    page: str
    title: str
    language: str
    text: str
    terms: dict[str, tuple[int, int]]  # term -> (weighted tf, first offset in text or -1)
    length: int


def _offsets(
    analyzer: Analyzer, text: str, surface: set[str], variants: dict[str, set[str]]
) -> dict[str, int]:
    """Where each form first occurs in `text` (character offsets), one pass over its distinct
    words; records every spaced word's surface form and its other forms on the way."""
    first: dict[str, int] = {}
    seen: set[str] = set()
    runs = 0
    for m in TOKEN_RE.finditer(text):
        raw = m.group()
        if raw in seen:
            continue
        seen.add(raw)
        start = m.start()
        if m.lastgroup == "w":
            forms = analyzer.word_forms(raw)
            surface.add(forms[0])
            if len(forms) > 1:
                variants.setdefault(forms[0], set()).update(forms[1:])
            for form in forms:
                first.setdefault(form, start)
        elif runs < MAX_RUNS:  # character pairs: their offsets only for the first runs
            runs += 1
            for _off, forms, s, _e in unspaced_terms(raw):
                for form in forms:
                    first.setdefault(form, start + s)
    return first


def _words(analyzer: Analyzer, text: str, surface: set[str], variants: dict[str, set[str]]) -> None:
    for raw in TOKEN_RE.findall(text):
        if raw[1]:
            forms = analyzer.word_forms(raw[1])
            surface.add(forms[0])
            if len(forms) > 1:
                variants.setdefault(forms[0], set()).update(forms[1:])


def entry_for(
    analyzer: Analyzer,
    page: str,
    review: ReviewRecord,
    template: Boilerplate | None,
    surface: set[str],
    variants: dict[str, set[str]],
) -> Entry:
    """Analyse one review: its title (twice), its own writing, its customer, tags, products.
    Counts come from `Analyzer.positions` (each distinct word's forms looked up once)."""
    text = " ".join(clean_body(review.body, template).split())
    extra = " ".join([review.customer, *review.tags, *review.products])
    counts: Counter[str] = Counter()
    length = 0
    for part, weight in ((review.title, TITLE_WEIGHT), (text, 1), (extra, 1)):
        found = analyzer.positions(part)
        for form, at in found.items():
            counts[form] += weight * len(at)
        if found:
            length += weight * (1 + max(at[-1] for at in found.values()))
    first = _offsets(analyzer, text, surface, variants)
    _words(analyzer, review.title + " " + extra, surface, variants)
    terms = {t: (n, first.get(t, -1)) for t, n in counts.items()}
    return Entry(page, review.title, detect(review.title + " " + text), text, terms, length)


def _add_compound_parts(analyzer: Analyzer, entries: list[Entry], surface: set[str]) -> list[Entry]:
    """Index long words also under the parts the library uses, and their forms (at the
    word's weight): `leverantörsavtalet` under `leverantor`, `avtalet` and its stem `avtal`."""
    df: Counter[str] = Counter()
    for e in entries:
        df.update(t for t in e.terms if t in surface)
    splits: dict[str, list[str]] = {}
    for word in df:
        if len(word) >= compounds.MIN_COMPOUND and word.isalpha():
            parts = compounds.split(word, lambda t: df.get(t, 0))
            if parts:
                splits[word] = list(dict.fromkeys(f for p in parts for f in analyzer.word_forms(p)))
    out = []
    for e in entries:
        terms = dict(e.terms)
        for word in [t for t in e.terms if t in splits]:
            n, off = e.terms[word]
            for part in splits[word]:
                have = terms.get(part)
                terms[part] = (max(n, have[0]) if have else n, off if have is None else have[1])
        out.append(Entry(e.page, e.title, e.language, e.text, terms, e.length))
    return out


def build_files(
    analyzer: Analyzer, reviews: Iterable[tuple[str, ReviewRecord]], template: Boilerplate | None
) -> dict[str, bytes]:
    """Every file of the index, path (under the site root) -> bytes."""
    surface: set[str] = set()
    variants: dict[str, set[str]] = {}
    entries = [entry_for(analyzer, page, r, template, surface, variants) for page, r in reviews]
    entries = _add_compound_parts(analyzer, entries, surface)
    postings: dict[str, list[int]] = {}
    for doc, e in enumerate(entries):
        for term, (n, off) in e.terms.items():
            postings.setdefault(term, []).extend((doc, n, off))
    total = sum(len(p) for p in postings.values()) // 3
    shards = min(
        MAX_SHARDS, max(MIN_SHARDS, 2 ** math.ceil(math.log2(max(1, total / POSTINGS_PER_SHARD))))
    )
    grouped: dict[int, dict[str, list[object]]] = {}
    for term in sorted(postings):
        forms = sorted(variants.get(term, ())) if term in surface else []
        grouped.setdefault(shard_of(term, shards), {})[term] = [
            1 if term in surface else 0,
            forms,
            *postings[term],
        ]
    avg = sum(e.length for e in entries) / len(entries) if entries else 0.0
    meta = {
        "format": FORMAT,
        "shards": shards,
        "avgdl": round(avg, 3),
        "docs": [[e.page, e.title, e.language, e.length] for e in entries],
        "zh": sorted(ZH_WORDS),
    }
    files = {f"{FOLDER}/meta.json": _json(meta)}
    for shard, table in grouped.items():
        files[f"{FOLDER}/t/{shard}.json"] = _json(table)
    for doc, e in enumerate(entries):
        files[f"{FOLDER}/d/{doc}.json"] = _json({"text": e.text})
    return files


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
