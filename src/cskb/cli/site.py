"""`cskb site`: the library and the dashboard as a static website."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cskb.cli import common


def site(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Argument(
            metavar="[OUT]",
            help="Folder for the site (default: .cskb/site in the KB; new, empty or the site cskb built there).",
        ),
    ] = None,
    include_drafts: Annotated[
        bool, typer.Option("--include-drafts", help="Also publish reviews still in draft.")
    ] = False,
    open_: Annotated[
        bool, typer.Option("--open", help="Open the dashboard in a web browser when built.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Build the library and the programme dashboard as a static website (no server needed).

    Example: cskb site public/ && python3 -m http.server -d public
    """
    from cskb import render
    from cskb.site.builder import build_site

    kb = common.kb(ctx)
    target = out if out is not None else kb.state_dir / "site"
    settings = common.settings(ctx)
    result = build_site(kb, target, settings.today, include_drafts, use_cache=settings.cache)
    if not result.search.ok:
        render.warn(result.search.message)
    for rel in result.unreadable:
        render.warn(f"{rel}: could not be read; left out (see `cskb check`)")
    if result.left_behind is not None:
        render.warn(
            f"{result.left_behind}: the old site was kept, it holds files cskb did not write; "
            "look at them and remove the folder yourself"
        )
    if json:
        render.print_json(result.as_dict())
    else:
        render.success(
            f"built {result.pages} pages ({result.reviews} reviews) into {result.out}; "
            f"open {result.out / 'index.html'}"
        )
    if open_:
        import webbrowser

        if not webbrowser.open((result.out / "index.html").as_uri()):
            render.notice("no web browser found; open the file above yourself")


def register(app: typer.Typer) -> None:
    app.command()(site)
