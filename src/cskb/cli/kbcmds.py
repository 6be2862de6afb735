"""Knowledge-base commands: init, whoami, sync, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cskb.cli import common
from cskb.cli.common import Json

NoCommit = Annotated[
    bool, typer.Option("--no-commit", help="Write the files but do not commit them.")
]


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder for the new knowledge base.")
    ] = Path("."),
    github: Annotated[
        bool,
        typer.Option(
            "--github",
            help="Also write the issue forms and their workflow (see docs/forms.md).",
        ),
    ] = False,
    no_commit: NoCommit = False,
) -> None:
    """Create a knowledge base (git init if needed); never overwrites a file.

    Example: cskb init reviews-kb --github
    """
    from cskb import render
    from cskb.kb.initkb import init_kb

    result = init_kb(directory, commit=not no_commit)
    for rel in result.created:
        render.success(f"created {rel}")
    for rel in result.kept:
        render.notice(f"kept existing {rel}")
    if not no_commit:
        render.committed(result.commit)
    if github:
        from cskb.forms.issueyaml import write_forms
        from cskb.kb.layout import open_kb

        files, commit = write_forms(open_kb(directory), workflow=True, commit=not no_commit)
        for f in files:
            (render.notice if f.state.startswith("hand") else render.success)(
                f"{f.path}: {f.state}"
            )
        if commit is not None:
            render.committed(commit)
    render.out().print(
        f"\nNext: cd {directory} && cskb team add HANDLE --name 'Full Name' --email EMAIL"
    )


def whoami(ctx: typer.Context, json: Json = False) -> None:
    """Show the current member (from --as, CSKB_USER, or git user.email).

    Example: cskb whoami --json
    """
    from cskb import render
    from cskb.kb.identity import current_member
    from cskb.kb.roster import load_roster, member_to_dict
    from cskb.render.team import member_panel

    kb = common.kb(ctx)
    member, source = current_member(load_roster(kb.team_file), common.settings(ctx).user, kb.root)
    if json:
        render.print_json({**member_to_dict(member), "source": source})
    else:
        member_panel(member, source)


def sync(
    ctx: typer.Context,
    remote: Annotated[
        str | None,
        typer.Option(help="Remote name (default: the branch's upstream, else the first remote)."),
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds before a network step is given up.")
    ] = 60.0,
) -> None:
    """Pull --rebase then push, for teams sharing a remote; never prompts for credentials.

    Example: cskb sync
    """
    from cskb import render
    from cskb.adapters import vcs

    kb = common.kb(ctx)
    with kb.write_lock():
        from cskb.reviews.coffee import merge_records

        result = vcs.sync(kb.root, remote, timeout, resolve=merge_records)
    render.success(
        f"synced {result.branch} with {result.remote}: {result.pulled} commit(s) pulled, "
        f"{result.pushed} pushed"
    )


def demo(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="A new or empty folder for the demo KB.")
    ],
    members: Annotated[int, typer.Option(help="How many team members.")] = 12,
    cycles: Annotated[
        int | None,
        typer.Option(help="How many cycles of history (default 6, or enough for --reviews)."),
    ] = None,
    reviews: Annotated[
        int | None,
        typer.Option(help="Exactly this many reviews (default: about one per member per cycle)."),
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed and date give the same KB.")
    ] = 7,
    json: Json = False,
) -> None:
    """Write a realistic synthetic knowledge base (multilingual reviews) and commit it.

    Example: cskb demo /tmp/demo-kb --members 40 --reviews 1000
    """
    from cskb import render
    from cskb.kb.demo import make_demo

    today = common.settings(ctx).today
    result = make_demo(directory, today, members=members, cycles=cycles, reviews=reviews, seed=seed)
    summary = {
        "path": str(result.root),
        "members": result.members,
        "cycles": result.cycles,
        "calls": result.calls,
        "reviews": result.reviews,
        "coffees": result.coffees,
        "commit": result.commit.sha if result.commit else None,
    }
    if json:
        render.print_json(summary)
    else:
        render.success(
            f"demo KB in {result.root}: {result.members} members, {result.cycles} cycles, "
            f"{result.calls} calls, {result.reviews} reviews, {result.coffees} coffees"
        )


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(whoami)
    app.command()(sync)
    app.command()(demo)
