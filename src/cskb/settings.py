"""Runtime settings: the one place that reads environment variables.

Precedence for every value: command-line flag > environment variable > cskb.toml > default.
Loaded once per command by the CLI and passed down explicitly.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field

from cskb.errors import UsageError

SECRET_VARIABLES = ("CSKB_SLACK_WEBHOOK_URL", "CSKB_SLACK_BOT_TOKEN")


@dataclass(frozen=True)
class Settings:
    kb_dir: str | None = None  # --kb > CSKB_DIR > discovery from the working directory
    user: str | None = None  # --as > CSKB_USER > git user.email matched in team.yaml
    webhook_url: str | None = field(default=None, repr=False)  # CSKB_SLACK_WEBHOOK_URL
    # CSKB_SLACK_BOT_TOKEN: direct messages through the Web API; never shown (repr off)
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_api_url: str | None = None  # CSKB_SLACK_API_URL: the Web API's base URL
    editor: str | None = None  # VISUAL > EDITOR
    interactive: bool = False  # stdin and stdout are terminals and CI is not set
    today: dt.date = dt.date(1970, 1, 1)  # CSKB_TODAY (for demos and tests) > the clock
    verbose: bool = False
    ci: bool = False  # the CI environment variable is set
    step_summary: str | None = None  # GITHUB_STEP_SUMMARY: where `check --format github` adds
    cache: bool = True  # the parsed-record cache; off with CSKB_NO_CACHE or in CI
    search_server: bool | None = None  # CSKB_SEARCH_SERVER=1/0 (None: cskb.toml, never in CI)


def load_settings(
    kb_flag: str | None = None,
    as_flag: str | None = None,
    verbose: bool = False,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    env = os.environ if environ is None else environ
    from cskb import redact

    for name in SECRET_VARIABLES:  # never shown, whatever prints them (see redact.py)
        redact.register(env.get(name))
    today_text = env.get("CSKB_TODAY", "").strip()
    if today_text:
        try:
            today = dt.date.fromisoformat(today_text)
        except ValueError:
            raise UsageError(f"CSKB_TODAY={today_text!r} is not a date like 2026-11-16") from None
        if not dt.date(1900, 1, 1) <= today <= dt.date(2999, 12, 31):
            raise UsageError(
                f"CSKB_TODAY={today_text!r} is out of range; use a date from 1900-01-01 to 2999-12-31"
            )
    else:
        today = dt.date.today()
    ci = env.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    interactive = not ci and sys.stdin.isatty() and sys.stdout.isatty()
    server_text = env.get("CSKB_SEARCH_SERVER", "").strip().lower()
    search_server = (
        None if server_text in ("", "auto") else server_text not in ("0", "false", "no", "off")
    )
    return Settings(
        kb_dir=kb_flag or env.get("CSKB_DIR") or None,
        user=as_flag or env.get("CSKB_USER") or None,
        webhook_url=env.get("CSKB_SLACK_WEBHOOK_URL") or None,
        slack_bot_token=env.get("CSKB_SLACK_BOT_TOKEN", "").strip() or None,
        slack_api_url=env.get("CSKB_SLACK_API_URL", "").strip() or None,
        editor=env.get("VISUAL") or env.get("EDITOR") or None,
        interactive=interactive,
        today=today,
        verbose=verbose,
        ci=ci,
        step_summary=env.get("GITHUB_STEP_SUMMARY") or None,
        cache=not ci and env.get("CSKB_NO_CACHE", "").strip().lower() in ("", "0", "false", "no"),
        search_server=search_server,
    )
