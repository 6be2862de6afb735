"""Pairing commands: pair, cycles, cycle show, partner, announce."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cskb.cli import common
from cskb.cli.common import Json

if TYPE_CHECKING:
    from cskb.kb.layout import Kb
    from cskb.models import Cycle
    from cskb.pairing.announce import Announcement

cycle_app = typer.Typer(help="Show one cycle.", no_args_is_help=True)


def _announce(ctx: typer.Context, kb: Kb, cycle: Cycle) -> None:
    """Post the announcement when CSKB_SLACK_WEBHOOK_URL is set, and message each member
    directly when CSKB_SLACK_BOT_TOKEN is; print it when neither is."""
    from cskb.errors import AnnounceError
    from cskb.kb.roster import load_roster
    from cskb.pairing import announce
    from cskb.render.pairing import announcement

    members = load_roster(kb.team_file)
    message = announce.build(cycle, members)
    s = common.settings(ctx)
    if not s.webhook_url and not s.slack_bot_token:
        announcement(message.text)
        return
    failure: AnnounceError | None = None
    if s.webhook_url:
        try:
            _post(kb, s.webhook_url, message, cycle)
        except AnnounceError as exc:
            failure = exc  # the direct messages below still go out
    if s.slack_bot_token:
        from cskb.cli.round import send_directs

        who = {m.handle: m for m in members}
        grouped = [who[h] for g in cycle.groups for h in g.members if h in who]
        targets = [
            (m, announce.personal(cycle, m.handle, members, message.starter)) for m in grouped
        ]
        send_directs(ctx, targets, "announcement")
    if failure is not None:
        raise failure


def _post(kb: Kb, url: str, message: Announcement, cycle: Cycle) -> None:
    """Post the announcement to the incoming webhook, resuming after what got through."""
    from cskb import render
    from cskb.errors import AnnounceError
    from cskb.pairing import delivery

    sent = delivery.deliver(kb, url, message)
    result = sent.result
    if result.ok:
        resumed = (
            f" (the last {sent.total - sent.skipped} of {sent.total} messages; an earlier "
            "attempt had posted the others)"
            if sent.skipped
            else ""
        )
        render.success(f"announced cycle {cycle.id} to Slack{resumed}")
        return
    again = " (the messages already posted are not posted again)" if result.posted else ""
    raise AnnounceError(
        f"could not post the announcement ({result.status or 'no response'}: {result.detail}); "
        f"the cycle is committed: retry with `cskb announce {cycle.id}`{again}"
    )


def pair(
    ctx: typer.Context,
    date: Annotated[
        str | None, typer.Option(help="Pair the cycle containing this date (YYYY-MM-DD).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the groups without writing them.")
    ] = False,
    seed: Annotated[
        int | None, typer.Option(help="Random seed (default: derived from the cycle date).")
    ] = None,
    redo: Annotated[bool, typer.Option("--redo", help="Replace an existing cycle file.")] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="With --redo: replace it even when reviews were written."),
    ] = False,
    announce_: Annotated[
        bool,
        typer.Option(
            "--announce", help="Announce the groups (Slack if CSKB_SLACK_WEBHOOK_URL is set)."
        ),
    ] = False,
    no_commit: Annotated[
        bool, typer.Option("--no-commit", help="Write the cycle file but do not commit it.")
    ] = False,
    if_due: Annotated[
        bool,
        typer.Option(
            "--if-due",
            help="Pair only when today's cycle has no file yet, else exit 0 with a note "
            "(for a daily scheduled job).",
        ),
    ] = False,
    include_inactive: Annotated[
        bool,
        typer.Option(
            "--include-inactive",
            help="Also pair the members paused for inactivity ([pairing] inactive_after), this once.",
        ),
    ] = False,
    json: Json = False,
) -> None:
    """Pair the team for the next cycle: history-aware, fair, written to cycles/ and committed.

    Example: cskb pair --announce
    """
    from cskb import render
    from cskb.errors import AnnounceError, UsageError
    from cskb.pairing.cycles import cycle_start_for, unpaired_cycle
    from cskb.render.pairing import cycle_dict, cycle_table
    from cskb.round.pausing import plan_round

    kb = common.kb(ctx)
    s = common.settings(ctx)
    day = common.parse_date(date, "--date")
    if if_due:
        if date is not None or redo:
            raise UsageError("--if-due pairs today's cycle only; drop --date and --redo")
        due = unpaired_cycle(kb.cycles_dir, s.today, kb.config.cycle)
        if due is None:
            current = cycle_start_for(s.today, kb.config.cycle)
            note = f"cycle {current} is already paired; nothing to do (--if-due)"
            if json:
                render.print_json({"cycle": current.isoformat(), "paired": False, "note": note})
            render.notice(note)
            return
        day = due
    result, pauses = plan_round(
        kb,
        s.today,
        day,
        seed,
        redo=redo,
        dry_run=dry_run,
        commit=not no_commit,
        use_cache=s.cache,
        include_inactive=include_inactive,
        force=force,
    )
    if json:
        render.print_json(
            {
                **cycle_dict(result.cycle),
                "paired": result.written,
                "written": result.written,
                "replaced": result.replaced,
                "repeats": result.pairing.repeats,
                "paused": [{"member": p.handle, "reason": p.reason} for p in pauses],
            }
        )
    else:
        title = f"Cycle {result.cycle.id}{' (dry run: nothing written)' if dry_run else ''}"
        cycle_table(result.cycle, title)
    for p in pauses:
        render.warn(f"left out {p.handle}: {p.reason} (or pass --include-inactive)")
    if result.replaced:
        render.warn(f"replaced the existing cycle {result.cycle.id} (--redo)")
    if result.written and not no_commit:
        render.committed(result.commit)
    if announce_ and not dry_run:
        try:
            _announce(ctx, kb, result.cycle)
        except AnnounceError as exc:
            render.warn(exc.message)


def cycles(ctx: typer.Context, json: Json = False) -> None:
    """List the cycles, oldest first.

    Example: cskb cycles --json
    """
    from cskb import render
    from cskb.pairing.cycles import cycles_cache, load_cycles
    from cskb.render.pairing import cycle_dict, cycles_table

    kb = common.kb(ctx)
    items = load_cycles(kb.cycles_dir, cycles_cache(kb.state_dir, common.settings(ctx).cache))
    if json:
        render.print_json([cycle_dict(c) for c in items])
    elif not items:
        render.out().print(
            "no cycles yet; pair the team for the first one with `cskb pair`", markup=False
        )
    else:
        cycles_table(items)


@cycle_app.command("show")
def cycle_show(
    ctx: typer.Context,
    cycle: common.CycleArg = None,
    json: Json = False,
) -> None:
    """Show one cycle's groups, who reviews whom, and their caveats.

    Example: cskb cycle show 2026-11-16
    """
    from cskb import render
    from cskb.pairing.cycles import get_cycle
    from cskb.render.pairing import cycle_dict, cycle_table

    c = get_cycle(
        common.kb(ctx).cycles_dir, common.cycle(ctx, cycle, "CYCLE"), common.settings(ctx).today
    )
    if json:
        render.print_json(cycle_dict(c))
    else:
        cycle_table(c)


def partner(
    ctx: typer.Context,
    cycle: common.Cycle = None,
    json: Json = False,
) -> None:
    """Show your partner(s) this cycle and whose call you review.

    Example: cskb --as ana partner
    """
    from cskb import render
    from cskb.errors import NotFoundError
    from cskb.pairing.cycles import get_cycle
    from cskb.render.pairing import partner_line

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    c = get_cycle(kb.cycles_dir, cycle, common.settings(ctx).today)
    if c.group_of(me.handle) is None:
        raise NotFoundError(
            f"{me.handle} is not in any group of cycle {c.id} (away or joined later?)"
        )
    from cskb.forms.links import obligation_links

    links = obligation_links(kb, me.handle, c)  # the issue forms, when [site] repo_url is set
    if json:
        render.print_json(
            {
                "cycle": c.id,
                "member": me.handle,
                "partners": list(c.partners_of(me.handle)),
                "reviews": c.reviewee_of(me.handle),
                "due": c.due.isoformat(),
                **({"forms": links} if links else {}),
            }
        )
    else:
        partner_line(me.handle, c)
        for kind, link in links.items():
            render.out().print(
                f"{kind} form: {link}", markup=False, highlight=False, soft_wrap=True
            )


def announce(
    ctx: typer.Context,
    cycle: common.CycleArg = None,
) -> None:
    """Announce a cycle's groups again (Slack if CSKB_SLACK_WEBHOOK_URL is set, else printed).

    Example: CSKB_SLACK_WEBHOOK_URL=https://hooks.slack.com/... cskb announce 2026-11-16
    """
    from cskb.pairing.cycles import get_cycle

    kb = common.kb(ctx)
    day = common.settings(ctx).today
    _announce(ctx, kb, get_cycle(kb.cycles_dir, common.cycle(ctx, cycle, "CYCLE"), day))


def register(app: typer.Typer) -> None:
    app.command()(pair)
    app.command()(cycles)
    app.add_typer(cycle_app, name="cycle")
    app.command()(partner)
    app.command()(announce)
