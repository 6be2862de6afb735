"""The only place that builds rich output. Area modules live beside this one.

rich is imported lazily so that commands print fast; it honours NO_COLOR and
plain output when stdout is not a terminal.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

_OUT: Console | None = None
_ERR: Console | None = None


def out() -> Console:
    global _OUT
    from rich.console import Console

    if _OUT is None or _OUT.file is not sys.stdout:
        _OUT = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    return _OUT


def err() -> Console:
    global _ERR
    from rich.console import Console

    if _ERR is None or _ERR.file is not sys.stderr:
        _ERR = Console(file=sys.stderr, highlight=False, soft_wrap=True)
    return _ERR


def _default(obj: Any) -> Any:
    if hasattr(obj, "as_dict"):
        return obj.as_dict()
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    return str(obj)


def print_json(data: Any) -> None:
    """Machine output: plain JSON on stdout, UTF-8 kept readable."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")
    sys.stdout.flush()


def error(message: str) -> None:
    """The one-line error format: `cskb: error: ...` in red on stderr."""
    from rich.markup import escape

    err().print(f"[bold red]cskb: error:[/] {escape(message)}")


def warn(message: str) -> None:
    from rich.markup import escape

    err().print(f"[yellow]warning:[/] {escape(message)}")


def notice(message: str) -> None:
    from rich.markup import escape

    err().print(f"[dim]{escape(message)}[/]")


def success(message: str) -> None:
    from rich.markup import escape

    out().print(f"[green]✓[/] {escape(message)}")


def committed(commit: Any) -> None:
    """Say which commit a write command made (or that it made none)."""
    if commit is None:
        notice("nothing new to commit")
    else:
        notice(f"committed {commit.sha[:8]}: {commit.message}")
