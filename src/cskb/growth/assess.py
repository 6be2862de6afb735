"""Self and lead assessments: `assessments/<period>/<member>/<assessor>.yaml`.

One file per member, assessor and period (a quarter like `2026-Q4` or a month like
`2026-11`, `[assess] period`), so a member and their lead never write the same file. A file
starts as a draft, which only its author ever sees; `cskb assess done` makes it final, and a
final lead assessment is visible to the member it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write, read_bytes, write_new
from cskb.adapters.store import dump_yaml, load_yaml_file, to_date
from cskb.coaching.state import lead_handles
from cskb.config import did_you_mean
from cskb.errors import DataError, NotFoundError, UsageError
from cskb.growth.matrix import Matrix
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster, validate_handle
from cskb.kb.text import check_line
from cskb.models import Member

ASSESS_DIR = "assessments"
DRAFT, FINAL = "draft", "final"
SELF, LEAD = "self", "lead"
KEYS = ("member", "assessor", "kind", "period", "status", "written", "ratings", "notes")
PERIOD_RE = re.compile(r"^(\d{4})-(Q[1-4]|0[1-9]|1[0-2])$")
MAX_NOTE = 2000


@dataclass(frozen=True)
class Assessment:
    path: str  # relative to the KB
    member: str
    assessor: str
    kind: str  # "self" or "lead"
    period: str
    status: str  # "draft" or "final"
    written: dt.date | None
    ratings: dict[str, str]  # competency key -> level key
    notes: dict[str, str]  # competency key -> a line of why


def period_of(day: dt.date, period: str) -> str:
    """The period `day` falls in: `2026-Q4` for quarters, `2026-11` for months."""
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def assessment_path(kb: Kb, period: str, member: str, assessor: str) -> Path:
    return kb.root / ASSESS_DIR / period / member / f"{assessor}.yaml"


def parse_assessment(rel: str, data: Any, matrix: Matrix, members: set[str]) -> Assessment:
    """An assessment file's data, every field checked; DataError naming file and field."""
    if not isinstance(data, dict):
        raise DataError(f"{rel}: must be a mapping with member, assessor, period and ratings")
    for k in data:
        if k not in KEYS:
            raise DataError(
                f"{rel}: unknown field {k!r}{did_you_mean(str(k), KEYS)}; known: {', '.join(KEYS)}"
            )
    parts = rel.split("/")
    if len(parts) != 4 or not parts[3].endswith(".yaml"):
        raise DataError(f"{rel}: must be at {ASSESS_DIR}/<period>/<member>/<assessor>.yaml")
    _, period, member, name = parts
    assessor = name.removesuffix(".yaml")
    for field, want in (("member", member), ("assessor", assessor), ("period", period)):
        if data.get(field) != want:
            raise DataError(
                f"{rel}: {field}: {data.get(field)!r} must be {want!r}, as the path says"
            )
    if not PERIOD_RE.match(period):
        raise DataError(f"{rel}: period: {period!r} must be a quarter like 2026-Q4 or a month")
    for field, who in (("member", member), ("assessor", assessor)):
        if who not in members:
            raise DataError(f"{rel}: {field}: {who!r} is not in team.yaml")
    kind = SELF if assessor == member else LEAD
    if data.get("kind", kind) != kind:
        raise DataError(f"{rel}: kind: must be {kind!r} ({'own' if kind == SELF else 'a lead'})")
    status = data.get("status", DRAFT)
    if status not in (DRAFT, FINAL):
        raise DataError(f"{rel}: status: {status!r} must be draft or final")
    ratings = _ratings(rel, data.get("ratings") or {}, matrix)
    notes = data.get("notes") or {}
    if not isinstance(notes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) <= MAX_NOTE for k, v in notes.items()
    ):
        raise DataError(f"{rel}: notes: must map competency keys to text (at most {MAX_NOTE})")
    written = to_date(data.get("written"))
    return Assessment(rel, member, assessor, kind, period, status, written, ratings, dict(notes))


def _ratings(rel: str, raw: Any, matrix: Matrix) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise DataError(f"{rel}: ratings: must map competency keys to level keys")
    comps = [c.key for c in matrix.competencies]
    levels = [lv.key for lv in matrix.levels]
    out = {}
    for k, v in raw.items():
        if k not in comps:
            raise DataError(
                f"{rel}: ratings.{k}: unknown competency{did_you_mean(str(k), comps)}; "
                f"competencies.yaml has: {', '.join(comps)}"
            )
        if v is None:
            continue
        if v not in levels:
            raise DataError(
                f"{rel}: ratings.{k}: {v!r} is not a level{did_you_mean(str(v), levels)}; "
                f"levels: {', '.join(levels)}"
            )
        out[str(k)] = str(v)
    return out


def assessment_files(kb: Kb) -> list[Path]:
    """Every `assessments/<period>/<member>/<assessor>.yaml`, none through a linked folder
    (a linked file is refused when read)."""
    root = kb.root / ASSESS_DIR
    if not root.is_dir() or root.is_symlink():
        return []
    return sorted(
        p
        for p in root.glob("*/*/*.yaml")
        if not p.name.startswith(".")
        and not p.parent.is_symlink()
        and not p.parent.parent.is_symlink()
    )


def load_assessments(
    kb: Kb, matrix: Matrix
) -> tuple[list[Assessment], list[tuple[str, DataError]]]:
    """Every readable assessment, and the problems of the others (for `cskb check`)."""
    members = {m.handle for m in load_roster(kb.team_file)} if kb.team_file.is_file() else set()
    out, bad = [], []
    for path in assessment_files(kb):
        rel = kb.rel(path)
        try:
            out.append(parse_assessment(rel, load_yaml_file(path, "assessment"), matrix, members))
        except DataError as exc:
            msg = exc.message.replace(str(path), rel)
            bad.append((rel, DataError(msg if msg.startswith(rel) else f"{rel}: {msg}")))
    return out, bad


def parse_rating(text: str, matrix: Matrix) -> tuple[str, str]:
    """`--rate KEY=LEVEL` as (competency, level), checked against the matrix."""
    key, sep, level = text.partition("=")
    key, level = key.strip(), level.strip()
    comps = [c.key for c in matrix.competencies]
    levels = [lv.key for lv in matrix.levels]
    if not sep or key not in comps:
        raise UsageError(
            f"--rate {text!r}: give COMPETENCY=LEVEL with a competency from competencies.yaml"
            f"{did_you_mean(key, comps)} ({', '.join(comps)})"
        )
    if level not in levels:
        raise UsageError(
            f"--rate {text!r}: {level!r} is not a level{did_you_mean(level, levels)}; "
            f"levels: {', '.join(levels)}"
        )
    return key, level


@dataclass(frozen=True)
class Written:
    path: Path
    assessment: Assessment
    commit: vcs.CommitResult | None


def _subject(kb: Kb, me: Member, handle: str | None) -> tuple[str, str, list[Member]]:
    """(member, kind, roster): whom `me` assesses; only a lead assesses someone else."""
    members = load_roster(kb.team_file)
    who = validate_handle(handle.strip(), "--member") if handle else me.handle
    if who not in {m.handle for m in members}:
        raise NotFoundError(f"--member {who!r} is not in team.yaml; see `cskb team list`")
    if who == me.handle:
        return who, SELF, members
    if me.handle not in lead_handles(members, kb.config):
        roles = ", ".join(kb.config.coaching.lead_roles) or "none"
        raise UsageError(
            f"only {who} (a self-assessment) or a lead (team.yaml role: {roles}) assesses {who}"
        )
    return who, LEAD, members


def new_assessment(
    kb: Kb,
    matrix: Matrix,
    me: Member,
    handle: str | None,
    ratings: list[str],
    notes: list[str],
    final: bool,
    today: dt.date,
    commit: bool = True,
) -> Written:
    """Write this period's assessment of `handle` (default: me) by me; never over a file."""
    who, kind, _ = _subject(kb, me, handle)
    rated = dict(parse_rating(r, matrix) for r in ratings)
    said = {}
    for n in notes:
        key, sep, text = n.partition("=")
        if not sep or matrix.competency(key.strip()) is None:
            raise UsageError(f"--note {n!r}: give COMPETENCY=TEXT with a competency key")
        said[key.strip()] = check_line(text.strip(), "--note")
    period = period_of(today, kb.config.assess.period)
    path = assessment_path(kb, period, who, me.handle)
    status = FINAL if final else DRAFT
    data: dict[str, Any] = {
        "member": who,
        "assessor": me.handle,
        "kind": kind,
        "period": period,
        "status": status,
        "written": today,
        "ratings": {c.key: rated.get(c.key) for c in matrix.competencies},
        "notes": said,
    }
    rel = kb.rel(path)
    with kb.write_lock():
        if not write_new(path, dump_yaml(data), inside=kb.root):
            raise UsageError(
                f"{rel} already exists; edit it by hand (then `cskb assess done`), nothing "
                "was written"
            )
        done = (
            vcs.commit_paths(kb.root, [path], f"cskb: assess {who} ({period}, {kind})")
            if commit
            else None
        )
    a = Assessment(rel, who, me.handle, kind, period, status, today, rated, said)
    return Written(path, a, done)


_STATUS_LINE = re.compile(r"^status:[ \t]*['\"]?draft['\"]?[ \t]*$", re.M)


def finish_assessment(
    kb: Kb, matrix: Matrix, me: Member, handle: str | None, today: dt.date, commit: bool = True
) -> Written:
    """Make this period's draft of `handle` by me final: only its status line changes."""
    who, _, members = _subject(kb, me, handle)
    period = period_of(today, kb.config.assess.period)
    path = assessment_path(kb, period, who, me.handle)
    rel = kb.rel(path)
    with kb.write_lock():
        try:
            text = read_bytes(path, 1_000_000).decode("utf-8")
        except FileNotFoundError:
            raise NotFoundError(
                f"{rel}: no assessment of {who} by {me.handle} this period; "
                f"`cskb assess new{'' if who == me.handle else ' --member ' + who}` writes one"
            ) from None
        except (OSError, UnicodeDecodeError):
            raise DataError(f"{rel}: cannot be read; fix it by hand") from None
        found = parse_assessment(
            rel, load_yaml_file(path, "assessment"), matrix, {m.handle for m in members}
        )
        if found.status == FINAL:
            raise UsageError(f"{rel} is already final; nothing was written")
        if not _STATUS_LINE.search(text):
            raise DataError(f"{rel}: status: write `status: final` by hand")
        atomic_write(path, _STATUS_LINE.sub("status: final", text, count=1), inside=kb.root)
        done = (
            vcs.commit_paths(kb.root, [path], f"cskb: assess {who} ({period}, final)")
            if commit
            else None
        )
    return Written(path, found, done)
