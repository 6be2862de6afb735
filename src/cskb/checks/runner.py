"""`cskb check`: validate review files and, for closed cycles, who owes what.

Returns findings as data; the CLI renders them as text, JSON, GitHub annotations or JUnit.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cskb.adapters.store import YamlProblem, read_document
from cskb.checks.rules import (
    ERROR,
    WARNING,
    RuleContext,
    check_body,
    check_fields,
    check_pairing,
    check_scores,
    check_tags,
)
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.models import Cycle, Finding
from cskb.pairing.cycles import load_cycles


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[Finding, ...]
    files: int
    cycles_checked: tuple[str, ...]
    checked: tuple[str, ...] = ()  # the review files checked, KB-relative (one JUnit case each)

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)


def rule_context(kb: Kb, cycles: list[Cycle] | None = None) -> RuleContext:
    members = frozenset(m.handle for m in load_roster(kb.team_file))
    cycles = load_cycles(kb.cycles_dir) if cycles is None else cycles
    pairs = {
        c.id: frozenset(
            frozenset((a, b)) for g in c.groups for a in g.members for b in g.members if a != b
        )
        for c in cycles
    }
    reviewee_of = {
        c.id: {h: c.reviewee_of(h) or "" for g in c.groups for h in g.members} for c in cycles
    }
    return RuleContext(kb.config, members, pairs, reviewee_of)


def review_files(kb: Kb) -> list[Path]:
    """Every `reviews/**/*.md`, sorted, found with os.scandir (fast on large KBs)."""
    out: list[Path] = []
    stack = [str(kb.reviews_dir)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.name.endswith(".md"):
                        out.append(Path(entry.path))
        except FileNotFoundError:
            continue
    return sorted(out)


def check_review(
    kb: Kb, path: Path, complete: bool | None = None, ctx: RuleContext | None = None
) -> list[Finding]:
    """All findings for one review file. `complete=True` checks it as if it were complete
    (what is still missing before `cskb review done`); None uses the file's own status."""
    return _check_file(kb, path, complete, ctx or rule_context(kb))[0]


def _check_file(
    kb: Kb, path: Path, complete: bool | None, ctx: RuleContext
) -> tuple[list[Finding], dict[str, object] | None]:
    """(findings, the front-matter when it parsed): one read and one parse per file."""
    rel = kb.rel(path)
    if rel.startswith("calibrations/"):  # sessions and their reviews: never regular reviews
        from cskb.calibration.checks import check_file

        return check_file(kb, path, complete, ctx), None
    try:
        doc = read_document(path)
    except YamlProblem as exc:
        return [Finding(rel, exc.line, exc.code, ERROR, exc.message)], None
    hits = [(line, "file-format", WARNING, note) for line, note in doc.notes]
    is_complete = doc.meta.get("status") == "complete" if complete is None else complete
    hits += check_fields(doc, ctx)
    hits += check_scores(doc, ctx, is_complete)
    hits += check_body(doc, ctx, is_complete)
    hits += check_tags(doc, ctx)
    hits += check_pairing(doc, ctx)
    expected = _expected_name(doc.meta)
    if expected and rel.startswith("reviews/") and rel != expected:
        hits.append(
            (1, "file-location", WARNING, f"expected this review at {expected}; move it there")
        )
    return [Finding(rel, line, rule, sev, msg) for line, rule, sev, msg in hits], doc.meta


def _expected_name(meta: dict[str, object]) -> str | None:
    cycle, reviewer, reviewee = meta.get("cycle"), meta.get("reviewer"), meta.get("reviewee")
    if isinstance(cycle, dt.date) and isinstance(reviewer, str) and isinstance(reviewee, str):
        return f"reviews/{cycle.isoformat()}/{reviewer}-reviews-{reviewee}.md"
    return None


def _duplicates(metas: list[tuple[str, dict[str, object]]]) -> list[Finding]:
    """Two files reviewing the same pair in the same cycle (`metas`: path and front-matter)."""
    seen: dict[tuple[str, str, str], str] = {}
    out = []
    for rel, meta in sorted(metas):
        key = (str(meta.get("cycle")), str(meta.get("reviewer")), str(meta.get("reviewee")))
        if key in seen:
            out.append(
                Finding(
                    rel,
                    1,
                    "duplicate-review",
                    ERROR,
                    f"{key[1]} already reviewed {key[2]} in cycle {key[0]} in {seen[key]}; keep one",
                )
            )
        else:
            seen[key] = rel
    return out


def run_checks(
    kb: Kb,
    paths: list[Path] | None = None,
    cycle: str | None = None,
    strict: bool = False,
    today: dt.date | None = None,
) -> CheckReport:
    """Check the given review and playbook card files (default: all), then accountability
    for `cycle` (or for every closed cycle with `strict`)."""
    from cskb.checks.participation import accountability
    from cskb.playbook.cards import card_files
    from cskb.playbook.checks import check_cards, is_card_path

    cycles = load_cycles(kb.cycles_dir)
    ctx = rule_context(kb, cycles)
    from cskb.calibration.checks import calibration_files, is_checked

    all_files = review_files(kb)
    day = today or dt.date.today()
    cards = None if paths is None else [p for p in paths if is_card_path(kb, p)]
    if paths is not None:
        paths = [p for p in paths if not is_card_path(kb, p)]
    card_findings, card_count = check_cards(kb, day, cards)
    files = (
        all_files + calibration_files(kb)
        if paths is None
        else [p for p in paths if p.suffix == ".md" or is_checked(kb, p)]
    )
    findings: list[Finding] = []
    metas: list[tuple[str, dict[str, object]]] = []
    chosen = {kb.rel(p) for p in files}
    # duplicates live in one cycle's folder: with given paths, read only their folders
    folders = {p.parent for p in files}
    pool = (
        files
        if paths is None
        else sorted({p for p in all_files if p.parent in folders} | set(files))
    )
    for path in pool:
        found, meta = _check_file(kb, path, None, ctx)
        rel = kb.rel(path)
        if rel in chosen:
            findings += found
        if meta is not None:
            metas.append((rel, meta))
    findings += [f for f in _duplicates(metas) if f.path in chosen]
    findings += card_findings
    checked: list[str] = []
    targets = (
        [c for c in cycles if c.id == cycle]
        if cycle
        else ([c for c in cycles if c.due < day] if strict else [])
    )
    if cycle and not targets:
        from cskb.errors import NotFoundError

        raise NotFoundError(f"no cycle {cycle} in cycles/; see `cskb cycles`")
    for c in targets:
        checked.append(c.id)
        findings += accountability(kb, c, day)
    if strict:
        findings = [Finding(f.path, f.line, f.rule, ERROR, f.message) for f in findings]
    findings.sort(key=lambda f: (f.path, f.line, f.rule))
    card_paths = (
        {kb.rel(p) for p in card_files(kb)} if cards is None else {kb.rel(p) for p in cards}
    )
    return CheckReport(
        tuple(findings), len(files) + card_count, tuple(checked), tuple(sorted(chosen | card_paths))
    )
