"""Closing each round: `remind`, `coffee ask`, `coffee skip`, `retro new`, `retro summary`.

The coffee commands join the `coffee` group of `cli/calls.py` (see `coffee_commands`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cskb.cli import common
from cskb.cli.common import Edit, Json, NoCommit

if TYPE_CHECKING:
    from cskb.models import Member
    from cskb.pairing.announce import SlackMessage
    from cskb.round.direct import DirectReport
    from cskb.round.remind import RemindReport

retro_app = typer.Typer(
    help="Look back on a round: your retro, the team's summary.", no_args_is_help=True
)

CycleOpt = common.Cycle


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


def send_directs(
    ctx: typer.Context, messages: list[tuple[Member, SlackMessage]], what: str
) -> DirectReport | None:
    """With CSKB_SLACK_BOT_TOKEN set, message each person directly and say how it went
    (the host at most, never the token); None without a token. Raises AnnounceError, after
    everyone else was messaged, when some messages failed."""
    from cskb import render
    from cskb.errors import AnnounceError
    from cskb.round.direct import send_each

    s = common.settings(ctx)
    if not s.slack_bot_token:
        return None
    report = send_each(s.slack_bot_token, messages, s.slack_api_url)
    if report.sent:
        render.success(f"sent the {what} to {len(report.sent)} person(s) directly ({report.host})")
    if report.unreachable:
        render.warn(
            f"no direct {what} for {', '.join(report.unreachable)}: no slack_id in team.yaml"
        )
    if report.failed:
        failed = "; ".join(f"{o.handle} ({o.detail})" for o in report.failed)
        others = "the others got theirs" if report.sent else "nobody got one"
        raise AnnounceError(
            f"the {what} could not be sent to {len(report.failed)} person(s): {failed}; "
            f"{others}: retry the command"
        )
    return report


def _remind_directly(ctx: typer.Context, report: RemindReport) -> None:
    """Each person their own reminder; those without a Slack id in the channel (webhook)."""
    from dataclasses import replace

    from cskb.errors import AnnounceError
    from cskb.round.remind import channel_messages, personal_message

    failure: AnnounceError | None = None
    try:
        send_directs(
            ctx, [(p.member, personal_message(report, p)) for p in report.people], "reminder"
        )
    except AnnounceError as exc:
        failure = exc  # the channel message below still goes out
    rest = tuple(p for p in report.people if not p.member.slack_id)
    if rest and common.settings(ctx).webhook_url:
        _post_channel(ctx, channel_messages(replace(report, people=rest)), "reminder")
    if failure is not None:
        raise failure


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
    if_due: Annotated[
        bool,
        typer.Option(
            "--if-due",
            help="With --announce, post only on the days [remind] names (for a daily job).",
        ),
    ] = False,
    json: Json = False,
) -> None:
    """Show what each person still owes this cycle (call, review, coffee, cards), due dates and lateness.

    Example: cskb remind --announce
    """
    from cskb import render
    from cskb.render.round import remind_table
    from cskb.round.remind import channel_messages, posting_day, remind_report

    kb = common.kb(ctx)
    report = remind_report(kb, common.settings(ctx).today, common.cycle(ctx, cycle), member)
    if json:
        render.print_json(report.as_dict())
    else:
        remind_table(report)
    if not announce:
        return
    if if_due and not posting_day(report, kb.config.remind):
        c = report.cycle
        days = kb.config.remind
        render.notice(
            f"nothing posted (--if-due): [remind] posts {list(days.days_before_due)} day(s) "
            f"before the due date{f' ({c.due})' if c else ''} and {list(days.days_after_due)} after"
        )
        return
    if report.empty:
        render.notice("nothing is owed: nothing posted")
        return
    if common.settings(ctx).slack_bot_token:
        _remind_directly(ctx, report)
        return
    _post_channel(ctx, channel_messages(report), "reminder")


def coffee_ask(
    ctx: typer.Context,
    cycle: CycleOpt = None,
    if_due: Annotated[
        bool,
        typer.Option(
            "--if-due",
            help="Ask only on the cycle's due date, else exit 0 with a note (for a daily job).",
        ),
    ] = False,
    json: Json = False,
) -> None:
    """Ask the groups with no coffee recorded whether they met (channel message or direct messages).

    Example: cskb coffee ask --cycle 2026-11-09
    """
    from cskb import render
    from cskb.errors import AnnounceError
    from cskb.render.round import ask_table
    from cskb.round.meetings import ask_channel, ask_personal, ask_report

    kb = common.kb(ctx)
    s = common.settings(ctx)
    report = ask_report(kb, s.today, common.cycle(ctx, cycle))
    due_today = s.today == report.cycle.due
    if json:
        render.print_json(
            {**report.as_dict(), "asked": bool(report.groups) and (due_today or not if_due)}
        )
    else:
        ask_table(report)
    if if_due and not due_today:
        render.notice(
            f"cycle {report.cycle.id} is due on {report.cycle.due}: nobody asked (--if-due)"
        )
        return
    if not report.groups:
        render.notice("every group has answered: nobody to ask")
        return
    if not s.webhook_url and not s.slack_bot_token:
        render.notice(
            "neither CSKB_SLACK_WEBHOOK_URL nor CSKB_SLACK_BOT_TOKEN is set: printed, not posted"
        )
        return
    failure: AnnounceError | None = None
    if s.slack_bot_token:
        targets = [(m, ask_personal(report, m, g)) for g in report.groups for m in g]
        try:
            send_directs(ctx, targets, "question")
        except AnnounceError as exc:
            failure = exc
    elif s.webhook_url:
        _post_channel(ctx, ask_channel(report), "question")
    if failure is not None:
        raise failure


def coffee_skip(
    ctx: typer.Context,
    reason: Annotated[
        str, typer.Option("--reason", help="Why your group did not meet (one line).")
    ],
    cycle: CycleOpt = None,
    no_commit: NoCommit = False,
) -> None:
    """Record that your group did not meet for a coffee this cycle, and why.

    Example: cskb coffee skip --reason "bo was on sick leave the whole week"
    """
    from cskb import render
    from cskb.round.meetings import record_skip

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    result = record_skip(
        kb,
        common.settings(ctx).today,
        common.cycle(ctx, cycle),
        me.handle,
        reason,
        commit=not no_commit,
    )
    if result.replaced:
        render.warn(f"replaced the earlier answer for {' + '.join(result.members)}")
    render.success(
        f"recorded that {' + '.join(result.members)} did not meet (cycle {result.cycle}, "
        f"{kb.rel(result.path)})"
    )
    if not no_commit:
        render.committed(result.commit)


@retro_app.command("new")
def retro_new(
    ctx: typer.Context,
    useful: Annotated[
        int | None, typer.Option("--useful", help="How useful the round was for you, 1 to 5.")
    ] = None,
    worked: Annotated[str, typer.Option("--worked", help="What worked (one line).")] = "",
    change: Annotated[str, typer.Option("--change", help="What to change (one line).")] = "",
    suggestion: Annotated[
        str, typer.Option("--suggestion", help="A suggestion for the rubric or the playbook.")
    ] = "",
    about: Annotated[
        str, typer.Option("--about", help="What the suggestion is for: rubric or playbook.")
    ] = "",
    tags: Annotated[
        list[str] | None, typer.Option("--tags", help="Tags, comma-separated or repeated.")
    ] = None,
    cycle: CycleOpt = None,
    edit: Edit = None,
    no_commit: NoCommit = False,
) -> None:
    """Write your retro of the round (how useful, what worked, what to change), validate, commit.

    Example: cskb retro new --useful 4 --worked "the coffee" --change "shorter template"
    """
    from cskb import render
    from cskb.cli.review import finish_edit
    from cskb.round.retro import edit_retro, scaffold

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    s = common.settings(ctx)
    path = scaffold(
        kb, s.today, common.cycle(ctx, cycle), me.handle, useful, worked, change, suggestion, about.strip().lower(),
        common.split_list(tags),
    )  # fmt: skip
    render.success(f"wrote {kb.rel(path)}")
    result = edit_retro(
        kb,
        path,
        s.editor,
        interactive=s.interactive,
        ci=s.ci,
        requested=edit,
        commit=not no_commit,
    )
    finish_edit(result)


@retro_app.command("summary")
def retro_summary(ctx: typer.Context, cycle: CycleOpt = None, json: Json = False) -> None:
    """Show the retros: response rate, usefulness over cycles, themes, and the round's own figures.

    Example: cskb retro summary --cycle 2026-11-09 --json
    """
    from cskb import render
    from cskb.render.round import retro_table
    from cskb.round.retro_summary import retro_summary as summarise

    kb = common.kb(ctx)
    s = common.settings(ctx)
    summary = summarise(kb, s.today, common.cycle(ctx, cycle), s.cache)
    if json:
        render.print_json(summary.as_dict())
    else:
        retro_table(summary)
    if summary.unreadable:
        render.warn(
            f"{len(summary.unreadable)} retro file(s) do not validate and are left out: "
            + ", ".join(summary.unreadable[:3])
        )


def add_coffee_commands(coffee_app: typer.Typer) -> None:
    """`coffee ask` and `coffee skip`, under the `coffee` group of `cli/calls.py`."""
    coffee_app.command("ask")(coffee_ask)
    coffee_app.command("skip")(coffee_skip)


def register(app: typer.Typer) -> None:
    app.command()(remind)
    app.add_typer(retro_app, name="retro")
