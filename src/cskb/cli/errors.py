"""The one place that maps exceptions to messages and exit codes.

CskbError -> its one-line message, exit code from the class (2, or 1 for failed checks);
Ctrl-C -> 130; anything unexpected -> a short report, exit 3 (traceback with --verbose).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any

import typer

from cskb.errors import CskbError

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def handle_errors(ctx: typer.Context, call: Callable[[], Any]) -> Any:
    from cskb import render

    try:
        return call()
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except CskbError as exc:
        if exc.message:
            render.error(exc.message)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        render.error("interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(0) from None
    except Exception as exc:
        verbose = bool((ctx.obj or {}).get("verbose"))
        if verbose:
            traceback.print_exc()
        render.error(
            f"unexpected {type(exc).__name__}: {exc}"
            + (
                ""
                if verbose
                else " (run again with --verbose for the traceback, and please report it)"
            )
        )
        raise typer.Exit(EXIT_INTERNAL) from None
