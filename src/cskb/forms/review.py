"""A review from the review form: the file `cskb review new` scaffolds, filled in as data.

The form's scores go into the front-matter's `scores:` (written as YAML data, never pasted),
each criterion's evidence and each writing section's answer replace that section's
placeholder line, and the whole file is validated in memory by `cskb check`'s rules before
anything is written: a draft must be a valid draft, a ticked "finished" box a complete
review. Answers may not hold the Markdown that would change the file's structure (headings,
HTML comments, an unclosed code fence, placeholder lines). A reviewer may only write the
review they owe: the cycle's pairing names whom they review.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write, is_leftover, read_bytes, write_new
from cskb.adapters.store import YamlProblem, dump_document, parse_document
from cskb.checks.rules import (
    check_body,
    check_fields,
    check_followed,
    check_pairing,
    check_scores,
    check_tags,
)
from cskb.checks.runner import rule_context
from cskb.coaching.followup import followup_hook
from cskb.coaching.goals import goals_to_follow
from cskb.config import NA, Config
from cskb.errors import UsageError
from cskb.forms.spec import FINISHED, FOLLOWED, Form, score_options, section_ids, writing_sections
from cskb.kb.layout import Kb
from cskb.kb.roster import validate_handle
from cskb.kb.text import check_line
from cskb.pairing.cycles import get_cycle
from cskb.reviews.calls import find_call
from cskb.reviews.scaffold import plan_review, read_template
from cskb.reviews.sections import PLACEHOLDER_PREFIX, criterion_sections, split_sections

HEADING_RE = re.compile(r"^ {0,3}#{1,6}(\s|$)")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class FormReview:
    path: Path
    cycle: str
    reviewer: str
    reviewee: str
    text: str
    complete: bool
    missing: tuple[str, ...]  # what a draft still needs before it can be complete
    warnings: tuple[str, ...]


def split_values(text: str) -> list[str]:
    return [p for p in (s.strip() for s in text.split(",")) if p]


def _writing(text: str, label: str) -> str:
    """An answer as review text, or UsageError when it would change the file's structure."""
    lines = text.split("\n")
    for line in lines:
        if HEADING_RE.match(line):
            raise UsageError(
                f"'{label}' has a heading line ({line.strip()[:40]!r}); headings would split "
                "the review into sections: write it as plain text or **bold**"
            )
        if line.strip().startswith(PLACEHOLDER_PREFIX):
            raise UsageError(f"'{label}' still holds the template's placeholder; write your own")
    if "<!--" in text:
        raise UsageError(f"'{label}' holds an HTML comment (<!--); remove it, it would be hidden")
    if sum(1 for line in lines if FENCE_RE.match(line)) % 2:
        raise UsageError(f"'{label}' opens a code block (```) it does not close; close it")
    return text.strip()


def _score(config: Config, key: str, value: str, label: str) -> Any:
    c = config.criterion(key)
    assert c is not None
    if not value:
        return None
    if value not in score_options(c):
        raise UsageError(
            f"'{label}' is {value[:40]!r}; choose one of {', '.join(score_options(c))}"
        )
    if value == NA:
        return NA
    if c.scale.yes_no:
        return value == "yes"
    return int(value)


def _followed(entries: Any, text: str) -> Any:
    """The `followed:` entries with each goal's result and evidence from the form's lines
    `GOAL: RESULT: evidence`; a goal the review does not follow is refused."""
    if not isinstance(entries, list):
        return entries
    by_goal = {e.get("goal"): dict(e) for e in entries if isinstance(e, dict)}
    for raw in text.split("\n"):
        line = raw.strip().removeprefix("- ").strip().strip("`")
        if not line:
            continue
        goal, _, rest = line.partition(":")
        result, _, evidence = rest.partition(":")
        entry = by_goal.get(goal.strip())
        if entry is None:
            known = ", ".join(str(g) for g in by_goal) or "none"
            raise UsageError(
                f"'{FOLLOWED}' names {goal.strip()[:60]!r}, which is not a goal this review "
                f"follows up (those are: {known})"
            )
        entry["result"] = check_line(result.strip().lower(), f"'{FOLLOWED}'")
        entry["evidence"] = check_line(evidence.strip(), f"'{FOLLOWED}'")
    return [by_goal.get(e.get("goal"), e) if isinstance(e, dict) else e for e in entries]


def review_prefill(kb: Kb, cycle: str, reviewee: str) -> str:
    """What the review form's follow-up field starts with: one `GOAL: ` line per goal the
    review follows up (the link from cskb carries it)."""
    return "\n".join(f"{g.id}: " for g in goals_to_follow(kb, reviewee, cycle))


def _fill(body: str, answers: dict[int, str]) -> str:
    """`body` with each placeholder line (1-based) replaced by its answer; bottom up, so
    earlier line numbers stay right."""
    lines = body.split("\n")
    for line in sorted(answers, reverse=True):
        lines[line - 1] = answers[line]
    return "\n".join(lines)


def problems(kb: Kb, text: str, complete: bool) -> list[str]:
    """`cskb check`'s errors for this review text (as if it were complete, with
    `complete`), as messages without line numbers (the member sees a form, not a file)."""
    try:
        doc = parse_document(text)
    except YamlProblem as exc:
        return [exc.message]
    ctx = rule_context(kb)
    hits = [
        *check_fields(doc, ctx),
        *check_scores(doc, ctx, complete),
        *check_body(doc, ctx, complete),
        *check_tags(doc, ctx),
        *check_pairing(doc, ctx),
        *check_followed(doc, ctx, complete),
    ]
    return [msg for _line, _rule, severity, msg in hits if severity == "error"]


def review_from_form(
    kb: Kb, today: dt.date, reviewer: str, form: Form, values: Mapping[str, str]
) -> FormReview:
    """The review file these form values make, validated; nothing is written."""
    reviewee = values["reviewee"].strip()
    validate_handle(reviewee, "'Whose call you review'")
    cycle = get_cycle(kb.cycles_dir, values["cycle"].strip() or None, today)
    owed = cycle.reviewee_of(reviewer)
    if owed != reviewee:
        whom = f"you review {owed}" if owed else "you are in no group"
        raise UsageError(
            f"{reviewer} does not owe a review of {reviewee} in cycle {cycle.id} ({whom}); "
            "use the link for your own review"
        )
    if find_call(kb, cycle.id, reviewee) is None:
        raise UsageError(
            f"{reviewee} has not submitted a call for cycle {cycle.id} yet; ask them to use "
            "the 'Submit my call' form, then edit this issue"
        )
    plan = plan_review(
        kb,
        today,
        cycle.id,
        reviewer,
        reviewee,
        None,
        None,
        split_values(values["tags"]),
        [],
        extra=followup_hook(kb),
    )
    doc = parse_document(plan.text)
    config = kb.config
    scores = {
        c.key: _score(config, c.key, values[f"score_{c.key}"], form.field(f"score_{c.key}").label)
        for c in config.rubric
    }
    _title, sections = split_sections(doc.body)
    keys = {c.title.strip().lower(): c.key for c in config.rubric}
    by_key = criterion_sections(sections, keys)
    by_heading = {s.heading: s for s in sections}
    answers: dict[int, str] = {}
    for c in config.rubric:
        field = form.field(f"evidence_{c.key}")
        text = _writing(values[field.id], field.label)
        section = by_key.get(c.key)
        if text and section is not None and section.has_placeholder:
            answers[section.placeholder_line] = text
    template, _warning = read_template(kb)
    for heading, ident in section_ids(writing_sections(template.body, config)).items():
        text = _writing(values[ident], heading)
        section = by_heading.get(heading)
        if text and section is not None and section.has_placeholder:
            answers[section.placeholder_line] = text
    complete = values["finished"] == FINISHED
    meta = {**doc.meta, "scores": scores, "status": "complete" if complete else "draft"}
    if "followed" in meta:
        meta["followed"] = _followed(meta["followed"], values.get("followed", ""))
    elif values.get("followed", "").strip():
        raise UsageError(
            f"'{FOLLOWED}' is filled in, but {reviewee} has no goals to follow up; leave it empty"
        )
    text = dump_document(meta, _fill(doc.body, answers))
    errors = problems(kb, text, complete)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise UsageError(
            f"the review is not {'complete' if complete else 'valid'}: {errors[0]}{more}"
        )
    missing = () if complete else tuple(problems(kb, text, True))
    return FormReview(
        plan.path, cycle.id, reviewer, reviewee, text, complete, missing, plan.warnings
    )


def write_form_review(
    kb: Kb, review: FormReview, previous: FormReview | None
) -> vcs.CommitResult | None:
    """Write and commit the review. An existing file is replaced only while it is a draft
    that is still exactly what `previous` (the form before this edit) made; otherwise it
    holds someone's own writing, and is refused."""
    rel = kb.rel(review.path)
    with kb.write_lock():
        if not write_new(review.path, review.text, inside=kb.root):
            current = read_bytes(review.path).decode("utf-8", "replace")
            try:
                done = parse_document(current).meta.get("status") == "complete"
            except YamlProblem:
                done = False
            if done:
                raise UsageError(f"{rel} is already complete; editing the form changes nothing")
            if not is_leftover(review.path) and (previous is None or current != previous.text):
                raise UsageError(
                    f"{rel} already exists and is not what this form made before the edit; "
                    f"edit it with `cskb review edit {review.path.stem}`, or ask a lead"
                )
            atomic_write(review.path, review.text, inside=kb.root)
        what = "complete review" if review.complete else "draft review"
        return vcs.commit_paths(
            kb.root,
            [review.path],
            f"cskb: {what} {review.reviewer} -> {review.reviewee} ({review.cycle})",
        )
