"""cskb: a peer call-review programme kept in a git repository of Markdown files."""

__version__ = "0.1.0"

from cskb import interrupt as _interrupt  # noqa: E402  (after __version__, needed by nothing)

if _interrupt.is_the_command():
    _interrupt.at_start()  # Ctrl-C from cskb's first line on: one line, exit 130
