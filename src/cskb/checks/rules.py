"""The per-file review rules of `cskb check`. Each finding carries a stable rule id.

A rule function takes the parsed document and a `RuleContext` and yields
(line, rule id, severity, message). Rule ids are documented in docs/checks.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from cskb.adapters.store import Document
from cskb.checks.feedback import is_specific
from cskb.config import NA, Config
from cskb.reviews.moments import TIMESTAMP_RE, seconds_of, timestamps
from cskb.reviews.sections import criterion_sections, split_sections, word_count

ERROR, WARNING = "error", "warning"
STATUSES = ("draft", "complete")
Hit = tuple[int, str, str, str]  # line, rule, severity, message


@dataclass(frozen=True)
class RuleContext:
    config: Config
    members: frozenset[str]
    pairs: dict[str, frozenset[frozenset[str]]]  # cycle id -> who was grouped with whom
    reviewee_of: dict[str, dict[str, str]]  # cycle id -> reviewer -> reviewee


def valid_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parsed = urlparse(value.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in value.strip()


def _type_hint(value: Any) -> str:
    """Why a YAML value is not text, e.g. the YAML 1.1 surprises `no`, `0123`, `1:30`."""
    if isinstance(value, bool):
        return f"is read as the boolean {str(value).lower()} (YAML turns yes/no/on/off into booleans); quote it"
    if isinstance(value, int):
        return f"is read as the number {value} (YAML reads 0123 as octal and 1:30 as 90); quote it"
    if isinstance(value, float):
        return f"is read as the number {value}; quote it"
    if value is None:
        return "is empty"
    return f"is a {type(value).__name__}, not text"


def check_fields(doc: Document, ctx: RuleContext) -> Iterator[Hit]:
    meta = doc.meta
    line = doc.key_lines.get
    for name in ctx.config.review.required_fields:
        if name not in meta:
            yield (
                1,
                "missing-field",
                ERROR,
                f"front-matter has no '{name}' field; add it (see templates/review.md)",
            )
    if "cycle" in meta and not isinstance(meta["cycle"], dt.date):
        yield (
            line("cycle", 1),
            "field-type",
            ERROR,
            f"cycle {meta['cycle']!r} must be a date like 2026-11-16",
        )
    for role in ("reviewer", "reviewee"):
        if role not in meta:
            continue
        value = meta[role]
        if not isinstance(value, str) or not value:
            yield line(role, 1), "field-type", ERROR, f"{role} {_type_hint(value)}"
        elif value not in ctx.members:
            yield (
                line(role, 1),
                "unknown-member",
                ERROR,
                f"{role} {value!r} is not in team.yaml; use a handle from `cskb team list`",
            )
    if isinstance(meta.get("reviewer"), str) and meta.get("reviewer") == meta.get("reviewee"):
        yield (
            line("reviewee", 1),
            "self-review",
            ERROR,
            "reviewer and reviewee are the same person; review your partner's call",
        )
    if "call" in meta:
        call = meta["call"]
        if not isinstance(call, dict):
            yield (
                line("call", 1),
                "field-type",
                ERROR,
                "call must be a mapping with url, customer and date",
            )
        else:
            if not valid_url(call.get("url")):
                yield (
                    line("call", 1),
                    "call-url",
                    ERROR,
                    f"call.url {call.get('url')!r} must be an http(s) URL to the recording",
                )
            customer = call.get("customer")
            if customer is not None and not isinstance(customer, str):
                yield line("call", 1), "field-type", ERROR, f"call.customer {_type_hint(customer)}"
            if (
                "date" in call
                and not isinstance(call["date"], dt.date)
                and call["date"] not in ("", None)
            ):
                yield (
                    line("call", 1),
                    "call-date",
                    ERROR,
                    f"call.date {call['date']!r} must be a date like 2026-11-18",
                )
    for key in ("tags", "products"):
        if key in meta:
            value = meta[key]
            if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                yield (
                    line(key, 1),
                    "field-type",
                    ERROR,
                    f"{key} must be a list of text, like [data strategy, renewal]",
                )
    if "title" in meta and not isinstance(meta["title"], str):
        yield line("title", 1), "field-type", ERROR, f"title {_type_hint(meta['title'])}"
    if "status" in meta and meta["status"] not in STATUSES:
        yield (
            line("status", 1),
            "status",
            ERROR,
            f"status {meta['status']!r} must be draft or complete",
        )


def check_tags(doc: Document, ctx: RuleContext) -> Iterator[Hit]:
    from cskb.reviews.tags import suggest

    vocab = ctx.config.vocabulary
    tags = doc.meta.get("tags")
    if not vocab or not isinstance(tags, list):
        return
    for tag in tags:
        if isinstance(tag, str) and tag.strip().lower() not in vocab:
            hint = suggest(tag, vocab)
            fix = f"did you mean {hint!r}?" if hint else "see [tags] vocabulary in cskb.toml"
            yield (
                doc.key_lines.get("tags", 1),
                "unknown-tag",
                ERROR,
                f"tag {tag!r} is not in the vocabulary; {fix}",
            )


def check_scores(
    doc: Document, ctx: RuleContext, complete: bool, withheld: str = ""
) -> Iterator[Hit]:
    """The score rules. `withheld` (why, e.g. "while calibration session X is open") keeps
    every score value out of the messages, so a finding never shows one reviewer another's
    score."""
    scores = doc.meta.get("scores")
    line = doc.key_lines.get("scores", 1)
    if scores is None:
        scores = {}
    if not isinstance(scores, dict):
        yield line, "field-type", ERROR, "scores must be a mapping of criterion key to score"
        return
    for key in scores:
        if ctx.config.criterion(str(key)) is None:
            yield (
                line,
                "score-unknown",
                WARNING,
                f"scores.{key} is not a criterion in cskb.toml; it is left out of the score",
            )
    for crit in ctx.config.rubric:
        if crit.key not in scores and scores and complete and crit.mandatory:
            yield (
                line,
                "score-missing",
                WARNING,
                (
                    f"scores.{crit.key} ({crit.title}) is not in this review; it was probably added to the "
                    "rubric after the review was written"
                ),
            )
            continue
        value = scores.get(crit.key)
        if value is None or value == "":
            if complete and crit.mandatory:
                yield (
                    line,
                    "score-missing",
                    ERROR,
                    f"scores.{crit.key} ({crit.title}) is not scored; give {crit.scale}",
                )
            continue
        hidden = f"scores.{crit.key} is not a score on the scale {crit.scale} (the value is not shown {withheld})"
        if isinstance(value, str) and value.strip().lower() == NA:
            if crit.mandatory:
                yield (
                    line,
                    "score-out-of-scale" if withheld else "score-na",
                    ERROR,
                    hidden
                    if withheld
                    else f"scores.{crit.key} is n/a, but {crit.title} is mandatory; score it {crit.scale}",
                )
            continue
        if crit.scale.normalise(value) is None:
            yield (
                line,
                "score-out-of-scale",
                ERROR,
                hidden
                if withheld
                else f"scores.{crit.key} = {value!r} is not on the scale {crit.scale}",
            )


PUNCT_RE = re.compile(r"[^\w\s]")


def _plain(text: str) -> str:
    """Lower case, no punctuation, single spaces: how feedback is compared with stock phrases."""
    return " ".join(PUNCT_RE.sub("", text.lower()).split())


@functools.lru_cache(maxsize=8)
def _vague_set(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_plain(p) for p in phrases)


PLACEHOLDER_RE = re.compile(r"\{\{\s*\w+\s*\}\}")


def not_specific_message(section: str) -> str:
    return (
        f"{section}: says how the call felt, not what happened on it; name a moment "
        "([12:30]), a quote, a number, what the CSM did or missed, or a concrete thing to try"
    )


def check_body(doc: Document, ctx: RuleContext, complete: bool) -> Iterator[Hit]:
    _, sections = split_sections(doc.body, doc.body_line)
    by_title = {c.title.lower(): c.key for c in ctx.config.rubric}
    found = criterion_sections(sections, by_title)
    vague = _vague_set(ctx.config.review.vague_phrases)
    vague_words = max((len(v.split()) for v in vague), default=0)
    need = ctx.config.review.min_evidence_words
    for m in PLACEHOLDER_RE.finditer(doc.body):
        at = doc.body_line + doc.body[: m.start()].count("\n")
        yield (
            at,
            "placeholder-left",
            ERROR if complete else WARNING,
            f"template placeholder {m.group(0)} was not filled in",
        )
        break
    for crit in ctx.config.rubric:
        section = found.get(crit.key)
        scored = doc.meta.get("scores")
        if section is None and isinstance(scored, dict) and scored and crit.key not in scored:
            continue  # a criterion added to the rubric after this review was written
        if section is None:
            if complete:
                yield (
                    doc.body_line,
                    "section-missing",
                    ERROR,
                    f"no section for {crit.title!r}; add '## {crit.title}' with your evidence",
                )
            continue
        if not complete:
            continue
        if section.has_placeholder:
            yield (
                section.placeholder_line,
                "placeholder-left",
                ERROR,
                f"{crit.title}: replace the template's placeholder line with your evidence",
            )
        evidence = section.evidence
        words = word_count(evidence)
        simple = _plain(evidence) if words <= vague_words else ""
        if simple and simple in vague:
            yield (
                section.line,
                "vague-feedback",
                ERROR,
                f"{crit.title}: {evidence.strip()!r} is vague; say what was said, when, and its effect",
            )
            continue
        if words == 0:
            if not section.has_placeholder:
                yield (
                    section.line,
                    "evidence-too-short",
                    ERROR,
                    f"{crit.title}: no evidence; write at least {need} words",
                )
            continue
        if is_specific(evidence):
            continue  # specific feedback passes however short
        if words < need:
            yield (
                section.line,
                "evidence-too-short",
                ERROR,
                f"{crit.title}: only {words} word(s) of evidence, and none of it says what "
                f"happened; write at least {need} words, or name a moment, a quote, a number or "
                "what the CSM did",
            )
        else:
            yield section.line, "vague-feedback", ERROR, not_specific_message(crit.title)
    if complete:
        for section in sections:
            if section.key is None and section.has_placeholder:
                yield (
                    section.placeholder_line,
                    "placeholder-left",
                    ERROR,
                    f"{section.heading}: replace the template's placeholder line",
                )


FOLLOW_RESULTS = ("yes", "partly", "no", "not-applicable")


def follow_result(value: Any) -> Any:
    """A `followed:` result as written: YAML reads an unquoted yes/no as a boolean."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value.strip().lower() if isinstance(value, str) else value


def check_followed(doc: Document, ctx: RuleContext, complete: bool) -> Iterator[Hit]:
    """`followed:` (goals carried from an earlier review, see docs/coaching.md): each entry
    a goal id with a result and, once complete, a line of evidence."""
    if "followed" not in doc.meta:
        return
    raw = doc.meta["followed"]
    line = doc.key_lines.get("followed", 1)
    if not isinstance(raw, list):
        yield line, "followed-format", ERROR, "followed must be a list of goal, result, evidence"
        return
    for i, entry in enumerate(raw, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("goal"), str):
            yield (
                line,
                "followed-format",
                ERROR,
                f"followed #{i} must be a mapping with goal, result and evidence",
            )
            continue
        goal, evidence = entry["goal"], entry.get("evidence")
        result = follow_result(entry.get("result"))
        if result in (None, ""):
            if complete:
                yield (
                    line,
                    "followed-missing",
                    ERROR,
                    f"followed #{i} ({goal}): say whether it happened: result yes, partly, no "
                    "or not-applicable",
                )
            continue
        if result not in FOLLOW_RESULTS:
            yield (
                line,
                "followed-format",
                ERROR,
                f"followed #{i} ({goal}): result {result!r} must be yes, partly, no or not-applicable",
            )
            continue
        if evidence is not None and not isinstance(evidence, str):
            yield (
                line,
                "followed-format",
                ERROR,
                f"followed #{i} ({goal}): evidence {_type_hint(evidence)}",
            )
        elif complete and result != "not-applicable" and not (evidence or "").strip():
            yield (
                line,
                "followed-missing",
                ERROR,
                f"followed #{i} ({goal}): add a line of evidence from the call for result {result}",
            )


def call_length(value: Any) -> int | None:
    """`call.length` in seconds: "45:00", "1:02:45", or whole minutes; None if unknown."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value * 60
    if isinstance(value, str):
        m = TIMESTAMP_RE.fullmatch(f"[{value.strip()}]")
        return seconds_of(m) if m else None
    return None


def check_moments(doc: Document, ctx: RuleContext) -> Iterator[Hit]:
    """A timestamp later than the call's `call.length`, when the length is known."""
    call = doc.meta.get("call")
    written_length = call.get("length") if isinstance(call, dict) else None
    length = call_length(written_length)
    if length is None or "[" not in doc.body:
        return
    for offset, written, seconds in timestamps(doc.body):
        if seconds > length:
            line = doc.body_line + doc.body[:offset].count("\n")
            yield (
                line,
                "timestamp-past-end",
                WARNING,
                f"{written} is past the end of the call (call.length {written_length}); "
                "check the time in the recording",
            )


def check_pairing(doc: Document, ctx: RuleContext) -> Iterator[Hit]:
    cycle, reviewer, reviewee = (
        doc.meta.get("cycle"),
        doc.meta.get("reviewer"),
        doc.meta.get("reviewee"),
    )
    if (
        not isinstance(cycle, dt.date)
        or not isinstance(reviewer, str)
        or not isinstance(reviewee, str)
    ):
        return
    cid = cycle.isoformat()
    if cid not in ctx.pairs:
        yield (
            doc.key_lines.get("cycle", 1),
            "unknown-cycle",
            WARNING,
            f"there is no cycle {cid} in cycles/; check the date",
        )
        return
    if frozenset((reviewer, reviewee)) not in ctx.pairs[cid] and reviewer != reviewee:
        yield (
            doc.key_lines.get("reviewee", 1),
            "not-paired",
            WARNING,
            f"{reviewer} was not paired with {reviewee} in cycle {cid}",
        )
