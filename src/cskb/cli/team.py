"""`cskb team`: roster management (add, list, remove, away, back)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from cskb.cli import common

if TYPE_CHECKING:
    from cskb.models import Member

team_app = typer.Typer(help="Manage the roster in team.yaml.", no_args_is_help=True)
NoCommit = Annotated[
    bool, typer.Option("--no-commit", help="Write team.yaml but do not commit it.")
]


def _save(
    ctx: typer.Context,
    update: Callable[[list[Member]], tuple[list[Member], Member]],
    message: str,
    no_commit: bool,
) -> Member:
    """Edit the roster under the KB lock (comments kept) and commit only that change."""
    from cskb import render
    from cskb.kb.roster import edit_roster

    kb = common.kb(ctx)
    changed, commit = edit_roster(kb.root, kb.team_file, update, message, not no_commit)
    if not no_commit:
        render.committed(commit)
    return changed


@team_app.command("add")
def add(
    ctx: typer.Context,
    handle: Annotated[
        str, typer.Argument(metavar="HANDLE", help="Lowercase slug, e.g. 'ana' or 'li-wei'.")
    ],
    name: Annotated[str | None, typer.Option(help="Full name (default: the handle).")] = None,
    email: Annotated[str, typer.Option(help="Email, matched against git user.email.")] = "",
    team: Annotated[str, typer.Option(help="Sub-team, used for cross-team pairing.")] = "",
    role: Annotated[str, typer.Option(help="Role, e.g. csm or manager.")] = "",
    slack_id: Annotated[
        str,
        typer.Option(
            "--slack-id",
            metavar="ID",
            help="Slack member id (U0123ABCD), so announcements mention them.",
        ),
    ] = "",
    github: Annotated[
        str,
        typer.Option(
            metavar="LOGIN", help="Git-host login, so issue forms they submit act as them."
        ),
    ] = "",
    joined: Annotated[
        str | None, typer.Option(help="Join date, YYYY-MM-DD (default: today).")
    ] = None,
    no_commit: NoCommit = False,
) -> None:
    """Add a member to the roster.

    Example: cskb team add ana --name "Ana Lima" --email ana@example.com --team emea
    """
    from cskb import render
    from cskb.kb.roster import add_member, validate_handle
    from cskb.models import Member

    validate_handle(handle)
    if slack_id:
        from cskb.kb.roster import SLACK_ID_RE

        if not SLACK_ID_RE.match(slack_id.strip()):
            from cskb.errors import UsageError

            raise UsageError(f"--slack-id {slack_id!r} is not a Slack member id like U0123ABCD")
    if github:
        from cskb.kb.roster import GITHUB_RE

        if not GITHUB_RE.match(github.strip().removeprefix("@")):
            from cskb.errors import UsageError

            raise UsageError(f"--github {github!r} is not a GitHub login like ana-lima")
    if "\n" in (name or "") or "\n" in email:
        from cskb.errors import UsageError

        raise UsageError("--name and --email must be a single line")
    day = common.parse_date(joined, "--joined") or common.settings(ctx).today
    member = Member(
        handle,
        (name or handle).strip(),
        email.strip(),
        team.strip(),
        role.strip(),
        day,
        slack_id=slack_id.strip(),
        github=github.strip().removeprefix("@"),
    )
    _save(
        ctx,
        lambda ms: (add_member(ms, member), member),
        f"cskb: add {handle} to the team",
        no_commit,
    )
    render.success(f"added {handle} ({member.name})")


@team_app.command("list")
def list_(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Include inactive members.")] = False,
) -> None:
    """List the members (active ones unless --all).

    Example: cskb team list --all --json
    """
    from cskb import render
    from cskb.kb.roster import load_roster, member_to_dict
    from cskb.render.team import roster_table

    kb = common.kb(ctx)
    members = [m for m in load_roster(kb.team_file) if all_ or m.active]
    if json:
        render.print_json([member_to_dict(m) for m in members])
    else:
        roster_table(members, common.settings(ctx).today)


@team_app.command("remove")
def remove(
    ctx: typer.Context,
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The member to mark inactive.")],
    no_commit: NoCommit = False,
) -> None:
    """Mark a member inactive; their history and reviews are kept (`cskb team back` undoes it).

    Example: cskb team remove ana
    """
    from cskb import render
    from cskb.kb.roster import set_active

    _save(ctx, lambda ms: set_active(ms, handle, False), f"cskb: mark {handle} inactive", no_commit)
    render.success(
        f"{handle} is now inactive (history kept); when they return: `cskb team back {handle}`"
    )


@team_app.command("away")
def away(
    ctx: typer.Context,
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The member who is away.")],
    until: Annotated[str, typer.Option("--until", help="Last day away, YYYY-MM-DD.")],
    from_: Annotated[
        str | None, typer.Option("--from", help="First day away, YYYY-MM-DD (default: today).")
    ] = None,
    no_commit: NoCommit = False,
) -> None:
    """Record that a member is away (left out of pairing while away).

    Example: cskb team away ana --from 2026-12-20 --until 2027-01-04
    """
    from cskb import render
    from cskb.errors import UsageError
    from cskb.kb.roster import add_away

    if not until:
        raise UsageError("--until is required: the last day away, like 2026-12-31")
    start = common.parse_date(from_, "--from") or common.settings(ctx).today
    end = common.parse_date(until, "--until")
    assert end is not None
    _save(
        ctx,
        lambda ms: add_away(ms, handle, start, end),
        f"cskb: {handle} away {start}..{end}",
        no_commit,
    )
    render.success(f"{handle} is away from {start} until {end}")


@team_app.command("back")
def back(
    ctx: typer.Context,
    handle: Annotated[str, typer.Argument(metavar="HANDLE", help="The member who is back.")],
    no_commit: NoCommit = False,
) -> None:
    """End a member's away window (and future ones), reactivate them, end a pause for inactivity.

    Example: cskb team back ana
    """
    import dataclasses

    from cskb import render
    from cskb.kb.roster import end_away, replace_member

    today = common.settings(ctx).today

    def update(ms: list[Member]) -> tuple[list[Member], Member]:
        ms, m = end_away(ms, handle, today)
        m = dataclasses.replace(m, active=True, back_on=today)
        return replace_member(ms, m), m

    _save(ctx, update, f"cskb: {handle} is back", no_commit)
    render.success(f"{handle} is back and active (paired again from the next cycle)")


def register(app: typer.Typer) -> None:
    app.add_typer(team_app, name="team")
