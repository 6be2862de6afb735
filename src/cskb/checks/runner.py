"""`cskb check`: validate review files and, for closed cycles, who owes what.

Returns findings as data; the CLI renders them as text, JSON, GitHub annotations or JUnit.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters.cache import RecordCache, Stamp, files_digest, stamp
from cskb.adapters.store import YamlProblem, read_document
from cskb.checks.rules import (
    ERROR,
    WARNING,
    RuleContext,
    check_body,
    check_fields,
    check_followed,
    check_moments,
    check_pairing,
    check_scores,
    check_tags,
)
from cskb.config import CONFIG_FILE
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.models import Cycle, Finding
from cskb.pairing.cycles import cycle_files, cycles_cache, load_cycle_files


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
    cycles = load_cycle_files(cycle_files(kb.cycles_dir)) if cycles is None else cycles
    pairs = {
        c.id: frozenset(
            frozenset((a, b)) for g in c.groups for a in g.members for b in g.members if a != b
        )
        for c in cycles
    }
    # Cycle.reviewee_of for every member at once: a pair reviews each other, a trio a->b->c->a
    reviewee_of = {
        c.id: {
            h: g.members[(i + 1) % len(g.members)]
            for g in c.groups
            for i, h in enumerate(g.members)
        }
        for c in cycles
    }
    return RuleContext(kb.config, members, pairs, reviewee_of)


def review_files(kb: Kb) -> list[Path]:
    """Every `reviews/**/*.md`, sorted, found with os.scandir (fast on large KBs)."""
    return [Path(p) for p in review_file_names(kb)]


def review_file_names(kb: Kb) -> list[str]:
    """`review_files` as sorted path strings (no Path objects: 10,000 of them cost time)."""
    out: list[str] = []
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
                        out.append(entry.path)
        except FileNotFoundError:
            continue
    out.sort(key=lambda p: p.split(os.sep))  # the order of sorted(Path, ...)
    return out


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
    hits += check_followed(doc, ctx, is_complete)
    hits += check_moments(doc, ctx)
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


DupKey = tuple[str, str, str]  # cycle, reviewer, reviewee as text


def _dup_key(meta: dict[str, object]) -> DupKey:
    return (str(meta.get("cycle")), str(meta.get("reviewer")), str(meta.get("reviewee")))


def _duplicates(keys: list[tuple[str, DupKey]]) -> list[Finding]:
    """Two files reviewing the same pair in the same cycle (`keys`: path and who/when)."""
    seen: dict[DupKey, str] = {}
    out = []
    for rel, key in sorted(keys):
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


def check_cache(kb: Kb, enabled: bool = True) -> RecordCache:
    """Per-file findings; they depend on the file, cskb.toml, team.yaml and the cycles."""
    key = files_digest([kb.root / CONFIG_FILE, kb.team_file, *cycle_files(kb.cycles_dir)])
    return RecordCache.open(kb.state_dir, "check", key, enabled)


Cached = tuple[list[tuple[int, str, str, str]], DupKey | None]  # hits, duplicate key


def _encode(value: Cached) -> list[object]:
    hits, key = value
    return [[list(h) for h in hits], list(key) if key is not None else None]


def _decode(v: Any) -> Cached:
    hits, key = v
    out: list[tuple[int, str, str, str]] = []
    for line, rule, sev, msg in hits:
        if type(line) is not int or not (
            isinstance(rule, str) and isinstance(sev, str) and isinstance(msg, str)
        ):
            raise TypeError("bad finding")
        out.append((line, rule, sev, msg))
    if key is not None:
        a, b, c = key
        if not (isinstance(a, str) and isinstance(b, str) and isinstance(c, str)):
            raise TypeError("bad key")
        return out, (a, b, c)
    return out, None


def _check_one(kb: Kb, name: str, ctx: RuleContext) -> Cached:
    found, meta = _check_file(kb, Path(name), None, ctx)
    return (
        [(f.line, f.rule, f.severity, f.message) for f in found],
        _dup_key(meta) if meta is not None else None,
    )


def _check_many(kb: Kb, names: list[str], ctx: RuleContext) -> list[Cached]:
    """Parse and check `names`; in forked workers when there are enough (workers.py: a cold
    `cskb check` is CPU-bound, YAML and rules)."""
    from cskb.workers import map_forked

    return map_forked(lambda name: _check_one(kb, name, ctx), names)


def is_checkable(kb: Kb, path: Path) -> bool:
    """A file `cskb check` can be given: a review under `reviews/`, a calibration session or
    review, a playbook card, or one of the files every check validates (`cskb.toml`,
    `team.yaml`, `cycles/*.yaml`), which a pre-commit hook passes on their own."""
    from cskb.calibration.checks import is_checked
    from cskb.kb.layout import CYCLES_DIR, REVIEWS_DIR, TEAM_FILE
    from cskb.playbook.checks import is_card_path

    rel = kb.rel(path)
    parts = rel.split("/")
    return (
        (parts[0] == REVIEWS_DIR and len(parts) > 1 and rel.endswith(".md"))
        or is_card_path(kb, path)
        or is_checked(kb, path)
        or rel in (CONFIG_FILE, TEAM_FILE)
        or (len(parts) == 2 and parts[0] == CYCLES_DIR and rel.endswith(".yaml"))
    )


def run_checks(
    kb: Kb,
    paths: list[Path] | None = None,
    cycle: str | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    use_cache: bool = True,
) -> CheckReport:
    """Check the given review, calibration and playbook card files (default: all), then
    accountability for `cycle` (or for every closed cycle with `strict`). Each review's
    findings come from the parsed-record cache while the file, the config, the roster and
    the cycles are unchanged."""
    from cskb.calibration.checks import calibration_files, is_checked
    from cskb.checks.participation import accountability
    from cskb.playbook.cards import card_files
    from cskb.playbook.checks import check_cards, is_card_path

    # the roster and cycles are validated on every run, cached findings or not
    cycles = load_cycle_files(cycle_files(kb.cycles_dir), cycles_cache(kb.state_dir, use_cache))
    ctx = rule_context(kb, cycles)
    day = today or dt.date.today()
    cards = None if paths is None else [p for p in paths if is_card_path(kb, p)]
    if paths is not None:
        paths = [p for p in paths if not is_card_path(kb, p)]
    card_findings, card_count = check_cards(kb, day, cards)
    # calibration sessions and their reviews are checked against their session file, so
    # they are never served from the per-file cache
    calib = calibration_files(kb) if paths is None else [p for p in paths if is_checked(kb, p)]
    if paths is not None:
        paths = [p for p in paths if not is_checked(kb, p)]
    fcache = check_cache(kb, use_cache)
    root = str(kb.root) + os.sep
    all_files = review_file_names(kb)
    if paths is None:
        files, pool = all_files, all_files
    else:
        files = [str(p) for p in paths if p.suffix == ".md" and is_checkable(kb, p)]
        # duplicates live in one cycle's folder: with given paths, read only their folders
        folders = {os.path.dirname(p) for p in files}
        pool = sorted(
            {p for p in all_files if os.path.dirname(p) in folders} | set(files),
            key=lambda p: p.split(os.sep),
        )

    def rel_of(name: str) -> str:
        return (
            name[len(root) :].replace(os.sep, "/") if name.startswith(root) else kb.rel(Path(name))
        )

    chosen = {rel_of(p) for p in files}
    findings: list[Finding] = []
    keys: list[tuple[str, DupKey]] = []
    results: list[Cached | None] = []
    stamps: list[Stamp | None] = []
    misses: list[int] = []
    for i, name in enumerate(pool):
        st = stamp(name) if fcache.enabled else None
        hit = fcache.get(rel_of(name), st, _decode)
        stamps.append(st)
        results.append(hit)
        if hit is None:
            misses.append(i)
    for i, parsed in zip(misses, _check_many(kb, [pool[i] for i in misses], ctx), strict=True):
        results[i] = parsed
        fcache.put(rel_of(pool[i]), stamps[i], _encode(parsed))
    for name, result in zip(pool, results, strict=True):
        assert result is not None
        rel = rel_of(name)
        hits, key = result
        if hits and rel in chosen:
            findings += [Finding(rel, line, rule, sev, msg) for line, rule, sev, msg in hits]
        if key is not None:
            keys.append((rel, key))
    fcache.save(prune=paths is None)
    findings += [f for f in _duplicates(keys) if f.path in chosen]
    for path in calib:
        findings += _check_file(kb, path, None, ctx)[0]
    chosen |= {kb.rel(p) for p in calib}
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
        tuple(findings),
        len(files) + len(calib) + card_count,
        tuple(checked),
        tuple(sorted(chosen | card_paths)),
    )
