"""Per-file work spread over forked worker processes, for the commands that parse every
record cold (`check`, `review list`, `tags` and `status` in CI, where no cache is kept).

Parsing YAML front-matter is CPU-bound Python, so a second core halves a cold run of 10,000
files. Workers are forked (the function and everything it closes over are inherited, not
pickled; only the results travel back), one per core and at most four, and only for at
least PARALLEL_MIN items: below that, starting them costs more than it saves. Where fork is
missing (Windows) the work runs in this process, with the same results in the same order.

The parent freezes its heap before forking and the workers run without the cycle
collector: the results hold no cycles, and a collection would walk (and copy, page by page)
the heap they inherited.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_MIN = 1500  # items before a second process pays for its start
MAX_WORKERS = 4

_job: Callable[[Any], Any] | None = None  # what forked workers inherit


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(items: int, minimum: int | None = None, available: int | None = None) -> int:
    """How many forked workers `map_forked` starts for `items` items: 0 (run here) below
    `minimum` (PARALLEL_MIN) or with fewer than two cores, else one per core, at most
    MAX_WORKERS and never more than there are items. The decision depends only on the counts
    and the cores this process may use, never on how busy they are."""
    workers = min(cores() if available is None else available, MAX_WORKERS, items)
    least = PARALLEL_MIN if minimum is None else minimum
    if workers < 2 or items < max(least, 2):
        return 0
    return workers


def _chunk(items: Sequence[Any]) -> list[Any]:
    assert _job is not None
    gc.disable()
    return [_job(item) for item in items]


def map_forked(fn: Callable[[T], R], items: Sequence[T], minimum: int | None = None) -> list[R]:
    """`[fn(i) for i in items]`, computed in forked workers when there are at least
    `minimum` items (PARALLEL_MIN). `fn`'s results must pickle; an exception in a worker is
    raised here, as it would be in-process."""
    global _job
    workers = worker_count(len(items), minimum)
    if workers < 2:
        return [fn(item) for item in items]
    import multiprocessing

    try:
        mp = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform
        return [fn(item) for item in items]
    size = -(-len(items) // workers)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    _job = fn
    gc.freeze()  # what the workers inherit is never collected there (no copy-on-write)
    try:
        with mp.Pool(len(chunks)) as pool:
            parts = pool.map(_chunk, chunks, chunksize=1)
    finally:
        _job = None
        gc.unfreeze()
    return [r for part in parts for r in part]
