"""The `cskb` command: a thin Typer app. Each command group lives in its own module."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cskb import __version__
from cskb.cli.errors import EXIT_USAGE, bad_argument, guard_stdout, handle_errors
from cskb.cli.helpfmt import exit_codes_epilog
from cskb.settings import load_settings


class CskbGroup(TyperGroup):
    """Runs every command inside the one error handler; tidies the help of the whole tree."""

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


app = typer.Typer(
    name="cskb",
    cls=CskbGroup,
    help="Run a customer-success team's peer call-review programme from a git repo of Markdown files.",
    no_args_is_help=True,
    add_completion=True,
    epilog=exit_codes_epilog(),
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cskb {__version__}")
        raise typer.Exit()


@app.callback()
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
    ctx.obj = {"verbose": verbose}
    ctx.obj["settings"] = load_settings(kb_flag=kb, as_flag=as_, verbose=verbose)


def _register() -> None:
    from cskb.cli import calibrate, check, kbcmds, pair, playbook, review, search, site, stats, team

    for module in (kbcmds, team, pair, review, check, search, stats, site, calibrate, playbook):
        module.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    guard_stdout()
    app(prog_name="cskb")
