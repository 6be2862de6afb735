"""Starting the user's editor safely: `shlex`-split, the file as its own argument, no shell."""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cskb.errors import UsageError


@dataclass(frozen=True)
class EditOutcome:
    ran: bool
    exit_code: int | None
    reason: str  # why it did not run, or what went wrong


def edit(path: Path, editor: str | None, allowed: bool) -> EditOutcome:
    """Open `path` in `editor` and wait. Never raises for the editor's own failure: the
    file is on disk before the editor starts and cskb never rewrites what was typed."""
    if not allowed:
        return EditOutcome(False, None, "not a terminal (or CI is set), so no editor was opened")
    if not editor:
        return EditOutcome(
            False, None, "no editor: set $VISUAL or $EDITOR (for example EDITOR=nano)"
        )
    try:
        argv = shlex.split(editor)
    except ValueError as exc:
        raise UsageError(
            f"$VISUAL/$EDITOR {editor!r} cannot be parsed ({exc}); fix the variable"
        ) from None
    try:
        code = subprocess.call([*argv, str(path)])
    except FileNotFoundError:
        return EditOutcome(False, None, f"editor {argv[0]!r} was not found; check $VISUAL/$EDITOR")
    except PermissionError:
        return EditOutcome(False, None, f"editor {argv[0]!r} cannot be run (permission denied)")
    if code != 0:
        return EditOutcome(True, code, f"the editor exited with status {code}")
    return EditOutcome(True, 0, "")
