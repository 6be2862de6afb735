"""A KB file's bytes as text, and the problem every reader of KB files reports (no YAML).

Apart from `store.py` so that a reader that needs only the text (a search's snippets) does
not import the YAML parser; `store.py` re-exports both.
"""

from __future__ import annotations

import re

BOM = "\ufeff"
# git's conflict markers, at the start of a line, in their order: ours, the split, theirs.
_CONFLICT = re.compile(r"^<{7}(?: .*)?\n(?:.*\n)*?={7}\n(?:.*\n)*?>{7}(?: |$)", re.MULTILINE)


class YamlProblem(Exception):
    """A YAML or front-matter problem at a 1-based line."""

    def __init__(self, line: int, message: str, code: str = "yaml-invalid") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.code = code


def decode(data: bytes) -> tuple[str, list[tuple[int, str]]]:
    """Bytes to text with LF line ends; raises YamlProblem for binary or non-UTF-8 data."""
    notes: list[tuple[int, str]] = []
    if b"\x00" in data:
        raise YamlProblem(
            1, "binary file (NUL bytes); a review must be UTF-8 Markdown text", "binary-file"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, "not valid UTF-8; save the file as UTF-8", "encoding") from None
    if text.startswith(BOM):
        text = text[1:]
        notes.append((1, "file starts with a UTF-8 byte-order mark; it was ignored"))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append((1, "file has CRLF line ends; they were read as LF"))
    line = conflict_line(text)
    if line:
        raise YamlProblem(line, CONFLICT_MESSAGE, "merge-conflict")
    return text, notes


CONFLICT_MESSAGE = (
    "unresolved merge conflict (git's <<<<<<< ======= >>>>>>> markers): keep the right "
    "lines, delete the markers, then `git add` the file and finish the merge or rebase"
)


def conflict_line(text: str) -> int:
    """The 1-based line where git's conflict markers start in `text`, or 0 when none."""
    if "<<<<<<<" not in text:
        return 0
    match = _CONFLICT.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 0
