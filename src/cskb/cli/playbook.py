"""Playbook commands: new, edit, verify, list, show, due."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cskb.cli import common
from cskb.cli.common import Edit, Json, NoCommit

playbook_app = typer.Typer(
    help="The team's playbook: verified best-practice cards, kept alive by the reviews.",
    no_args_is_help=True,
)

Within = Annotated[
    int,
    typer.Option(
        "--within",
        min=0,
        max=3650,
        help="A card is due when its verification lapses within N days.",
    ),
]
Card = Annotated[
    str, typer.Argument(metavar="CARD", help="A card's id (e.g. agenda), path, or unique prefix.")
]


@playbook_app.command("new")
def playbook_new(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The card's one-line title.")],
    criteria: Annotated[
        list[str] | None,
        typer.Option(
            "--criteria", help="Rubric keys the card teaches, comma-separated or repeated."
        ),
    ] = None,
    tags: Annotated[
        list[str] | None, typer.Option("--tags", help="Tags, comma-separated or repeated.")
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Who owns the card (default: you).")
    ] = None,
    verifier: Annotated[
        str | None,
        typer.Option("--verifier", help="Who verifies it (default: none, so the owner does)."),
    ] = None,
    ident: Annotated[
        str | None, typer.Option("--id", help="File name slug (default: from the title).")
    ] = None,
    edit: Edit = None,
    no_commit: NoCommit = False,
) -> None:
    """Scaffold a playbook card from the template, edit, validate, commit.

    Example: cskb playbook new "Handling a renewal objection" --criteria control --tags renewal
    """
    from cskb import render
    from cskb.cli.review import finish_edit
    from cskb.playbook.write import edit_card, new_card

    kb = common.kb(ctx)
    s = common.settings(ctx)
    card = new_card(
        kb,
        title,
        owner.strip() if owner is not None else common.me(ctx, kb).handle,
        (verifier or "").strip(),
        common.split_list(tags),
        common.split_list(criteria),
        ident,
    )
    render.success(f"wrote {kb.rel(card.path)}")
    result = edit_card(
        kb,
        card.path,
        s.editor,
        s.today,
        interactive=s.interactive,
        ci=s.ci,
        requested=edit,
        commit=not no_commit,
        what="new playbook card",
    )
    finish_edit(result)


@playbook_app.command("edit")
def playbook_edit(
    ctx: typer.Context, card: Card, edit: Edit = None, no_commit: NoCommit = False
) -> None:
    """Open a card in your editor, then validate and commit it.

    Example: cskb playbook edit agenda
    """
    from cskb.cli.review import finish_edit
    from cskb.playbook.cards import resolve
    from cskb.playbook.write import edit_card

    kb = common.kb(ctx)
    s = common.settings(ctx)
    path = resolve(kb, card, Path.cwd())
    result = edit_card(
        kb,
        path,
        s.editor,
        s.today,
        interactive=s.interactive,
        ci=s.ci,
        requested=edit,
        commit=not no_commit,
    )
    finish_edit(result)


@playbook_app.command("verify")
def playbook_verify(ctx: typer.Context, card: Card, no_commit: NoCommit = False) -> None:
    """Record that you re-checked a card today (its verifier, or its owner if none), commit.

    Example: cskb --as bo playbook verify agenda
    """
    from cskb import render
    from cskb.playbook.cards import resolve
    from cskb.playbook.write import verify_card

    kb = common.kb(ctx)
    me = common.me(ctx, kb).handle
    path = resolve(kb, card, Path.cwd())
    done = verify_card(kb, path, me, common.settings(ctx).today, commit=not no_commit)
    render.success(f"{done.path} verified on {done.on} by {done.by}; next due {done.card.due_on}")
    if not no_commit:
        render.committed(done.commit)


@playbook_app.command("list")
def playbook_list(
    ctx: typer.Context,
    within: Within = 14,
    state: Annotated[
        str | None,
        typer.Option(help="Only cards in this state: verified, due, expired or never-verified."),
    ] = None,
    json: Json = False,
) -> None:
    """List the cards with their state, and the team's trust score.

    Example: cskb playbook list --state expired
    """
    from cskb import render
    from cskb.errors import UsageError
    from cskb.playbook.states import STATES, playbook_report
    from cskb.render.playbook import cards_table

    if state is not None and state not in STATES:
        raise UsageError(f"--state {state!r} must be one of {', '.join(STATES)}")
    kb = common.kb(ctx)
    report = playbook_report(
        kb, common.settings(ctx).today, within, (state,) if state is not None else ()
    )
    if json:
        render.print_json(report.as_dict(kb))
    else:
        cards_table(report, f"{len(report.cards)} playbook card(s) on {report.today}")


@playbook_app.command("show")
def playbook_show(
    ctx: typer.Context,
    card: Card,
    limit: Annotated[
        int, typer.Option(min=0, max=100, help="Exemplary calls per criterion (0: none).")
    ] = 3,
    within: Within = 14,
    json: Json = False,
) -> None:
    """Show a card, its state, and its exemplary calls (the best-scored reviews on it).

    Example: cskb playbook show agenda
    """
    from cskb import render
    from cskb.playbook.cards import read_card, resolve
    from cskb.playbook.exemplars import exemplars_for
    from cskb.playbook.states import state_of
    from cskb.render.playbook import card_show

    kb = common.kb(ctx)
    path = resolve(kb, card, Path.cwd())
    status = state_of(read_card(kb, path), common.settings(ctx).today, within)
    exemplars = exemplars_for(kb, status.card.criteria, limit)
    rel = kb.rel(path)
    if json:
        render.print_json(
            {
                **status.as_dict(rel),
                "body": status.card.body,
                "exemplars": [e.as_dict() for e in exemplars],
            }
        )
    else:
        card_show(status, rel, exemplars)


@playbook_app.command("due")
def playbook_due(
    ctx: typer.Context,
    within: Within = 14,
    announce_: Annotated[
        bool,
        typer.Option(
            "--announce",
            help="Post the reminder to Slack (CSKB_SLACK_WEBHOOK_URL), else print it.",
        ),
    ] = False,
    json: Json = False,
) -> None:
    """List the cards to re-verify soon (due, expired, never verified); remind the team.

    Example: cskb playbook due --within 14 --announce
    """
    from cskb import render
    from cskb.errors import AnnounceError
    from cskb.kb.roster import load_roster
    from cskb.playbook.remind import build_reminder, post_reminder
    from cskb.playbook.states import due_cards
    from cskb.render.playbook import cards_table, reminder

    kb = common.kb(ctx)
    s = common.settings(ctx)
    report = due_cards(kb, s.today, within)
    if json:
        render.print_json(report.as_dict(kb))
    elif not announce_ or s.webhook_url:
        cards_table(
            report,
            f"{len(report.cards)} card(s) to verify: expired, never verified or due within "
            f"{within} days",
        )
    if not announce_:
        return
    if not report.cards:
        render.notice(f"no card needs verifying within {within} days; nothing to announce")
        return
    message = build_reminder(
        report, load_roster(kb.team_file), [kb.rel(c.card.path) for c in report.cards]
    )
    if not s.webhook_url:
        if json:
            render.notice("CSKB_SLACK_WEBHOOK_URL is not set, so the reminder was not posted")
        else:
            reminder(message.text)
        return
    result = post_reminder(s.webhook_url, message)
    if not result.ok:
        raise AnnounceError(
            f"could not post the playbook reminder ({result.status or 'no response'}: "
            f"{result.detail}); retry with `cskb playbook due --within {within} --announce`"
        )
    render.notice(f"posted the playbook reminder to Slack ({message.cards} card(s))")


def register(app: typer.Typer) -> None:
    app.add_typer(playbook_app, name="playbook")
