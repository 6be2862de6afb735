"""Learning paths (`paths/<name>.yaml`) and each member's progress (`progress/<member>.yaml`).

A path is an ordered list of steps, each for one competency and level: a playbook card to
read, the best call on the competency to listen to, or a call a lead features. Progress is
one file per member and step (`progress/<member>/<step>.yaml`), created by `cskb path done`
and never rewritten, so progress recorded on two clones, by two people or by one person on
two machines, never touches the same file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.fsio import write_new
from cskb.adapters.store import dump_yaml, load_yaml_file, to_date
from cskb.config import did_you_mean
from cskb.errors import DataError, NotFoundError
from cskb.growth.matrix import CONTROL_RE, Matrix
from cskb.kb.layout import Kb

PATHS_DIR = "paths"
PROGRESS_DIR = "progress"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
PATH_KEYS = ("title", "steps")
STEP_KEYS = ("id", "competency", "level", "card", "exemplary", "review", "note")
MAX_STEPS = 500
MAX_PATHS = 50


@dataclass(frozen=True)
class Step:
    id: str
    path: str  # the path file it comes from, relative to the KB
    competency: str
    level: str
    kind: str  # "card", "exemplary" or "featured"
    target: str  # the card id, the review file, or "" for the best call
    note: str


@dataclass(frozen=True)
class LearningPath:
    file: str
    title: str
    steps: tuple[Step, ...]


def _fail(rel: str, field: str, problem: str) -> DataError:
    return DataError(f"{rel}: {field}: {problem}")


def _line(rel: str, field: str, value: Any, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > 2000:
        raise _fail(rel, field, "must be text (at most 2000 characters); quote it")
    if CONTROL_RE.search(value):
        raise _fail(rel, field, "holds control characters; remove them")
    return value.strip()


def parse_path(rel: str, data: Any, matrix: Matrix) -> LearningPath:
    """A path file's data, every field checked; DataError naming the file and field."""
    if not isinstance(data, dict):
        raise _fail(rel, "top level", "must be a mapping with 'title:' and 'steps:'")
    for k in data:
        if k not in PATH_KEYS:
            raise _fail(rel, "top level", f"unknown key {k!r}{did_you_mean(str(k), PATH_KEYS)}")
    title = _line(rel, "title", data.get("title")) or rel
    raw = data.get("steps")
    if not isinstance(raw, list) or not raw or len(raw) > MAX_STEPS:
        raise _fail(rel, "steps", f"must be a list of 1 to {MAX_STEPS} steps")
    comps = [c.key for c in matrix.competencies]
    levels = [lv.key for lv in matrix.levels]
    steps: list[Step] = []
    for i, item in enumerate(raw, 1):
        at = f"steps[{i}]"
        if not isinstance(item, dict):
            raise _fail(
                rel,
                at,
                "must be a mapping with id, competency, level and one of card, exemplary, review",
            )
        for k in item:
            if k not in STEP_KEYS:
                raise _fail(rel, at, f"unknown key {k!r}{did_you_mean(str(k), STEP_KEYS)}")
        ident = item.get("id")
        if not isinstance(ident, str) or not ID_RE.match(ident):
            raise _fail(rel, f"{at}.id", f"{ident!r} must be a lowercase id like 'read-agenda'")
        at = f"steps[{i}] ({ident})"
        if any(s.id == ident for s in steps):
            raise _fail(rel, f"{at}.id", "is used twice; give each step its own id")
        comp = item.get("competency")
        if comp not in comps:
            raise _fail(
                rel,
                f"{at}.competency",
                f"{comp!r} is not in competencies.yaml"
                f"{did_you_mean(str(comp), comps)}; competencies: {', '.join(comps)}",
            )
        level = item.get("level", levels[0])
        if level not in levels:
            raise _fail(
                rel, f"{at}.level", f"{level!r} is not a level{did_you_mean(str(level), levels)}"
            )
        kinds = [k for k in ("card", "exemplary", "review") if item.get(k) not in (None, False)]
        if len(kinds) != 1:
            raise _fail(rel, at, "needs exactly one of card: ID, exemplary: true, review: PATH")
        kind = kinds[0]
        target = ""
        if kind == "card":
            target = _line(rel, f"{at}.card", item["card"], required=True)
        elif kind == "review":
            target = _line(rel, f"{at}.review", item["review"], required=True)
            if not re.fullmatch(r"reviews/\d{4}-\d{2}-\d{2}/[A-Za-z0-9._-]+\.md", target):
                raise _fail(
                    rel,
                    f"{at}.review",
                    f"{target!r} must be a review file like reviews/2026-11-02/bo-reviews-ana.md",
                )
        elif item["exemplary"] is not True:
            raise _fail(rel, f"{at}.exemplary", "must be true")
        note = _line(rel, f"{at}.note", item.get("note"))
        steps.append(
            Step(
                ident,
                rel,
                str(comp),
                str(level),
                "featured" if kind == "review" else kind,
                target,
                note,
            )
        )
    return LearningPath(rel, title, tuple(steps))


def path_files(kb: Kb) -> list[Path]:
    folder = kb.root / PATHS_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))[:MAX_PATHS]


def load_paths(kb: Kb, matrix: Matrix) -> tuple[list[LearningPath], list[tuple[str, DataError]]]:
    """Every readable path (by file name), and the problems of the others; a step id used
    by two files is a problem of the second."""
    out: list[LearningPath] = []
    bad: list[tuple[str, DataError]] = []
    seen: dict[str, str] = {}
    for path in path_files(kb):
        rel = kb.rel(path)
        try:
            lp = parse_path(rel, load_yaml_file(path, "learning path"), matrix)
        except DataError as exc:
            msg = exc.message.replace(str(path), rel)
            bad.append((rel, DataError(msg if msg.startswith(rel) else f"{rel}: {msg}")))
            continue
        clash = next((s.id for s in lp.steps if s.id in seen), None)
        if clash:
            bad.append(
                (rel, _fail(rel, "steps", f"id {clash!r} is already a step of {seen[clash]}"))
            )
            continue
        seen.update({s.id: rel for s in lp.steps})
        out.append(lp)
    return out, bad


def progress_dir(kb: Kb, handle: str) -> Path:
    return kb.root / PROGRESS_DIR / handle


def progress_files(kb: Kb, handle: str) -> list[Path]:
    folder = progress_dir(kb, handle)
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))


def progress_step(kb: Kb, handle: str, path: Path) -> tuple[str, dt.date | None]:
    """(step id, day) of one progress file; DataError naming the file and field."""
    rel = kb.rel(path)
    try:
        data = load_yaml_file(path, "progress file")
    except DataError as exc:
        raise DataError(exc.message.replace(str(path), rel)) from None
    if not isinstance(data, dict):
        raise DataError(f"{rel}: must be a mapping with member, step and on")
    for field, want in (("member", handle), ("step", path.stem)):
        if data.get(field) != want:
            raise DataError(f"{rel}: {field}: must be {want!r}, as the path says")
    return path.stem, to_date(data.get("on"))


def load_progress(kb: Kb, handle: str) -> dict[str, dt.date | None]:
    """step id -> the day `handle` recorded it done; DataError naming the file and field."""
    return dict(progress_step(kb, handle, p) for p in progress_files(kb, handle)[: 10 * MAX_STEPS])


def record_done(
    kb: Kb, paths: list[LearningPath], handle: str, step: str, today: dt.date, commit: bool = True
) -> tuple[Path, bool, vcs.CommitResult | None]:
    """Record that `handle` finished `step` in a file of its own (never replaced):
    (file, newly recorded, commit)."""
    ids = [s.id for lp in paths for s in lp.steps]
    step = step.strip()
    if step not in ids:
        raise NotFoundError(f"no step {step!r} in paths/{did_you_mean(step, ids)}; see `cskb path`")
    path = progress_dir(kb, handle) / f"{step}.yaml"
    text = "# Written by `cskb path done`; see docs/growth.md.\n" + dump_yaml(
        {"member": handle, "step": step, "on": today}
    )
    with kb.write_lock():
        if not write_new(path, text, inside=kb.root):
            return path, False, None
        result = vcs.commit_paths(kb.root, [path], f"cskb: {handle} did {step}") if commit else None
    return path, True, result
