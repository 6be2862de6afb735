"""Secrets never shown: the one redaction function for Slack webhook URLs and tokens.

A Slack incoming-webhook URL is a password (anyone holding it can post to the channel), and
so is a bot token. Whatever form the configured value takes (no scheme, `ftp:`, a typo, a
path or a query), cskb shows at most its host. `register` is called with every secret the
settings read (the webhook URL, the bot token); `redact` then replaces each of them, the
pieces an error message may quote (the path, the query, a long path segment), and anything
shaped like a Slack webhook path or token even when it was never registered. Every place
that prints or records text uses it: the consoles and JSON of `render/`, the error handler
(tracebacks included), and the posting code's error details.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_SECRETS: dict[str, str] = {}  # a secret or a piece of one -> what is shown instead
MIN_PIECE = 6  # shorter pieces (`/`, `T0`) would redact ordinary words

# Anything shaped like a Slack token, webhook host path or /services/ path, registered or not.
_PATTERNS = (
    (re.compile(r"\bxox[a-z]-[A-Za-z0-9-]{4,}|\bxapp-[A-Za-z0-9-]{4,}"), "xox…(redacted)"),
    (
        re.compile(r"(?i)\b(hooks\.slack(?:-gov)?\.com)[/\\](?!…)[^\s'\"<>)\]]*"),
        r"\1/…(redacted)",
    ),
    (re.compile(r"(?i)/services/[A-Za-z0-9_/%+=-]{4,}"), "/services/…(redacted)"),
)


def _split(url: str) -> tuple[str, str]:
    """(host, the rest) of `url` however it is written: no scheme, `ftp:` without slashes,
    a typo in the scheme; host "" when there is none worth showing."""
    text = url.strip()
    if "//" not in text:
        text = "//" + re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)", "", text)
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        netloc = parts.netloc
    except ValueError:
        return "", url.strip()
    tail = text.split(netloc, 1)[-1] if netloc else text
    if not re.fullmatch(r"[a-z0-9.\-:\[\]]+", host) or not ("." in host or ":" in host):
        host = "localhost" if host == "localhost" else ""
    if not tail.strip("/"):
        host = ""  # the value is a bare name: showing it would show it all
    return host, tail


def host_of(url: str) -> str:
    """The host of `url` however it is written, or `?` when it has none worth showing."""
    return _split(url)[0] or "?"


def register(secret: str | None) -> None:
    """Remember `secret` (and the pieces of it an error might quote) for `redact`."""
    if not secret or not secret.strip():
        return
    value = secret.strip()
    host, tail = _split(value)
    shown = f"{host}/…(redacted)" if host else "…(redacted)"
    pieces = {value, secret, quote(value, safe=""), quote(value, safe="/:"), tail}
    pieces.update(p for p in re.split(r"[/?&=#;:@]", tail) if len(p) >= MIN_PIECE)
    for piece in pieces:
        if len(piece) >= MIN_PIECE and piece != host:
            _SECRETS[piece] = shown if piece in (value, secret) else "…(redacted)"


def forget_all() -> None:
    """Drop every registered secret (a new command in the same process)."""
    _SECRETS.clear()


def redact(text: str) -> str:
    """`text` with every registered secret and anything shaped like a Slack webhook path or
    token replaced; the host of a registered URL is kept."""
    if not text:
        return text
    for piece in sorted(_SECRETS, key=len, reverse=True):
        if piece in text:
            text = text.replace(piece, _SECRETS[piece])
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text
