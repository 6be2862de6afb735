"""A submitted form's body: rendered as the host renders it, parsed back strictly.

GitHub writes a submitted issue form as Markdown: for every element but `markdown`, a
`### <label>` line, a blank line, then the value (`_No response_` when left empty; a
multiple-choice dropdown joins its choices with `, `; checkboxes are `- [X] option` or
`- [ ] option` lines). The body is then anyone's to edit, so parsing is strict: each
heading of the form exactly once and in order, nothing before the first, no control
characters, and at most `MAX_BODY` characters (the host's own limit on an issue body).
"""

from __future__ import annotations

from collections.abc import Mapping

from cskb.errors import UsageError
from cskb.forms.spec import CHECKBOXES, Form
from cskb.kb.text import check_line

NO_RESPONSE = "_No response_"
MAX_BODY = 65_536


def render_body(form: Form, values: Mapping[str, str]) -> str:
    """The body the host writes for `values` (by field id; checkboxes: the ticked options,
    comma-separated)."""
    parts = []
    for f in form.fields:
        value = values.get(f.id, "").strip()
        if f.kind == CHECKBOXES:
            ticked = {v.strip() for v in value.split(",")}
            text = "\n".join(f"- [{'X' if o in ticked else ' '}] {o}" for o in f.options)
        else:
            text = value or NO_RESPONSE
        parts.append(f"### {f.label}\n\n{text}")
    return "\n\n".join(parts)


def _checked(form_options: tuple[str, ...], text: str, label: str) -> str:
    ticked = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        for mark in ("[X] ", "[x] ", "[ ] "):
            if line.startswith(f"- {mark}") and line[6:].strip() in form_options:
                if mark != "[ ] ":
                    ticked.append(line[6:].strip())
                break
        else:
            raise UsageError(f"'{label}' holds {line[:60]!r}, which is not one of its boxes")
    return ", ".join(ticked)


def parse_body(form: Form, body: str) -> dict[str, str]:
    """Each field's value by id ('' when left empty); UsageError naming the heading and
    the fix when the body is not this form's."""
    if len(body) > MAX_BODY:
        raise UsageError(
            f"the form is {len(body):,} characters long, more than the {MAX_BODY:,} an issue "
            "may hold; shorten the text"
        )
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    check_line(text, "the form", multiline=True)
    lines = text.split("\n")
    where: dict[str, list[int]] = {f.label: [] for f in form.fields}
    for i, line in enumerate(lines):
        if line.startswith("### ") and line[4:].strip() in where:
            where[line[4:].strip()].append(i)
    order = []
    for f in form.fields:
        found = where[f.label]
        if not found:
            raise UsageError(
                f"the form has no '### {f.label}' heading; open a new issue from the "
                f"'{form.name}' form, or put the heading back"
            )
        if len(found) > 1:
            raise UsageError(
                f"the heading '### {f.label}' appears {len(found)} times; keep it once "
                "(do not write the form's headings into your answers)"
            )
        order.append(found[0])
    if order != sorted(order):
        raise UsageError(f"the headings of the '{form.name}' form are out of order; keep its order")
    if "\n".join(lines[: order[0]]).strip():
        raise UsageError(
            f"there is text before '### {form.fields[0].label}'; remove it, the form starts there"
        )
    out: dict[str, str] = {}
    ends = [*order[1:], len(lines)]
    for f, start, end in zip(form.fields, order, ends, strict=True):
        value = "\n".join(lines[start + 1 : end]).strip()
        if value == NO_RESPONSE:
            value = ""
        out[f.id] = _checked(f.options, value, f.label) if f.kind == CHECKBOXES else value
    return out
