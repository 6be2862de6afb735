"""Small helpers shared by the command modules: settings, opening the KB, the current member,
and the options several commands share (`--json`, `--no-commit`, `--edit/--no-edit`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# Options several command modules share, with one wording.
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
NoCommit = Annotated[bool, typer.Option("--no-commit", help="Write the file but do not commit it.")]
Edit = Annotated[
    bool | None,
    typer.Option("--edit/--no-edit", help="Open $VISUAL/$EDITOR (default: only on a terminal)."),
]

CYCLE_HELP = "current, last, or a start date like 2026-11-23 or 20261123"
Cycle = Annotated[
    str | None,
    typer.Option(
        "--cycle", metavar="CYCLE", help=f"The cycle: {CYCLE_HELP} (default: the current one)."
    ),
]
CycleFilter = Annotated[
    str | None,
    typer.Option("--cycle", metavar="CYCLE", help=f"Only this cycle: {CYCLE_HELP}."),
]
CycleArg = Annotated[
    str | None,
    typer.Argument(metavar="[CYCLE]", help=f"The cycle: {CYCLE_HELP} (default: the current one)."),
]

if TYPE_CHECKING:  # imported where used, so that `cskb --help` does not load them
    from cskb.kb.layout import Kb
    from cskb.models import Member
    from cskb.settings import Settings


def settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    obj = root.obj or {}
    s = obj.get("settings")
    if s is None:  # called without the root callback (e.g. a sub-app in a test)
        from cskb.settings import load_settings

        s = load_settings()
        root.obj = {**obj, "settings": s}
    return s


def kb(ctx: typer.Context) -> Kb:
    """Open the KB for this command (flag > CSKB_DIR > discovery)."""
    from cskb.kb.layout import open_kb

    s = settings(ctx)
    return open_kb(Path.cwd(), s.kb_dir)


def me(ctx: typer.Context, the_kb: Kb) -> Member:
    """The current member (--as > CSKB_USER > git user.email)."""
    from cskb.kb.identity import current_member
    from cskb.kb.roster import load_roster

    return current_member(load_roster(the_kb.team_file), settings(ctx).user, the_kb.root)[0]


def parse_date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    from cskb.adapters.store import DATE_MAX, DATE_MIN, in_date_range
    from cskb.errors import UsageError

    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date like 2026-11-16") from None
    if not in_date_range(day):
        raise UsageError(
            f"{option} {text!r} is out of range; use a date from {DATE_MIN} to {DATE_MAX}"
        )
    return day


def split_list(values: list[str] | None) -> list[str]:
    """`--tags a,b --tags c` -> ['a', 'b', 'c']."""
    out: list[str] = []
    for v in values or []:
        out.extend(p for p in (s.strip() for s in v.split(",")) if p)
    return out


def cycle(ctx: typer.Context, text: str | None, option: str = "--cycle") -> str | None:
    """A `--cycle` value (or CYCLE argument) as the cycle's ISO start date through the one
    shared parser (`pairing.cycles.resolve_cycle_id`); None when it was not given."""
    if text is None:
        return None
    from cskb.pairing.cycles import resolve_cycle_id

    return resolve_cycle_id(kb(ctx).cycles_dir, text, settings(ctx).today, option)
