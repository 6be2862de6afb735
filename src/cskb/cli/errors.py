"""The one place that maps exceptions to messages and exit codes.

CskbError -> its one-line message, exit code from the class (2, or 1 for failed checks);
Ctrl-C -> 130; anything unexpected -> a short report, exit 3 (traceback with --verbose).
Output problems are handled here too, for every command: a reader that went away
(`cskb X | head -1`, a broken pipe) ends the command quietly with 0; a closed stdout
(`cskb team list >&-`) is an error on stderr, exit 2, because the output was lost.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import typer

from cskb.errors import CskbError

EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class ClosedStream:
    """Stands in for a standard stream whose descriptor is closed: every write fails."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _stdout_closed() -> bool:
    if sys.stdout is None or isinstance(sys.stdout, ClosedStream):
        return True
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return False  # not a real file (e.g. a test runner's buffer)
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def guard_stdout() -> None:
    """Make writes to a closed stdout fail loudly instead of vanishing."""
    if _stdout_closed():
        sys.stdout = ClosedStream()


def silence_stdout() -> None:
    """The reader went away: send whatever is still buffered to /dev/null so Python's
    final flush does not print a second error."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _is_broken_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (
        isinstance(exc, OSError) and exc.errno == errno.EPIPE
    )


def bad_argument(args: Sequence[str]) -> str | None:
    """A one-line message when a command-line argument holds bytes that are not UTF-8
    (Python hands them over as lone surrogates), else None."""
    for i, arg in enumerate(args, 1):
        if isinstance(arg, str) and any("\udc80" <= ch <= "\udcff" for ch in arg):
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            return f"argument {i} ({shown}) is not valid UTF-8 text; retype it in UTF-8"
    return None


def handle_errors(ctx: typer.Context, call: Callable[[], Any]) -> Any:
    from cskb import render
    from cskb.interrupt import in_command

    try:
        with in_command():
            result = call()
        if sys.stdout is not None:
            sys.stdout.flush()
        return result
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except CskbError as exc:
        if exc.message:
            render.error(exc.message)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        render.error("interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as exc:
        if _is_broken_pipe(exc):
            silence_stdout()
            raise typer.Exit(0) from None
        if exc.errno == errno.EBADF and _stdout_closed():
            render.error(
                "standard output is closed, so the output was lost; run the command with an open stdout"
            )
            raise typer.Exit(EXIT_USAGE) from None
        return _unexpected(ctx, exc)
    except OverflowError as exc:
        # dates are range-checked where they enter; this is the net for arithmetic on them
        render.error(
            f"a date or number is out of range ({exc}); use dates from 1900-01-01 to 2999-12-31"
        )
        raise typer.Exit(EXIT_USAGE) from None
    except UnicodeEncodeError as exc:
        if any("\udc80" <= ch <= "\udcff" for ch in str(exc.object)):
            render.error("a value is not valid UTF-8 text; retype it in UTF-8")
            raise typer.Exit(EXIT_USAGE) from None
        return _unexpected(ctx, exc)
    except Exception as exc:
        return _unexpected(ctx, exc)


def _unexpected(ctx: typer.Context, exc: Exception) -> Any:
    from cskb import render
    from cskb.redact import redact

    verbose = bool((ctx.obj or {}).get("verbose"))
    if verbose:
        sys.stderr.write(redact("".join(traceback.format_exception(exc))))
    render.error(
        f"unexpected {type(exc).__name__}: {exc}"
        + ("" if verbose else " (run again with --verbose for the traceback, and please report it)")
    )
    raise typer.Exit(EXIT_INTERNAL) from None
