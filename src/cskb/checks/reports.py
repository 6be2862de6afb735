"""Findings as machine formats: JSON, GitHub workflow commands and step summary, JUnit XML.

Paths in GitHub annotations and JUnit `file` attributes are relative to the git repository's
root (`prefix`), which is not the KB's root when the KB sits in a subfolder of the repository.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from cskb.models import Finding

SUMMARY_ROWS = 200  # findings listed in the step summary; the rest are counted
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: control characters from a hostile file become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def repo_prefix(kb_root: Path) -> str:
    """The KB's folder relative to its git repository's root, as `sub/dir/` (or '').

    Found by looking for `.git` (a folder, or a file in worktrees and submodules) upwards,
    so no git process is started."""
    root = kb_root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            rel = root.relative_to(folder).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def to_json(findings: Sequence[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Sequence[Finding], prefix: str = "") -> str:
    """GitHub Actions workflow commands: each finding shows on the pull request's diff."""
    lines = []
    for f in findings:
        kind = "error" if f.severity == "error" else "warning"
        lines.append(
            f"::{kind} file={_escape_prop(prefix + f.path)},line={f.line},"
            f"title={_escape_prop(f.rule)}::{_escape_data(f.message)}"
        )
    return "\n".join(lines)


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell: no HTML, no cell breaks, no code spans."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("`", "'")
        .replace("\r", " ")
        .replace("\n", " ")
    )


def to_summary(
    findings: Sequence[Finding], files: int, cycles: Sequence[str], prefix: str = ""
) -> str:
    """A Markdown step summary: GitHub shows only the first 10 annotations of a step, so
    this lists every finding (up to SUMMARY_ROWS) on the run's page."""
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    mark = ":x:" if errors else ":white_check_mark:"
    checked = f"{files} review file(s)" + (
        f", accountability for {', '.join(cycles)}" if cycles else ""
    )
    out = [
        f"## {mark} cskb check",
        "",
        f"{checked}: **{errors} error(s)**, {warnings} warning(s).",
        "",
    ]
    if findings:
        out += ["| file | line | severity | rule | message |", "| --- | ---: | --- | --- | --- |"]
        for f in findings[:SUMMARY_ROWS]:
            out.append(
                f"| {_md(prefix + f.path)} | {f.line} | {f.severity} | {_md(f.rule)} | "
                f"{_md(f.message)} |"
            )
        if len(findings) > SUMMARY_ROWS:
            out += ["", f"... and {len(findings) - SUMMARY_ROWS} more: run `cskb check` locally."]
    return "\n".join(out) + "\n"


def append_summary(path: str, text: str) -> None:
    """Append to the file GitHub Actions names in GITHUB_STEP_SUMMARY."""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def to_junit(findings: Sequence[Finding], files: Sequence[str], prefix: str = "") -> str:
    """One test case per checked file, passing or failing (and one per other file with a
    finding, such as a missing call); a failure per error; `file` and `line` on each case."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_file[f.path].append(f)
    names = sorted(set(files) | set(by_file))
    failed = sum(1 for name in names if any(f.severity == "error" for f in by_file.get(name, [])))
    suite = ET.Element(
        "testsuite", name="cskb check", tests=str(len(names)), failures=str(failed), errors="0"
    )
    for name in names:
        items = by_file.get(name, [])
        errors = [f for f in items if f.severity == "error"]
        line = (errors or items)[0].line if items else 1
        case = ET.SubElement(
            suite,
            "testcase",
            classname="cskb.check",
            name=_xml(name),
            file=_xml(prefix + name),
            line=str(line),
        )
        for f in errors:
            fail = ET.SubElement(
                case, "failure", message=_xml(f"{f.rule}: {f.message}"), type=_xml(f.rule)
            )
            fail.text = _xml(f"{prefix}{f.path}:{f.line}: {f.rule}: {f.message}")
        warns = [f for f in items if f.severity != "error"]
        if warns:
            out = ET.SubElement(case, "system-out")
            out.text = _xml(
                "\n".join(
                    f"{prefix}{f.path}:{f.line}: {f.rule}: {f.message} (warning)" for f in warns
                )
            )
    suites = ET.Element("testsuites")
    suites.append(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


def to_text_lines(findings: Sequence[Finding]) -> list[str]:
    return [
        f"{f.path}:{f.line}: {f.rule}: {f.message}"
        + (" (warning)" if f.severity != "error" else "")
        for f in findings
    ]
