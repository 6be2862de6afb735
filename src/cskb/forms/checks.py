"""The `forms-stale` rule of `cskb check`: generated issue forms that no longer match the
rubric, scales, tag vocabulary or review template (`cskb forms write` brings them back)."""

from __future__ import annotations

import dataclasses

from cskb.checks.rules import ERROR, WARNING
from cskb.checks.runner import CheckReport
from cskb.errors import CskbError
from cskb.forms.issueyaml import stale_forms
from cskb.kb.layout import Kb
from cskb.models import Finding


def forms_findings(kb: Kb) -> list[Finding]:
    """One warning per generated form that is out of date; none when the forms cannot be
    built (the broken `cskb.toml` or template has findings of its own)."""
    try:
        stale = stale_forms(kb)
    except CskbError:
        return []
    return [
        Finding(
            f.path,
            1,
            "forms-stale",
            WARNING,
            "this issue form no longer matches cskb.toml or templates/review.md; "
            "run `cskb forms write` (hand-written forms are left alone)",
        )
        for f in stale
    ]


def check_forms(kb: Kb, report: CheckReport, strict: bool) -> CheckReport:
    """`cskb check`'s report with the stale forms added (errors with `strict`)."""
    findings = forms_findings(kb)
    if not findings:
        return report
    if strict:
        findings = [dataclasses.replace(f, severity=ERROR) for f in findings]
    merged = sorted([*report.findings, *findings], key=lambda f: (f.path, f.line, f.rule))
    return dataclasses.replace(report, findings=tuple(merged))
