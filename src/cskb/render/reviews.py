"""Rich output for calls, reviews, coffee and tags."""

from __future__ import annotations

from collections.abc import Sequence

from cskb.models import Call, Finding
from cskb.render import err, notice, out, warn
from cskb.reviews.records import EditResult, ReviewSummary, TagCount


def calls_table(calls: Sequence[Call]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{len(calls)} call(s)")
    for col in ("cycle", "member", "customer", "date", "tags", "url"):
        table.add_column(
            col, no_wrap=col in ("cycle", "date"), overflow="fold" if col == "url" else "ellipsis"
        )
    for c in calls:
        table.add_row(
            c.cycle,
            c.member,
            escape(c.customer),
            str(c.date or ""),
            escape(", ".join(c.tags)),
            escape(c.url),
        )
    out().print(table)


def reviews_table(items: Sequence[ReviewSummary], total: int | None = None) -> None:
    """One row per review; the ID (`<reviewer>-reviews-<reviewee>`) is what the other
    review commands take, so it is never cut."""
    from rich.markup import escape
    from rich.table import Table

    total = len(items) if total is None else total
    title = (
        f"{total} review(s)" if total == len(items) else f"the last {len(items)} of {total} reviews"
    )
    table = Table(title=title, box=None, header_style="bold")
    ids = [r.id for r in items]
    table.add_column("ID", no_wrap=True, min_width=max((len(i) for i in ids), default=2))
    table.add_column("cycle", no_wrap=True, min_width=10)
    table.add_column("status", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("title", ratio=2)
    table.add_column("tags", ratio=1)
    for ident, r in zip(ids, items, strict=True):
        status = (
            "[green]complete[/]" if r.status == "complete" else f"[yellow]{escape(r.status)}[/]"
        )
        table.add_row(
            escape(ident),
            r.cycle,
            status,
            "" if r.score is None else f"{r.score:.0f}",
            escape(r.title),
            escape(", ".join(r.tags)),
        )
    out().print(table)
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
    from rich.table import Table

    table = Table(title=f"{len(rows)} tag(s)")
    table.add_column("tag")
    table.add_column("reviews", justify="right")
    table.add_column("calls", justify="right")
    vocab = any(r.known is not None for r in rows)
    if vocab:
        table.add_column("in vocabulary")
    for r in rows:
        cells = [escape(r.tag), str(r.reviews), str(r.calls)]
        if vocab:
            cells.append("yes" if r.known else "[yellow]no[/]")
        table.add_row(*cells)
    out().print(table)


def edit_report(result: EditResult) -> None:
    """What an edit session did, on stderr: why no editor ran, what blocks or is missing."""
    if result.edit.reason and not result.edit.failed:
        warn(f"{result.edit.reason}; edit {result.path} yourself, then run `{result.then}`")
    if result.errors:
        findings_list(result.errors, f"{result.path} is saved but not committed; fix these first:")
    elif result.missing:
        findings_list(result.missing, f"draft saved; still missing before `{result.then}`:")
