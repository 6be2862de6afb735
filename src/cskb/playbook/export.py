"""The playbook as data for other parts of cskb: search documents and site pages.

`card_documents` is what a search index reads (it needs no whoosh); `site_cards` is what the
static site renders. Both read every card once and return plain frozen dataclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from cskb.errors import DataError
from cskb.kb.layout import Kb
from cskb.playbook.cards import card_files, load_cards, read_card
from cskb.playbook.exemplars import DEFAULT_LIMIT, Exemplar, exemplars_by_criterion
from cskb.playbook.states import DEFAULT_WITHIN, state_of


class CardDocument(NamedTuple):
    """One card as a search document: a tuple (path, title, body, tags, criteria)."""

    path: str  # relative to the KB, e.g. `playbook/agenda.md`
    title: str
    body: str  # the Markdown body as written (no front-matter)
    tags: tuple[str, ...]
    criteria: tuple[str, ...]  # rubric keys the card teaches


def card_documents(kb: Kb) -> Iterator[CardDocument]:
    """Every valid card as (path, title, body, tags, criteria), in path order; cards that
    do not validate are skipped (`cskb check` reports them)."""
    for path in card_files(kb):
        try:
            card = read_card(kb, path)
        except DataError:
            continue
        yield CardDocument(kb.rel(path), card.title, card.body, card.tags, card.criteria)


@dataclass(frozen=True)
class SitePage:
    """One card's page on the site: its content, badge and exemplary calls."""

    id: str
    path: str
    title: str
    body: str  # Markdown, as written: the site renders and escapes it
    state: str  # verified | due | expired | never-verified | invalid: the badge
    owner: str
    verifier: str
    verified_on: dt.date | None
    verified_by: str
    due_on: dt.date | None  # None when never or not validly verified
    days_left: int | None
    tags: tuple[str, ...]
    criteria: tuple[str, ...]
    exemplars: tuple[Exemplar, ...]
    problem: str | None = None  # why the verification does not count (state `invalid`)


@dataclass(frozen=True)
class SitePlaybook:
    today: dt.date
    trust_score: float | None  # the share (0..1) of cards verified and in date
    pages: tuple[SitePage, ...]
    unreadable: tuple[str, ...]


def site_cards(
    kb: Kb, today: dt.date, within: int = DEFAULT_WITHIN, limit: int = DEFAULT_LIMIT
) -> SitePlaybook:
    """Every card's page with its state on `today` and its exemplary calls (one pass over
    the reviews for all cards)."""
    from cskb.playbook.states import trust_score

    cards, unreadable = load_cards(kb)
    found = exemplars_by_criterion(kb, {k for c in cards for k in c.criteria}, limit)
    pages = []
    statuses = [state_of(c, today, within) for c in cards]
    for s in statuses:
        c = s.card
        pages.append(
            SitePage(
                c.id,
                kb.rel(c.path),
                c.title,
                c.body,
                s.state,
                c.owner,
                c.verifier,
                c.verified_on,
                c.verified_by,
                s.due_on,
                s.days_left,
                c.tags,
                c.criteria,
                tuple(e for k in c.criteria for e in found.get(k, [])),
                s.problem,
            )
        )
    return SitePlaybook(
        today, trust_score(statuses, len(unreadable)), tuple(pages), tuple(unreadable)
    )
