"""Rich output for search results and index maintenance."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cskb.render import err, out

MARK = re.compile(r"\*\*(.+?)\*\*")


def hits(result: object, query: str) -> None:
    from rich.markup import escape

    console = out()
    found = getattr(result, "hits")
    if not found:
        console.print(f"No reviews or cards match {escape(query)!s}.")
        suggestion = getattr(result, "suggestion")
        if suggestion:
            console.print(f"Did you mean: [bold]{escape(suggestion)}[/]?")
        return
    total = getattr(result, "total")
    console.print(f"[dim]{len(found)} of {total} result(s)[/]")
    for i, h in enumerate(found, 1):
        snippet = MARK.sub(lambda m: f"[bold yellow]{m.group(1)}[/]", escape(h.snippet))
        tags = f" [cyan]{escape(', '.join(h.tags))}[/]" if h.tags else ""
        kind = getattr(h, "type", "review")
        if kind == "card":
            about = f"[green]card[/] · playbook{tags}"
        else:
            about = f"review · {escape(h.reviewer)} → {escape(h.reviewee)} · cycle {h.cycle} · {escape(h.customer)}{tags}"
        console.print(
            f"\n[bold]{i}. {escape(h.title)}[/]  [dim]{h.score:.2f}[/]\n"
            f"   {about}\n"
            f"   [dim]{escape(h.path)}[/]"
        )
        if h.snippet:
            console.print(f"   {snippet}", soft_wrap=True)


@contextmanager
def progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar fed by (done, total) calls: on stderr, and only on a terminal, so
    stdout (`--json` above all) carries nothing but the command's output."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = err()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
