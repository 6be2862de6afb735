"""Which parts of an announcement already reached Slack, so a retry posts only the rest.

A big team's announcement is several messages. When one of them fails, the ones before it
are already in the channel; `cskb announce CYCLE` then resumes after them instead of posting
them twice. What was posted is kept in `.cskb/announce/<cycle>.json`: the number of messages
that went through and a digest of the webhook URL and of the messages (the URL itself, a
secret, is never written). A retry resumes only when both are unchanged: another channel,
or an announcement that changed since (a re-pair, a new roster), is posted whole. The file
is removed once every part is through, so announcing the cycle again later posts it all.

The file is derived data: it is read without following links, with a size limit, and
anything doubtful about it (unreadable, another shape, another digest, a count out of
range) means "nothing was posted" — at worst a part is posted twice, never skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from cskb.adapters import fsio
from cskb.errors import CskbError
from cskb.kb.layout import Kb
from cskb.pairing.announce import Announcement, PostResult, post_blocks

FOLDER = "announce"
MAX_BYTES = 4096
_CYCLE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Delivery:
    result: PostResult  # `posted` counts every part through, earlier attempts' included
    skipped: int  # parts an earlier attempt had posted, not posted again
    total: int


def _digest(url: str, message: Announcement) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(url.encode("utf-8"))
    for m in message.messages:
        h.update(json.dumps([m.text, m.blocks], sort_keys=True).encode("utf-8"))
    return h.hexdigest()


def _path(state_dir: Path, cycle_id: str) -> Path | None:
    return state_dir / FOLDER / f"{cycle_id}.json" if _CYCLE.fullmatch(cycle_id) else None


def already_posted(state_dir: Path, url: str, message: Announcement) -> int:
    """How many of `message`'s parts an earlier, failed attempt posted to `url` (0: none,
    or nothing trustworthy is recorded)."""
    path = _path(state_dir, message.cycle)
    if path is None:
        return 0
    try:
        data = json.loads(fsio.read_bytes(path, MAX_BYTES))
    except (OSError, ValueError):
        return 0
    if not isinstance(data, dict) or data.get("digest") != _digest(url, message):
        return 0
    posted = data.get("posted")
    if type(posted) is not int or not 0 < posted < len(message.messages):
        return 0
    return posted


def _record(kb: Kb, url: str, message: Announcement, posted: int) -> None:
    path = _path(kb.state_dir, message.cycle)
    if path is None or any(p.is_symlink() for p in (kb.state_dir, path.parent)):
        return  # cskb keeps its state only inside the KB
    with contextlib.suppress(OSError, CskbError):  # without it, a retry posts all again
        if posted:
            text = json.dumps({"digest": _digest(url, message), "posted": posted})
            path.parent.mkdir(parents=True, exist_ok=True)
            fsio.atomic_write(path, text, inside=kb.root)
        else:
            path.unlink(missing_ok=True)


def deliver(kb: Kb, url: str, message: Announcement, timeout: int = 15) -> Delivery:
    """Post `message`, resuming after the parts an earlier attempt posted; remember how far
    this attempt got when it fails, forget it when every part is through."""
    skip = already_posted(kb.state_dir, url, message)
    result = post_blocks(url, message.messages, timeout, start=skip)
    _record(kb, url, message, 0 if result.ok else result.posted)
    return Delivery(result, skip, len(message.messages))
