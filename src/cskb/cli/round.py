"""Closing each round: `remind`, `coffee ask`, `coffee skip`, `retro new/summary`.

The coffee commands join the `coffee` group of `cli/calls.py` (see `coffee_commands`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cskb.cli import common
from cskb.cli.common import Json

if TYPE_CHECKING:
    from cskb.pairing.announce import SlackMessage

CycleOpt = Annotated[
    str | None, typer.Option("--cycle", help="Cycle start date (default: the current cycle).")
]


def _post_channel(ctx: typer.Context, messages: list[SlackMessage], what: str) -> None:
    """Post `messages` to the incoming webhook; without one, say so (printing is done)."""
    from cskb import render
    from cskb.errors import AnnounceError
    from cskb.pairing.announce import post_blocks

    url = common.settings(ctx).webhook_url
    if not url:
        render.notice(f"CSKB_SLACK_WEBHOOK_URL is not set: the {what} was printed, not posted")
        return
    result = post_blocks(url, messages)
    if not result.ok:
        raise AnnounceError(
            f"could not post the {what} ({result.status or 'no response'}: {result.detail}); "
            "retry the command"
        )
    render.success(f"posted the {what} to Slack")


def remind(
    ctx: typer.Context,
    cycle: CycleOpt = None,
    member: Annotated[
        str | None, typer.Option("--member", metavar="HANDLE", help="Only this member.")
    ] = None,
    announce: Annotated[
        bool,
        typer.Option(
            "--announce",
            help="Post one message mentioning everyone who owes something "
            "(CSKB_SLACK_WEBHOOK_URL), or direct messages (CSKB_SLACK_BOT_TOKEN).",
        ),
    ] = False,
    json: Json = False,
) -> None:
    """Show what each person still owes this cycle (call, review, coffee, cards), due dates and lateness.

    Example: cskb remind --announce
    """
    from cskb import render
    from cskb.render.round import remind_table
    from cskb.round.remind import channel_messages, remind_report

    kb = common.kb(ctx)
    report = remind_report(kb, common.settings(ctx).today, cycle, member)
    if json:
        render.print_json(report.as_dict())
    else:
        remind_table(report)
    if not announce:
        return
    if report.empty:
        render.notice("nothing is owed: nothing posted")
        return
    _post_channel(ctx, channel_messages(report), "reminder")


def register(app: typer.Typer) -> None:
    app.command()(remind)
