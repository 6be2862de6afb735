"""`competencies.yaml`: the team's levels and competencies, read strictly.

The file comes from a colleague like every other KB file: it is read through
`adapters/store.py` (no aliases, no deep nesting, at most 1 MB, no links followed) and every
field is type-checked here, so a problem is one line naming the file and the field. What the
file refers to (rubric criteria, playbook cards) is checked against the KB by `validate`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from cskb.adapters.store import load_yaml_file
from cskb.config import Config, did_you_mean
from cskb.errors import DataError
from cskb.kb.layout import Kb

MATRIX_FILE = "competencies.yaml"
KEY_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
TOP_KEYS = ("levels", "competencies", "evidence")
LEVEL_KEYS = ("key", "title", "expects")
COMPETENCY_KEYS = ("key", "title", "criteria", "cards", "levels", "expects")
EVIDENCE_KEYS = ("window", "min_reviews")
MAX_LEVELS = 20
MAX_COMPETENCIES = 100
MAX_TEXT = 2000
# C0 controls but tab and newline, DEL, C1 controls, bidi overrides: never in matrix text.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Level:
    key: str
    title: str
    expects: float  # the evidence figure (0..100) a member at this level shows


@dataclass(frozen=True)
class Competency:
    key: str
    title: str
    criteria: tuple[str, ...]  # rubric keys whose scores are the evidence
    cards: tuple[str, ...]  # playbook card ids that teach it
    descriptions: dict[str, str]  # level key -> what the level looks like
    expects: dict[str, float]  # level key -> this competency's own expectation

    def expectation(self, level: Level) -> float:
        return self.expects.get(level.key, level.expects)


@dataclass(frozen=True)
class Matrix:
    levels: tuple[Level, ...]  # lowest first
    competencies: tuple[Competency, ...]
    window: int = 6  # cycles of evidence
    min_reviews: int = 3  # fewer reviews than this: "too little evidence", not a number

    def level(self, key: str) -> Level | None:
        return next((lv for lv in self.levels if lv.key == key), None)

    def rank(self, key: str) -> int | None:
        """The level's position, 0 for the lowest; None when unknown."""
        return next((i for i, lv in enumerate(self.levels) if lv.key == key), None)

    def next_level(self, key: str) -> Level | None:
        i = self.rank(key)
        return self.levels[i + 1] if i is not None and i + 1 < len(self.levels) else None

    def competency(self, key: str) -> Competency | None:
        return next((c for c in self.competencies if c.key == key), None)


class _Where:
    """Builds the one-line messages: `competencies.yaml: competencies[2] (discovery).title: ...`."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, field: str, problem: str) -> DataError:
        return DataError(f"{self.file}: {field}: {problem}")


def _text(w: _Where, field: str, value: Any, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise w.fail(field, "must be text; quote it")
    if len(value) > MAX_TEXT:
        raise w.fail(field, f"is longer than {MAX_TEXT} characters; shorten it")
    if CONTROL_RE.search(value):
        raise w.fail(field, "holds control characters; remove them")
    return value.strip()


def _key(w: _Where, field: str, value: Any) -> str:
    if not isinstance(value, str) or not KEY_RE.match(value):
        raise w.fail(field, f"{value!r} must be a lowercase key like 'discovery'")
    return value


def _number(w: _Where, field: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise w.fail(field, f"{value!r} must be a number from 0 to 100")
    if not 0 <= value <= 100:
        raise w.fail(field, f"{value!r} must be a number from 0 to 100")
    return float(value)


def _mapping(w: _Where, field: str, value: Any, keys: Collection[str] | None = None) -> dict:
    if not isinstance(value, dict):
        raise w.fail(field, "must be a mapping")
    for k in value:
        if not isinstance(k, str):
            raise w.fail(field, f"key {k!r} is not text; quote it")
        if keys is not None and k not in keys:
            raise w.fail(
                field, f"unknown key {k!r}{did_you_mean(k, keys)}; known: {', '.join(keys)}"
            )
    return value


def _list(w: _Where, field: str, value: Any, limit: int) -> list:
    if not isinstance(value, list):
        raise w.fail(field, "must be a list")
    if len(value) > limit:
        raise w.fail(field, f"has {len(value)} entries; at most {limit}")
    return value


def parse_matrix(data: Any, file: str = MATRIX_FILE) -> Matrix:
    """The matrix in `data` (parsed YAML), every field checked; DataError names file and field."""
    w = _Where(file)
    if not isinstance(data, dict):
        raise w.fail("top level", "must be a mapping with 'levels:' and 'competencies:'")
    _mapping(w, "top level", data, TOP_KEYS)
    levels: list[Level] = []
    for i, raw in enumerate(_list(w, "levels", data.get("levels"), MAX_LEVELS), 1):
        at = f"levels[{i}]"
        raw = _mapping(w, at, raw, LEVEL_KEYS)
        key = _key(w, f"{at}.key", raw.get("key"))
        at = f"levels[{i}] ({key})"
        if any(lv.key == key for lv in levels):
            raise w.fail(f"{at}.key", "is listed twice; give each level its own key")
        expects = _number(w, f"{at}.expects", raw.get("expects"))
        if levels and expects <= levels[-1].expects:
            raise w.fail(
                f"{at}.expects",
                f"{expects:g} is not above {levels[-1].key}'s {levels[-1].expects:g}; list "
                "levels from the lowest to the highest, each expecting more",
            )
        levels.append(Level(key, _text(w, f"{at}.title", raw.get("title", key)), expects))
    if not levels:
        raise w.fail("levels", "is empty; list the levels from the lowest to the highest")
    order = [lv.key for lv in levels]
    evidence = _mapping(w, "evidence", data.get("evidence") or {}, EVIDENCE_KEYS)
    window = evidence.get("window", 6)
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 52:
        raise w.fail("evidence.window", f"{window!r} must be a whole number of cycles, 1 to 52")
    need = evidence.get("min_reviews", 3)
    if isinstance(need, bool) or not isinstance(need, int) or not 1 <= need <= 100:
        raise w.fail("evidence.min_reviews", f"{need!r} must be a whole number from 1 to 100")
    comps: list[Competency] = []
    raws = _list(w, "competencies", data.get("competencies"), MAX_COMPETENCIES)
    for i, raw in enumerate(raws, 1):
        at = f"competencies[{i}]"
        raw = _mapping(w, at, raw, COMPETENCY_KEYS)
        key = _key(w, f"{at}.key", raw.get("key"))
        at = f"competencies[{i}] ({key})"
        if any(c.key == key for c in comps):
            raise w.fail(f"{at}.key", "is listed twice; give each competency its own key")
        criteria = _keys(w, f"{at}.criteria", raw.get("criteria", []))
        if not criteria:
            raise w.fail(f"{at}.criteria", "is empty; name the rubric criteria it draws on")
        cards = _keys(w, f"{at}.cards", raw.get("cards", []), card=True)
        descriptions = _per_level(w, f"{at}.levels", raw.get("levels") or {}, order, text=True)
        own = _per_level(w, f"{at}.expects", raw.get("expects") or {}, order, text=False)
        title = _text(w, f"{at}.title", raw.get("title", key))
        comps.append(Competency(key, title, criteria, cards, descriptions, own))
    if not comps:
        raise w.fail("competencies", "is empty; list at least one competency")
    return Matrix(tuple(levels), tuple(comps), window, need)


def _keys(w: _Where, field: str, value: Any, card: bool = False) -> tuple[str, ...]:
    out = []
    for j, item in enumerate(_list(w, field, value, 50), 1):
        if not isinstance(item, str) or not item.strip() or len(item) > 200:
            raise w.fail(f"{field}[{j}]", f"{item!r} must be a {'card id' if card else 'key'}")
        if CONTROL_RE.search(item) or (card and (".." in item or item.startswith("/"))):
            raise w.fail(f"{field}[{j}]", f"{item!r} is not a card id like 'agenda'")
        out.append(item.strip())
    return tuple(dict.fromkeys(out))


def _per_level(w: _Where, field: str, value: Any, order: list[str], text: bool) -> dict[str, Any]:
    raw = _mapping(w, field, value)
    out: dict[str, Any] = {}
    last = -1
    for k, v in raw.items():
        if k not in order:
            raise w.fail(
                f"{field}.{k}", f"unknown level{did_you_mean(k, order)}; levels: {', '.join(order)}"
            )
        if order.index(k) < last:
            raise w.fail(
                f"{field}.{k}",
                f"is out of order; list levels as `levels:` does: {', '.join(order)}",
            )
        last = order.index(k)
        out[k] = _text(w, f"{field}.{k}", v) if text else _number(w, f"{field}.{k}", v)
    return out


def load_matrix(kb: Kb) -> Matrix | None:
    """The KB's matrix, or None when it has no `competencies.yaml`."""
    path = kb.root / MATRIX_FILE
    if not path.exists() and not path.is_symlink():
        return None
    return parse_matrix(load_yaml_file(path, "competency matrix"), MATRIX_FILE)


def require_matrix(kb: Kb) -> Matrix:
    """The KB's matrix for a command that needs it: missing, invalid or naming a criterion
    the rubric lacks is a one-line DataError (cards and levels are `cskb check`'s job)."""
    matrix = load_matrix(kb)
    if matrix is None:
        raise DataError(
            f"{MATRIX_FILE}: not found; run `cskb init` to scaffold one (see docs/growth.md)"
        )
    problems = [p for p in references(matrix, kb.config, (), {}) if ".criteria:" in p]
    if problems:
        raise DataError(problems[0])
    return matrix


def references(
    matrix: Matrix, config: Config, cards: Collection[str], levels: dict[str, str]
) -> list[str]:
    """What the matrix and the roster name that does not exist: one line per problem.

    `levels` maps handles to their `level:` in team.yaml (members without one left out)."""
    problems = []
    rubric = [c.key for c in config.rubric]
    for i, comp in enumerate(matrix.competencies, 1):
        at = f"{MATRIX_FILE}: competencies[{i}] ({comp.key})"
        for key in comp.criteria:
            if key not in rubric:
                problems.append(
                    f"{at}.criteria: unknown criterion {key!r}{did_you_mean(key, rubric)}; "
                    f"cskb.toml's rubric has: {', '.join(rubric)}"
                )
        for card in comp.cards:
            if card not in cards:
                problems.append(
                    f"{at}.cards: no playbook card {card!r}{did_you_mean(card, cards)}; "
                    "see `cskb playbook list`"
                )
    known = [lv.key for lv in matrix.levels]
    for handle, level in sorted(levels.items()):
        if level not in known:
            problems.append(
                f"team.yaml: member {handle}: level {level!r} is not in {MATRIX_FILE}"
                f"{did_you_mean(level, known)}; levels: {', '.join(known)}"
            )
    return problems
