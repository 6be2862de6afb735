"""Writing cards: scaffolding a new card, the cards `cskb init` seeds from the rubric,
verification, and the edit session (shared with reviews)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cskb.adapters import fsio, vcs
from cskb.adapters.fsio import atomic_write, write_new
from cskb.adapters.store import (
    YamlProblem,
    dump_document,
    parse_document,
    read_document,
    to_date,
)
from cskb.config import CONFIG_FILE, Config, load_config
from cskb.errors import ConfigError, DataError, NotFoundError, UsageError
from cskb.kb.layout import Kb
from cskb.models import Finding
from cskb.playbook.cards import (
    CONTROL_RE,
    FIELDS,
    PLAYBOOK_DIR,
    Card,
    card_id,
    load_cards,
    read_card,
)
from cskb.playbook.checks import check_card, members_of
from cskb.reviews.records import EditResult, edit_session, set_fields_text
from cskb.reviews.sections import PLACEHOLDER_PREFIX
from cskb.reviews.tags import normalise

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")
VAR_RE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
TEMPLATE = "playbook-card.md"


def slugify(text: str) -> str:
    """An ASCII file-name slug: "Handling a renewal objection" -> "handling-a-renewal-objection"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-")


def card_text(
    config: Config,
    title: str,
    owner: str = "",
    verifier: str = "",
    tags: Collection[str] = (),
    criteria: Collection[str] = (),
) -> str:
    """A new, never-verified card from cskb's template; fields are set as data, the body's
    `{{title}}` and `{{questions}}` (the criteria's guiding questions) as text."""
    template = parse_document(
        resources.files("cskb.resources").joinpath(TEMPLATE).read_text(encoding="utf-8")
    )
    meta: dict[str, Any] = dict(template.meta)
    meta.update(
        title=title,
        owner=owner,
        verifier=verifier,
        verified_on=None,
        verified_by="",
        tags=list(tags),
        criteria=list(criteria),
    )
    ordered = {k: meta[k] for k in FIELDS if k in meta}
    questions = "\n>\n".join(
        f"> {c.question}" for c in config.rubric if c.key in criteria and c.question
    )
    values = {"title": title, "questions": questions}
    body = VAR_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template.body)
    return dump_document(ordered, body.replace("\n\n\n\n", "\n\n"))


def _check_criteria(config: Config, criteria: list[str]) -> None:
    keys = [c.key for c in config.rubric]
    for key in criteria:
        if key not in keys:
            near = difflib.get_close_matches(key, keys, n=1)
            fix = f"did you mean {near[0]!r}?" if near else f"known: {', '.join(keys)}"
            raise UsageError(f"--criteria {key!r} is not a rubric key in cskb.toml; {fix}")


@dataclass(frozen=True)
class NewCard:
    path: Path
    id: str


def new_card(
    kb: Kb,
    title: str,
    owner: str,
    verifier: str = "",
    tags: Collection[str] = (),
    criteria: Collection[str] = (),
    ident: str | None = None,
) -> NewCard:
    """Write a new card (never over an existing one) at `playbook/<id>.md`."""
    title = title.strip()
    if not title or CONTROL_RE.search(title):
        raise UsageError("TITLE must be one line of text, like 'Handling a renewal objection'")
    slug = slugify(title) if ident is None else ident.strip()
    if not SLUG_RE.match(slug):
        raise UsageError(
            f"--id {slug!r} is not a slug (a-z, 0-9 and '-', at most 60 characters)"
            if ident is not None
            else "cannot make an ASCII file name from the title; pass --id SLUG"
        )
    crit = list(dict.fromkeys(criteria))
    _check_criteria(kb.config, crit)
    members = members_of(kb)
    for role, handle in (("--owner", owner), ("--verifier", verifier)):
        if handle and handle not in members:
            raise NotFoundError(f"{role} {handle!r} is not in team.yaml; see `cskb team list`")
    path = kb.root / PLAYBOOK_DIR / f"{slug}.md"
    text = card_text(
        kb.config, title, owner, "" if verifier == owner else verifier, normalise(tags), crit
    )
    with kb.write_lock():
        written = write_new(path, text)
    if not written:
        raise UsageError(f"{kb.rel(path)} already exists; open it with `cskb playbook edit {slug}`")
    return NewCard(path, slug)


def seed_cards(root: Path) -> list[str]:
    """For `cskb init`: one never-verified card per rubric criterion no card teaches yet,
    from the criterion's title and question. Never overwrites; returns the files created,
    relative to `root` (none when cskb.toml cannot be read: `cskb check` will say why)."""
    try:
        config = load_config(root / CONFIG_FILE)
    except ConfigError:
        return []
    kb = Kb(root, config)
    taught = {key for card in load_cards(kb)[0] for key in card.criteria}
    created: list[str] = []
    for c in config.rubric:
        if c.key in taught:
            continue
        rel = f"{PLAYBOOK_DIR}/{slugify(c.key) or c.key}.md"
        if write_new(root / rel, card_text(config, c.title, criteria=[c.key])):
            created.append(rel)
    return created


@dataclass(frozen=True)
class Verified:
    card: Card
    path: str
    on: dt.date
    by: str
    commit: vcs.CommitResult | None


def verify_card(kb: Kb, path: Path, me: str, today: dt.date, commit: bool = True) -> Verified:
    """Record that `me` verified the card today: only its verifier (or its owner when it has
    no verifier) may; the card must be valid and hold no template placeholder. Only the
    `verified_on` and `verified_by` lines change; the rest of the file is kept byte for byte."""
    rel = kb.rel(path)
    with kb.write_lock():
        card = read_card(kb, path, members_of(kb))
        if not card.responsible:
            raise UsageError(
                f"{rel} has no verifier or owner; set `owner:` (or `verifier:`) with "
                f"`cskb playbook edit {card.id}`, then verify it"
            )
        if me != card.responsible:
            role = "verifier" if card.verifier else "owner, as it has no verifier"
            raise UsageError(f"only {card.responsible} ({role}) can verify {rel}; you are {me}")
        for line in card.body.split("\n"):
            if line.strip().startswith(PLACEHOLDER_PREFIX):
                raise UsageError(
                    f"{rel}: replace the template's placeholder lines before verifying "
                    f"(`cskb playbook edit {card.id}`)"
                )
        text = fsio.read_bytes(path).decode("utf-8")
        try:
            doc = read_document(path)
        except YamlProblem as exc:  # changed since read_card: report, never guess
            raise DataError(f"{rel}:{exc.line}: {exc.message}") from None
        new = set_fields_text(text, doc, {"verified_on": today, "verified_by": me})
        if new != text:
            atomic_write(path, new)
        done = None
        if commit:
            done = vcs.commit_paths(kb.root, [path], f"cskb: verify playbook card {card.id} ({me})")
    return Verified(read_card(kb, path), rel, today, me, done)


def _verification(meta: dict[str, Any]) -> tuple[object, str]:
    """A card's (verified_on, verified_by) as comparable values."""
    on, by = meta.get("verified_on"), meta.get("verified_by")
    day = to_date(on)
    return (
        day if day is not None else (None if on in (None, "") else str(on)),
        by.strip() if isinstance(by, str) else "" if by is None else str(by),
    )


def verification_edits(kb: Kb, path: Path) -> list[Finding]:
    """An error for each of `verified_on`/`verified_by` that differs from the last commit
    (a card git does not hold yet: from never verified). Only `cskb playbook verify`, run by
    the card's verifier, records a verification; an edit never does."""
    rel = kb.rel(path)
    try:
        doc = read_document(path)
    except YamlProblem:
        return []  # the card's own check reports it
    before = vcs.committed_text(kb.root, path)
    old: dict[str, Any] = {}
    if before is not None:
        try:
            old = parse_document(before).meta
        except YamlProblem:
            old = {}
    out = []
    for key, was, now in zip(
        ("verified_on", "verified_by"), _verification(old), _verification(doc.meta), strict=True
    ):
        if was != now:
            shown = "empty" if was in (None, "") else f"{was}"
            out.append(
                Finding(
                    rel,
                    doc.key_lines.get(key, 1),
                    "card-verification-edit",
                    "error",
                    f"{key} was changed by hand (committed: {shown}); put it back: only "
                    f"`cskb playbook verify {card_id(kb, path)}`, run by the card's verifier, "
                    "records a verification",
                )
            )
    return out


def commit_card(kb: Kb, path: Path, what: str) -> vcs.CommitResult | None:
    with kb.write_lock():
        return vcs.commit_paths(kb.root, [path], f"cskb: {what} {card_id(kb, path)}")


def edit_card(
    kb: Kb,
    path: Path,
    editor: str | None,
    today: dt.date,
    *,
    interactive: bool,
    ci: bool = False,
    requested: bool | None = None,
    commit: bool = True,
    what: str = "edit playbook card",
) -> EditResult:
    """A card's edit session: editor, validation (the `cskb check` rules), commit."""
    ident = card_id(kb, path)
    return edit_session(
        kb,
        path,
        editor,
        interactive=interactive,
        ci=ci,
        requested=requested,
        validate=lambda p: check_card(kb, p, today) + verification_edits(kb, p),
        commit=(lambda: commit_card(kb, path, what)) if commit else None,
        ident=ident,
        resume=f"cskb playbook edit {ident}",
        then=f"cskb playbook edit {ident} --no-edit",
    )
