"""The growth rules of `cskb check`: the matrix, the levels in team.yaml, assessments,
learning paths and path progress. Rule ids are documented in docs/checks.md."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from cskb.checks.runner import CheckReport
from cskb.coaching.state import lead_handles
from cskb.errors import CskbError
from cskb.growth.assess import LEAD, load_assessments
from cskb.growth.matrix import MATRIX_FILE, Matrix, load_matrix, references
from cskb.growth.paths import PROGRESS_DIR, load_paths, progress_files, progress_step
from cskb.kb.layout import TEAM_FILE, Kb
from cskb.kb.roster import load_roster
from cskb.models import Finding, Member
from cskb.playbook.cards import card_files, card_id

ERROR, WARNING = "error", "warning"
# Folders whose files the growth rules check (besides competencies.yaml itself).
GROWTH_DIRS = ("assessments", "paths", "progress")
_LINE = re.compile(r"^(?P<path>.*?):(?P<line>\d+): (?P<msg>.*)$")

# Further rules (assessments, paths) register here: (kb, matrix) -> findings.
RULES: list[Callable[[Kb, Matrix], Iterable[Finding]]] = []


def is_growth_file(kb: Kb, path: Path) -> bool:
    rel = kb.rel(path)
    return rel == MATRIX_FILE or rel.split("/")[0] in GROWTH_DIRS


def finding_of(rel: str, exc: CskbError, rule: str) -> Finding:
    """A one-line DataError naming `rel` as a finding on that file (its line when given)."""
    msg = exc.message
    m = _LINE.match(msg)
    if m and m.group("path").endswith(rel):
        return Finding(rel, int(m.group("line")), rule, ERROR, m.group("msg"))
    return Finding(rel, 1, rule, ERROR, msg.removeprefix(f"{rel}: "))


def growth_findings(kb: Kb) -> list[Finding]:
    """Every growth finding; nothing when the KB has no competencies.yaml."""
    try:
        matrix = load_matrix(kb)
    except CskbError as exc:
        return [finding_of(MATRIX_FILE, exc, "matrix-invalid")]
    if matrix is None:
        return []
    members = load_roster(kb.team_file) if kb.team_file.is_file() else []
    levels = {m.handle: m.level for m in members if m.level}
    cards = {card_id(kb, p) for p in card_files(kb)}
    out = []
    for problem in references(matrix, kb.config, cards, levels):
        rel, _, msg = problem.partition(": ")
        rule = "member-level" if rel == TEAM_FILE else "matrix-reference"
        out.append(Finding(rel, 1, rule, ERROR, msg))
    out += _assessments(kb, matrix, members)
    out += _paths(kb, matrix, cards, {m.handle for m in members})
    for check in RULES:
        out += check(kb, matrix)
    return out


def _paths(kb: Kb, matrix: Matrix, cards: set[str], handles: set[str]) -> list[Finding]:
    paths, bad = load_paths(kb, matrix)
    out = [finding_of(rel, exc, "path-invalid") for rel, exc in bad]
    for lp in paths:
        for s in lp.steps:
            if s.kind == "card" and s.target not in cards:
                out.append(
                    Finding(
                        lp.file,
                        1,
                        "path-reference",
                        ERROR,
                        f"step {s.id}: no playbook card {s.target!r}; see `cskb playbook list`",
                    )
                )
            if s.kind == "featured" and not (kb.root / s.target).is_file():
                out.append(
                    Finding(
                        lp.file, 1, "path-reference", ERROR, f"step {s.id}: no review {s.target}"
                    )
                )
    ids = {s.id for lp in paths for s in lp.steps}
    folder = kb.root / PROGRESS_DIR
    subs = sorted(folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []
    for sub in (s for s in subs if not s.name.startswith(".")):
        rel = kb.rel(sub)
        if not sub.is_dir() or sub.is_symlink() or sub.name not in handles:
            out.append(
                Finding(
                    rel,
                    1,
                    "progress-invalid",
                    ERROR,
                    "must be a folder "
                    "progress/<member>/ of step files, named for a member in team.yaml",
                )
            )
            continue
        for f in progress_files(kb, sub.name):
            try:
                step = progress_step(kb, sub.name, f)[0]
            except CskbError as exc:
                out.append(finding_of(kb.rel(f), exc, "progress-invalid"))
                continue
            if step not in ids:
                out.append(
                    Finding(
                        kb.rel(f),
                        1,
                        "progress-step",
                        WARNING,
                        f"step {step!r} is in no path under paths/ (renamed or removed?)",
                    )
                )
    return out


def _assessments(kb: Kb, matrix: Matrix, members: list[Member]) -> list[Finding]:
    found, bad = load_assessments(kb, matrix)
    out = [finding_of(rel, exc, "assessment-invalid") for rel, exc in bad]
    leads = lead_handles(members, kb.config)
    for a in found:
        if a.kind == LEAD and a.assessor not in leads:
            out.append(
                Finding(
                    a.path,
                    1,
                    "assessment-author",
                    WARNING,
                    f"{a.assessor} assessed {a.member} but is not a lead (team.yaml role: "
                    f"{', '.join(kb.config.coaching.lead_roles) or 'none'})",
                )
            )
    return out


def with_growth(report: CheckReport, findings: list[Finding], strict: bool) -> CheckReport:
    """`report` with the growth findings added (errors with `strict`), sorted as it is."""
    if strict:
        findings = [dataclasses.replace(f, severity=ERROR) for f in findings]
    merged = sorted([*report.findings, *findings], key=lambda f: (f.path, f.line, f.rule))
    checked = sorted({*report.checked, *(f.path for f in findings)})
    return dataclasses.replace(
        report, findings=tuple(merged), files=report.files + 1, checked=tuple(checked)
    )


def check_growth(kb: Kb, report: CheckReport, strict: bool, only: list[Path] | None) -> CheckReport:
    """`cskb check`'s report with the growth rules' findings on the given files (all: None)."""
    findings = growth_findings(kb)
    if only is not None:
        wanted = {kb.rel(p) for p in only}
        findings = [f for f in findings if f.path in wanted]
    return with_growth(report, findings, strict)
