"""Full-text search: the only module importing whoosh.

whoosh costs ~150 ms to import, so the CLI imports this module only inside the `search`
and `index` commands.

The index is derived data in `.cskb/index/`: `current` is a symlink to one generation
folder holding whoosh's files and `cskb-manifest.json`. Whoosh keeps parts of its index
as pickle, so an index is opened only after its manifest proves cskb built it here: the
manifest carries the schema version, this KB's path and an HMAC (keyed by a per-KB secret
in `.cskb/index-secret`, mode 0600) over whoosh's table of contents and file list.
Anything else (missing, corrupt, older schema, foreign) is rebuilt from the Markdown.
A rebuild is written into a new generation folder and swapped in by renaming a symlink,
so a search killed mid-rebuild leaves the old index intact.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cskb.search import _whoosh_compat  # noqa: F401  (must run before whoosh is imported)

# isort: split
from cskb.errors import SearchError
from cskb.kb.layout import Kb
from cskb.models import SearchHit
from cskb.search import manifest as sm
from cskb.search.documents import (
    Changes,
    ReviewDoc,
    Stamp,
    content_hash,
    diff,
    read_review,
    review_doc,
    scan,
)

TEXT_FIELDS = ("title", "body", "tagtext", "customer", "producttext")
ALIASES = {"tags": "tag", "products": "product", "who": "reviewee"}


@dataclass(frozen=True)
class Filters:
    tags: tuple[str, ...] = ()
    reviewer: str | None = None
    reviewee: str | None = None
    customer: str | None = None
    product: str | None = None
    cycle: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    status: str | None = None


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    total: int
    suggestion: str | None
    notices: tuple[str, ...]


@dataclass(frozen=True)
class IndexStats:
    documents: int | None  # known after a rebuild
    added: int = 0
    changed: int = 0
    deleted: int = 0
    rebuilt: bool = False
    notices: tuple[str, ...] = ()


@dataclass
class Verification:
    documents: int
    missing: list[str] = field(default_factory=list)  # files not in the index
    stale: list[str] = field(default_factory=list)  # indexed content differs from the file
    extra: list[str] = field(default_factory=list)  # indexed, but the file is gone

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


# --- whoosh pieces -------------------------------------------------------------------------
# [searchlang] analyzer construction: the analyzer lives in whoosh_analysis.py (whoosh side)
# and analysis.py (languages, no whoosh); an index remembers the languages it was built with.

ANALYZER_FILE = "cskb-analyzer.txt"


def _languages(kb: Kb | None) -> tuple[str, ...]:
    from cskb.search.languages import DEFAULT_LANGUAGES

    return kb.config.search.languages if kb is not None else DEFAULT_LANGUAGES


def _analyzer(kb: Kb | None = None) -> Any:
    from cskb.search.whoosh_analysis import CskbTokenizer

    return CskbTokenizer(_languages(kb))


def _signature(kb: Kb | None) -> str:
    from cskb.search.analysis import analyzer

    return analyzer(_languages(kb)).signature


def _schema(kb: Kb | None = None) -> Any:
    from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

    from cskb.search.whoosh_analysis import ValueTokenizer

    text = _analyzer(kb)
    values = ValueTokenizer()
    return Schema(
        path=ID(unique=True, stored=True),
        digest=STORED(),
        title=TEXT(analyzer=text, stored=True, field_boost=2.0, multitoken_query="phrase"),
        body=TEXT(analyzer=text, multitoken_query="phrase"),
        tagtext=TEXT(analyzer=text, field_boost=3.0, multitoken_query="phrase"),
        tag=KEYWORD(stored=True, scorable=True, analyzer=values),
        customer=TEXT(analyzer=text, stored=True, multitoken_query="phrase"),
        producttext=TEXT(analyzer=text, multitoken_query="phrase"),
        product=KEYWORD(stored=True, analyzer=values),
        reviewer=ID(stored=True),
        reviewee=ID(stored=True),
        cycle=ID(stored=True),
        status=ID(stored=True),
        date=ID(stored=True),
    )


# [/searchlang]


def _fields(d: ReviewDoc, digest: str) -> dict[str, Any]:
    return {
        "path": d.path,
        "digest": digest,
        "title": d.title,
        "body": d.body,
        "tagtext": " ; ".join(d.tags),
        "tag": ",".join(d.tags),
        "customer": d.customer,
        "producttext": " ; ".join(d.products),
        "product": ",".join(d.products),
        "reviewer": d.reviewer,
        "reviewee": d.reviewee,
        "cycle": d.cycle,
        "status": d.status,
        "date": d.date.isoformat() if d.date else "",
    }


# --- opening: only what the manifest vouches for -------------------------------------


def _open(kb: Kb) -> tuple[Any, dict[str, Any], Path] | tuple[None, str, None]:
    from whoosh import index

    gen = sm.current(kb)
    if gen is None:
        return None, "missing", None
    manifest, why = sm.read_manifest(kb, gen)
    if manifest is None:
        return None, why, None
    # [searchlang] an index built with other languages is rebuilt
    try:
        built_with = (gen / ANALYZER_FILE).read_text(encoding="utf-8")
    except OSError:
        built_with = ""
    if built_with != _signature(kb):
        return None, "built for other search languages", None
    # [/searchlang]
    try:
        ix = index.open_dir(str(gen), schema=_schema(kb))
    except Exception:  # whoosh raises many types for damaged files: all mean "rebuild"
        return None, "corrupt", None
    return ix, manifest, gen


# --- building and updating ---------------------------------------------------------------


def _docs(kb: Kb, rels: list[str]) -> Iterator[tuple[str, ReviewDoc | None, str]]:
    for rel in rels:
        doc, digest = read_review(kb.root, rel)
        yield rel, doc, digest


def rebuild(
    kb: Kb, progress: Callable[[int, int], None] | None = None, reason: str = ""
) -> IndexStats:
    """Build a fresh index beside the live one and swap it in."""
    from whoosh import index

    root = sm.index_root(kb)
    root.mkdir(parents=True, exist_ok=True)
    with sm.index_lock(kb):
        files = scan(kb.root)
        gen = root / f"gen-{secrets.token_hex(6)}"
        gen.mkdir()
        ix = index.create_in(str(gen), _schema(kb))
        (gen / ANALYZER_FILE).write_text(_signature(kb), encoding="utf-8")  # [searchlang]
        procs = min(2, os.cpu_count() or 1) if len(files) >= 2000 else 1
        writer = ix.writer(limitmb=128, procs=procs, multisegment=procs > 1)
        rels = sorted(files)
        count = 0
        vocab: dict[str, int] = {}
        try:
            for i, (_rel, doc, digest) in enumerate(_docs(kb, rels), 1):
                if doc is not None:
                    writer.add_document(**_fields(doc, digest))
                    count += 1
                    for w in sm.words(doc):
                        vocab[w] = vocab.get(w, 0) + 1
                if progress and (i % 200 == 0 or i == len(rels)):
                    progress(i, len(rels))
            writer.commit()
        except BaseException:
            writer.cancel()
            shutil.rmtree(gen, ignore_errors=True)
            raise
        ix.close()
        sm.save_vocab(gen, vocab)
        sm.write_manifest(kb, gen, files)
        current = root / "current"
        if current.exists() and not current.is_symlink():  # not ours (e.g. copied in): remove
            shutil.rmtree(current) if current.is_dir() else current.unlink()
        tmp_link = root / f".current-{secrets.token_hex(4)}"
        os.symlink(gen.name, tmp_link)
        os.replace(tmp_link, root / "current")
        for old in root.iterdir():
            if old.is_dir() and old.name.startswith("gen-") and old != gen:
                shutil.rmtree(old, ignore_errors=True)
    if reason == "missing":
        notices: tuple[str, ...] = (f"built the search index from {count} review(s)",)
    else:
        notices = (f"search index {reason}: rebuilt from {count} review(s)",) if reason else ()
    return IndexStats(count, added=count, rebuilt=True, notices=notices)


def _apply(kb: Kb, ix: Any, gen: Path, files: dict[str, Stamp], changes: Changes) -> IndexStats:
    writer = ix.writer(timeout=sm.LOCK_TIMEOUT)
    vocab = sm.load_vocab(gen)
    try:
        for rel in changes.deleted:
            writer.delete_by_term("path", rel)
        for rel, doc, digest in _docs(kb, [*changes.added, *changes.changed]):
            if doc is None:
                writer.delete_by_term("path", rel)
            else:
                writer.update_document(**_fields(doc, digest))
                for w in sm.words(doc):
                    vocab[w] = vocab.get(w, 0) + 1
        writer.commit()
        sm.save_vocab(gen, vocab)
    except BaseException:
        with contextlib.suppress(Exception):
            writer.cancel()
        raise
    sm.write_manifest(kb, gen, files)
    return IndexStats(None, len(changes.added), len(changes.changed), len(changes.deleted))


def _fresh(kb: Kb, progress: Callable[[int, int], None] | None = None) -> tuple[Any, IndexStats]:
    """An open, verified index that matches the files: updated incrementally, or rebuilt
    when it is missing, damaged, foreign or of an older schema."""
    from whoosh.index import LockError

    files = scan(kb.root)
    for _ in range(3):
        ix, manifest, gen = _open(kb)
        if ix is None:
            stats = rebuild(kb, progress, reason=str(manifest))
            ix, _, _ = _open(kb)
            if ix is None:
                raise SearchError("the search index could not be built; run `cskb index --rebuild`")
            return ix, stats
        assert isinstance(manifest, dict) and gen is not None
        changes = diff(manifest.get("files", {}), files)
        if changes.empty:
            return ix, IndexStats(None)
        seen = (gen / sm.MANIFEST).stat()
        try:
            with sm.index_lock(kb):
                now = (gen / sm.MANIFEST).stat() if (gen / sm.MANIFEST).exists() else None
                if (
                    sm.current(kb) != gen
                    or now is None
                    or (now.st_mtime_ns, now.st_size) != (seen.st_mtime_ns, seen.st_size)
                ):
                    ix.close()  # another process updated it meanwhile: look again
                    files = scan(kb.root)
                    continue
                return ix, _apply(kb, ix, gen, files, changes)
        except LockError:
            ix.close()
            raise SearchError(
                "the search index is locked by another process; try again in a moment"
            ) from None
    raise SearchError("the search index could not be opened; run `cskb index --rebuild`")


def refresh(kb: Kb, progress: Callable[[int, int], None] | None = None) -> IndexStats:
    """Bring the index up to date with the files (what every search does first)."""
    ix, stats = _fresh(kb, progress)
    ix.close()
    return stats


def verify(kb: Kb) -> Verification:
    """Compare every indexed document with the files, by content hash."""
    ix, _ = _fresh(kb)
    files = scan(kb.root)
    with ix.searcher() as s:
        indexed = {f["path"]: f.get("digest", "") for f in s.all_stored_fields()}
    ix.close()
    report = Verification(len(indexed))
    for rel in sorted(files):
        if rel not in indexed:
            if review_doc(kb.root, rel) is not None:
                report.missing.append(rel)
        elif indexed[rel] != content_hash(kb.root / rel):
            report.stale.append(rel)
    report.extra = sorted(p for p in indexed if p not in files)
    return report


# --- searching -----------------------------------------------------------------------------


FIELD_RE = re.compile(r"(?:(?<=[\s(])|^)([A-Za-z_]+):(?!//)")
QUERY_FIELDS = (
    "tag",
    "reviewer",
    "reviewee",
    "customer",
    "product",
    "cycle",
    "status",
    "title",
    "body",
    "date",
)


def _validate(text: str) -> None:
    """Whoosh's parser never fails: it quietly drops what it cannot read. Catch the usual
    mistakes first, so the user learns what was wrong instead of getting no results."""
    outside = re.sub(r'"[^"]*"', '"q"', text)
    if text.count('"') % 2:
        raise SearchError(f'unbalanced quote in {text!r}; close the phrase with a second "')
    depth = 0
    for ch in outside:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            break
    if depth:
        raise SearchError(f"unbalanced parentheses in {text!r}")
    for m in FIELD_RE.finditer(outside):
        name = m.group(1).lower()
        if name not in QUERY_FIELDS and name not in ALIASES:
            raise SearchError(
                f"unknown field {m.group(1)!r} in the query; use one of {', '.join(f + ':' for f in QUERY_FIELDS)}"
            )
        rest = outside[m.end() :]
        if not rest or rest[0].isspace() or rest[0] == ")":
            raise SearchError(
                f'{m.group(1)}: needs a value, like {m.group(1)}:renewal or {m.group(1)}:"two words"'
            )


# [searchlang] query building: the rewrite is in query.py (no whoosh), turned into whoosh
# queries by whoosh_analysis.to_whoosh.


def _rewriter(kb: Kb, searcher: Any) -> Any:
    from cskb.search.analysis import analyzer
    from cskb.search.query import Rewriter

    reader = searcher.reader()

    def known(field: str, term: str) -> int:
        return int(reader.doc_frequency(field, term))

    def expand(field: str, prefix: str) -> list[str]:
        out = []
        for term in reader.expand_prefix(field, prefix):
            out.append(term.decode("utf-8") if isinstance(term, bytes) else str(term))
            if len(out) > 1000:
                break
        return out

    return Rewriter(analyzer(_languages(kb)), known, expand)


def _parse(rewriter: Any, text: str) -> Any:
    from cskb.search.whoosh_analysis import to_whoosh

    _validate(text)
    tree = rewriter.rewrite(text)
    return to_whoosh(tree) if tree is not None else None


def _filters(f: Filters, rewriter: Any) -> Any:
    from cskb.search import query as sq
    from cskb.search.whoosh_analysis import to_whoosh

    exact = {name: getattr(f, name) for name in ("reviewer", "reviewee", "cycle", "status")}
    tree = sq.filters(rewriter, f.tags, exact, f.customer, f.product, f.since, f.until)
    return to_whoosh(tree) if tree is not None else None


# [/searchlang]


def _snippet(kb: Kb, hit: Any) -> str:
    from whoosh import highlight

    doc = review_doc(kb.root, hit["path"])
    if doc is None:
        return ""

    class Marked(highlight.Formatter):
        def format_token(self, text: str, token: Any, replace: bool = False) -> str:
            return f"**{highlight.get_text(text, token, replace)}**"

    hit.results.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=50)
    hit.results.formatter = Marked()
    prose = [ln for ln in doc.body.split("\n") if not ln.lstrip().startswith(("#", ">"))]
    text = " ".join(" ".join(prose).split())
    snippet = hit.highlights("body", text=text, top=2) or hit.highlights("title", text=doc.title)
    if not snippet:
        snippet = text[:160]
    return " … ".join(s.strip() for s in snippet.split("...")) if snippet else ""


def search(
    kb: Kb,
    text: str,
    filters: Filters,
    limit: int = 10,
    progress: Callable[[int, int], None] | None = None,
    count: bool = True,
) -> SearchResult:
    """Bring the index up to date, then run the query; hits are ranked with BM25F."""
    ix, stats = _fresh(kb, progress)
    notices = list(stats.notices)
    for attempt in range(3):
        try:
            return _run(kb, ix, text, filters, limit, notices, count)
        except SearchError:
            raise
        except (
            OSError,
            EOFError,
            ValueError,
        ) as exc:  # a concurrent merge removed a segment: retry
            if attempt == 2:
                raise SearchError(
                    f"the search index could not be read ({exc}); run `cskb index --rebuild`"
                ) from None
            ix.close()
            ix, _ = _fresh(kb, progress)
        finally:
            ix.close()
    raise SearchError("the search index could not be read; run `cskb index --rebuild`")


def _run(
    kb: Kb, ix: Any, text: str, filters: Filters, limit: int, notices: list[str], count: bool
) -> SearchResult:
    # [searchlang] rewrite, filters and zero-hit correction (query.py)
    from whoosh import query as wq

    from cskb.search import query as sq

    gen = Path(ix.storage.folder)
    with ix.searcher() as s:
        rewriter = _rewriter(kb, s)
        q = _parse(rewriter, text) if text.strip() else None
        flt = _filters(filters, rewriter)
        results = s.search(q if q is not None else wq.Every(), filter=flt, limit=limit)
        suggestion = None
        if results.scored_length() == 0 and (text.strip() or filters.customer):
            vocab = sm.load_vocab(gen)
            fix = sq.correct(text, vocab) if text.strip() else None
            fixed_filters = filters
            if filters.customer:
                fixed_customer = sq.correct(filters.customer, vocab)
                if fixed_customer is not None:
                    fixed_filters = dataclasses.replace(filters, customer=fixed_customer.text)
                    fix = fix or sq.Correction(text, True)
                    fix = sq.Correction(fix.text, fix.confident and fixed_customer.confident)
            if fix is not None and fix.confident:
                q2 = _parse(rewriter, fix.text) if fix.text.strip() else None
                flt2 = _filters(fixed_filters, rewriter)
                retry = s.search(q2 if q2 is not None else wq.Every(), filter=flt2, limit=limit)
                if retry.scored_length():
                    results = retry
                    shown = fix.text
                    if fixed_filters.customer != filters.customer:
                        shown = f"{shown} --customer {fixed_filters.customer!r}".strip()
                    notices.append(f"no results for {text!r}; showing results for {shown!r}")
            elif fix is not None:
                suggestion = fix.text
        # [/searchlang]
        total = len(results) if count else results.scored_length()
        hits = []
        for hit in results:
            tags = tuple(t for t in (hit.get("tag") or "").split(",") if t)
            products = tuple(t for t in (hit.get("product") or "").split(",") if t)
            hits.append(
                SearchHit(
                    path=hit["path"],
                    score=float(hit.score or 0.0),
                    title=hit.get("title", ""),
                    reviewer=hit.get("reviewer", ""),
                    reviewee=hit.get("reviewee", ""),
                    cycle=hit.get("cycle", ""),
                    customer=hit.get("customer", ""),
                    tags=tags,
                    snippet=_snippet(kb, hit),
                    status=hit.get("status", ""),
                    products=products,
                )
            )
    return SearchResult(tuple(hits), total, suggestion, tuple(notices))
