"""Starting the user's editor safely: `shlex`-split, the file as its own argument, no shell.

As git does, cskb ignores Ctrl-C while the editor runs, so the editor decides what Ctrl-C
means; an editor killed by a signal is reported as an interruption. The file is on disk
before the editor starts and nothing here ever rewrites it.
"""

from __future__ import annotations

import contextlib
import enum
import shlex
import signal
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cskb.errors import UsageError


class Outcome(enum.Enum):
    SKIPPED = "skipped"  # not wanted: not a terminal, CI set, or --no-edit
    NO_EDITOR = "no-editor"  # wanted, but neither $VISUAL nor $EDITOR is set
    NOT_RUNNABLE = "not-runnable"  # the editor program is missing or cannot be run
    FAILED = "failed"  # the editor exited with a non-zero status
    INTERRUPTED = "interrupted"  # the editor was killed by a signal (Ctrl-C)
    EDITED = "edited"  # the editor ran and exited 0


@dataclass(frozen=True)
class EditOutcome:
    outcome: Outcome
    exit_code: int | None
    reason: str  # why it did not run, or what went wrong; empty when edited

    @property
    def ran(self) -> bool:
        return self.outcome in (Outcome.EDITED, Outcome.FAILED, Outcome.INTERRUPTED)

    @property
    def failed(self) -> bool:
        """The user wanted the editor and it did not finish cleanly."""
        return self.outcome not in (Outcome.SKIPPED, Outcome.EDITED)


def wanted(interactive: bool, ci: bool, requested: bool | None) -> tuple[bool, str]:
    """Whether to open the editor, and why not: never under CI; `--edit`/`--no-edit` decide
    when given (`--edit` also serves GUI editors such as `code --wait` without a terminal);
    otherwise only when stdin and stdout are terminals."""
    if ci:
        return False, "CI is set, so no editor was opened"
    if requested is not None:
        return requested, "" if requested else "--no-edit was given"
    if not interactive:
        return False, "not a terminal, so no editor was opened"
    return True, ""


def argv_for(editor: str, path: Path) -> list[str]:
    """The editor command split like a shell would, with `path` as its own last argument."""
    try:
        argv = shlex.split(editor)
    except ValueError as exc:
        raise UsageError(
            f"$VISUAL/$EDITOR {editor!r} cannot be parsed ({exc}); fix the variable"
        ) from None
    if not argv:
        raise UsageError("$VISUAL/$EDITOR is blank; set it to an editor, for example EDITOR=nano")
    return [*argv, str(path)]


@contextlib.contextmanager
def _ignoring_interrupts() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
    old_quit = signal.signal(signal.SIGQUIT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old_int)
        signal.signal(signal.SIGQUIT, old_quit)


def _restore_default_interrupts() -> None:  # in the child, before exec
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def edit(
    path: Path,
    editor: str | None,
    *,
    interactive: bool,
    ci: bool = False,
    requested: bool | None = None,
) -> EditOutcome:
    """Open `path` in `editor` and wait. Never raises for the editor's own failure (only for
    an unparseable editor variable): the caller decides what the outcome means."""
    go, why = wanted(interactive, ci, requested)
    if not go:
        return EditOutcome(Outcome.SKIPPED, None, why)
    if not editor or not editor.strip():
        return EditOutcome(
            Outcome.NO_EDITOR, None, "no editor: set $VISUAL or $EDITOR (for example EDITOR=nano)"
        )
    argv = argv_for(editor, path)
    try:
        with _ignoring_interrupts():
            code = subprocess.call(argv, preexec_fn=_restore_default_interrupts)  # noqa: PLW1509
    except FileNotFoundError:
        return EditOutcome(
            Outcome.NOT_RUNNABLE, None, f"editor {argv[0]!r} was not found; check $VISUAL/$EDITOR"
        )
    except PermissionError:
        return EditOutcome(
            Outcome.NOT_RUNNABLE, None, f"editor {argv[0]!r} cannot be run (permission denied)"
        )
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        return EditOutcome(Outcome.INTERRUPTED, code, f"the editor was stopped by {name}")
    if code != 0:
        return EditOutcome(Outcome.FAILED, code, f"the editor exited with status {code}")
    return EditOutcome(Outcome.EDITED, 0, "")
