"""Ctrl-C at any moment: one line, exit 130, never a traceback.

While cskb starts (imports, building the command) nothing has been written, so an
interrupt then ends the process at once with the one line (`at_start`). Once a command
runs, Ctrl-C raises KeyboardInterrupt as usual, so temp files are removed and locks
released on the way out, and `cli/errors.py` prints the same line (`in_command`); when the
command is done, the immediate exit is back for the rest of the shutdown.

`cskb/__init__.py` calls `at_start` when the process is the `cskb` command (the console
script or `python -m cskb`), so the guard begins with cskb's first line of code; before it,
Python's own start-up (and the console script's `import re`) is out of cskb's hands. Only
modules Python has already loaded by then are imported here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from types import FrameType

LINE = b"cskb: error: interrupted\n"
EXIT_INTERRUPTED = 130


def _exit_now(signum: int, frame: FrameType | None) -> None:
    with contextlib.suppress(OSError):
        os.write(2, LINE)
    os._exit(EXIT_INTERRUPTED)


def is_the_command() -> bool:
    """True when this process is `cskb` itself (not a program importing the package)."""
    argv0 = sys.argv[0] if sys.argv else ""
    return argv0 == "-m" or os.path.basename(argv0) in ("cskb", "cskb.exe", "__main__.py")


def at_start() -> None:
    """From now until a command runs, Ctrl-C exits at once with one line and 130."""
    with contextlib.suppress(ValueError, OSError):  # not the main thread: leave it alone
        signal.signal(signal.SIGINT, _exit_now)


@contextlib.contextmanager
def in_command() -> Iterator[None]:
    """While the command runs, Ctrl-C raises KeyboardInterrupt (cleanup runs); the
    immediate exit comes back afterwards. A no-op unless `at_start` was called."""
    try:
        started = signal.getsignal(signal.SIGINT) is _exit_now
    except ValueError:
        started = False
    if started:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        if started:
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signal.SIGINT, _exit_now)
