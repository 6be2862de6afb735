"""The `cskb` command: a thin Typer app. Each command group lives in its own module.

Start-up is kept short (see docs/performance.md): `main()` answers `--version` without
importing Typer, and runs the lazy app of `cli/root.py`, which builds a command only when
the command line names it and lists every command for `--help` without building any.
`app` (the whole app, built eagerly on first access) is what the tests and docs walk.
"""

from __future__ import annotations

import sys
from typing import Any

from cskb import __version__


def __getattr__(name: str) -> Any:
    if name == "app":
        from cskb.cli.root import build_app

        app = build_app()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    from cskb import interrupt

    interrupt.at_start()  # (already so when started as `cskb`; also when called directly)
    if sys.argv[1:] == ["--version"]:
        try:
            sys.stdout.write(f"cskb {__version__}\n")
            sys.stdout.flush()
        except (OSError, ValueError, AttributeError):
            sys.stderr.write("cskb: error: standard output is closed; nothing was printed\n")
            raise SystemExit(2) from None
        return
    from cskb.cli.errors import guard_stdout
    from cskb.cli.root import build_app

    guard_stdout()
    build_app(lazy=True)(prog_name="cskb")
