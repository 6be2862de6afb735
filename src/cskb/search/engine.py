"""The whoosh side of search: the only module importing whoosh.

Whoosh never touches the disk here: an index is opened from bytes that manifest.py has
verified against the signed manifest (whoosh unpickles parts of them), held in a RamStorage,
and written the same way; index.py persists the files a writer produced. Its lock is then a
thread lock, so no whoosh lock file or writer process can outlive a killed cskb.

Two call sites belong to the analyzer and the query language: `analyzer()` (the schema's
text analysis) and `parse_query()` (query text into a whoosh query).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cskb.search import _whoosh_compat  # noqa: F401  (must run before whoosh is imported)
from whoosh.analysis import Token, Tokenizer
from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.lang.porter import stem as porter_stem

from cskb.errors import SearchError
from cskb.search.api import Filters
from cskb.search.documents import clean_body, segments

TEXT_FIELDS = ("title", "body", "tagtext", "customer", "producttext")
ALIASES = {"tags": "tag", "products": "product", "who": "reviewee"}
OWN_FILES = ("cskb-",)  # files in a generation that are cskb's, not whoosh's


class EngineError(Exception):
    """Whoosh could not read the index bytes (damaged): rebuild."""


@dataclass(frozen=True)
class RawHit:
    path: str
    score: float
    stored: dict[str, Any]
    snippet: str


# --- analysis (call site: the analyzer) ------------------------------------------------------


class CskbTokenizer(Tokenizer):
    """Words lower-cased and stemmed; Japanese, Chinese, Thai and Korean runs as character
    bigrams. Module level because whoosh pickles the schema (and so this class's name)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        stem = _stem
        for pos, (raw, start, end) in enumerate(segments(value)):
            text = stem(raw.lower())
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


_STEMS: dict[str, str] = {}


def _stem(word: str) -> str:
    out = _STEMS.get(word)
    if out is None:
        out = porter_stem(word) if word.isascii() else word
        if len(_STEMS) < 200_000:
            _STEMS[word] = out
    return out


def analyzer() -> Any:
    """The text analyzer of every TEXT field (lower-casing and stemming in one pass)."""
    return CskbTokenizer()


def schema() -> Any:
    from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

    text = analyzer()
    return Schema(
        path=ID(unique=True, stored=True),
        digest=STORED(),
        title=TEXT(analyzer=text, stored=True, field_boost=2.0, multitoken_query="phrase"),
        body=TEXT(analyzer=text, multitoken_query="phrase"),
        tagtext=TEXT(analyzer=text, field_boost=3.0, multitoken_query="phrase"),
        tag=KEYWORD(commas=True, lowercase=True, stored=True, scorable=True),
        customer=TEXT(analyzer=text, stored=True, multitoken_query="phrase"),
        producttext=TEXT(analyzer=text, multitoken_query="phrase"),
        product=KEYWORD(commas=True, lowercase=True, stored=True),
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


def create() -> Any:
    return _Memory().create_index(schema())


def open_files(files: dict[str, bytes]) -> Any:
    """An index over verified bytes (whoosh's files of one generation)."""
    storage = _Memory()
    storage.files = {n: b for n, b in files.items() if not n.startswith(OWN_FILES)}
    try:
        ix = storage.open_index(schema=schema())
        ix.doc_count_all()
    except Exception as exc:  # whoosh raises many types for damaged bytes: all mean "rebuild"
        raise EngineError(str(exc)) from None
    return ix


def files_of(ix: Any) -> dict[str, bytes]:
    return {n: bytes(b) for n, b in ix.storage.files.items()}


def write(
    ix: Any, add: Iterable[dict[str, Any]], delete: Iterable[str], fresh: bool = False
) -> int:
    """Delete the documents with the paths in `delete`, then add the documents in `add`
    (paths not in the index: a new review needs no lookup, which costs a searcher)."""
    writer = ix.writer(limitmb=256 if fresh else 64)
    count = 0
    try:
        for path in delete:
            writer.delete_by_term("path", path)
        for f in add:
            writer.add_document(**f)
            count += 1
        writer.commit(optimize=False)
    except BaseException:
        writer.cancel()
        raise
    finally:
        if isinstance(ix.storage, _Memory):
            ix.storage.drop_temp()
    return count


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


def parse_query(schema: Any, text: str) -> Any:
    """The query text as a whoosh query (AND between words, over the text fields)."""
    from whoosh import qparser

    _validate(text)
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FieldAliasPlugin({v: [k] for k, v in ALIASES.items()}))
    parser.remove_plugin_class(qparser.BoostPlugin)
    try:
        q = parser.parse(text)
    except Exception as exc:  # whoosh's parser errors have no common base class
        raise SearchError(
            f"could not parse the query {text!r} ({exc}); see `cskb search --help`"
        ) from None
    from whoosh.query import NullQuery

    if (q is NullQuery or isinstance(q, type(NullQuery))) and any(ch.isalnum() for ch in text):
        raise SearchError(
            f"the query {text!r} has nothing to search for; check quotes and field names"
        )
    return q


def _array_or(q: Any) -> Any:
    """Every OR in the tree uses the pre-loaded array matcher: same scores, faster top-k."""
    from whoosh import query as wq

    if isinstance(q, wq.Or):
        q.matcher_type = wq.Or.ARRAY_MATCHER
    for child in q.children() if hasattr(q, "children") else ():
        _array_or(child)
    return q


def _filters(f: Filters, schema: Any) -> Any:
    from whoosh import query

    parts: list[Any] = [query.Term("tag", " ".join(t.split()).lower()) for t in f.tags]
    for name in ("reviewer", "reviewee", "cycle", "status"):
        value = getattr(f, name)
        if value:
            parts.append(query.Term(name, value))
    if f.product:
        parts.append(query.Term("product", " ".join(f.product.split()).lower()))
    if f.customer:
        from whoosh import qparser

        parts.append(
            qparser.QueryParser("customer", schema, group=qparser.AndGroup).parse(f'"{f.customer}"')
        )
    if f.since or f.until:
        parts.append(
            query.TermRange(
                "date",
                f.since.isoformat() if f.since else None,
                f.until.isoformat() if f.until else None,
            )
        )
    return query.And(parts) if parts else None


def run(ix: Any, text: str, filters: Filters, limit: int, prose: Any) -> tuple[list[RawHit], int]:
    """(the top `limit` hits, how many matched), ranked by BM25F, ties by path; counted in
    the same pass that scores. `prose(path)` gives a hit's text for its snippet."""
    from whoosh import query as wq

    q = _array_or(parse_query(ix.schema, text)) if text.strip() else wq.Every()
    flt = _filters(filters, ix.schema)
    try:
        with ix.searcher() as s:
            results = s.search(q, filter=flt, limit=None, optimize=False)
            ranked = results.top_n  # [(score, docnum)] best first
            total = len(ranked)
            if total > limit:
                edge = round(ranked[limit - 1][0], 6)
                head = [r for r in ranked if round(r[0], 6) > edge]
                ties = [r for r in ranked if round(r[0], 6) == edge]
                ties.sort(key=lambda r: s.stored_fields(r[1]).get("path", ""))
                ranked = (head + ties)[:limit]
            else:
                ranked = sorted(
                    ranked, key=lambda r: (-round(r[0], 6), s.stored_fields(r[1])["path"])
                )
            hits = []
            for score, docnum in ranked:
                stored = s.stored_fields(docnum)
                hits.append(RawHit(stored["path"], float(score or 0.0), stored, ""))
            snippets = _snippets(s, q, hits, prose)
    except SearchError:
        raise
    except Exception as exc:
        raise EngineError(str(exc)) from None
    return [
        RawHit(h.path, h.score, h.stored, sn) for h, sn in zip(hits, snippets, strict=True)
    ], total


def _snippets(s: Any, q: Any, hits: list[RawHit], prose: Any) -> list[str]:
    from whoosh import highlight

    class Marked(highlight.Formatter):
        def format_token(self, text: str, token: Any, replace: bool = False) -> str:
            return f"**{highlight.get_text(text, token, replace)}**"

    terms = {t for t in q.iter_all_terms() if t[0] in ("body", "title")} if q else set()
    words = frozenset(t[1] for t in terms)
    fragmenter = highlight.ContextFragmenter(maxchars=160, surround=50)
    formatter, text_analyzer = Marked(), analyzer()

    def mark(text: str, top: int) -> str:
        return str(highlight.highlight(text, words, text_analyzer, fragmenter, formatter, top=top))

    out = []
    for h in hits:
        text = prose(h.path)
        snippet = ""
        if words and text:
            snippet = mark(text, 2) or mark(h.stored.get("title", ""), 1)
        if not snippet:
            snippet = text[:160]
        out.append(" … ".join(p.strip() for p in snippet.split("...")) if snippet else "")
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
