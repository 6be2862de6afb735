r"""The only place that builds rich output. Area modules live beside this one.

rich is imported lazily so that commands print fast; it honours NO_COLOR and
plain output when stdout is not a terminal.

Every string printed comes from a KB a colleague may have written, so the consoles
made here are the one chokepoint that neutralises terminal control characters: C0 and
C1 controls (ESC, BEL, OSC 52 clipboard writes, CSI...) except newline and tab, and the
bidirectional overrides, are shown as visible escapes like `\x1b` instead of being sent
to the terminal. `print_json` escapes the same characters as JSON `\u` escapes. It is
also where secrets are kept out of the output: every message, rendered buffer and JSON
document goes through `cskb.redact.redact` (a Slack webhook URL shows at most its host).
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import TYPE_CHECKING, Any

from cskb.redact import redact

if TYPE_CHECKING:
    from rich.console import Console

_OUT: Console | None = None
_ERR: Console | None = None

# C0 controls but \t and \n, DEL, C1 controls, and the bidi embedding/override/isolate marks.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(text: str) -> str:
    """`text` with terminal control characters replaced by visible escapes."""
    return CONTROL_RE.sub(_visible, text) if CONTROL_RE.search(text) else text


def _console(file: Any, soft_wrap: bool) -> Console:
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A Console that neutralises control characters in everything it renders, and
        leaves a broken pipe to `cli.errors` (exit 0 for every command) instead of rich's
        own exit 1."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(32, "the reader of the output went away")

        def _render_buffer(self, buffer: Any) -> str:
            return redact(
                super()._render_buffer(
                    Segment(neutralise(seg.text), seg.style, seg.control)
                    if not seg.control
                    else seg
                    for seg in buffer
                )
            )

    return SafeConsole(file=file, highlight=False, soft_wrap=soft_wrap)


def out() -> Console:
    global _OUT
    if _OUT is None or _OUT.file is not sys.stdout:
        _OUT = _console(sys.stdout, soft_wrap=False)
    return _OUT


def err() -> Console:
    global _ERR
    if _ERR is None or _ERR.file is not sys.stderr:
        _ERR = _console(sys.stderr, soft_wrap=True)
    return _ERR


def _default(obj: Any) -> Any:
    if hasattr(obj, "as_dict"):
        return obj.as_dict()
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    return str(obj)


def _finite(obj: Any) -> Any:
    """`obj` with NaN and infinities as null: JSON has no such numbers."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def print_json(data: Any) -> None:
    """Machine output: plain JSON on stdout, UTF-8 kept readable; never NaN, and no raw
    terminal control characters (json already escapes C0; C1 and bidi marks are escaped here)."""
    try:
        text = json.dumps(data, ensure_ascii=False, indent=2, default=_default, allow_nan=False)
    except ValueError:
        text = json.dumps(
            _finite(json.loads(json.dumps(data, ensure_ascii=False, default=_default))),
            ensure_ascii=False,
            indent=2,
            allow_nan=False,
        )
    sys.stdout.write(redact(CONTROL_RE.sub(_json_escape, text)) + "\n")
    sys.stdout.flush()


def error(message: str) -> None:
    """The one-line error format: `cskb: error: ...` in red on stderr."""
    from rich.markup import escape

    err().print(f"[bold red]cskb: error:[/] {escape(redact(message))}")


def warn(message: str) -> None:
    from rich.markup import escape

    err().print(f"[yellow]warning:[/] {escape(redact(message))}")


def notice(message: str) -> None:
    from rich.markup import escape

    err().print(f"[dim]{escape(redact(message))}[/]")


def success(message: str) -> None:
    from rich.markup import escape

    out().print(f"[green]✓[/] {escape(redact(message))}")


def committed(commit: Any) -> None:
    """Say which commit a write command made (or that it made none)."""
    if commit is None:
        notice("nothing new to commit")
    else:
        notice(f"committed {commit.sha[:8]}: {commit.message}")
