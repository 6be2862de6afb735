"""Reading review files into index fields, in worker processes when a core is free.

An update parses its few files here and whoosh's writer adds them (engine.write). A fresh
build of many files splits them into one part per core: each worker parses its
part and writes it as a whoosh segment with the bulk writer (engine.segment), and the parent
joins the segments (engine.assemble). The parent never imports whoosh for parsing alone.

Workers are started with "spawn" (no inherited file descriptors, so never a lock), ignore
Ctrl-C (the parent alone reports it) and, on Linux, are killed by the kernel when their
parent dies (PR_SET_PDEATHSIG), so a SIGKILLed `cskb index --rebuild` leaves no orphans.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cskb.search.documents import ReviewDoc, read_review

PARALLEL_FROM = 2000  # files; below this, starting a worker costs more than it saves
CHUNK = 250
MAX_PARTS = 4  # a fresh build's segments (and workers): more segments slow every search

Parsed = tuple[str, dict[str, Any] | None, set[str]]  # path, fields (None: unreadable), words
Part = tuple[Any, dict[str, bytes], dict[str, int]]  # a segment, its files, its vocabulary


def to_fields(d: ReviewDoc, digest: str) -> dict[str, Any]:
    """A review or card as the schema's fields (see engine.schema)."""
    return {
        "path": d.path,
        "digest": digest,
        "type": d.type,
        "title": d.title,
        "body": d.body,
        "tagtext": " ; ".join((*d.tags, *d.criteria)),
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


def parse_one(root: Path, rel: str) -> Parsed:
    """One file as index fields and its words (fields None: not a readable review or card)."""
    from cskb.search.suggest import words

    doc, digest = read_review(root, rel)
    return (rel, None, set()) if doc is None else (rel, to_fields(doc, digest), words(doc))


def parse_chunk(root: str, rels: list[str]) -> list[Parsed]:
    return [parse_one(Path(root), rel) for rel in rels]


_done: Any = None  # a worker's shared count of files read (for the parent's progress bar)


def build_part(root: str, rels: list[str], languages: tuple[str, ...]) -> Part:
    """Files `rels` parsed and written as one whoosh segment: the segment, its files and the
    part's suggestion vocabulary (word: documents)."""
    from cskb.search import engine

    vocab: dict[str, int] = {}

    def docs() -> Iterator[dict[str, Any]]:
        for i, rel in enumerate(rels, 1):
            _rel, fields, words = parse_one(Path(root), rel)
            if i % 50 == 0 and _done is not None:
                with _done.get_lock():
                    _done.value += 50
            if fields is not None:
                for w in words:
                    vocab[w] = vocab.get(w, 0) + 1
                yield fields

    seg, files = engine.segment(languages, docs())
    return seg, files, vocab


def _worker_init(done: Any = None) -> None:
    global _done
    _done = done
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):  # not Linux: the pool's own pipes end the worker
        pass


def _spare_cores() -> int:
    cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = 0.0
    return max(0, min(cores - 1, int(cores - load)))


def parse_all(
    root: Path,
    rels: list[str],
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    chunk: int = CHUNK,
) -> Iterator[Parsed]:
    """Every file parsed, in order of `rels` (by `workers` processes; None: a spare core's
    worth for a big job, else none)."""
    chunks = [rels[i : i + chunk] for i in range(0, len(rels), chunk)]
    if workers is None:
        workers = _spare_cores() if len(rels) >= PARALLEL_FROM else 0
    done = 0
    if not workers:
        for part in chunks:
            yield from parse_chunk(str(root), part)
            done += len(part)
            if progress:
                progress(done, len(rels))
        return
    import multiprocessing

    pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_worker_init)
    try:
        results = [pool.apply_async(parse_chunk, (str(root), c)) for c in chunks]
        for res in results:
            batch = res.get()
            yield from batch
            done += len(batch)
            if progress:
                progress(done, len(rels))
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def build_parts(
    root: Path,
    rels: list[str],
    languages: tuple[str, ...],
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> list[Part]:
    """Every file in `rels` in whoosh segments, one per contiguous part, in order (by up to
    one worker process per core for a big build; None: decide by size and cores)."""
    if workers is None:
        cores = os.cpu_count() or 1
        workers = min(cores, MAX_PARTS, -(-len(rels) // PARALLEL_FROM)) if cores > 1 else 1
    if workers <= 1:
        part = build_part(str(root), rels, languages)
        if progress:
            progress(len(rels), len(rels))
        return [part]
    import multiprocessing

    size = -(-len(rels) // workers)
    parts = [rels[i : i + size] for i in range(0, len(rels), size)]
    ctx = multiprocessing.get_context("spawn")
    done = ctx.Value("q", 0)
    pool = ctx.Pool(len(parts), initializer=_worker_init, initargs=(done,))
    try:
        results = [pool.apply_async(build_part, (str(root), p, languages)) for p in parts]
        for res in results:
            while not res.ready():
                res.wait(0.1)
                if progress:
                    progress(min(done.value, len(rels)), len(rels))
        built = [res.get() for res in results]
        pool.close()
    finally:
        pool.terminate()
        pool.join()
    if progress:
        progress(len(rels), len(rels))
    return built
