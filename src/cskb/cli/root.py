"""The Typer app: global options, the one error handler, and the command modules.

Two ways to build it from the same modules, in the same order. `build_app()` registers
every command eagerly (the tests and the docs check walk it). `build_app(lazy=True)` is what
`cskb` runs: its group builds a command from its module only when the command line names it
(so `cskb search` never builds the other commands' parameters) and lists all of them for
`--help` from their registrations (name and docstring) without building any.

A new command module: add its name to `MODULES`; it needs a `register(app)` function.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

from cskb import __version__
from cskb.cli.errors import EXIT_USAGE, bad_argument, handle_errors

# The modules registering commands, in --help order.
MODULES = (
    "kbcmds",
    "team",
    "pair",
    "review",
    "coaching",
    "check",
    "search",
    "stats",
    "site",
    "calibrate",
    "playbook",
    "round",
    "growth",
    "forms",
)
# Where some commands live, so that running one imports only its module first (any command
# is found without a hint: then every module is asked in turn).
HINTS = {
    "goals": "coaching",
    "search": "search",
    "index": "search",
    "check": "check",
    "status": "check",
    "stats": "stats",
    "site": "site",
    "calibrate": "calibrate",
    "playbook": "playbook",
    "remind": "round",
    "retro": "round",
    "member": "growth",
    "assess": "growth",
    "path": "growth",
    "forms": "forms",
}

Row = tuple[str, str, str | None]  # name, help, short help


class CskbGroup(TyperGroup):
    """Runs every command inside the one error handler; tidies the help of the whole tree
    (placeholders, whole summaries, completion: `cli/helpfmt.py`); refuses arguments that
    are not text before click sees them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from cskb.cli.helpfmt import tidy

        tidy(self)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        return handle_errors(ctx, lambda: super(CskbGroup, self).invoke(ctx))

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        problem = bad_argument(args)
        if problem:
            from cskb import render

            render.error(problem)
            raise typer.Exit(EXIT_USAGE)
        return super().parse_args(ctx, args)


class LazyCskbGroup(CskbGroup):
    """Builds each command from its module on first use; lists them without building."""

    def resolve_command(self, ctx: _click.Context, args: list[str]) -> Any:
        # Typer suggests from the commands built so far, which here are none: suggest from
        # every command's name instead ("No such command 'reviw'. Did you mean 'review'?")
        try:
            return super().resolve_command(ctx, args)
        except _click.exceptions.UsageError as exc:
            if args and "Did you mean" not in exc.message:
                from difflib import get_close_matches

                near = get_close_matches(args[0], self.list_commands(ctx))
                if near:
                    listed = ", ".join(repr(m) for m in near)
                    exc.message = f"{exc.message.rstrip('.')}. Did you mean {listed}?"
            raise

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return [name for name, _, _ in catalogue()]

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        if cmd_name not in self.commands:
            built = build_command(cmd_name)
            if built is None:
                return None
            from cskb.cli.helpfmt import tidy

            tidy(built)
            self.commands[cmd_name] = built
        return self.commands[cmd_name]

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        # what TyperGroup.format_commands writes, from plain click commands holding the help
        rows = [(n, TyperCommand(name=n, help=h, short_help=s)) for n, h, s in catalogue()]
        if rows:
            with formatter.section("Commands"):
                # whole first paragraphs: click would cut summaries at the terminal's width
                formatter.write_dl([(n, _summary(c)) for n, c in rows])


def _summary(command: TyperCommand) -> str:
    if command.short_help:
        return command.short_help
    return " ".join((command.help or "").strip().split("\n\n")[0].split())


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cskb {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    kb: Annotated[
        str | None,
        typer.Option(
            "--kb",
            metavar="PATH",
            envvar="CSKB_DIR",
            show_envvar=True,
            help="The knowledge base folder (default: found upwards from here).",
        ),
    ] = None,
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="HANDLE",
            envvar="CSKB_USER",
            show_envvar=True,
            help="Act as this member (default: the member whose email is git user.email).",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show tracebacks for unexpected errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Run a customer-success team's peer call-review programme from a git repo of Markdown files."""
    from cskb.settings import load_settings

    ctx.obj = {"verbose": verbose}
    ctx.obj["settings"] = load_settings(kb_flag=kb, as_flag=as_, verbose=verbose)


def _typer(cls: type[TyperGroup] | None = None, top: bool = False) -> typer.Typer:
    from cskb.cli.helpfmt import exit_codes_epilog

    return typer.Typer(
        name="cskb",
        cls=cls,
        help="Run a customer-success team's peer call-review programme from a git repo of Markdown files.",
        no_args_is_help=True,
        add_completion=top,
        epilog=exit_codes_epilog() if top else None,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


def _register(module: str) -> Callable[[typer.Typer], None]:
    return importlib.import_module(f"cskb.cli.{module}").register


_module_apps: dict[str, typer.Typer] = {}


def module_app(module: str) -> typer.Typer:
    """A Typer holding one module's commands: registered, not built."""
    found = _module_apps.get(module)
    if found is None:
        found = _module_apps[module] = _typer()
        found.callback()(_nothing)  # always a group, even with a single command
        _register(module)(found)
    return found


def _nothing() -> None:
    """Placeholder callback."""


def _rows(sub: typer.Typer) -> tuple[list[Row], list[Row]]:
    """(commands, groups) of a module as (name, help, short help), hidden ones left out."""
    from typer.main import get_command_name, solve_typer_info_help

    commands: list[Row] = [
        (
            c.name or get_command_name(c.callback.__name__ if c.callback else ""),
            c.help if c.help is not None else inspect.getdoc(c.callback) or "",
            c.short_help,
        )
        for c in sub.registered_commands
        if not c.hidden
    ]
    groups: list[Row] = [
        (g.name, solve_typer_info_help(g), None)
        for g in sub.registered_groups
        if isinstance(g.name, str) and g.hidden is not True
    ]
    return commands, groups


def catalogue() -> list[Row]:
    """Every command as Typer lists them: the plain commands of every module, then groups."""
    commands: list[Row] = []
    groups: list[Row] = []
    for module in MODULES:
        c, g = _rows(module_app(module))
        commands += c
        groups += g
    return commands + groups


def build_command(name: str) -> _click.Command | None:
    """The click command `name`, built from the one module registering it."""
    hint = HINTS.get(name)
    for module in ([hint] if hint else []) + [m for m in MODULES if m != hint]:
        sub = module_app(module)
        commands, groups = _rows(sub)
        if any(n == name for n, _, _ in commands + groups):
            group = typer.main.get_command(sub)
            return group.commands.get(name)  # type: ignore[attr-defined]
    return None


def build_app(lazy: bool = False) -> typer.Typer:
    """The whole app: every command registered now, or (`lazy`) built on first use."""
    app = _typer(LazyCskbGroup if lazy else CskbGroup, top=True)
    app.callback()(root)
    if not lazy:
        for module in MODULES:
            _register(module)(app)
    return app
