"""The playbook rules of `cskb check`: malformed cards are errors; expired and never-verified
cards are warnings (errors with `--strict`). Rule ids are documented in docs/checks.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

from cskb.adapters.store import YamlProblem, read_document
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.models import Finding
from cskb.playbook.cards import (
    ERROR,
    PLAYBOOK_DIR,
    WARNING,
    card_from,
    card_id,
    check_meta,
    scan,
)
from cskb.playbook.states import EXPIRED, NEVER, state_of

VERIFICATION_RULE = "card-verification"  # verified_on/verified_by not set by its verifier


def members_of(kb: Kb) -> frozenset[str]:
    return frozenset(m.handle for m in load_roster(kb.team_file))


def check_card(
    kb: Kb, path: Path, today: dt.date, members: Collection[str] | None = None
) -> list[Finding]:
    """Every finding for one card file on `today`."""
    rel = kb.rel(path)
    if path.is_symlink():
        return [
            Finding(rel, 1, "card-symlink", ERROR, "a symbolic link; make the card a regular file")
        ]
    try:
        doc = read_document(path)
    except YamlProblem as exc:
        return [Finding(rel, exc.line, exc.code, ERROR, exc.message)]
    members = members_of(kb) if members is None else members
    hits = [(line, "file-format", WARNING, note) for line, note in doc.notes]
    hits += list(check_meta(doc, kb.config, members))
    if not any(sev == ERROR for _, _, sev, _ in hits):
        card = card_from(path, card_id(kb, path), doc, kb.config)
        at = doc.key_lines.get("verified_on", 1)
        status = state_of(card, today)
        who = card.responsible or "its owner (none is set yet)"
        if status.problem is not None:
            field = status.problem.split(" ", 1)[0]  # the field the problem starts with
            hits.append(
                (
                    doc.key_lines.get(field, at),
                    VERIFICATION_RULE,
                    ERROR,
                    f"{status.problem}: not a verification, so the card is not trusted; only "
                    f"`cskb playbook verify {card.id}` by {who} records one",
                )
            )
        elif status.state == EXPIRED:
            hits.append(
                (
                    at,
                    "card-expired",
                    WARNING,
                    f"verification expired on {card.due_on} ({card.interval_days}-day interval); "
                    f"{who} should re-check it and run `cskb playbook verify {card.id}`",
                )
            )
        elif status.state == NEVER:
            hits.append(
                (
                    at,
                    "card-never-verified",
                    WARNING,
                    f"never verified; {who} should check it and run `cskb playbook verify {card.id}`",
                )
            )
    return [Finding(rel, line, rule, sev, msg) for line, rule, sev, msg in hits]


def is_card_path(kb: Kb, path: Path) -> bool:
    """A `.md` file under `playbook/` (README.md files are not cards)."""
    rel = kb.rel(path)
    return (
        rel.startswith(f"{PLAYBOOK_DIR}/")
        and rel.endswith(".md")
        and path.name.lower() != "readme.md"
    )


def check_cards(
    kb: Kb, today: dt.date, paths: list[Path] | None = None
) -> tuple[list[Finding], int]:
    """(findings, files checked) for the given card files, or for every card and symbolic
    link in playbook/."""
    if paths is None:
        cards, links = scan(kb)
        paths = sorted([*cards, *links])
    if not paths:
        return [], 0
    members = members_of(kb)
    return [f for p in paths for f in check_card(kb, p, today, members)], len(paths)
