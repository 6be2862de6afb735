"""`cskb.toml`: one frozen dataclass and one loader that names the file, key and fix."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
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
    inactive_after: int = 3  # cycles paired without a call, review or coffee (0: never pause)


@dataclass(frozen=True)
class PlaybookConfig:
    interval_days: int = 90  # a playbook card is re-verified this many days after its last check


@dataclass(frozen=True)
class SearchConfig:
    # Stemming languages for `cskb search` (see docs/search.md); Snowball names or ISO codes.
    languages: tuple[str, ...] = ("english", "german", "norwegian", "spanish", "ukrainian")
    server: bool = True  # a resident search process may answer searches (never in CI)


@dataclass(frozen=True)
class CoachingConfig:
    # Roles in team.yaml whose members may resolve any dispute (besides the reviewer).
    lead_roles: tuple[str, ...] = ("manager",)
    ack_days: int = 7  # a reviewee answers (ack or dispute) a complete review within this
    resolve_days: int = 7  # a dispute is resolved within this many days
    chase_days: int = 90  # answers are owed only for reviews completed this recently
    # host -> link template with {url} and {seconds}: a timestamp's link into a recording
    moment_links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AssessConfig:
    period: str = "quarter"  # one self and one lead assessment per "quarter" or "month"


@dataclass(frozen=True)
class TargetsConfig:
    """The programme's targets (docs/growth.md); None: no target for that figure."""

    completion: float | None = None  # per cent of owed reviews complete, at least
    latency_days: float | None = None  # median days from call to complete review, at most
    meeting_rate: float | None = None  # per cent of groups that met for a coffee, at least
    playbook_verified: float | None = None  # per cent of playbook cards in date, at least
    vague_reviews: float | None = None  # per cent of complete reviews flagged vague, at most


@dataclass(frozen=True)
class SiteConfig:
    # The KB's repository on the git host (https://github.com/owner/name): links to its
    # issue forms and to a file's edit page. Empty: no such links.
    repo_url: str = ""


@dataclass(frozen=True)
class RemindConfig:
    # `cskb remind --announce --if-due` posts only this many days before a cycle's due date
    # (0: on the day) and this many days after it (what is late).
    days_before_due: tuple[int, ...] = (3, 1)
    days_after_due: tuple[int, ...] = (1,)


@dataclass(frozen=True)
class Config:
    """Everything `cskb.toml` says, validated."""

    cycle: CycleConfig
    review: ReviewConfig
    rubric: tuple[Criterion, ...]
    vocabulary: tuple[str, ...]
    pairing: PairingConfig
    playbook: PlaybookConfig = field(default_factory=PlaybookConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    coaching: CoachingConfig = field(default_factory=CoachingConfig)
    assess: AssessConfig = field(default_factory=AssessConfig)
    targets: TargetsConfig = field(default_factory=TargetsConfig)
    site: SiteConfig = field(default_factory=SiteConfig)
    remind: RemindConfig = field(default_factory=RemindConfig)

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.rubric if c.key == key), None)


def default_config_text() -> str:
    """The commented `cskb.toml` that `cskb init` writes."""
    return resources.files("cskb.resources").joinpath("cskb.toml").read_text(encoding="utf-8")


# Every key each section may hold; anything else is refused with a did-you-mean, as
# docs/format.md promises (a typo like `cadense_days` must not silently use the default).
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "cycle": ("cadence_days", "anchor", "due_days"),
    "review": ("required_fields", "min_evidence_words", "vague_phrases"),
    "rubric": ("key", "title", "question", "scale", "mandatory", "weight"),
    "tags": ("vocabulary",),
    "pairing": ("prefer_cross_team", "new_joiner_days", "never_pair", "inactive_after"),
    "playbook": ("interval_days",),
    "search": ("languages", "server"),
    "coaching": ("lead_roles", "ack_days", "resolve_days", "chase_days", "moment_links"),
    "remind": ("days_before_due", "days_after_due"),
    "assess": ("period",),
    "targets": ("completion", "latency_days", "meeting_rate", "playbook_verified", "vague_reviews"),
    "site": ("repo_url",),
}
MAX_CONFIG_BYTES = 1_000_000


def did_you_mean(word: str, choices: Any) -> str:
    """' (did you mean X?)' for the closest of `choices`, or ''."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def load_config(path: Path) -> Config:
    """Read and validate `cskb.toml`; every error names the file, the key and the fix."""
    from cskb.adapters.fsio import is_link_error, read_bytes

    try:
        raw = read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found; run `cskb init` to create it") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        if is_link_error(exc):
            raise ConfigError(
                f"{path}: is a symbolic link; cskb does not follow links in a knowledge base"
            ) from None
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    from cskb.adapters.decoding import CONFLICT_MESSAGE, conflict_line

    line = conflict_line(raw.replace("\r\n", "\n"))
    if line:
        raise ConfigError(f"{path}:{line}: {CONFLICT_MESSAGE}")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc}); fix the syntax at that line") from None
    except RecursionError:
        raise ConfigError(f"{path}: values nested too deeply; flatten them") from None
    return parse_config(data, str(path))


def _refuse_unknown_keys(data: dict[str, Any], where: str) -> None:
    for key, value in data.items():
        if key not in SECTION_KEYS:
            raise ConfigError(
                f"{where}: unknown key [{key}]{did_you_mean(key, SECTION_KEYS)}; expected "
                f"one of {', '.join(sorted(SECTION_KEYS))}"
            )
        if key == "rubric":
            continue  # each [[rubric]] table is checked with its number in _parse_rubric
        if isinstance(value, dict):
            for sub in value:
                if sub not in SECTION_KEYS[key]:
                    raise ConfigError(
                        f"{where}: unknown key {sub!r} in [{key}]"
                        f"{did_you_mean(sub, SECTION_KEYS[key])}; known: "
                        f"{', '.join(SECTION_KEYS[key])}"
                    )


def parse_config(data: dict[str, Any], where: str = CONFIG_FILE) -> Config:
    r = _Reader(data, where)
    _refuse_unknown_keys(data, where)
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
        vague_phrases=tuple(
            p.strip().lower()
            for p in r.str_list("review", "vague_phrases", list(_default_vague_phrases(where)))
        ),
    )
    rubric = _parse_rubric(data.get("rubric"), where)
    vocabulary = tuple(
        dict.fromkeys(t.strip().lower() for t in r.str_list("tags", "vocabulary", []) if t.strip())
    )
    pairing = PairingConfig(
        prefer_cross_team=r.bool("pairing", "prefer_cross_team", True),
        new_joiner_days=r.int("pairing", "new_joiner_days", 90, lo=0, hi=10_000),
        never_pair=_parse_never_pair(r.section("pairing").get("never_pair", []), where),
        inactive_after=r.int("pairing", "inactive_after", 3, lo=0, hi=100),
    )
    for key in r.section("playbook"):  # also refused by _refuse_unknown_keys, kept as a guard
        if key != "interval_days":
            raise ConfigError(f"{where}: unknown key [playbook] {key}; expected interval_days")
    playbook = PlaybookConfig(interval_days=r.int("playbook", "interval_days", 90, lo=1, hi=3650))
    search = SearchConfig(
        languages=_parse_languages(r, where), server=r.bool("search", "server", True)
    )
    roles = tuple(
        dict.fromkeys(
            x.strip()
            for x in r.str_list("coaching", "lead_roles", list(CoachingConfig.lead_roles))
            if x.strip()
        )
    )
    coaching = CoachingConfig(
        lead_roles=roles,
        ack_days=r.int("coaching", "ack_days", 7, lo=0, hi=365),
        resolve_days=r.int("coaching", "resolve_days", 7, lo=0, hi=365),
        chase_days=r.int("coaching", "chase_days", 90, lo=1, hi=3650),
        moment_links=_parse_moment_links(r.section("coaching").get("moment_links", {}), where),
    )
    period = r.section("assess").get("period", "quarter")
    if period not in ("quarter", "month"):
        raise ConfigError(f'{where}: [assess] period = {period!r} must be "quarter" or "month"')
    targets = TargetsConfig(
        **{
            key: _target(r, key, 365.0 if key == "latency_days" else 100.0)
            for key in SECTION_KEYS["targets"]
        }
    )
    return Config(
        cycle,
        review,
        rubric,
        vocabulary,
        pairing,
        playbook,
        search,
        coaching,
        AssessConfig(period),
        targets,
        _parse_site(r),
        RemindConfig(
            _days(r, "days_before_due", RemindConfig.days_before_due),
            _days(r, "days_after_due", RemindConfig.days_after_due),
        ),
    )


def _days(r: _Reader, key: str, default: tuple[int, ...]) -> tuple[int, ...]:
    """A `[remind]` list of whole numbers of days, 0 to 365."""
    v = r.section("remind").get(key, list(default))
    if not isinstance(v, list) or not all(
        isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= 365 for x in v
    ):
        raise ConfigError(
            f"{r.where}: [remind] {key} = {v!r} must be a list of whole numbers of days from 0 "
            "to 365, like [3, 1]"
        )
    return tuple(sorted(set(v), reverse=True))


def _target(r: _Reader, key: str, hi: float) -> float | None:
    v = r.section("targets").get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float) or not 0 <= v <= hi:
        unit = "days" if key == "latency_days" else "per cent"
        raise ConfigError(
            f"{r.where}: [targets] {key} = {v!r} must be a number from 0 to {hi:g} ({unit})"
        )
    return float(v)


def _parse_site(r: _Reader) -> SiteConfig:
    url = r.section("site").get("repo_url", "")
    if not isinstance(url, str) or (
        url and not re.fullmatch(r"https?://[^\s/?#]+/[^\s/?#]+/[^\s/?#]+/?", url)
    ):
        raise ConfigError(
            f"{r.where}: [site] repo_url = {url!r} must be the repository's address, "
            "like https://github.com/your-org/cs-kb"
        )
    return SiteConfig(url.rstrip("/"))


def _parse_languages(r: _Reader, where: str) -> tuple[str, ...]:
    from cskb.search.languages import known_languages, language_name

    out = []
    for name in r.str_list("search", "languages", list(SearchConfig.languages)):
        canonical = language_name(name)
        if canonical is None:
            raise ConfigError(
                f"{where}: [search] languages: {name!r} is not a language cskb can stem; "
                f"use names from: {', '.join(known_languages())}"
            )
        out.append(canonical)
    return tuple(dict.fromkeys(out))


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
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or not 0 < weight <= 1000
        ):
            raise ConfigError(f"{at} ({key}): weight must be a positive number up to 1000")
        unknown = set(item) - set(SECTION_KEYS["rubric"])
        if unknown:
            bad = sorted(map(str, unknown))[0]
            raise ConfigError(
                f"{at} ({key}): unknown key {bad!r}{did_you_mean(bad, SECTION_KEYS['rubric'])}"
            )
        out.append(Criterion(key, title.strip(), question.strip(), scale, mandatory, float(weight)))
    return tuple(out)


def _parse_moment_links(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    """`[coaching] moment_links = { "rec.example.com" = "{url}#start={seconds}" }`."""
    at = f"{where}: [coaching] moment_links"
    if not isinstance(raw, dict):
        raise ConfigError(
            f'{at} must be a table like {{ "rec.example.com" = "{{url}}#t={{seconds}}" }}'
        )
    out = []
    for host, template in raw.items():
        if not re.fullmatch(r"[a-z0-9.-]+", str(host)):
            raise ConfigError(f"{at}: {host!r} must be a host name like rec.example.com")
        if (
            not isinstance(template, str)
            or "{seconds}" not in template
            or not re.fullmatch(r"(\{url\}|https?://)[^\s<>\"]*", template)
        ):
            raise ConfigError(
                f"{at}: {host} = {template!r} must start with {{url}} or https:// and hold "
                "{seconds}, without spaces, quotes or <>"
            )
        out.append((str(host), template))
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


def _default_vague_phrases(where: str) -> tuple[str, ...]:
    """The shipped list, used when `vague_phrases` is absent (not when it is `[]`)."""
    if where == "default cskb.toml":
        return ()
    return parse_config_defaults().review.vague_phrases


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
        day: dt.date | None = None
        if isinstance(v, dt.datetime):
            day = v.date()
        elif isinstance(v, dt.date):
            day = v
        elif isinstance(v, str):
            with contextlib.suppress(ValueError):
                day = dt.date.fromisoformat(v)
        if day is not None and dt.date(1900, 1, 1) <= day <= dt.date(2999, 12, 31):
            return day
        raise ConfigError(f"{self.where}: [{sec}] {key} = {v!r} must be a date like 2026-01-05")

    def str_list(self, sec: str, key: str, default: list[str]) -> list[str]:
        v = self._get(sec, key, default)
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{self.where}: [{sec}] {key} must be a list of strings")
        return v
