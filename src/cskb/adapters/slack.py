"""The only module importing slack-sdk (lazily): Block Kit builders, the incoming webhook,
and direct messages through the Web API's `WebClient`.

Direct messages open a conversation with each person (`conversations.open`) and post to it
(`chat.postMessage`), through one client that retries with slack-sdk's own handlers: a
rate limit (HTTP 429, waiting as long as its Retry-After says) and a dropped connection.
Nothing here raises for a network, HTTP or API failure: each send returns a `PostResult`.
The bot token goes only into the client; it is scrubbed from every detail returned, and
`api_host` is all that may be shown of where messages went.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cskb import redact

DEFAULT_API_URL = "https://slack.com/api/"
RETRIES = 2  # each of rate limit and connection errors, per request


@dataclass(frozen=True)
class PostResult:
    ok: bool
    status: int | None
    detail: str
    posted: int = 0  # how many messages went through


@dataclass(frozen=True)
class Direct:
    """One direct message: to the Slack member `user_id`."""

    user_id: str
    text: str
    blocks: tuple[dict[str, Any], ...] = ()


def _quiet() -> logging.Logger:
    """slack-sdk's log goes nowhere: cskb reports failures itself, in one line each (and a
    log line is one more place a request's details could show up)."""
    logger = logging.getLogger("cskb.slack")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    return logger


def header_block(text: str) -> dict[str, Any]:
    from slack_sdk.models.blocks import HeaderBlock, PlainTextObject

    return HeaderBlock(text=PlainTextObject(text=text, emoji=False)).to_dict()


def section_block(text: str) -> dict[str, Any]:
    from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock

    return SectionBlock(text=MarkdownTextObject(text=text)).to_dict()


def context_block(text: str) -> dict[str, Any]:
    from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject

    return ContextBlock(elements=[MarkdownTextObject(text=text)]).to_dict()


def post_webhook(
    url: str, text: str, blocks: Sequence[dict[str, Any]] = (), timeout: int = 15
) -> PostResult:
    """Post one message to a Slack incoming webhook; failures come back as data."""
    from slack_sdk.webhook import WebhookClient

    try:
        response = WebhookClient(url, timeout=timeout, logger=_quiet()).send(
            text=text, blocks=list(blocks) or None
        )
    except Exception as exc:  # network errors of any kind: the caller's work is already saved
        return PostResult(False, None, _scrub(f"{type(exc).__name__}: {exc}", url))
    if response.status_code == 200:
        return PostResult(True, 200, _scrub(response.body or "ok", url), 1)
    return PostResult(False, response.status_code, _scrub(response.body or "", url)[:200])


def api_base(url: str | None) -> str:
    """The Web API's base URL (`CSKB_SLACK_API_URL`, default Slack's), ending in '/'."""
    base = (url or DEFAULT_API_URL).strip()
    return base if base.endswith("/") else base + "/"


def api_host(url: str | None) -> str:
    """What may be shown of the Web API's address: its host (and port), never a path."""
    return urlsplit(api_base(url)).netloc or "?"


def _scrub(text: str, *secrets: str) -> str:
    """`text` through cskb's one redaction (`cskb.redact`), `secrets` registered with it, so
    a token or webhook URL never shows, in any form; at most a host does."""
    for secret in secrets:
        redact.register(secret)
    return redact.redact(text)[:300]


def send_directs(
    token: str, messages: Sequence[Direct], base_url: str | None = None, timeout: int = 15
) -> list[PostResult]:
    """Send each message as a direct message, in order; one result per message. A failure
    for one person (unknown user, API error, network) does not stop the others."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError
    from slack_sdk.http_retry.builtin_handlers import (
        ConnectionErrorRetryHandler,
        RateLimitErrorRetryHandler,
    )

    client = WebClient(
        token=token,
        base_url=api_base(base_url),
        timeout=timeout,
        logger=_quiet(),
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=RETRIES),
            ConnectionErrorRetryHandler(max_retry_count=RETRIES),
        ],
    )
    results = []
    for m in messages:
        try:
            opened = client.conversations_open(users=m.user_id)
            channel = (opened.get("channel") or {}).get("id")
            if not channel:
                results.append(PostResult(False, opened.status_code, "no conversation opened"))
                continue
            sent = client.chat_postMessage(
                channel=channel, text=m.text, blocks=list(m.blocks) or None
            )
            results.append(PostResult(True, sent.status_code, "ok", 1))
        except SlackApiError as exc:
            response = exc.response
            error = response.get("error") if response is not None else None
            status = response.status_code if response is not None else None
            results.append(PostResult(False, status, _scrub(str(error or "api error"), token)))
        except Exception as exc:  # network errors of any kind: the others still get theirs
            results.append(PostResult(False, None, _scrub(f"{type(exc).__name__}: {exc}", token)))
    return results
