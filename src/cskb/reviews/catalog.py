"""Review summaries and call records read through the parsed-record cache.

What `review list`, `tags` and `status` need of a review (who, when, status, title, tags,
score) and of a call is computed once per file and then served from `.cskb/cache/` while the
file (and, for reviews, `cskb.toml`, which holds the rubric behind the score) is unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from cskb.adapters.cache import RecordCache, files_digest
from cskb.config import CONFIG_FILE
from cskb.errors import DataError
from cskb.kb.layout import Kb
from cskb.models import Call
from cskb.reviews.records import ReviewSummary, load, summarise


def reviews_cache(kb: Kb, enabled: bool = True) -> RecordCache:
    """Review summaries: they depend on the file and on `cskb.toml` (the rubric)."""
    return RecordCache.open(
        kb.state_dir, "reviews", "reviews/1:" + files_digest([kb.root / CONFIG_FILE]), enabled
    )


def calls_cache(kb: Kb, enabled: bool = True) -> RecordCache:
    """Call records: they depend on their file alone."""
    return RecordCache.open(kb.state_dir, "calls", "calls/1", enabled)


def _strs(v: Any) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise TypeError("expected a list of strings")
    return tuple(v)


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError("expected a string")
    return v


Summary = tuple[ReviewSummary | None]  # (None,) when the file could not be read


def _encode_summary(value: Summary) -> Any:
    s = value[0]
    if s is None:
        return None
    return [
        s.path,
        s.cycle,
        s.reviewer,
        s.reviewee,
        s.status,
        s.title,
        s.customer,
        list(s.tags),
        s.score,
        s.id,
    ]


def _decode_summary(v: Any) -> Summary:
    if v is None:
        return (None,)
    path, cycle, reviewer, reviewee, status, title, customer, tags, score, ident = v
    if score is not None and type(score) not in (int, float):
        raise TypeError("bad score")
    return (
        ReviewSummary(
            _str(path),
            _str(cycle),
            _str(reviewer),
            _str(reviewee),
            _str(status),
            _str(title),
            _str(customer),
            _strs(tags),
            None if score is None else float(score),
            _str(ident),
        ),
    )


def rel(kb: Kb, path: Path) -> str:
    """`kb.rel(path)` without pathlib's cost in the common case (a path under the root)."""
    text, root = str(path), str(kb.root)
    if text.startswith(root) and text[len(root) : len(root) + 1] == "/":
        return text[len(root) + 1 :]
    return kb.rel(path)


def summary_of(kb: Kb, path: Path, cache: RecordCache) -> ReviewSummary | None:
    """The review's summary, or None when the file cannot be read as a review."""
    return cache.through(
        path, rel(kb, path), partial(_summary, kb, path), _encode_summary, _decode_summary
    )[0]


def _summary(kb: Kb, path: Path) -> Summary:
    try:
        return (summarise(kb, load(path)),)
    except DataError:
        return (None,)


def summaries(
    kb: Kb, paths: Iterable[Path], use_cache: bool = True, prune: bool = False
) -> list[tuple[Path, ReviewSummary | None]]:
    """Each review in `paths` with its summary (None: unreadable), saving the cache after.
    The ones the cache cannot serve are parsed in forked workers when there are many
    (workers.py): in CI, or on a first run, that is every review."""
    from cskb.workers import map_forked

    files = [(p, rel(kb, p)) for p in paths]
    cache = reviews_cache(kb, use_cache)
    found = cache.through_all(
        files,
        partial(_summary, kb),
        _encode_summary,
        lambda _path: _decode_summary,
        run=map_forked,
    )
    cache.save(prune=prune)
    return [(p, value[0]) for (p, _), value in zip(files, found, strict=True)]


def _encode_call(c: Call) -> Any:
    return [
        c.cycle,
        c.member,
        c.url,
        c.customer,
        c.date.isoformat() if c.date else None,
        list(c.tags),
        list(c.products),
        c.note,
    ]


def _decode_call(path: Path) -> Callable[[Any], Call]:
    def decode(v: Any) -> Call:
        cycle, member, url, customer, date, tags, products, note = v
        return Call(
            _str(cycle),
            _str(member),
            _str(url),
            _str(customer),
            None if date is None else dt.date.fromisoformat(_str(date)),
            _strs(tags),
            _strs(products),
            _str(note),
            path,
        )

    return decode


def calls(kb: Kb, paths: Iterable[Path], use_cache: bool = True, prune: bool = False) -> list[Call]:
    """The calls in `paths` (the first file in order that does not load raises its
    DataError, uncached). The ones the cache cannot serve load in forked workers when there
    are many (workers.py)."""
    from cskb.workers import map_forked

    cache = calls_cache(kb, use_cache)
    loaded = cache.through_all(
        [(p, rel(kb, p)) for p in paths],
        _attempt_call,
        _encode_attempt,
        _decode_attempt,
        run=map_forked,
        keep=lambda attempt: attempt[1] is None,
    )
    out = []
    for call, error in loaded:
        if error is not None:
            raise error
        assert call is not None
        out.append(call)
    cache.save(prune=prune)
    return out


Attempt = tuple[Call | None, DataError | None]  # a call, or why its file did not load


def _attempt_call(path: Path) -> Attempt:
    from cskb.reviews.calls import load_call

    try:
        return load_call(path), None
    except DataError as exc:
        return None, exc


def _encode_attempt(attempt: Attempt) -> Any:
    assert attempt[0] is not None  # failed attempts are never kept
    return _encode_call(attempt[0])


def _decode_attempt(path: Path) -> Callable[[Any], Attempt]:
    decode = _decode_call(path)
    return lambda v: (decode(v), None)
