"""`cskb server status|stop`: the resident search process of this KB."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from cskb.cli import common

server_app = typer.Typer(
    help="The resident search process of this KB (started by searches, exits when idle).",
    no_args_is_help=True,
)


@server_app.command()
def status(
    ctx: typer.Context,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show whether a search server answers for this KB, and since when.

    Example: cskb server status
    """
    from cskb import render
    from cskb.search import client

    answer = client.request(common.kb(ctx), {"op": "status"}, timeout=5)
    data = {"running": answer is not None, **({} if answer is None else answer)}
    data.pop("ok", None)
    if json:
        render.print_json(data)
    elif answer is None:
        render.success("no search server is running for this KB")
    else:
        up = int(time.time() - float(answer.get("since", time.time())))
        render.success(
            f"search server {answer.get('pid')} ({answer.get('version')}), up {up}s, "
            f"{answer.get('served')} search(es), {answer.get('documents')} review(s) indexed"
        )


@server_app.command()
def stop(ctx: typer.Context) -> None:
    """Stop this KB's search server (the next search starts a new one when allowed).

    Example: cskb server stop
    """
    from cskb import render
    from cskb.search import client

    pid = client.stop(common.kb(ctx))
    if pid is None:
        render.success("no search server is running for this KB")
    else:
        render.success(f"stopped search server {pid}")


def register(app: typer.Typer) -> None:
    app.add_typer(server_app, name="server")
