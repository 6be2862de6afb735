"""`cskb forms apply`: one `issues` event, turned into the core call its form stands for.

The form is named by the issue's `cskb-<kind>` label (each generated form sets it); an
issue without one is not cskb's and is ignored. The sender must be a member acting for
themselves (`event.acting_member`); the body is parsed strictly (`body.parse_body`); the
values go through the same functions and validators as `cskb call submit`, `cskb review
new`/`done` and `cskb coffee done`, with the same commit messages. Whatever goes wrong
becomes the reply, a short Markdown comment, and nothing is written or committed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from cskb.adapters.store import in_date_range
from cskb.errors import CskbError, UsageError
from cskb.forms.body import parse_body
from cskb.forms.event import IssueEvent, acting_member
from cskb.forms.review import review_from_form, split_values, write_form_review
from cskb.forms.spec import ACK, DISPUTE, LABEL, Form, all_forms
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.models import Member
from cskb.reviews.calls import submit_call
from cskb.reviews.coffee import record_coffee
from cskb.reviews.scaffold import read_template

APPLIED, REFUSED, IGNORED = "applied", "refused", "ignored"
# The CLI's option names in the core's messages, as the form's labels say them.
OPTION_LABELS = {
    "--url": "Recording link",
    "--customer": "Customer",
    "--tags": "Tags",
    "--products": "Products",
    "--note": "Note",
    "--with": "Whom you met",
    "--reviewee": "Whose call you review",
    "--comment": "Why",
    "--score": "Score you think is right",
    "--goal": "Goals to try next time",
}


@dataclass(frozen=True)
class Outcome:
    """What applying one event did; `reply` is the comment to post ('' when ignored)."""

    status: str  # applied | refused | ignored
    kind: str = ""
    member: str = ""
    issue: int = 0
    paths: tuple[str, ...] = ()
    commit: str | None = None
    close: bool = False  # the issue is done with (a call, a complete review, a coffee)
    messages: tuple[str, ...] = ()  # the problem (refused) or warnings (applied)
    reply: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


def form_for(kb: Kb, event: IssueEvent) -> Form | None:
    """The form the issue was opened from (by its `cskb-<kind>` label), or None."""
    template, _warning = read_template(kb)
    forms = {f.labels[1]: f for f in all_forms(kb.config, template.body)}
    named = [forms[label] for label in event.labels if label in forms]
    if len(named) > 1:
        raise UsageError(f"the issue has {len(named)} cskb form labels; keep only one")
    return named[0] if named else None


def _date(value: str, label: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"'{label}' {value[:40]!r} is not a date like 2026-11-16") from None
    if not in_date_range(day):
        raise UsageError(f"'{label}' {value[:40]!r} is out of range; give this year's date")
    return day


def _labelled(message: str) -> str:
    for option, label in OPTION_LABELS.items():
        message = message.replace(f"{option} ", f"'{label}' ").replace(f"{option}:", f"'{label}':")
    return message


def _code(text: str) -> str:
    """Text shown in a reply as a literal block: no mention, link or HTML of it renders."""
    return "```text\n" + text.replace("```", "'''") + "\n```"


def inline(text: str) -> str:
    """Someone's text inside a reply as a code span: no mention, link or HTML of it renders."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}"


def file_link(event: IssueEvent, rel: str) -> str:
    if not event.repository:
        return f"`{rel}`"
    return f"[`{rel}`](https://github.com/{event.repository}/blob/HEAD/{rel})"


def _apply(
    kb: Kb,
    event: IssueEvent,
    form: Form,
    acting: Member,
    values: Mapping[str, str],
    today: dt.date,
    now: dt.datetime,
) -> Outcome:
    member = acting.handle
    cycle = values.get("cycle", "").strip() or None
    if form.kind == "call":
        call = submit_call(
            kb,
            today,
            cycle,
            member,
            values["url"],
            values["customer"],
            _date(values["date"], form.field("date").label) or today,
            split_values(values["tags"]),
            split_values(values["products"]),
            values["note"],
            now,
        )
        rel = kb.rel(call.path)
        return Outcome(
            APPLIED,
            form.kind,
            member,
            event.number,
            (rel,),
            call.commit.sha if call.commit else None,
            True,
            call.warnings,
            f"Done: {member}'s call with {inline(call.call.customer)} is submitted for cycle "
            f"{call.call.cycle} ({file_link(event, rel)}).",
        )
    if form.kind == "coffee":
        coffee = record_coffee(
            kb,
            today,
            cycle,
            member,
            split_values(values["with"]),
            values["note"],
            _date(values["date"], form.field("date").label),
        )
        rel = kb.rel(coffee.path)
        return Outcome(
            APPLIED,
            form.kind,
            member,
            event.number,
            (rel,),
            coffee.commit.sha if coffee.commit else None,
            True,
            coffee.warnings,
            f"Done: coffee recorded for {' + '.join(coffee.coffee.members)} "
            f"(cycle {coffee.coffee.cycle}, {file_link(event, rel)}).",
        )
    if form.kind == "respond":
        return _respond(kb, event, form, acting, values, today)
    review = review_from_form(kb, today, member, form, values)
    previous = None
    if event.action == "edited" and event.previous_body is not None:
        try:
            before = parse_body(form, event.previous_body)
            previous = review_from_form(kb, today, member, form, before)
        except CskbError:
            previous = None
    done = write_form_review(kb, review, previous)
    rel = kb.rel(review.path)
    if review.complete:
        text = (
            f"Done: your review of {review.reviewee}'s call is complete ({file_link(event, rel)})."
        )
    else:
        todo = "".join(f"\n- {m}" for m in review.missing[:10])
        text = (
            f"Saved as a draft: {file_link(event, rel)}. Edit this issue to change it; tick "
            f"the last box once it is finished."
            + (f" Still missing before it can be complete:\n{_code(todo.strip())}" if todo else "")
        )
    return Outcome(
        APPLIED,
        form.kind,
        member,
        event.number,
        (rel,),
        done.sha if done else None,
        review.complete,
        review.warnings,
        text,
    )


REVIEW_ID_RE = re.compile(r"(\d{4}-\d{2}-\d{2})/([a-z0-9][a-z0-9_-]*-reviews-[a-z0-9][a-z0-9_-]*)")


def _respond(
    kb: Kb,
    event: IssueEvent,
    form: Form,
    acting: Member,
    values: Mapping[str, str],
    today: dt.date,
) -> Outcome:
    from cskb.coaching.actions import ack, dispute

    ident = values["review"].strip().removesuffix(".md").removeprefix("reviews/")
    m = REVIEW_ID_RE.fullmatch(ident)
    if m is None:
        raise UsageError(
            f"'Review' {ident[:60]!r} is not a review id like 2026-11-16/ana-reviews-bo; "
            "use the link from cskb or the reply to the review"
        )
    path = kb.reviews_dir / m.group(1) / f"{m.group(2)}.md"
    if not path.is_file():
        raise UsageError(f"there is no review {ident}; check the id in the link")
    if values["answer"] == ACK:
        goals = tuple(line.strip().removeprefix("- ") for line in values["goals"].split("\n"))
        result = ack(kb, path, acting, today, values["note"], tuple(g for g in goals if g))
    elif values["answer"] == DISPUTE:
        titles = {c.title: c.key for c in kb.config.rubric}
        if values["criterion"] not in titles:
            raise UsageError(f"'Score to reconsider': choose one of {', '.join(titles)}")
        result = dispute(
            kb,
            path,
            acting,
            today,
            titles[values["criterion"]],
            values["score"],
            values["comment"],
        )
    else:
        raise UsageError(f"'Your answer': choose {ACK!r} or {DISPUTE!r}")
    return Outcome(
        APPLIED,
        form.kind,
        acting.handle,
        event.number,
        (result.path,),
        result.commit.sha if result.commit else None,
        True,
        (),
        f"Done: {result.what} ({file_link(event, result.path)}).",
    )


def apply_event(kb: Kb, event: IssueEvent, today: dt.date, now: dt.datetime) -> Outcome:
    """Apply one `issues` event; never raises a CskbError: a refusal is an Outcome."""
    form: Form | None = None
    member = ""
    try:
        if event.action not in ("opened", "edited") or event.sender_type == "Bot":
            return Outcome(IGNORED, issue=event.number)
        form = form_for(kb, event)
        if form is None:
            if LABEL in event.labels:
                raise UsageError(
                    "the issue has no cskb-call, cskb-review, cskb-coffee or cskb-respond label; "
                    "open it from one of the forms"
                )
            return Outcome(IGNORED, issue=event.number)
        acting = acting_member(load_roster(kb.team_file), event)
        member = acting.handle
        values = parse_body(form, event.body)
        done = _apply(kb, event, form, acting, values, today, now)
        if done.messages:
            notes = "\n".join(_labelled(m) for m in done.messages)
            return replace(done, reply=f"{done.reply}\n\nNote:\n\n{_code(notes)}")
        return done
    except CskbError as exc:
        message = _labelled(exc.message)
        reply = (
            "cskb could not apply this form; nothing was written:\n\n"
            f"{_code(message)}\n\n"
            "Fix it by editing this issue (the form is applied again), or ask a lead."
        )
        return Outcome(
            REFUSED,
            form.kind if form else "",
            member,
            event.number,
            messages=(message,),
            reply=reply,
        )
