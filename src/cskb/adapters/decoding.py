"""A KB file's bytes as text, and the problem every reader of KB files reports (no YAML).

Apart from `store.py` so that a reader that needs only the text (a search's snippets) does
not import the YAML parser; `store.py` re-exports both.
"""

from __future__ import annotations

BOM = "\ufeff"


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
    return text, notes
