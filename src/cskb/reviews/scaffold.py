"""A new review from the team's template: defaults from the cycle, fields set as data."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cskb.adapters.fsio import atomic_write, is_leftover, write_new
from cskb.adapters.store import Document, YamlProblem, dump_document, parse_document, read_document
from cskb.checks.rules import valid_url
from cskb.config import Config
from cskb.errors import DataError, NotFoundError, UsageError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.kb.text import check_line, check_lines
from cskb.pairing.cycles import get_cycle
from cskb.reviews.calls import find_call
from cskb.reviews.sections import PLACEHOLDER_PREFIX, criterion_sections, split_sections
from cskb.reviews.tags import check_vocabulary, normalise

VAR_RE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
KNOWN_FIELDS = (
    "title",
    "cycle",
    "reviewer",
    "reviewee",
    "call",
    "tags",
    "products",
    "scores",
    "status",
)


def review_path(kb: Kb, cycle: str, reviewer: str, reviewee: str) -> Path:
    return kb.reviews_dir / cycle / f"{reviewer}-reviews-{reviewee}.md"


def criteria_markdown(
    config: Config, keys: Collection[str] | None = None, cards: Mapping[str, str] | None = None
) -> str:
    """One `## ` section per rubric criterion (or only those in `keys`): marker, the link to
    the criterion's playbook card (from `cards`, as an HTML comment, so it is never counted
    as evidence), guiding question, placeholder."""
    parts = []
    for c in config.rubric:
        if keys is not None and c.key not in keys:
            continue
        optional = "" if c.mandatory else ", or n/a"
        card = (cards or {}).get(c.key)
        link = f"<!-- What good looks like: {card} -->\n" if card else ""
        parts.append(
            f"## {c.title}\n<!-- criterion: {c.key} -->\n{link}> {c.question} (score {c.scale}{optional} "
            f"under `scores.{c.key}`)\n\n{PLACEHOLDER_PREFIX} with evidence: what was said, when, "
            "and its effect._\n"
        )
    return "\n".join(parts).rstrip("\n")


def read_template(kb: Kb) -> tuple[Document, str | None]:
    """The KB's `templates/review.md`, or cskb's default with a warning when it is missing."""
    path = kb.template_file
    try:
        if not path.exists():
            default = resources.files("cskb.resources").joinpath("review.md").read_text("utf-8")
            warning = f"{kb.rel(path)} is missing; used cskb's default template (add it back to change it)"
            return parse_document(default), warning
        return read_document(path), None
    except YamlProblem as exc:
        raise DataError(f"{kb.rel(path)}:{exc.line}: {exc.message}; fix the template") from None


def scaffold(
    kb: Kb,
    template: Document,
    cycle: str,
    reviewer: str,
    reviewee: str,
    call: dict[str, Any],
    tags: list[str],
    products: list[str],
    title: str | None = None,
    fields: Mapping[str, Any] | None = None,
    preface: str = "",
) -> str:
    """The new review's text from the template; fields are set as data and the body's
    `{{...}}` placeholders are replaced with text (never pasted into YAML). Criteria the
    template's body has no section for are added at its end, so the review can be completed.
    `fields` sets more front-matter after the defaults (a None value drops that key);
    `preface` (Markdown) goes before the body's first `## ` section."""
    from cskb.playbook.cards import card_links

    cards = card_links(kb)
    customer = str(call.get("customer") or "")
    title = title or (f"{customer}: call by {reviewee}" if customer else f"Call by {reviewee}")
    meta = dict(template.meta)
    meta.update(
        title=title,
        cycle=dt.date.fromisoformat(cycle),
        reviewer=reviewer,
        reviewee=reviewee,
        call={"url": call.get("url") or "", "customer": customer, "date": call.get("date") or ""},
        tags=tags,
        products=products,
        scores={c.key: None for c in kb.config.rubric},
        status="draft",
    )
    for key, value in (fields or {}).items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    ordered = {k: meta[k] for k in KNOWN_FIELDS if k in meta} | {
        k: v for k, v in meta.items() if k not in KNOWN_FIELDS
    }
    values = {
        "title": title,
        "reviewer": reviewer,
        "reviewee": reviewee,
        "customer": customer,
        "call_url": str(call.get("url") or ""),
        "call_date": str(call.get("date") or ""),
        "call_note": str(call.get("note") or ""),
        "cycle": cycle,
        "criteria": criteria_markdown(kb.config, cards=cards),
    }
    body = VAR_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template.body)
    if preface:
        at = body.find("\n## ")
        body = (
            f"{body[: at + 1]}{preface.rstrip(chr(10))}\n\n{body[at + 1 :]}"
            if at >= 0
            else f"{body.rstrip(chr(10))}\n\n{preface}"
        )
    keys_by_title = {c.title.strip().lower(): c.key for c in kb.config.rubric}
    found = criterion_sections(split_sections(body)[1], keys_by_title)
    missing = [c.key for c in kb.config.rubric if c.key not in found]
    if missing:
        body = f"{body.rstrip(chr(10))}\n\n{criteria_markdown(kb.config, missing, cards)}\n"
    return dump_document(ordered, body)


@dataclass(frozen=True)
class NewReview:
    path: Path
    cycle: str
    reviewer: str
    reviewee: str
    warnings: tuple[str, ...]
    text: str = ""  # what was (or, from `plan_review`, would be) written


def plan_review(
    kb: Kb,
    today: dt.date,
    cycle_id: str | None,
    reviewer: str,
    reviewee: str | None,
    call_url: str | None,
    customer: str | None,
    tags: list[str],
    products: list[str],
    extra: Callable[[str, str], tuple[Mapping[str, Any], str]] | None = None,
) -> NewReview:
    """The new draft review `create_review` writes, validated, as text; nothing is written.
    Defaults come from the cycle: the reviewee is whom `reviewer` reviews, the call is the
    reviewee's submitted one. `extra(reviewee, cycle)` gives more front-matter fields and a
    preface for the body (the coaching loop's follow-up of earlier goals)."""
    cycle = get_cycle(kb.cycles_dir, cycle_id, today)
    members = {m.handle for m in load_roster(kb.team_file)}
    warnings: list[str] = []
    default = cycle.reviewee_of(reviewer)
    if reviewee is None:
        if default is None:
            raise UsageError(
                f"{reviewer} is not in any group of cycle {cycle.id}; pass --reviewee HANDLE"
            )
        reviewee = default
    reviewee = reviewee.strip()
    if reviewee not in members:
        raise NotFoundError(f"--reviewee {reviewee!r} is not in team.yaml; see `cskb team list`")
    if reviewee == reviewer:
        raise UsageError(
            "you cannot review your own call; pass your partner's handle to --reviewee"
        )
    if reviewee != default:
        warnings.append(
            f"{reviewee} is not whom {reviewer} reviews in cycle {cycle.id} "
            f"({default or 'nobody'}); writing it anyway"
        )
    call = find_call(kb, cycle.id, reviewee)
    if call is None and not call_url:
        raise UsageError(
            f"{reviewee} has not submitted a call for cycle {cycle.id}; ask them to run "
            "`cskb call submit`, or pass --call URL --customer NAME"
        )
    if call_url is not None and not valid_url(call_url):
        raise UsageError(
            f"--call {call_url!r} is not an http(s) URL; paste the recording's link, like https://..."
        )
    if customer is not None:
        check_line(customer, "--customer")
    if call_url is not None:
        check_line(call_url, "--call")
    check_lines(tags, "--tags")
    check_lines(products, "--products")
    tags = normalise([*(call.tags if call else ()), *tags])
    check_vocabulary(tags, kb.config.vocabulary)
    products = normalise([*(call.products if call else ()), *products])
    call_data = {
        "url": (call_url or (call.url if call else "")).strip(),
        "customer": (customer if customer is not None else (call.customer if call else "")).strip(),
        "date": call.date if call else None,
        "note": call.note if call else "",
    }
    path = review_path(kb, cycle.id, reviewer, reviewee)
    template, warning = read_template(kb)
    if warning:
        warnings.append(warning)
    fields, preface = extra(reviewee, cycle.id) if extra is not None else ({}, "")
    text = scaffold(
        kb,
        template,
        cycle.id,
        reviewer,
        reviewee,
        call_data,
        tags,
        products,
        fields=fields,
        preface=preface,
    )
    return NewReview(path, cycle.id, reviewer, reviewee, tuple(warnings), text)


def create_review(
    kb: Kb,
    today: dt.date,
    cycle_id: str | None,
    reviewer: str,
    reviewee: str | None,
    call_url: str | None,
    customer: str | None,
    tags: list[str],
    products: list[str],
    extra: Callable[[str, str], tuple[Mapping[str, Any], str]] | None = None,
) -> NewReview:
    """Write `plan_review`'s new draft review (never over an existing one)."""
    plan = plan_review(
        kb, today, cycle_id, reviewer, reviewee, call_url, customer, tags, products, extra
    )
    path, text, warnings = plan.path, plan.text, list(plan.warnings)
    with kb.write_lock():
        written = write_new(path, text, inside=kb.root)
        if not written and is_leftover(path):
            # an empty file left by a crash of an older cskb: it holds nothing anyone typed
            atomic_write(path, text, inside=kb.root)
            warnings.append(f"replaced the empty file {kb.rel(path)} left by an interrupted run")
            written = True
    if not written:
        raise UsageError(
            f"{kb.rel(path)} already exists; open it with `cskb review edit {path.stem}`"
        )
    return NewReview(path, plan.cycle, reviewer, plan.reviewee, tuple(warnings), text)
