"""Text a user types into cskb (names, customers, teams, notes, tags): one line, no
terminal control characters. Refused on input here; whatever a hand-edited file holds
is neutralised on output by `render`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cskb.errors import UsageError

# Every C0 control (newline and tab included: these values are single-line fields), DEL,
# the C1 controls, and the bidirectional embedding/override/isolate marks.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_CONTROL_MULTI = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_line(value: str, what: str, multiline: bool = False) -> str:
    """`value` unchanged when it is one line of plain text (with `multiline`, line breaks
    and tabs are allowed too); else a one-line UsageError."""
    m = (_CONTROL_MULTI if multiline else _CONTROL).search(value)
    if m is None:
        return value
    ch = m.group()
    if ch in "\r\n":
        raise UsageError(f"{what} must be a single line")
    raise UsageError(
        f"{what} holds the control character U+{ord(ch):04X}; type plain text "
        "(terminal escapes, tabs and line breaks are not allowed)"
    )


def check_lines(values: Iterable[str], what: str) -> None:
    for v in values:
        check_line(v, what)
