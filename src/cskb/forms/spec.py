"""The forms, as data: which fields each has, built from `cskb.toml` and the review template.

One `Form` per thing a member does in the programme: submit a call, write a review, record
the coffee. The review form has, per rubric criterion, a dropdown with the criterion's scale
(and `n/a` where the rubric allows it) and a text area carrying its question; then one text
area per section of the team's review template that asks for writing ("What went well",
...). The same `Form` is written as the host's YAML (`issueyaml.py`), read back from a
submitted body (`body.py`) and pre-filled by links (`links.py`), so the three cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cskb.config import NA, Config, Criterion
from cskb.reviews.sections import split_sections

INPUT, TEXTAREA, DROPDOWN, CHECKBOXES = "input", "textarea", "dropdown", "checkboxes"
LABEL = "cskb"  # every form's issues carry it; the workflow runs only for them
FINISHED = "Mark this review complete"  # the review form's one checkbox
FOLLOWED = "Follow-up from last time"


@dataclass(frozen=True)
class Field:
    """One element of a form: its id (the query parameter that pre-fills it), the heading it
    renders under, and what the host lets the member enter."""

    id: str
    label: str
    kind: str
    description: str = ""
    required: bool = False
    options: tuple[str, ...] = ()
    multiple: bool = False
    placeholder: str = ""


@dataclass(frozen=True)
class Form:
    kind: str  # "call" | "review" | "coffee": what `forms apply` does with it
    file: str  # its file name under .github/ISSUE_TEMPLATE/
    name: str
    description: str
    title: str
    intro: str
    fields: tuple[Field, ...]

    @property
    def labels(self) -> tuple[str, str]:
        return (LABEL, f"{LABEL}-{self.kind}")

    def field(self, ident: str) -> Field:
        return next(f for f in self.fields if f.id == ident)


def score_options(c: Criterion) -> tuple[str, ...]:
    """A criterion's dropdown: its scale's values, then `n/a` when it is optional."""
    values = ("yes", "no") if c.scale.yes_no else tuple(map(str, range(c.scale.lo, c.scale.hi + 1)))
    return values if c.mandatory else (*values, NA)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40]


def writing_sections(template_body: str, config: Config) -> list[str]:
    """The headings of the template's own `## ` sections that ask for writing (they hold a
    placeholder line), criteria left out: each gets a text area in the review form."""
    titles = {c.title.strip().lower() for c in config.rubric}
    return [
        s.heading
        for s in split_sections(template_body)[1]
        if s.key is None and s.has_placeholder and s.heading.strip().lower() not in titles
    ]


def section_ids(headings: list[str]) -> dict[str, str]:
    """A field id per writing section: its slug, or its number when the slug is empty or
    taken (headings in scripts other than Latin)."""
    out: dict[str, str] = {}
    for i, heading in enumerate(headings, 1):
        ident = f"section_{_slug(heading)}" if _slug(heading) else f"section_{i}"
        if ident in out.values() or heading in out:
            ident = f"section_{i}"
        out.setdefault(heading, ident)
    return out


def _tags_field(config: Config, description: str) -> Field:
    if config.vocabulary:
        return Field(
            "tags", "Tags", DROPDOWN, description, options=config.vocabulary, multiple=True
        )
    return Field("tags", "Tags", INPUT, f"{description} Comma-separated.", placeholder="discovery")


CYCLE = Field(
    "cycle",
    "Cycle",
    INPUT,
    "The cycle's start date, YYYY-MM-DD (empty: the current cycle).",
    placeholder="2026-11-16",
)


def call_form(config: Config) -> Form:
    return Form(
        "call",
        "cskb-call.yml",
        "Submit my call",
        "Submit your recorded customer call for this cycle's review.",
        "Call for review",
        "Submit the recording of one customer call; your partner reviews it this cycle. "
        "Submitting again in the same cycle replaces your earlier call.",
        (
            CYCLE,
            Field(
                "url",
                "Recording link",
                INPUT,
                "Link to the recording (http or https).",
                required=True,
                placeholder="https://",
            ),
            Field("customer", "Customer", INPUT, "The customer's name.", required=True),
            Field(
                "date",
                "Date of the call",
                INPUT,
                "YYYY-MM-DD (empty: today).",
                placeholder="2026-11-18",
            ),
            _tags_field(config, "What the call is about."),
            Field("products", "Products", INPUT, "Products discussed, comma-separated."),
            Field(
                "note", "Note for your reviewer", TEXTAREA, "Anything your reviewer should know."
            ),
        ),
    )


def review_form(config: Config, template_body: str) -> Form:
    fields = [
        CYCLE,
        Field(
            "reviewee",
            "Whose call you review",
            INPUT,
            "Their handle in team.yaml (the link from cskb fills it in).",
            required=True,
        ),
    ]
    titles = [c.title for c in config.rubric]
    for c in config.rubric:
        optional = "" if c.mandatory else "; n/a when it does not apply"
        name = c.title if titles.count(c.title) == 1 else f"{c.title} ({c.key})"
        fields.append(
            Field(
                f"score_{c.key}",
                f"{name}: score",
                DROPDOWN,
                f"Score on {c.scale}{optional}.",
                options=score_options(c),
            )
        )
        fields.append(
            Field(
                f"evidence_{c.key}",
                f"{name}: evidence",
                TEXTAREA,
                f"{c.question} Write what was said, when, and its effect.",
            )
        )
    headings = writing_sections(template_body, config)
    for heading, ident in section_ids(headings).items():
        fields.append(Field(ident, heading, TEXTAREA))
    fields.append(
        Field(
            "followed",
            FOLLOWED,
            TEXTAREA,
            "Only when the link lists goals from the last review: after each goal's id write "
            "yes, partly, no or not-applicable, a colon, and a line of evidence from this call "
            "(like `2026-11-02/bo-reviews-ana#1: partly: confirmed the owner, not the date`).",
        )
    )
    fields.append(_tags_field(config, "Tags added to those of the call."))
    fields.append(
        Field(
            "finished",
            "Finished",
            CHECKBOXES,
            "Leave it unticked to save a draft you can finish later by editing this issue.",
            options=(FINISHED,),
        )
    )
    return Form(
        "review",
        "cskb-review.yml",
        "Write a review",
        "Review your partner's call against the team's rubric.",
        "Review",
        "Score each practice and write the evidence you heard. The review is saved as a "
        "draft until you tick the box at the end; edit this issue to change a draft.",
        tuple(fields),
    )


def coffee_form() -> Form:
    return Form(
        "coffee",
        "cskb-coffee.yml",
        "Coffee done",
        "Record that your group met to talk the reviews through.",
        "Coffee",
        "Record that you met your group for a coffee to talk the reviews through.",
        (
            CYCLE,
            Field(
                "with",
                "Whom you met",
                INPUT,
                "Handles, comma-separated (empty: your group this cycle).",
            ),
            Field(
                "date",
                "When you met",
                INPUT,
                "YYYY-MM-DD (empty: today).",
                placeholder="2026-11-20",
            ),
            Field("note", "Note", INPUT, "One line about what you talked through."),
        ),
    )


ACK, DISPUTE = "Acknowledge it", "Dispute one score"


def respond_form(config: Config) -> Form:
    return Form(
        "respond",
        "cskb-respond.yml",
        "Answer a review of my call",
        "Acknowledge the review of your call, or ask for one score to be reconsidered.",
        "Answer to a review",
        "Read the review of your call, then acknowledge it (with the goals you take from it), "
        "or dispute one score with your reason. Only the member whose call it reviews may answer.",
        (
            Field(
                "review",
                "Review",
                INPUT,
                "The review's id, like 2026-11-16/ana-reviews-bo (the link from cskb fills it in).",
                required=True,
            ),
            Field("answer", "Your answer", DROPDOWN, required=True, options=(ACK, DISPUTE)),
            Field("note", "Note", TEXTAREA, "Acknowledge: a note for your reviewer (optional)."),
            Field(
                "goals",
                "Goals to try next time",
                TEXTAREA,
                "Acknowledge: one goal per line; they are followed up in your next review.",
            ),
            Field(
                "criterion",
                "Score to reconsider",
                DROPDOWN,
                "Dispute: which practice's score.",
                options=tuple(c.title for c in config.rubric),
            ),
            Field("score", "Score you think is right", INPUT, "Dispute: on that practice's scale."),
            Field("comment", "Why", TEXTAREA, "Dispute: what happened on the call (required)."),
        ),
    )


def all_forms(config: Config, template_body: str) -> list[Form]:
    """Every form cskb writes, in the order the host lists them."""
    return [
        call_form(config),
        review_form(config, template_body),
        coffee_form(),
        respond_form(config),
    ]
