"""Rich output for calls, reviews, coffee and tags."""

from __future__ import annotations

from collections.abc import Sequence

from cskb.models import Call, Finding
from cskb.render import err, out
from cskb.reviews import ReviewSummary


def calls_table(calls: Sequence[Call]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{len(calls)} call(s)")
    for col in ("cycle", "member", "customer", "date", "tags", "url"):
        table.add_column(col)
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


def reviews_table(items: Sequence[ReviewSummary]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{len(items)} review(s)")
    for col in ("cycle", "reviewer → reviewee", "status", "score", "title", "tags", "file"):
        table.add_column(col)
    for r in items:
        status = (
            "[green]complete[/]" if r.status == "complete" else f"[yellow]{escape(r.status)}[/]"
        )
        table.add_row(
            r.cycle,
            escape(f"{r.reviewer} → {r.reviewee}"),
            status,
            "" if r.score is None else f"{r.score:.0f}",
            escape(r.title),
            escape(", ".join(r.tags)),
            escape(r.path.rsplit("/", 1)[-1].removesuffix(".md")),
        )
    out().print(table)


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


def tags_table(rows: Sequence[tuple[str, int]]) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{len(rows)} tag(s)")
    table.add_column("tag")
    table.add_column("reviews", justify="right")
    for tag, n in rows:
        table.add_row(escape(tag), str(n))
    out().print(table)
