"""`cskb.toml`: one frozen dataclass and one loader that names the file, key and fix."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from cskb.errors import ConfigError

CONFIG_FILE = "cskb.toml"
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
NA = "n/a"


@dataclass(frozen=True)
class Scale:
    """A criterion's scale: a whole-number range `lo-hi`, or `yes/no`."""

    lo: int = 1
    hi: int = 5
    yes_no: bool = False

    @classmethod
    def parse(cls, text: str) -> Scale:
        text = text.strip().lower()
        if text in ("yes/no", "yesno", "bool"):
            return cls(0, 1, yes_no=True)
        m = re.fullmatch(r"(\d+)\s*-\s*(\d+)", text)
        if not m or int(m.group(1)) >= int(m.group(2)):
            raise ValueError(f"scale {text!r} is neither 'LO-HI' (like '1-5') nor 'yes/no'")
        return cls(int(m.group(1)), int(m.group(2)))

    def __str__(self) -> str:
        return "yes/no" if self.yes_no else f"{self.lo}-{self.hi}"

    def normalise(self, value: Any) -> float | None:
        """A valid score as a fraction 0..1; None when `value` is not on this scale."""
        if self.yes_no:
            if isinstance(value, bool):
                return 1.0 if value else 0.0
            if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
                return 1.0 if value.strip().lower() == "yes" else 0.0
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        if not self.lo <= value <= self.hi:
            return None
        return (value - self.lo) / (self.hi - self.lo)


@dataclass(frozen=True)
class Criterion:
    """One best practice in the rubric."""

    key: str
    title: str
    question: str
    scale: Scale = field(default_factory=Scale)
    mandatory: bool = True
    weight: float = 1.0


@dataclass(frozen=True)
class CycleConfig:
    cadence_days: int = 14
    anchor: dt.date = dt.date(2026, 1, 5)
    due_days: int = 13


@dataclass(frozen=True)
class ReviewConfig:
    required_fields: tuple[str, ...] = ("cycle", "reviewer", "reviewee", "call", "tags", "status")
    min_evidence_words: int = 12
    vague_phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PairingConfig:
    prefer_cross_team: bool = True
    new_joiner_days: int = 90
    never_pair: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SearchConfig:
    server: bool = True  # a resident search process may answer searches (never in CI)


@dataclass(frozen=True)
class Config:
    """Everything `cskb.toml` says, validated."""

    cycle: CycleConfig
    review: ReviewConfig
    rubric: tuple[Criterion, ...]
    vocabulary: tuple[str, ...]
    pairing: PairingConfig
    search: SearchConfig = SearchConfig()

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.rubric if c.key == key), None)


def default_config_text() -> str:
    """The commented `cskb.toml` that `cskb init` writes."""
    return resources.files("cskb.resources").joinpath("cskb.toml").read_text(encoding="utf-8")


def load_config(path: Path) -> Config:
    """Read and validate `cskb.toml`; every error names the file, the key and the fix."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found; run `cskb init` to create it") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc}); fix the syntax at that line") from None
    return parse_config(data, str(path))


def parse_config(data: dict[str, Any], where: str = CONFIG_FILE) -> Config:
    r = _Reader(data, where)
    known = {"cycle", "review", "rubric", "tags", "pairing", "search"}
    for key in data:
        if key not in known:
            raise ConfigError(
                f"{where}: unknown key [{key}]; expected one of {', '.join(sorted(known))}"
            )
    cycle = CycleConfig(
        cadence_days=r.int("cycle", "cadence_days", 14, lo=1, hi=365),
        anchor=r.date("cycle", "anchor", dt.date(2026, 1, 5)),
        due_days=0,
    )
    due = r.int("cycle", "due_days", cycle.cadence_days - 1, lo=0, hi=365)
    cycle = CycleConfig(cycle.cadence_days, cycle.anchor, due)
    review = ReviewConfig(
        required_fields=tuple(
            r.str_list("review", "required_fields", list(ReviewConfig.required_fields))
        ),
        min_evidence_words=r.int("review", "min_evidence_words", 12, lo=0, hi=10_000),
        vague_phrases=tuple(p.strip().lower() for p in r.str_list("review", "vague_phrases", [])),
    )
    rubric = _parse_rubric(data.get("rubric"), where)
    vocabulary = tuple(
        dict.fromkeys(t.strip().lower() for t in r.str_list("tags", "vocabulary", []) if t.strip())
    )
    pairing = PairingConfig(
        prefer_cross_team=r.bool("pairing", "prefer_cross_team", True),
        new_joiner_days=r.int("pairing", "new_joiner_days", 90, lo=0, hi=10_000),
        never_pair=_parse_never_pair(r.section("pairing").get("never_pair", []), where),
    )
    search = SearchConfig(server=r.bool("search", "server", True))
    return Config(cycle, review, rubric, vocabulary, pairing, search)


def _parse_rubric(raw: Any, where: str) -> tuple[Criterion, ...]:
    if raw is None:
        return parse_config_defaults().rubric
    if not isinstance(raw, list) or not raw:
        raise ConfigError(
            f"{where}: [[rubric]] must be one or more tables, each with key, title, question"
        )
    out: list[Criterion] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        at = f"{where}: [[rubric]] #{i}"
        if not isinstance(item, dict):
            raise ConfigError(f"{at}: must be a table with key, title, question")
        key = item.get("key")
        if not isinstance(key, str) or not KEY_RE.match(key):
            raise ConfigError(f"{at}: key must be a lowercase identifier like 'next_steps'")
        if key in seen:
            raise ConfigError(f"{at}: duplicate key {key!r}; give each criterion its own key")
        seen.add(key)
        title = item.get("title")
        if not isinstance(title, str) or not title.strip():
            raise ConfigError(f"{at} ({key}): title must be a non-empty string")
        question = item.get("question", "")
        if not isinstance(question, str):
            raise ConfigError(f"{at} ({key}): question must be a string")
        try:
            scale = Scale.parse(str(item.get("scale", "1-5")))
        except ValueError as exc:
            raise ConfigError(f"{at} ({key}): {exc}") from None
        mandatory = item.get("mandatory", True)
        if not isinstance(mandatory, bool):
            raise ConfigError(f"{at} ({key}): mandatory must be true or false")
        weight = item.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise ConfigError(f"{at} ({key}): weight must be a positive number")
        unknown = set(item) - {"key", "title", "question", "scale", "mandatory", "weight"}
        if unknown:
            raise ConfigError(f"{at} ({key}): unknown key {sorted(unknown)[0]!r}")
        out.append(Criterion(key, title.strip(), question.strip(), scale, mandatory, float(weight)))
    return tuple(out)


def _parse_never_pair(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list):
        raise ConfigError(
            f'{where}: [pairing] never_pair must be a list of pairs like [["ana", "bo"]]'
        )
    pairs: list[tuple[str, str]] = []
    for item in raw:
        if (
            not isinstance(item, list)
            or len(item) < 2
            or not all(isinstance(h, str) and h for h in item)
        ):
            raise ConfigError(
                f"{where}: [pairing] never_pair entry {item!r} must be a list of two or more handles"
            )
        for i, a in enumerate(item):
            for b in item[i + 1 :]:
                pairs.append((a, b))
    return tuple(pairs)


_DEFAULTS: Config | None = None


def parse_config_defaults() -> Config:
    """The configuration `cskb init` writes, parsed (used where a key is absent)."""
    global _DEFAULTS
    if _DEFAULTS is None:
        _DEFAULTS = parse_config(tomllib.loads(default_config_text()), "default cskb.toml")
    return _DEFAULTS


class _Reader:
    """Typed access to `[section] key` with messages that name the file and key."""

    def __init__(self, data: dict[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def section(self, name: str) -> dict[str, Any]:
        sec = self.data.get(name, {})
        if not isinstance(sec, dict):
            raise ConfigError(f"{self.where}: [{name}] must be a table")
        return sec

    def _get(self, sec: str, key: str, default: Any) -> Any:
        return self.section(sec).get(key, default)

    def int(self, sec: str, key: str, default: int, lo: int, hi: int) -> int:
        v = self._get(sec, key, default)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise ConfigError(
                f"{self.where}: [{sec}] {key} = {v!r} must be a whole number from {lo} to {hi}"
            )
        return v

    def bool(self, sec: str, key: str, default: bool) -> bool:
        v = self._get(sec, key, default)
        if not isinstance(v, bool):
            raise ConfigError(f"{self.where}: [{sec}] {key} = {v!r} must be true or false")
        return v

    def date(self, sec: str, key: str, default: dt.date) -> dt.date:
        v = self._get(sec, key, default)
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v)
            except ValueError:
                pass
        raise ConfigError(f"{self.where}: [{sec}] {key} = {v!r} must be a date like 2026-01-05")

    def str_list(self, sec: str, key: str, default: list[str]) -> list[str]:
        v = self._get(sec, key, default)
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{self.where}: [{sec}] {key} must be a list of strings")
        return v
