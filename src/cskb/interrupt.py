"""Ctrl-C at any moment: one line, exit 130, never a traceback.

While cskb starts (imports, building the command) nothing has been written, so an
interrupt then ends the process at once with the one line (`at_start`). Once a command
runs, Ctrl-C raises KeyboardInterrupt as usual, so temp files are removed and locks
released on the way out, and `cli/errors.py` prints the same line (`in_command`); when the
command is done, the immediate exit is back for the rest of the shutdown.

`cskb/__init__.py` installs the start-up handler itself, before any import, when the
process is the `cskb` command (the console script or `python -m cskb`), so the guard
begins with cskb's first line; before it, Python's own start-up (site, the console
script's `import re`, finding the package) is out of cskb's hands.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any


def _handler_is_ours(handler: object) -> bool:
    return bool(getattr(handler, "cskb_start", False))


def at_start() -> None:
    """From now until a command runs, Ctrl-C exits at once with one line and 130."""
    from cskb import _exit_now

    with contextlib.suppress(ValueError, OSError):  # not the main thread: leave it alone
        signal.signal(signal.SIGINT, _exit_now)


class _Pending:
    """Whether a Ctrl-C came while the command ran (even one Python swallowed)."""

    seen = False


def _raise(signum: int, frame: object) -> None:
    _Pending.seen = True
    raise KeyboardInterrupt


def _unraisable(previous: Callable[[Any], object]) -> Callable[[Any], object]:
    """Python cannot raise from `__del__` or a callback and prints "Exception ignored"
    instead; for Ctrl-C, say nothing there (the command stops after it, see below)."""

    def hook(info: Any) -> object:
        if isinstance(info.exc_value, KeyboardInterrupt):
            return None
        return previous(info)

    return hook


@contextlib.contextmanager
def in_command() -> Iterator[None]:
    """While the command runs, Ctrl-C raises KeyboardInterrupt (cleanup runs); one that
    landed where Python could not raise it (a `__del__`) or wrapped it in another error
    (`__set_name__` during a lazy import) still ends the command as interrupted. The immediate exit comes back afterwards. A no-op unless
    the start-up handler is in place."""
    try:
        handler = signal.getsignal(signal.SIGINT)
    except ValueError:
        handler = None
    if not _handler_is_ours(handler):
        yield
        return
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _unraisable(previous_hook)
    _Pending.seen = False
    signal.signal(signal.SIGINT, _raise)
    try:
        yield
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        if _Pending.seen:  # e.g. Python wrapped it (a RuntimeError from `__set_name__`)
            raise KeyboardInterrupt from exc
        raise
    else:
        if _Pending.seen:
            raise KeyboardInterrupt
    finally:
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signal.SIGINT, handler)
        sys.unraisablehook = previous_hook
