"""Playbook cards on disk: `playbook/<id>.md`, Markdown with YAML front-matter.

Parsing is as strict as for reviews: the front-matter goes through `adapters/store.py`,
every field is type-checked, and every problem is one line naming the file, the line and
the field. A card is loaded only when it has no error.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters.store import Document, YamlProblem, read_document, to_date
from cskb.config import Config
from cskb.errors import DataError, NotFoundError, UsageError
from cskb.kb.layout import Kb
from cskb.reviews.tags import normalise

PLAYBOOK_DIR = "playbook"
FIELDS = (
    "title",
    "owner",
    "verifier",
    "verified_on",
    "verified_by",
    "interval_days",
    "tags",
    "criteria",
)
ROLES = ("owner", "verifier", "verified_by")
MAX_INTERVAL = 3650
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
ERROR, WARNING = "error", "warning"
Hit = tuple[int, str, str, str]  # line, rule, severity, message (as in checks/rules.py)


@dataclass(frozen=True)
class Card:
    """One valid playbook card."""

    path: Path
    id: str  # the path under playbook/ without `.md`, what `cskb playbook` commands take
    title: str
    owner: str  # "" when nobody owns it yet
    verifier: str  # "" when the owner verifies
    verified_on: dt.date | None  # None: never verified
    verified_by: str
    interval_days: int  # the card's own interval, else the team's `[playbook] interval_days`
    tags: tuple[str, ...]
    criteria: tuple[str, ...]  # rubric keys the card teaches
    body: str

    @property
    def responsible(self) -> str:
        """Who verifies the card: its verifier, else its owner ("" when neither is set)."""
        return self.verifier or self.owner

    @property
    def due_on(self) -> dt.date | None:
        """The last day the verification is in date; None when never verified."""
        if self.verified_on is None:
            return None
        return self.verified_on + dt.timedelta(days=self.interval_days)


def playbook_dir(kb: Kb) -> Path:
    return kb.root / PLAYBOOK_DIR


def card_id(kb: Kb, path: Path) -> str:
    return kb.rel(path).removeprefix(f"{PLAYBOOK_DIR}/").removesuffix(".md")


def scan(kb: Kb) -> tuple[list[Path], list[Path]]:
    """(every card file under `playbook/`, sorted; symbolic links found there, which are
    never read because they could point outside the KB). `README.md` files are not cards."""
    cards: list[Path] = []
    links: list[Path] = []
    top = playbook_dir(kb)
    if top.is_symlink():
        return [], [top]
    stack = [str(top)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_symlink():
                        if entry.name.endswith(".md") or entry.is_dir():
                            links.append(Path(entry.path))
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.name.endswith(".md") and entry.name.lower() != "readme.md":
                        cards.append(Path(entry.path))
        except (FileNotFoundError, NotADirectoryError):
            continue
    return sorted(cards), sorted(links)


def card_files(kb: Kb) -> list[Path]:
    return scan(kb)[0]


def _text_hint(value: Any) -> str:
    if isinstance(value, bool):
        return f"is read as the boolean {str(value).lower()}; quote it"
    if isinstance(value, int | float):
        return f"is read as the number {value}; quote it"
    return f"is a {type(value).__name__}, not text"


def _str_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def check_meta(doc: Document, config: Config, members: Collection[str] | None) -> Iterator[Hit]:
    """Every problem with a card's fields; `members` None skips the roster check."""
    meta, line = doc.meta, doc.key_lines.get
    title = meta.get("title")
    if "title" not in meta:
        yield 1, "card-field", ERROR, "front-matter has no 'title' field; add a one-line title"
    elif not isinstance(title, str) or not title.strip():
        what = "is empty" if title in (None, "") else _text_hint(title)
        yield line("title", 1), "card-field", ERROR, f"title {what}; give the card a one-line title"
    elif CONTROL_RE.search(title):
        yield line("title", 1), "card-field", ERROR, "title must be one line of plain text"
    for role in ROLES:
        value = meta.get(role)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            yield line(role, 1), "card-field", ERROR, f"{role} {_text_hint(value)}"
        elif members is not None and value not in members:
            yield (
                line(role, 1),
                "card-member",
                ERROR,
                f"{role} {value!r} is not in team.yaml; use a handle from `cskb team list`",
            )
    value = meta.get("verified_on")
    if value not in (None, "") and (isinstance(value, dt.datetime) or to_date(value) is None):
        yield (
            line("verified_on", 1),
            "card-field",
            ERROR,
            f"verified_on {value!r} must be a date like 2026-11-16 (empty: never verified)",
        )
    value = meta.get("interval_days")
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INTERVAL
    ):
        yield (
            line("interval_days", 1),
            "card-field",
            ERROR,
            f"interval_days {value!r} must be a whole number of days from 1 to {MAX_INTERVAL} "
            f"(leave it out for the team's {config.playbook.interval_days})",
        )
    for key in ("tags", "criteria"):
        if _str_list(meta.get(key)) is None:
            yield line(key, 1), "card-field", ERROR, f"{key} must be a list of text, like [a, b]"
    keys = [c.key for c in config.rubric]
    for key in _str_list(meta.get("criteria")) or []:
        if key not in keys:
            near = difflib.get_close_matches(key, keys, n=1)
            fix = f"did you mean {near[0]!r}?" if near else f"known: {', '.join(keys)}"
            yield (
                line("criteria", 1),
                "card-criterion",
                ERROR,
                f"criteria {key!r} is not a rubric key in cskb.toml; {fix}",
            )
    for key in meta:
        if key not in FIELDS:
            near = difflib.get_close_matches(key, FIELDS, n=1)
            fix = f"did you mean {near[0]!r}?" if near else f"known: {', '.join(FIELDS)}"
            yield line(key, 1), "card-unknown-field", WARNING, f"unknown field {key!r}; {fix}"


def card_from(path: Path, ident: str, doc: Document, config: Config) -> Card:
    """A Card from a document `check_meta` found no error in."""
    meta = doc.meta

    def text(key: str) -> str:
        value = meta.get(key)
        return value.strip() if isinstance(value, str) else ""

    interval = meta.get("interval_days")
    return Card(
        path=path,
        id=ident,
        title=text("title"),
        owner=text("owner"),
        verifier=text("verifier"),
        verified_on=to_date(meta.get("verified_on")),
        verified_by=text("verified_by"),
        interval_days=interval if isinstance(interval, int) else config.playbook.interval_days,
        tags=tuple(normalise(_str_list(meta.get("tags")) or [])),
        criteria=tuple(dict.fromkeys(_str_list(meta.get("criteria")) or [])),
        body=doc.body,
    )


def read_card(kb: Kb, path: Path, members: Collection[str] | None = None) -> Card:
    """Load one card; raises DataError naming the file, line and field of its first error."""
    rel = kb.rel(path)
    if path.is_symlink():
        raise DataError(f"{rel}: is a symbolic link; a card must be a regular file in the KB")
    try:
        doc = read_document(path)
    except YamlProblem as exc:
        raise DataError(f"{rel}:{exc.line}: {exc.message}") from None
    for line, _, severity, message in check_meta(doc, kb.config, members):
        if severity == ERROR:
            raise DataError(f"{rel}:{line}: {message}; fix it with `cskb playbook edit`")
    return card_from(path, card_id(kb, path), doc, kb.config)


def load_cards(kb: Kb) -> tuple[list[Card], list[str]]:
    """Every valid card, and the paths of those that could not be read (see `cskb check`)."""
    cards, bad = [], []
    for path in card_files(kb):
        try:
            cards.append(read_card(kb, path))
        except DataError:
            bad.append(kb.rel(path))
    return cards, bad


def resolve(kb: Kb, ident: str, cwd: Path) -> Path:
    """A card by path, by id (`agenda`), or by a unique prefix of its id."""
    ident = ident.strip()
    if not ident:
        raise UsageError("CARD is empty; give a card's id or path, see `cskb playbook list`")
    top = playbook_dir(kb).resolve()
    for candidate in (cwd / ident, kb.root / ident):
        if candidate.is_file():
            found = candidate.resolve()
            if candidate.is_symlink() or found.suffix != ".md" or not found.is_relative_to(top):
                raise UsageError(f"{ident!r} is not a playbook card (a .md file under playbook/)")
            return found
    paths = card_files(kb)
    ids = {card_id(kb, p): p for p in paths}
    wanted = ident.removeprefix(f"{PLAYBOOK_DIR}/").removesuffix(".md")
    if wanted in ids:
        return ids[wanted]
    matches = [p for i, p in ids.items() if i.startswith(wanted) or p.stem.startswith(wanted)]
    if not matches:
        raise NotFoundError(f"no playbook card matches {ident!r}; see `cskb playbook list`")
    if len(matches) > 1:
        listed = ", ".join(card_id(kb, p) for p in matches[:5])
        raise UsageError(f"{ident!r} matches {len(matches)} cards ({listed}); give more of the id")
    return matches[0]


def card_links(kb: Kb) -> dict[str, str]:
    """Each rubric key to the path of the card that teaches it (the card named after the
    key first, else the first by path), for the review template's links."""
    cards = load_cards(kb)[0]
    out: dict[str, str] = {}
    for c in kb.config.rubric:
        teaching = [card for card in cards if c.key in card.criteria]
        teaching.sort(key=lambda card: (card.id != c.key.replace("_", "-"), card.id))
        if teaching:
            out[c.key] = kb.rel(teaching[0].path)
    return out
