"""Tags: normalised (trimmed, lower-case, single spaces, no duplicates) and, with a
vocabulary in cskb.toml, checked against it with the closest known tag suggested."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

from cskb.errors import UsageError


def normalise(tags: Iterable[str]) -> list[str]:
    out: dict[str, None] = {}
    for tag in tags:
        t = " ".join(str(tag).split()).lower()
        if t:
            out[t] = None
    return list(out)


def suggest(tag: str, vocabulary: Iterable[str]) -> str | None:
    """The closest known tag ("data stratgy" -> "data strategy"), if any is close."""
    matches = difflib.get_close_matches(
        " ".join(tag.split()).lower(), list(vocabulary), n=1, cutoff=0.6
    )
    return matches[0] if matches else None


def check_vocabulary(tags: list[str], vocabulary: tuple[str, ...], option: str = "--tags") -> None:
    """Refuse tags outside a configured vocabulary, suggesting the closest one."""
    if not vocabulary:
        return
    for tag in tags:
        if tag not in vocabulary:
            hint = suggest(tag, vocabulary)
            fix = f"did you mean {hint!r}?" if hint else f"known tags: {', '.join(vocabulary)}"
            raise UsageError(f"{option}: {tag!r} is not in the tag vocabulary of cskb.toml; {fix}")


def count(tag_lists: Iterable[Iterable[str]]) -> list[tuple[str, int]]:
    """(tag, how many records carry it), most used first, then alphabetical."""
    c: Counter[str] = Counter()
    for tags in tag_lists:
        c.update(set(normalise(t for t in tags if isinstance(t, str))))
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
