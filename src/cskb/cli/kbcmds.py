"""Knowledge-base commands: init, whoami, sync, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cskb.cli import common

NoCommit = Annotated[bool, typer.Option("--no-commit", help="Write the files but do not commit them.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new knowledge base.")] = Path("."),
    no_commit: NoCommit = False,
) -> None:
    """Create a knowledge base (git init if needed); never overwrites a file.

    Example: cskb init reviews-kb
    """
    from cskb import render
    from cskb.initkb import init_kb

    result = init_kb(directory, commit=not no_commit)
    for rel in result.created:
        render.success(f"created {rel}")
    for rel in result.kept:
        render.notice(f"kept existing {rel}")
    if not no_commit:
        render.committed(result.commit)
    render.out().print(f"\nNext: cd {directory} && cskb team add HANDLE --name 'Full Name' --email EMAIL")


def whoami(ctx: typer.Context, json: Json = False) -> None:
    """Show the current member (from --as, CSKB_USER, or git user.email).

    Example: cskb whoami --json
    """
    from cskb import render
    from cskb.identity import current_member
    from cskb.render.team import member_panel
    from cskb.roster import load_roster, member_to_dict

    kb = common.kb(ctx)
    member, source = current_member(load_roster(kb.team_file), common.settings(ctx).user, kb.root)
    if json:
        render.print_json({**member_to_dict(member), "source": source})
    else:
        member_panel(member, source)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(whoami)
