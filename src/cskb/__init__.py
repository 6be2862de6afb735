"""cskb: a peer call-review programme kept in a git repository of Markdown files."""

import os as _os  # both already loaded by Python's start-up: no import machinery runs
import sys as _sys

__version__ = "0.1.0"


def _exit_now(signum: int, frame: object) -> None:
    """Ctrl-C while cskb starts (nothing written yet): one line, exit 130 at once."""
    try:
        _os.write(2, b"cskb: error: interrupted\n")
    finally:
        _os._exit(130)


_exit_now.cskb_start = True  # type: ignore[attr-defined]

if _sys.argv and (
    _sys.argv[0] == "-m" or _os.path.basename(_sys.argv[0]) in ("cskb", "cskb.exe", "__main__.py")
):
    # This process is the `cskb` command: guard Ctrl-C from cskb's very first line, before
    # any import (see interrupt.py). `_signal` is built in and always loaded.
    import _signal

    try:  # noqa: SIM105  (contextlib is not loaded yet)
        _signal.signal(_signal.SIGINT, _exit_now)
    except (ValueError, OSError):  # not the main thread
        pass
