"""Review bodies as sections: headings, the criterion each belongs to, and its evidence.

A criterion section is a `## ` heading followed by a `<!-- criterion: KEY -->` marker
(or, for hand-written reviews, a heading equal to the criterion's title). Evidence is
the section's text without blank lines, quoted guiding questions (`> `), HTML comments
and template placeholder lines (those starting with `_Replace this line`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

PLACEHOLDER_PREFIX = "_Replace this line"
MARKER_RE = re.compile(r"<!--\s*criterion:\s*([a-z][a-z0-9_]*)\s*-->")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Section:
    heading: str
    line: int  # 1-based line of the heading in the file
    key: str | None  # rubric key from the marker, if any
    text: str  # raw lines under the heading, up to the next `## `

    @property
    def evidence(self) -> str:
        """The section's own writing: no comments, quoted questions or placeholders."""
        kept = []
        for raw in COMMENT_RE.sub("", self.text).split("\n"):
            s = raw.strip()
            if not s or s.startswith(">") or s.startswith(PLACEHOLDER_PREFIX):
                continue
            kept.append(s)
        return "\n".join(kept)

    @property
    def has_placeholder(self) -> bool:
        if PLACEHOLDER_PREFIX not in self.text:  # the common case, without splitting lines
            return False
        return any(s.strip().startswith(PLACEHOLDER_PREFIX) for s in self.text.split("\n"))

    @property
    def placeholder_line(self) -> int:
        for i, s in enumerate(self.text.split("\n")):
            if s.strip().startswith(PLACEHOLDER_PREFIX):
                return self.line + 1 + i
        return self.line


# Scripts written without spaces between words (kana, CJK ideographs, Thai, Hangul, half-width
# katakana): shared with the search analyzer.
UNSPACED = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\uac00-\ud7af\uff66-\uff9f"
)


@functools.cache
def _word_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(unspaced runs, spaced words), compiled on first use: classes this wide take ~7 ms to
    compile, which a search that reads no review should not pay at start-up."""
    return re.compile(f"[{UNSPACED}]+"), re.compile(f"[^\\W{UNSPACED}]+")


def spaced_words(text: str) -> list[str]:
    """The words of `text` in scripts written with spaces, in order."""
    return _word_patterns()[1].findall(text)


def word_count(text: str) -> int:
    """Words in `text`; a run of CJK or Thai characters counts one word per two characters."""
    unspaced, spaced = _word_patterns()
    runs = unspaced.findall(text)
    words = len(spaced.findall(text))
    return words + sum(max(1, len(r) // 2) for r in runs)


def split_sections(body: str, body_line: int = 1) -> tuple[str, list[Section]]:
    """(title from the first `# ` heading, the `## ` sections in order)."""
    title = ""
    sections: list[Section] = []
    current: tuple[str, int] | None = None
    buf: list[str] = []
    in_fence = False

    def close() -> None:
        if current is not None:
            text = "\n".join(buf)
            m = MARKER_RE.search(text)
            sections.append(Section(current[0], current[1], m.group(1) if m else None, text))

    fences = "```" in body or "~~~" in body  # no fence anywhere: no line can toggle one
    for i, line in enumerate(body.split("\n")):
        if fences and line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and line.startswith("# ") and not title:
            title = line[2:].strip()
            continue
        if not in_fence and line.startswith("## "):
            close()
            current = (line[3:].strip(), body_line + i)
            buf = []
            continue
        if current is not None:
            buf.append(line)
    close()
    return title, sections


def criterion_sections(
    sections: list[Section], keys_by_title: dict[str, str]
) -> dict[str, Section]:
    """Map rubric keys to their sections, by marker first, then by exact title."""
    out: dict[str, Section] = {}
    for s in sections:
        key = s.key or keys_by_title.get(s.heading.strip().lower())
        if key and key not in out:
            out[key] = s
    return out
