"""Timestamps in a review's evidence (`[12:30]`, `[1:02:45]`) as links to that moment of
the call's recording: YouTube and Google Drive take `t=<seconds>s` in the query, Loom
`t=<seconds>`, Vimeo `#t=<m>m<s>s`, any other URL the W3C media fragment `#t=<seconds>`; a
team adds its own hosts in `cskb.toml` (`[coaching] moment_links`, a template with
`{url}` and `{seconds}`). A URL's own query is kept; its fragment gives way to the moment's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# [mm:ss] or [h:mm:ss], not already a Markdown link's text
TIMESTAMP_RE = re.compile(r"\[(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)\](?!\()")


def seconds_of(m: re.Match[str]) -> int:
    hours, minutes, secs = m.group(1), m.group(2), m.group(3)
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)


def timestamps(text: str) -> Iterator[tuple[int, str, int]]:
    """(offset, the timestamp as written, its seconds) of every timestamp in `text`."""
    for m in TIMESTAMP_RE.finditer(text):
        yield m.start(), m.group(0), seconds_of(m)


def _with_query(url: str, key: str, value: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    query.append((key, value))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _with_fragment(url: str, fragment: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, fragment))


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.").removeprefix("m.")


def moment_url(url: str, seconds: int, patterns: Mapping[str, str] | None = None) -> str:
    """`url` pointing at `seconds` into the recording (see the module docstring)."""
    host = _host(url)
    for known, template in (patterns or {}).items():
        if host == known or host.endswith("." + known):
            return template.replace("{url}", url).replace("{seconds}", str(seconds))
    if host in ("youtube.com", "youtu.be", "music.youtube.com"):
        return _with_query(url, "t", f"{seconds}s")
    if host == "drive.google.com":
        return _with_query(url, "t", f"{seconds}s")
    if host.endswith("loom.com"):
        return _with_query(url, "t", str(seconds))
    if host.endswith("vimeo.com"):
        return _with_fragment(url, f"t={seconds // 60}m{seconds % 60}s")
    return _with_fragment(url, f"t={seconds}")


def link_moments(text: str, url: str, patterns: Mapping[str, str] | None = None) -> str:
    """Markdown `text` with every timestamp turned into a link to that moment of `url`
    (unchanged when `url` is not an http(s) URL)."""
    if not re.match(r"(?i)https?://", url or ""):
        return text
    return TIMESTAMP_RE.sub(
        lambda m: f"[\\[{m.group(0)[1:-1]}\\]](<{moment_url(url, seconds_of(m), patterns)}>)",
        text,
    )
