"""`cskb search` and `cskb index`."""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperCommand

from cskb.cli import common


class SearchCommand(TyperCommand):
    """`cskb search`, whose query may hold `-word` (leave a word out): an unknown option in
    the query's place gets a message saying to quote the query, not click's "No such option"."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        params = self.get_params(ctx)  # with the help option
        known = {name for p in params for name in (*p.opts, *p.secondary_opts)}
        valued = {n for p in params if not getattr(p, "is_flag", True) for n in p.opts}
        words, odd, skip = [], None, False
        for arg in args:
            if skip or arg == "--":
                skip = False
                if arg == "--":
                    break
                continue
            if arg in valued:
                skip = True
            elif arg.startswith("--") or arg in known:
                continue
            elif arg.startswith("-") and len(arg) > 1 and arg.split("=")[0] not in known:
                odd = odd or arg
                words.append(arg)
            else:
                words.append(arg)
        if odd is not None:
            import shlex

            from cskb.errors import UsageError

            raise UsageError(
                f"{odd} looks like an option; to leave a word out, quote the whole query: "
                f"cskb search {shlex.quote(' '.join(words))}"
            )
        return super().parse_args(ctx, args)


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help='Words (all must match), "phrases", OR, NOT or -word, field:value, prefix*.',
            show_default=False,
        ),
    ],
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only reviews with this tag (repeatable).")
    ] = None,
    reviewer: Annotated[
        str | None, typer.Option(help="Only reviews written by this member.")
    ] = None,
    reviewee: Annotated[
        str | None, typer.Option(help="Only reviews of this member's calls.")
    ] = None,
    customer: Annotated[str | None, typer.Option(help="Only calls with this customer.")] = None,
    product: Annotated[str | None, typer.Option(help="Only calls about this product.")] = None,
    cycle: common.CycleFilter = None,
    since: Annotated[
        str | None, typer.Option(help="Only calls on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only calls on or before this date (YYYY-MM-DD).")
    ] = None,
    status: Annotated[str | None, typer.Option(help="draft or complete.")] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="card|review",
            help="Only playbook cards or only reviews (default: both).",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option(help="At most this many results (0: all, as in `review list`).")
    ] = 10,
    json: Annotated[
        bool,
        typer.Option("--json", help="Print JSON (matches in snippets are marked **like this**)."),
    ] = False,
    no_server: Annotated[
        bool,
        typer.Option(
            "--no-server", help="Search in this process; never ask or start a search server."
        ),
    ] = False,
) -> None:
    """Search every review and playbook card, in every language; the index is brought up to date first.

    Example: cskb search "data strategy" --type review --tag renewal --since 2026-07-01
    """
    from cskb import render
    from cskb.errors import UsageError
    from cskb.search.api import Filters

    query = " ".join(words)  # `cskb search data strategy` is `cskb search "data strategy"`
    if limit < 0:
        raise UsageError("--limit must be 0 (every hit) or more")
    if limit == 0:  # every hit, as `review list --limit 0` lists every review
        limit = ALL_HITS
    if status not in (None, "draft", "complete"):
        raise UsageError(f"--status {status!r} must be draft or complete")
    if kind is not None:
        kind = kind.strip().lower()
        if kind not in ("card", "review"):
            raise UsageError(f"--type {kind!r} must be card or review (leave it out for both)")
    cycle = common.cycle(ctx, cycle)
    filters = Filters(
        tags=tuple(common.split_list(tag)),
        reviewer=reviewer,
        reviewee=reviewee,
        customer=customer,
        product=product,
        cycle=cycle,
        since=common.parse_date(since, "--since"),
        until=common.parse_date(until, "--until"),
        status=status,
        type=kind,
    )
    kb = common.kb(ctx)
    result = None
    if _server_wanted(ctx, kb.config.search.server, no_server):
        from cskb.search import client

        result = client.search(kb, query, filters, limit)
    if result is None:
        from cskb.search.index import search as run

        result = run(kb, query, filters, limit)
    from cskb.search.syntax import unsupported

    said = unsupported(query)
    for notice in ([said] if said else []) + list(result.notices):
        render.notice(notice)
    if json:
        render.print_json([h.as_dict() for h in result.hits])
        if not result.hits and result.suggestion:
            import sys

            print(f"did you mean: {result.suggestion}", file=sys.stderr)
    else:
        from cskb.render.search import hits

        try:
            hits(result, query)
        except SystemExit as exc:
            # rich turns a closed pipe (`cskb search ... | head -1`) into exit 1; rendering
            # never exits otherwise, so this is a reader that had enough, like other commands.
            if exc.code != 1:
                raise
            raise typer.Exit(0) from None


ALL_HITS = 2**31 - 1  # `--limit 0`: more than any index holds, and fits a JSON request


def _server_wanted(ctx: typer.Context, configured: bool, no_server: bool) -> bool:
    """--no-server > CSKB_SEARCH_SERVER > never in CI > `[search] server` in cskb.toml."""
    if no_server:
        return False
    settings = common.settings(ctx)
    if settings.search_server is not None:
        return settings.search_server
    return not settings.ci and configured


def index(
    ctx: typer.Context,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Build the index from scratch.")
    ] = False,
    verify: Annotated[
        bool,
        typer.Option("--verify", help="Compare the index with the files (exit 1 on a difference)."),
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Bring the search index up to date (searches do this too), rebuild it, or verify it.

    Example: cskb index --verify
    """
    from cskb import render
    from cskb.errors import ChecksFailed
    from cskb.render.search import progress
    from cskb.search import index as s

    kb = common.kb(ctx)
    if verify:
        if rebuild:
            with progress("indexing reviews") as update:
                s.rebuild(kb, update)
        s.refresh(kb)
        report = s.verify(kb)
        data = {
            "documents": report.documents,
            "missing": report.missing,
            "stale": report.stale,
            "extra": report.extra,
            "ok": report.ok,
        }
        if json:
            render.print_json(data)
        elif report.ok:
            render.success(f"index matches the files ({report.documents} document(s))")
        else:
            for key in ("missing", "stale", "extra"):
                for path in data[key]:  # type: ignore[attr-defined]
                    render.warn(f"{key}: {path}")
        if not report.ok:
            raise ChecksFailed("the index differs from the files; run `cskb index --rebuild`")
        return
    with progress("indexing reviews") as update:
        stats = s.rebuild(kb, update) if rebuild else s.refresh(kb, update)
    if json:
        render.print_json(stats.__dict__)
        return
    for notice in stats.notices:
        render.notice(notice)
    if stats.rebuilt:
        reviews = f"{(stats.documents or 0) - stats.cards} review(s)"
        cards = f" and {stats.cards} card(s)" if stats.cards else ""
        render.success(f"index built: {reviews}{cards}")
    elif not (stats.added or stats.changed or stats.deleted):
        render.success("index is up to date")
    else:
        render.success(
            f"index updated: {stats.added} added, {stats.changed} changed, {stats.deleted} deleted"
        )


def register(app: typer.Typer) -> None:
    from cskb.cli import server

    app.command(cls=SearchCommand)(search)
    app.command()(index)
    server.register(app)  # `cskb server status|stop`
