"""Rich output for the playbook: the cards table with the trust score, one card with its
exemplary calls, the reminder."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cskb.playbook.exemplars import Exemplar
from cskb.playbook.states import (
    DUE,
    EXPIRED,
    INVALID,
    NEVER,
    VERIFIED,
    CardStatus,
    PlaybookReport,
)
from cskb.render import notice, out

STYLE = {VERIFIED: "green", DUE: "yellow", EXPIRED: "red", NEVER: "red", INVALID: "red"}
# control characters other than tab and newline: a card must not drive the terminal
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    return CONTROL_RE.sub("", text)


def _state(s: CardStatus) -> str:
    return f"[{STYLE[s.state]}]{s.state}[/]"


def trust_line(report: PlaybookReport) -> str:
    c = report.counts
    score = "n/a (no cards)" if report.trust_score is None else f"{report.trust_score:.0%}"
    parts = [f"{c[s]} {s}" for s in (VERIFIED, DUE, EXPIRED, NEVER, INVALID) if c.get(s)]
    if c.get("unreadable"):
        parts.append(f"{c['unreadable']} unreadable")
    return f"trust score {score}" + (f" ({', '.join(parts)})" if parts else "")


def cards_table(report: PlaybookReport, title: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, box=None, header_style="bold")
    ids = [s.card.id for s in report.cards]
    table.add_column("CARD", no_wrap=True, min_width=max((len(i) for i in ids), default=4))
    table.add_column("state", no_wrap=True)
    table.add_column("due", no_wrap=True)
    table.add_column("verifier", no_wrap=True)
    table.add_column("title", ratio=1)
    for s in report.cards:
        c = s.card
        due = "" if s.due_on is None else str(s.due_on)
        who = escape(c.responsible) if c.responsible else "[dim](no owner)[/]"
        table.add_row(escape(c.id), _state(s), due, who, escape(_clean(c.title)))
    out().print(table)
    out().print(trust_line(report))
    if report.unreadable:
        notice(
            f"{len(report.unreadable)} card file(s) could not be read (run `cskb check`): "
            + ", ".join(report.unreadable[:3])
        )


def card_show(status: CardStatus, rel: str, exemplars: Sequence[Exemplar]) -> None:
    from rich.markdown import Markdown
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    c = status.card
    if status.problem is not None:
        when = f"not a valid verification ({status.problem}); see `cskb check`"
    elif c.verified_on is None:
        when = "never verified"
    else:
        when = f"verified {c.verified_on} by {c.verified_by or '?'}, due {c.due_on}"
    head = (
        f"[bold]{escape(_clean(c.title))}[/]\n{_state(status)} · {escape(when)} · every "
        f"{c.interval_days} days\nowner: {escape(c.owner or '-')} · verifier: "
        f"{escape(c.verifier or '(the owner)')}\ncriteria: {escape(', '.join(c.criteria) or '-')}"
        f" · tags: {escape(', '.join(c.tags) or '-')}"
    )
    out().print(Panel(head, title=escape(rel)))
    out().print(Markdown(_clean(c.body)))
    if not c.criteria:
        notice("this card teaches no rubric criterion, so it has no exemplary calls")
        return
    if not exemplars:
        out().print(
            "\nNo exemplary calls yet: no complete review scored "
            f"{', '.join(c.criteria)} in the top quarter of its scale."
        )
        return
    table = Table(title="Exemplary calls", box=None, header_style="bold", show_lines=True)
    table.add_column("criterion", no_wrap=True)
    table.add_column("score", no_wrap=True, justify="right")
    table.add_column("review", no_wrap=True)
    table.add_column("evidence", ratio=1)
    for e in exemplars:
        table.add_row(
            e.criterion,
            f"{escape(e.score)}/{e.scale}" if e.scale != "yes/no" else escape(e.score),
            f"{escape(e.path)}\n{escape(e.reviewer)} → {escape(e.reviewee)} · {e.cycle}"
            + (f"\nchosen by {escape(e.chosen_by)}" if e.chosen_by else ""),
            escape(e.excerpt),
        )
    out().print(table)


def reminder(text: str) -> None:
    from rich.markup import escape

    out().print(escape(_clean(text)), soft_wrap=True)
