"""The search index's life: brought up to date by every search, updated incrementally, rebuilt
when missing, damaged, foreign or of an older schema.

Readers take no lock: they load the current generation (verified bytes, see manifest.py) and
compare its freshness stamps with a scan of the files. Only a search that finds changes takes
`.cskb/index.lock`, looks again under it (another process may have done the work), and
publishes a new generation. An index is thrown away only when, under the lock, it still fails
verification, so concurrent searches never discard a healthy index. When `.cskb/` cannot be
written (read-only, a file, a symlink) the index lives in memory for this one search.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters import fsio
from cskb.errors import SearchError
from cskb.kb.layout import Kb
from cskb.models import SearchHit
from cskb.search import engine, freshness, statefs, suggest
from cskb.search import manifest as sm
from cskb.search.api import Filters, IndexStats, SearchResult, Verification
from cskb.search.parsing import build_parts, parse_all

LOCK_TIMEOUT = 30.0
Progress = Callable[[int, int], None] | None


@dataclass
class Loaded:
    """An open index and what it was built from."""

    ix: Any
    gen: Path | None  # None: held in memory only
    files: dict[str, bytes]
    table: dict[str, list[Any]]
    snapshot: freshness.Snapshot
    vocab: dict[str, int]


@contextlib.contextmanager
def _lock(kb: Kb) -> Iterator[None]:
    root = statefs.state_dir(kb)
    with statefs.lock(
        root / "index.lock", LOCK_TIMEOUT, "another cskb process updating the search index"
    ):
        yield


def _open(kb: Kb, gen: Path, files: dict[str, bytes], table: dict[str, list[Any]]) -> Loaded:
    snapshot = freshness.decode(files[sm.STAMPS])
    ix = engine.open_files(files, kb.config.search.languages)
    return Loaded(ix, gen, files, table, snapshot, suggest.decode(files.get(sm.VOCAB)))


def load(kb: Kb) -> Loaded | str:
    """The current generation, verified and open; else why not ("missing", "corrupt", ...)."""
    why = "missing"
    for attempt in range(6):
        gen = sm.current(kb)
        if gen is None:
            return "missing"
        try:
            table = sm.read_manifest(kb, gen)
            files = sm.load(kb, gen)
            return _open(kb, gen, files, table)
        except sm.Moved:
            why = "changing"
        except sm.Unverified as exc:
            why = str(exc)
            if sm.current(kb) == gen:
                return why
        except (KeyError, freshness.StampsCorrupt, engine.EngineError):
            why = "damaged"
            if sm.current(kb) == gen:
                return why
        time.sleep(0.005 * (attempt + 1))
    return why


def counted(ix: Any) -> str:
    """ "6 review(s)", or "6 review(s) and 3 card(s)" when the playbook has cards."""
    cards = engine.card_count(ix)
    reviews = f"{ix.doc_count() - cards} review(s)"
    return f"{reviews} and {cards} card(s)" if cards else reviews


def _notice(reason: str, ix: Any) -> tuple[str, ...]:
    if reason == "missing":
        return (f"built the search index from {counted(ix)}",)
    return (f"search index {reason}: rebuilt from {counted(ix)}",) if reason else ()


def _build(kb: Kb, snap: freshness.Snapshot, progress: Progress) -> Loaded:
    languages = kb.config.search.languages
    parts = build_parts(kb.root, list(snap.paths), languages, progress)
    vocab: dict[str, int] = {}
    for _seg, _files, words in parts:
        for w, n in words.items():
            vocab[w] = vocab.get(w, 0) + n
    ix = engine.assemble(languages, ((seg, files) for seg, files, _ in parts))
    return Loaded(ix, None, {}, {}, snap, vocab)


def _update(
    kb: Kb, old: Loaded, snap: freshness.Snapshot, changes: freshness.Changes
) -> IndexStats:
    vocab = dict(old.vocab)
    indexed = engine.stored_digests(old.ix, changes.changed)
    changed = set(changes.changed)
    adds, deletes = [], [*changes.deleted]
    for rel, fields, words in parse_all(kb.root, [*changes.added, *changes.changed]):
        if fields is not None and indexed.get(rel) == fields["digest"]:
            continue  # the bytes it was indexed from (touched, or a racy stamp): keep it
        if rel in changed:
            deletes.append(rel)  # a changed file: delete, then add
        if fields is not None:
            adds.append(fields)
            for w in words:
                vocab[w] = vocab.get(w, 0) + 1
    if adds or deletes:
        engine.write(old.ix, adds, deletes)
    old.vocab, old.snapshot = vocab, snap
    return IndexStats(None, len(changes.added), len(changes.changed), len(changes.deleted))


def _publish(kb: Kb, loaded: Loaded, previous: Loaded | None) -> None:
    """Write `loaded` as the new current generation (unchanged whoosh files hard-linked)."""
    files = engine.files_of(loaded.ix)
    reuse: dict[str, tuple[Path, str]] = {}
    if previous is not None and previous.gen is not None:
        for name in list(files):
            if name in previous.table and files[name] is previous.files.get(name):
                reuse[name] = (previous.gen / name, previous.table[name][1])
                del files[name]
    own = {sm.STAMPS: loaded.snapshot.encode(), sm.VOCAB: suggest.encode(loaded.vocab)}
    gen = sm.publish(kb, {**files, **own}, reuse)
    keep = {gen} | ({previous.gen} if previous is not None and previous.gen else set())
    sm.prune(kb, keep)
    # what this process holds now describes the published generation (a server updates it
    # again later, hard-linking from it)
    loaded.gen, loaded.table = gen, sm.read_manifest(kb, gen)
    loaded.files = {**engine.files_of(loaded.ix), **own}


def fresh(
    kb: Kb,
    progress: Progress = None,
    have: Loaded | None = None,
    snap: freshness.Snapshot | None = None,
) -> tuple[Loaded, IndexStats]:
    """An open, verified index that matches the files. `have` (a server's open index) is
    used instead of loading when it is still the live generation; `snap` (the server's) is
    the files' stamps, else they are scanned."""
    snap = snap if snap is not None else freshness.scan(kb.root)
    try:
        statefs.state_dir(kb)
        live = have is not None and have.gen is not None and sm.current(kb) == have.gen
        current = have if live and have is not None else load(kb)
    except statefs.StateError as exc:
        return _in_memory(kb, snap, progress, exc)
    if isinstance(current, Loaded) and freshness.diff(current.snapshot, snap).empty:
        return current, IndexStats(None)
    seen = current
    try:
        with _lock(kb):
            # again, under the lock: another process may have done the work meanwhile; the
            # generation already verified is reused while it is still the live one
            unchanged = isinstance(seen, Loaded) and sm.current(kb) == seen.gen
            current = seen if unchanged else load(kb)
            if isinstance(current, Loaded):
                changes = freshness.diff(current.snapshot, snap)
                if changes.empty:
                    return current, IndexStats(None)
                previous = Loaded(**current.__dict__)
                stats = _update(kb, current, snap, changes)
                _publish(kb, current, previous)
                return current, stats
            built = _build(kb, snap, progress)
            _publish(kb, built, None)
            return built, IndexStats(
                built.ix.doc_count(),
                built.ix.doc_count(),
                rebuilt=True,
                notices=_notice(current, built.ix),
                cards=engine.card_count(built.ix),
            )
    except statefs.StateError as exc:
        return _in_memory(kb, snap, progress, exc)


def _in_memory(
    kb: Kb, snap: freshness.Snapshot, progress: Progress, why: Exception
) -> tuple[Loaded, IndexStats]:
    """`.cskb/` cannot hold the index: build or update it in memory for this search only."""
    current: Loaded | str
    try:
        current = load(kb)
    except statefs.StateError:
        current = "unreadable"
    note = f"search index kept in memory only: {why}"
    if isinstance(current, Loaded):
        changes = freshness.diff(current.snapshot, snap)
        if not changes.empty:
            _update(kb, current, snap, changes)
        return current, IndexStats(None, notices=(note,))
    built = _build(kb, snap, progress)
    return built, IndexStats(built.ix.doc_count(), rebuilt=True, notices=(note,))


def rebuild(kb: Kb, progress: Progress = None, reason: str = "") -> IndexStats:
    """Build a fresh index from every review and swap it in."""
    with _lock(kb):
        snap = freshness.scan(kb.root)
        built = _build(kb, snap, progress)
        _publish(kb, built, None)
    count = built.ix.doc_count()
    return IndexStats(
        count,
        added=count,
        rebuilt=True,
        notices=_notice(reason, built.ix),
        cards=engine.card_count(built.ix),
    )


def refresh(kb: Kb, progress: Progress = None) -> IndexStats:
    """Bring the index up to date with the files (what every search does first)."""
    return fresh(kb, progress)[1]


def verify(kb: Kb) -> Verification:
    """Compare every indexed document with the files, by content hash."""
    from cskb.search.documents import content_hash, review_doc

    loaded, _ = fresh(kb)
    indexed = engine.digests(loaded.ix)
    files = freshness.scan(kb.root).paths
    report = Verification(len(indexed))
    for rel in files:
        if rel not in indexed:
            if review_doc(kb.root, rel) is not None:
                report.missing.append(rel)
        elif indexed[rel] != content_hash(kb.root / rel):
            report.stale.append(rel)
    present = set(files)
    report.extra = sorted(p for p in indexed if p not in present)
    return report


def _prose(kb: Kb, rel: str) -> str:
    from cskb.adapters.decoding import YamlProblem, decode

    try:
        text, _ = decode(fsio.read_bytes(kb.root / rel))
    except (OSError, YamlProblem):
        return ""
    return engine.prose_of(text)


def search(
    kb: Kb, text: str, filters: Filters, limit: int = 10, progress: Progress = None
) -> SearchResult:
    """Bring the index up to date, then run the query; hits ranked with BM25F, ties by path."""
    loaded, stats = fresh(kb, progress)
    return run(kb, loaded, text, filters, limit, stats.notices)


def run(
    kb: Kb, loaded: Loaded, text: str, filters: Filters, limit: int, notices: tuple[str, ...] = ()
) -> SearchResult:
    try:
        outcome = engine.run(
            loaded.ix,
            text,
            filters,
            limit,
            lambda rel: _prose(kb, rel),
            kb.config.search.languages,
            loaded.vocab,
        )
    except engine.EngineError as exc:
        raise SearchError(
            f"the search index could not be read ({exc}); run `cskb index --rebuild`"
        ) from None
    hits = tuple(
        SearchHit(
            path=h.path,
            score=h.score,
            title=h.stored.get("title", ""),
            reviewer=h.stored.get("reviewer", ""),
            reviewee=h.stored.get("reviewee", ""),
            cycle=h.stored.get("cycle", ""),
            customer=h.stored.get("customer", ""),
            tags=tuple(t for t in (h.stored.get("tag") or "").split(",") if t),
            snippet=h.snippet,
            status=h.stored.get("status", ""),
            products=tuple(t for t in (h.stored.get("product") or "").split(",") if t),
            type=h.stored.get("type") or "review",
        )
        for h in outcome.hits
    )
    return SearchResult(
        hits, outcome.total, outcome.suggestion, (*notices, *_left_out(loaded), *outcome.notices)
    )


def _left_out(loaded: Loaded) -> tuple[str, ...]:
    """A notice when some files under `reviews/` or `playbook/` are not in the index: they
    could not be read (broken front-matter, not UTF-8, empty, not a regular file), so a
    search never silently misses them. A count from what is at hand, not a second read."""
    missing = len(loaded.snapshot.paths) - loaded.ix.doc_count()
    if missing <= 0:
        return ()
    return (
        f"{missing} file(s) could not be read and were left out of this search; "
        "`cskb check` names them and says why",
    )
