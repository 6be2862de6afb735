"""The whoosh side of search: the only module importing whoosh.

Whoosh never touches the disk here: an index is opened from bytes that manifest.py has
verified against the signed manifest (whoosh unpickles parts of them), held in a RamStorage,
and written the same way; index.py persists the files a writer produced. Its lock is then a
thread lock, so no whoosh lock file or writer process can outlive a killed cskb.

The analyzer lives in `whoosh_analysis.py` (its whoosh side, imported only from here) and
`analysis.py` (languages, no whoosh); the query rewrite in `query.py` (no whoosh), turned
into whoosh queries by `whoosh_analysis.to_whoosh`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cskb.search import _whoosh_compat  # noqa: F401  (must run before whoosh is imported)

# isort: split
from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.structfile import BufferFile

from cskb.errors import SearchError
from cskb.search.api import Filters
from cskb.search.documents import clean_body
from cskb.search.syntax import ALIASES

TEXT_FIELDS = ("title", "body", "tagtext", "customer", "producttext")
OWN_FILES = ("cskb-",)
# A playbook card's score is multiplied by this: a card ranks above a review that matches
# the query equally well (the team's verified answer first), not above a much better match.
CARD_BOOST = 1.5  # files in a generation that are cskb's, not whoosh's


class EngineError(Exception):
    """Whoosh could not read the index bytes (damaged): rebuild."""


@dataclass(frozen=True)
class RawHit:
    path: str
    score: float
    stored: dict[str, Any]
    snippet: str


# --- analysis (call site: the analyzer) ------------------------------------------------------


Languages = tuple[str, ...]


def analyzer(languages: Languages) -> Any:
    """The text analyzer of every TEXT field: several forms per position (see analysis.py)."""
    from cskb.search.whoosh_analysis import CskbTokenizer

    return CskbTokenizer(tuple(languages))


def signature(languages: Languages) -> str:
    """What an index built with these languages must match (kept in its signed manifest)."""
    from cskb.search.analysis import analyzer as plain_analyzer

    return str(plain_analyzer(tuple(languages)).signature)


def schema(languages: Languages) -> Any:
    from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

    from cskb.search.whoosh_analysis import ValueTokenizer

    text = analyzer(languages)
    values = ValueTokenizer()
    return Schema(
        path=ID(unique=True, stored=True),
        digest=STORED(),
        type=ID(stored=True),  # "review" or "card"
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


# --- the index in memory ----------------------------------------------------------------------


class _View:
    """A read-only file over a memoryview: reads copy only what they return (io.BytesIO over
    a memoryview copies the whole buffer, which whoosh does for every file and sub-file)."""

    def __init__(self, view: memoryview) -> None:
        self.view, self.pos = view, 0

    def read(self, n: int | None = -1) -> bytes:
        end = len(self.view) if n is None or n < 0 else min(self.pos + n, len(self.view))
        out = self.view[self.pos : end].tobytes()
        self.pos = end
        return out

    def readline(self, limit: int = -1) -> bytes:
        end = len(self.view) if limit < 0 else min(self.pos + limit, len(self.view))
        chunk = self.view[self.pos : end].tobytes()
        i = chunk.find(b"\n")
        line = chunk if i < 0 else chunk[: i + 1]
        self.pos += len(line)
        return line

    def seek(self, pos: int, whence: int = 0) -> int:
        base = (0, self.pos, len(self.view))[whence]
        self.pos = max(0, base + pos)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def close(self) -> None:
        pass


class _MemFile(BufferFile):
    """whoosh's BufferFile without its copies: sub-files are views of the same bytes."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        self._buf = memoryview(buf)
        self._name = name
        self.file = _View(self._buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position: int, length: int, name: str | None = None) -> Any:
        return _MemFile(self._buf[position : position + length], name=name or self._name)


class _Memory(RamStorage):
    """Whoosh's RamStorage; a big build spills its posting pool to a private temporary folder
    (mode 0700), removed when the write ends (whoosh itself leaves the folder behind)."""

    def temp_storage(self, name: str | None = None) -> Any:
        import tempfile

        from whoosh.filedb.filestore import FileStorage

        folder = tempfile.mkdtemp(prefix="cskb-index-")
        self.__dict__.setdefault("temp_folders", []).append(folder)
        return FileStorage(folder)

    def open_file(self, name: str, **kwargs: Any) -> Any:
        if name not in self.files:
            raise NameError(name)
        return _MemFile(self.files[name], name=name, **kwargs)

    def drop_temp(self) -> None:
        import shutil

        for folder in self.__dict__.pop("temp_folders", []):
            shutil.rmtree(folder, ignore_errors=True)


def create(languages: Languages) -> Any:
    return _Memory().create_index(schema(languages))


def open_files(files: dict[str, bytes], languages: Languages) -> Any:
    """An index over verified bytes (whoosh's files of one generation)."""
    storage = _Memory()
    storage.files = {n: b for n, b in files.items() if not n.startswith(OWN_FILES)}
    try:
        ix = storage.open_index(schema=schema(languages))
        ix.doc_count_all()
    except Exception as exc:  # whoosh raises many types for damaged bytes: all mean "rebuild"
        raise EngineError(str(exc)) from None
    return ix


def segment(languages: Languages, docs: Iterable[dict[str, Any]]) -> tuple[Any, dict[str, bytes]]:
    """One whoosh segment of `docs`, written by the bulk writer (whoosh_build.py): the
    segment object and its files. A fresh build writes one per worker; `assemble` joins them."""
    from cskb.search.whoosh_build import write_segment

    storage = _Memory()
    try:
        seg = write_segment(storage, schema(languages), "MAIN", docs)
    finally:
        storage.drop_temp()  # whoosh's per-document writer asks for one
    return seg, {n: bytes(b) for n, b in storage.files.items()}


def assemble(languages: Languages, parts: Iterable[tuple[Any, dict[str, bytes]]]) -> Any:
    """An index in memory made of the segments `parts` (from `segment`), in that order."""
    from cskb.search.whoosh_build import assemble as write_toc

    ix = create(languages)
    segments = []
    for seg, files in parts:
        if seg.doc_count_all():
            ix.storage.files.update(files)
            segments.append(seg)
    write_toc(ix.storage, ix.schema, ix.indexname, segments)
    return ix


def files_of(ix: Any) -> dict[str, bytes]:
    return {n: bytes(b) for n, b in ix.storage.files.items()}


def write(ix: Any, add: Iterable[dict[str, Any]], delete: Iterable[str]) -> int:
    """Delete the documents with the paths in `delete`, then add the documents in `add`
    (paths not in the index: a new review needs no lookup, which costs a searcher)."""
    writer = ix.writer(limitmb=64)
    count = 0
    try:
        for path in delete:
            writer.delete_by_term("path", path)
        for f in add:
            writer.add_document(**f)
            count += 1
        writer.commit(mergetype=_merge_when_many)
    except BaseException:
        writer.cancel()
        raise
    finally:
        if isinstance(ix.storage, _Memory):
            ix.storage.drop_temp()
    return count


MAX_SEGMENTS = 8
SMALL_INDEX = 5000  # documents: below this, merging is cheap and every update merges


def _merge_when_many(writer: Any, segments: list[Any]) -> list[Any]:
    """whoosh's merge policy for an update. In an index of up to SMALL_INDEX documents,
    whoosh's MERGE_SMALL on every update, as whoosh does by default (cheap there, and it
    drops deleted documents, which whoosh's statistics count until then). In a bigger one,
    the segments are left alone below MAX_SEGMENTS (a search right after adding a review
    should not pay for merging the last few updates), then MERGE_SMALL, or (when that finds
    no run of small segments) the smaller half is merged. Returns the segments kept."""
    from whoosh.reading import SegmentReader
    from whoosh.writing import MERGE_SMALL

    if len(segments) < MAX_SEGMENTS and sum(s.doc_count_all() for s in segments) > SMALL_INDEX:
        return segments
    kept = list(MERGE_SMALL(writer, segments))
    if len(kept) < len(segments):
        return kept
    smaller = sorted(segments, key=lambda seg: seg.doc_count_all())[: len(segments) // 2]
    for seg in smaller:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if not any(seg is m for m in smaller)]


def stored_digests(ix: Any, paths: Iterable[str]) -> dict[str, str]:
    """The content digest each of `paths` was indexed with (paths not in the index left out)."""
    out = {}
    with ix.searcher() as s:
        for path in paths:
            fields = s.document(path=path)
            if fields is not None:
                out[path] = fields.get("digest", "")
    return out


def card_count(ix: Any) -> int:
    """How many of the index's documents are playbook cards."""
    from whoosh import query as wq

    with ix.searcher() as s:
        return sum(1 for _ in wq.Term("type", "card").docs(s))


def digests(ix: Any) -> dict[str, str]:
    with ix.searcher() as s:
        return {f["path"]: f.get("digest", "") for f in s.all_stored_fields()}


# --- queries (call site: the query language) ----------------------------------------------------


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
    "type",
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


def _rewriter(searcher: Any, languages: Languages) -> Any:
    """The query rewrite (query.py) over this index's terms: forms it lacks are dropped."""
    from cskb.search.analysis import analyzer as plain_analyzer
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

    return Rewriter(plain_analyzer(tuple(languages)), known, expand)


def parse_query(rewriter: Any, text: str) -> Any:
    """The query text as a whoosh query (None: nothing to search for)."""
    from cskb.search.whoosh_analysis import to_whoosh

    _validate(text)
    tree = rewriter.rewrite(text)
    return to_whoosh(tree) if tree is not None else None


def _array_or(q: Any) -> Any:
    """Every OR in the tree uses the pre-loaded array matcher: same scores, faster top-k."""
    from whoosh import query as wq

    if isinstance(q, wq.Or):
        q.matcher_type = wq.Or.ARRAY_MATCHER
    for child in q.children() if hasattr(q, "children") else ():
        _array_or(child)
    return q


def _filters(f: Filters, rewriter: Any) -> Any:
    """The field filters, normalised like the text (query.py)."""
    from cskb.search import query as sq
    from cskb.search.whoosh_analysis import to_whoosh

    exact = {name: getattr(f, name) for name in ("reviewer", "reviewee", "cycle", "status", "type")}
    tree = sq.filters(rewriter, f.tags, exact, f.customer, f.product, f.since, f.until)
    return to_whoosh(tree) if tree is not None else None


@dataclass(frozen=True)
class Outcome:
    hits: list[RawHit]
    total: int
    notices: tuple[str, ...] = ()
    suggestion: str | None = None


def _query(rewriter: Any, text: str) -> Any:
    from whoosh import query as wq

    q = parse_query(rewriter, text) if text.strip() else None
    return _array_or(q) if q is not None else wq.Every()


def _corrected(
    s: Any, rewriter: Any, text: str, filters: Filters, vocab: dict[str, int]
) -> tuple[Any, Any, str | None, str | None]:
    """Zero hits: (query, filter, what to say it shows, None) for a confident correction of
    the words or the customer filter, else (None, None, None, the suggestion)."""
    import dataclasses

    from cskb.search import correct as sq

    fix = sq.correct(text, vocab) if text.strip() else None
    fixed_filters = filters
    if filters.customer:
        fixed_customer = sq.correct(filters.customer, vocab)
        if fixed_customer is not None:
            fixed_filters = dataclasses.replace(filters, customer=fixed_customer.text)
            fix = fix or sq.Correction(text, True)
            fix = sq.Correction(fix.text, fix.confident and fixed_customer.confident)
    if fix is None:
        return None, None, None, None
    if not fix.confident:
        return None, None, None, fix.text
    shown = fix.text
    if fixed_filters.customer != filters.customer:
        shown = f"{shown} --customer {fixed_filters.customer!r}".strip()
    return _query(rewriter, fix.text), _filters(fixed_filters, rewriter), shown, None


def run(
    ix: Any,
    text: str,
    filters: Filters,
    limit: int,
    prose: Any,
    languages: Languages,
    vocab: dict[str, int],
) -> Outcome:
    """The top `limit` hits and how many matched, ranked by BM25F, ties by path; counted in
    the same pass that scores. With no hit, a confident correction is searched at once
    (and said in a notice), else suggested. `prose(path)` gives a hit's text for its snippet."""
    notices: list[str] = []
    suggestion = None
    try:
        with ix.searcher() as s:
            rewriter = _rewriter(s, languages)
            q = _query(rewriter, text)
            flt = _filters(filters, rewriter)
            matched = _matches(s, q, flt)
            if not matched and (text.strip() or filters.customer):
                q2, flt2, shown, suggestion = _corrected(s, rewriter, text, filters, vocab)
                if q2 is not None:
                    retry = _matches(s, q2, flt2)
                    if retry:
                        matched, q = retry, q2
                        notices.append(f"no results for {text!r}; showing results for {shown!r}")
            ranked = _card_boost(s, matched)  # [(score, docnum)] best first
            total = len(ranked)
            if total > limit:  # only the hits down to the limit's score need their paths
                edge = round(ranked[limit - 1][0], 6)
                ranked = [r for r in ranked if round(r[0], 6) >= edge]
            ranked = sorted(
                ranked, key=lambda r: (-round(r[0], 6), s.stored_fields(r[1]).get("path", ""))
            )[:limit]
            hits = []
            for score, docnum in ranked:
                stored = s.stored_fields(docnum)
                hits.append(RawHit(stored["path"], float(score or 0.0), stored, ""))
            snippets = _snippets(q, hits, prose, languages)
    except SearchError:
        raise
    except Exception as exc:
        raise EngineError(str(exc)) from None
    out = [RawHit(h.path, h.score, h.stored, sn) for h, sn in zip(hits, snippets, strict=True)]
    return Outcome(out, total, tuple(notices), suggestion if not out else None)


def _matches(s: Any, q: Any, flt: Any) -> list[tuple[float, int]]:
    """Every match as (score, docnum), best first: the scores whoosh's matchers give, read
    a block of postings at a time (whoosh_scoring.py), kept where the filter allows."""
    from cskb.search import whoosh_scoring

    found = whoosh_scoring.scores(s, q)
    if flt is not None:
        allow = set(s.docs_for_query(flt))
        found = {d: sc for d, sc in found.items() if d in allow}
    return sorted(((sc, d) for d, sc in found.items()), key=lambda r: (-r[0], r[1]))


def _card_boost(s: Any, ranked: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """The scores with every card's multiplied by CARD_BOOST, best first again (cards are
    few: their document numbers come from one term lookup, not from each hit's fields)."""
    from whoosh import query as wq

    cards = set(wq.Term("type", "card").docs(s))
    if not cards:
        return ranked
    boosted = [(sc * CARD_BOOST if d in cards else sc, d) for sc, d in ranked]
    boosted.sort(key=lambda r: -r[0])
    return boosted


def _snippets(q: Any, hits: list[RawHit], prose: Any, languages: Languages) -> list[str]:
    from whoosh import highlight

    from cskb.search.normalise import from_grapheme, joins_previous

    class Marked(highlight.Formatter):
        def format_token(self, text: str, token: Any, replace: bool = False) -> str:
            return f"**{highlight.get_text(text, token, replace)}**"

    terms = {t for t in q.iter_all_terms() if t[0] in ("body", "title")} if q else set()
    words = frozenset(t[1] for t in terms)
    fragmenter = highlight.ContextFragmenter(maxchars=160, surround=50)
    formatter, text_analyzer = Marked(), analyzer(languages)

    def mark(text: str, top: int) -> str:
        return str(highlight.highlight(text, words, text_analyzer, fragmenter, formatter, top=top))

    out = []
    for h in hits:
        text = prose(h.path)
        snippet = ""
        if words and text:
            snippet = mark(text, 2) or mark(h.stored.get("title", ""), 1)
        if not snippet:
            end = 160
            while end < len(text) and joins_previous(text[end]):
                end += 1  # never end between a letter and its marks
            snippet = text[:end]
        parts = (from_grapheme(p.strip()) for p in snippet.split("..."))
        out.append(" … ".join(p for p in parts if p) if snippet else "")
    return out


def prose_of(text: str) -> str:
    """A review file's text as snippet prose: front-matter split off without parsing it."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip() in ("---", "..."):
                lines = lines[i + 1 :]
                break
    body = clean_body("\n".join(lines))
    kept = [ln for ln in body.split("\n") if not ln.lstrip().startswith(("#", ">"))]
    return " ".join(" ".join(kept).split())
