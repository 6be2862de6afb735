"""How `--help` reads: placeholders instead of Python types, whole command summaries,
shell completion from the KB, and the exit codes.

Applied once to the whole click command tree (`tidy`), so every command, including ones
added later, gets the same treatment without repeating it at each option.
"""

from __future__ import annotations

from typing import Any

from cskb.errors import ChecksFailed, UsageError

DATE_OPTIONS = {"date", "since", "until", "joined", "from_"}


def exit_codes_epilog() -> str:
    """The exit codes, as `cli/errors.py` maps them (`\\b` keeps click from rewrapping)."""
    from cskb.cli.errors import EXIT_INTERNAL, EXIT_INTERRUPTED

    return (
        "\b\nExit codes:\n"
        "  0    success\n"
        f"  {ChecksFailed.exit_code}    `cskb check` (or `cskb index --verify`) found problems\n"
        f"  {UsageError.exit_code}    a user error: bad argument or file, not a KB, git refused\n"
        f"  {EXIT_INTERNAL}    an unexpected error (`--verbose` shows the traceback)\n"
        f"  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)"
    )


def _base(metavar: str) -> str:
    return metavar.replace("[", "").replace("]", "").replace(".", "").strip()


def _tidy_argument(param: Any) -> None:
    base = _base(param.metavar or param.name or "ARG").upper()
    piece = base if param.required else f"[{base}]"
    if param.nargs != 1:
        piece += "..."
    param.metavar = base

    def help_record(ctx: Any) -> tuple[str, str] | None:
        return None if getattr(param, "hidden", False) else (piece, param.help or "")

    # instance overrides: the usage line and the help list show the placeholder only
    param.get_usage_pieces = lambda ctx: [piece]
    param.get_help_record = help_record


def _kind(param: Any) -> tuple[list[str], bool]:
    """(choices, is an integer) across Typer versions (click types or type descriptors)."""
    ptype = getattr(param, "type", None)
    desc = getattr(param, "type_descriptor", None)
    choices = getattr(ptype, "choices", None) or getattr(desc, "choices", None) or []
    integer = getattr(ptype, "name", "") == "integer" or getattr(desc, "annotation", None) is int
    return [str(getattr(c, "value", c)) for c in choices], integer


def _tidy_option(param: Any) -> None:
    if (
        param.metavar is not None
        or getattr(param, "is_flag", False)
        or getattr(param, "count", False)
    ):
        return
    choices, integer = _kind(param)
    if choices:
        param.metavar = "[" + "|".join(choices) + "]"
    elif param.name in ("reviewer", "reviewee", "with_"):
        param.metavar = "HANDLE"
    elif param.name in DATE_OPTIONS:
        param.metavar = "DATE"
    elif integer:
        param.metavar = "N"
    else:
        longest = max(param.opts, key=len).lstrip("-")
        param.metavar = longest.upper()


def tidy(command: Any) -> None:
    """Placeholders, whole summaries and completion for `command` and everything under it."""
    from cskb.cli.complete import BY_NAME

    if getattr(command, "_cskb_tidy", False):
        return
    command._cskb_tidy = True
    if command.help and not command.short_help:
        # the first paragraph, whole: click would cut it at about 45 characters
        command.short_help = " ".join(command.help.strip().split("\n\n")[0].split())
    for param in command.params:
        if param.param_type_name == "argument":
            _tidy_argument(param)
        elif param.param_type_name == "option":
            _tidy_option(param)
        complete = BY_NAME.get(param.name or "")
        if complete is not None and getattr(param, "_custom_shell_complete", None) is None:
            param._custom_shell_complete = complete
    for sub in (getattr(command, "commands", None) or {}).values():
        tidy(sub)
