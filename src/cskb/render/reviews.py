"""Rich output for calls, reviews, coffee and tags."""

from __future__ import annotations

from collections.abc import Sequence

from cskb.models import Call, Finding
from cskb.render import err, notice, out, warn
from cskb.reviews.records import EditResult, ReviewSummary, TagCount


def calls_table(calls: Sequence[Call]) -> None:
    from rich.markup import escape

    from cskb.render.layout import Col, print_records

    cols = [
        Col("cycle", key=True),
        Col("member", key=True),
        Col("customer"),
        Col("date", key=True),
        Col("tags"),
        Col("url", soft=True),
    ]
    rows = [
        [
            c.cycle,
            escape(c.member),
            escape(c.customer),
            str(c.date or ""),
            escape(", ".join(c.tags)),
            escape(c.url),
        ]
        for c in calls
    ]
    print_records(out(), f"{len(calls)} call(s)", cols, rows)


RESPONSE_STYLE = {"awaiting": "dim", "acked": "green", "disputed": "red", "resolved": "cyan"}


def reviews_table(
    items: Sequence[ReviewSummary],
    total: int | None = None,
    responses: Sequence[str | None] | None = None,
) -> None:
    """One row per review; the ID (`<reviewer>-reviews-<reviewee>`) is what the other
    review commands take, so it is never cut."""
    from rich.markup import escape

    from cskb.render.layout import Col, print_records

    total = len(items) if total is None else total
    title = (
        f"{total} review(s)" if total == len(items) else f"the last {len(items)} of {total} reviews"
    )
    cols = [
        Col("ID", key=True),
        Col("cycle", key=True),
        Col("status, score", key=True),
        Col("title"),
        Col("tags"),
    ]
    rows = []
    states = list(responses) if responses is not None else [None] * len(items)
    for r, state in zip(items, states, strict=True):
        status = (
            "[green]complete[/]" if r.status == "complete" else f"[yellow]{escape(r.status)}[/]"
        )
        status += "" if r.score is None else f" {r.score:.0f}"
        if state:  # on a line of its own: the key column stays as narrow as before
            status += f"\n[{RESPONSE_STYLE.get(state, 'default')}]{state}[/]"
        rows.append(
            [
                escape(r.id),
                r.cycle,
                status,
                escape(r.title),
                escape(", ".join(r.tags)),
            ]
        )
    print_records(out(), title, cols, rows)
    if total > len(items):
        notice(
            f"{total - len(items)} earlier review(s) not shown; narrow with --cycle, --reviewer, "
            "--reviewee, --status or --tag, or pass --limit 0 for all"
        )


def review_show(summary: ReviewSummary, body: str) -> None:
    from rich.markdown import Markdown
    from rich.markup import escape
    from rich.panel import Panel

    score = "not scored" if summary.score is None else f"score {summary.score:.0f}/100"
    head = (
        f"[bold]{escape(summary.title)}[/]\n{escape(summary.reviewer)} → {escape(summary.reviewee)} · cycle "
        f"{summary.cycle} · {escape(summary.customer)} · {summary.status} · {score}\n"
        f"tags: {escape(', '.join(summary.tags))}"
    )
    out().print(Panel(head, title=escape(summary.path)))
    out().print(Markdown(body))


def findings_list(findings: Sequence[Finding], heading: str) -> None:
    from rich.markup import escape

    err().print(heading)
    for f in findings:
        err().print(f"  {escape(f.path)}:{f.line}: {f.rule}: {escape(f.message)}", soft_wrap=True)


def tags_table(rows: Sequence[TagCount]) -> None:
    from rich.markup import escape

    from cskb.render.layout import Col, print_records

    cols = [Col("tag"), Col("reviews", key=True, right=True), Col("calls", key=True, right=True)]
    vocab = any(r.known is not None for r in rows)
    if vocab:
        cols.append(Col("in vocabulary", key=True))
    cells = []
    for r in rows:
        row = [escape(r.tag), str(r.reviews), str(r.calls)]
        if vocab:
            row.append("yes" if r.known else "[yellow]no[/]")
        cells.append(row)
    print_records(out(), f"{len(rows)} tag(s)", cols, cells)


def edit_report(result: EditResult) -> None:
    """What an edit session did, on stderr: why no editor ran, what blocks or is missing."""
    if result.complete:
        notice(
            f"{result.path} is complete (`cskb review done` is not needed again); "
            "it is checked as a complete review before it is committed"
        )
    if result.edit.reason and not result.edit.failed:
        warn(f"{result.edit.reason}; edit {result.path} yourself, then run `{result.then}`")
    if result.errors:
        findings_list(result.errors, f"{result.path} is saved but not committed; fix these first:")
    elif result.missing:
        findings_list(result.missing, f"draft saved; still missing before `{result.then}`:")
