"""Review bodies to HTML: the only module importing markdown-it-py.

Review text is untrusted. Raw HTML is off (it is shown as text), images are off (a page
must not fetch anything from elsewhere), and a link keeps its target only when it is
http(s), mailto or relative (a `#fragment` or a path without a scheme); anything else,
`javascript:` and `data:` above all, is dropped. Outside links get rel="nofollow noopener".
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from cskb.reviews.sections import COMMENT_RE

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def safe_url(url: str) -> bool:
    """True for http(s) and mailto URLs and for relative ones (no scheme at all)."""
    cleaned = _CONTROL.sub("", url)
    if cleaned.startswith("//") or cleaned.startswith("\\"):
        return False
    m = _SCHEME.match(cleaned)
    return m is None or m.group(1).lower() in _SAFE_SCHEMES


def is_http_url(url: str) -> bool:
    """True only for absolute http(s) URLs: what a call link may be."""
    m = _SCHEME.match(url.strip())
    return m is not None and m.group(1).lower() in ("http", "https") and "//" in url[:10]


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.enable("table")
    md.enable("strikethrough")
    md.validateLink = lambda url: safe_url(url)  # type: ignore[method-assign]

    def link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        href = str(token.attrGet("href") or "")
        if _SCHEME.match(href):
            token.attrSet("rel", "nofollow noopener")
        return str(self.renderToken(tokens, idx, options, env))

    md.add_render_rule("link_open", link_open)
    return md


def render(body: str, drop_title: bool = True) -> str:
    """A review body as HTML; HTML comments (criterion markers) and the `# ` title go."""
    text = COMMENT_RE.sub("", body)
    if drop_title:
        text = re.sub(r"\A\s*# [^\n]*\n?", "", text, count=1)
    return str(_parser().render(text))
