"""Findings as machine formats: JSON, GitHub workflow commands, JUnit XML."""

from __future__ import annotations

import json
from collections import defaultdict
from xml.etree import ElementTree as ET

from cskb.models import Finding


def to_json(findings: tuple[Finding, ...] | list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """GitHub Actions workflow commands: each finding shows on the pull request's diff."""
    lines = []
    for f in findings:
        kind = "error" if f.severity == "error" else "warning"
        lines.append(
            f"::{kind} file={_escape_prop(f.path)},line={f.line},title={_escape_prop(f.rule)}::{_escape_data(f.message)}"
        )
    return "\n".join(lines)


def to_junit(findings: tuple[Finding, ...] | list[Finding], files: list[str]) -> str:
    """One test case per checked file (and per accountability file); a failure per error."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_file[f.path].append(f)
    names = sorted(set(files) | set(by_file))
    failed = sum(1 for name in names if any(f.severity == "error" for f in by_file.get(name, [])))
    suite = ET.Element(
        "testsuite", name="cskb check", tests=str(len(names)), failures=str(failed), errors="0"
    )
    for name in names:
        case = ET.SubElement(suite, "testcase", classname="cskb.check", name=name)
        for f in by_file.get(name, []):
            if f.severity == "error":
                fail = ET.SubElement(case, "failure", message=f"{f.rule}: {f.message}", type=f.rule)
                fail.text = f"{f.path}:{f.line}: {f.rule}: {f.message}"
        warns = [f for f in by_file.get(name, []) if f.severity != "error"]
        if warns:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(
                f"{f.path}:{f.line}: {f.rule}: {f.message} (warning)" for f in warns
            )
    suites = ET.Element("testsuites")
    suites.append(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


def to_text_lines(findings: tuple[Finding, ...] | list[Finding]) -> list[str]:
    return [
        f"{f.path}:{f.line}: {f.rule}: {f.message}"
        + (" (warning)" if f.severity != "error" else "")
        for f in findings
    ]
