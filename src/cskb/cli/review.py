"""Review commands: new, edit, done, list, show; ack, dispute and resolve come from
`cli/coaching.py`. (Calls, coffee and tags: `cli/calls.py`.)"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cskb.cli import coaching, common
from cskb.cli.common import Edit, Json, NoCommit

if TYPE_CHECKING:
    from cskb.kb.layout import Kb

if TYPE_CHECKING:
    from cskb.reviews.records import EditResult

review_app = typer.Typer(help="Write, finish, list and read reviews.", no_args_is_help=True)

CycleOpt = common.Cycle
Tags = Annotated[
    list[str] | None, typer.Option("--tags", help="Tags, comma-separated or repeated.")
]
Products = Annotated[
    list[str] | None, typer.Option("--products", help="Products, comma-separated or repeated.")
]
TABLE_LIMIT = 200  # a longer table is slow to lay out and too long to read; filters narrow it
Ident = Annotated[
    str, typer.Argument(metavar="ID", help="A review's path, or a unique prefix of its file name.")
]


def _guard(ctx: typer.Context, kb: Kb, path: Path, action: str) -> None:
    """The calibration rule for a review command (`calibration/reviews.guard_review`): a
    closed session's reviews stay as they are, an open one's are seen by their author only."""
    from cskb.calibration.reviews import guard_review
    from cskb.errors import CskbError

    def viewer() -> str | None:
        try:
            return common.me(ctx, kb).handle
        except CskbError:
            return None

    guard_review(kb, path, action, viewer)


def _edit_and_commit(
    ctx: typer.Context, kb: Kb, path: Path, edit: bool | None, no_commit: bool, what: str
) -> None:
    """Open the editor (if wanted), validate, commit; report, then exit as the outcome says."""
    from cskb.reviews.records import edit_review

    s = common.settings(ctx)
    result = edit_review(
        kb,
        path,
        s.editor,
        interactive=s.interactive,
        ci=s.ci,
        requested=edit,
        commit=not no_commit,
        what=what,
    )
    finish_edit(result)


def finish_edit(result: EditResult) -> None:
    """Report an edit session (reviews and playbook cards), then exit as its outcome says."""
    from cskb import render
    from cskb.errors import ChecksFailed, UsageError
    from cskb.render.reviews import edit_report

    edit_report(result)
    if result.edit.failed:
        raise UsageError(
            f"{result.edit.reason}; {result.path} is kept on disk as a draft (not committed): "
            f"continue with `{result.resume}`"
        )
    if result.errors:
        raise ChecksFailed(
            f"{len(result.errors)} problem(s) in {result.path}; it is saved but not committed: "
            f"fix them with `{result.resume}`"
        )
    if result.committed:
        render.committed(result.commit)


@review_app.command("new")
def review_new(
    ctx: typer.Context,
    reviewee: Annotated[
        str | None, typer.Option(help="Whose call you review (default: your partner this cycle).")
    ] = None,
    call: Annotated[
        str | None,
        typer.Option("--call", help="The call's URL (default: the reviewee's submitted call)."),
    ] = None,
    customer: Annotated[
        str | None, typer.Option(help="The customer (default: from the submitted call).")
    ] = None,
    tags: Tags = None,
    products: Products = None,
    edit: Edit = None,
    cycle: CycleOpt = None,
    no_commit: NoCommit = False,
) -> None:
    """Scaffold a review of your partner's call from the team's template, edit, validate, commit.

    The reviewee's open goals from earlier reviews are carried in, to record whether they
    tried them.

    Example: cskb review new --tags "data strategy"
    """
    from cskb import render
    from cskb.coaching.followup import followup_hook
    from cskb.reviews.scaffold import create_review

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    result = create_review(
        kb,
        common.settings(ctx).today,
        common.cycle(ctx, cycle),
        me.handle,
        reviewee,
        call,
        customer,
        common.split_list(tags),
        common.split_list(products),
        extra=followup_hook(kb, common.settings(ctx).cache),
    )
    for w in result.warnings:
        render.warn(w)
    render.success(f"wrote {kb.rel(result.path)}")
    _edit_and_commit(ctx, kb, result.path, edit, no_commit, "draft review")


@review_app.command("edit")
def review_edit(
    ctx: typer.Context,
    ident: Ident,
    edit: Edit = None,
    no_commit: NoCommit = False,
) -> None:
    """Open a review in your editor, then validate and commit it.

    Example: cskb review edit ana-reviews-bo
    """
    from cskb.reviews.records import resolve

    kb = common.kb(ctx)
    path = resolve(kb, ident, Path.cwd())
    _guard(ctx, kb, path, "edit")
    _edit_and_commit(ctx, kb, path, edit, no_commit, "edit review")


@review_app.command("done")
def review_done(ctx: typer.Context, ident: Ident, no_commit: NoCommit = False) -> None:
    """Mark a review complete once it validates (scores, evidence, no placeholders).

    Example: cskb review done ana-reviews-bo
    """
    from cskb import render
    from cskb.errors import ChecksFailed
    from cskb.render.reviews import findings_list
    from cskb.reviews.records import mark_done, resolve

    kb = common.kb(ctx)
    path = resolve(kb, ident, Path.cwd())
    _guard(ctx, kb, path, "done")
    blocking, commit = mark_done(kb, path, commit=not no_commit)
    if blocking:
        findings_list(blocking, f"{kb.rel(path)} is not complete yet:")
        raise ChecksFailed(
            f"{len(blocking)} problem(s) left; fix them with `cskb review edit {path.stem}`"
        )
    render.success(f"{kb.rel(path)} is complete")
    if not no_commit:
        render.committed(commit)


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    cycle: common.CycleFilter = None,
    reviewer: Annotated[
        str | None, typer.Option(help="Only reviews written by this member.")
    ] = None,
    reviewee: Annotated[
        str | None, typer.Option(help="Only reviews of this member's calls.")
    ] = None,
    status: Annotated[str | None, typer.Option(help="draft or complete.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only reviews with this tag.")] = None,
    response: Annotated[
        str | None,
        typer.Option(
            help="Only complete reviews in this state: awaiting, acked, disputed, resolved."
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            min=0, help="Show only the last N (default: 200 in the table, all in JSON; 0: all)."
        ),
    ] = None,
    json: Json = False,
) -> None:
    """List reviews, newest cycle last, with their status, score and the reviewee's response.

    Example: cskb review list --reviewer ana --status complete
    """
    from cskb import render
    from cskb.coaching.views import list_with_responses
    from cskb.errors import UsageError
    from cskb.render.reviews import reviews_table

    if status not in (None, "draft", "complete"):
        raise UsageError(f"--status {status!r} must be draft or complete")
    if response not in (None, "awaiting", "acked", "disputed", "resolved"):
        raise UsageError(f"--response {response!r} must be awaiting, acked, disputed or resolved")
    items, unreadable = list_with_responses(
        common.kb(ctx),
        common.cycle(ctx, cycle),
        reviewer,
        reviewee,
        status,
        tag,
        use_cache=common.settings(ctx).cache,
        response=response,
    )
    keep = (0 if json else TABLE_LIMIT) if limit is None else limit
    shown = items[-keep:] if keep else items
    if json:
        render.print_json([i.as_dict() for i in shown])
    else:
        reviews_table(
            [i.summary for i in shown], total=len(items), responses=[i.response for i in shown]
        )
    if unreadable:
        render.warn(
            f"{len(unreadable)} review file(s) could not be read (run `cskb check`): {', '.join(unreadable[:3])}"
        )


@review_app.command("show")
def review_show(ctx: typer.Context, ident: Ident, json: Json = False) -> None:
    """Show one review, rendered, with the reviewee's response and any changed score.

    Example: cskb review show ana-reviews-bo
    """
    from cskb import render
    from cskb.coaching.views import review_view
    from cskb.render.coaching import responses_block
    from cskb.render.reviews import review_show as show
    from cskb.reviews.records import load, resolve

    kb = common.kb(ctx)
    path = resolve(kb, ident, Path.cwd())
    _guard(ctx, kb, path, "show")
    view = review_view(kb, load(path))
    if json:
        render.print_json(view.as_dict())
    else:
        show(view.summary, view.linked_body)
        responses_block(view)


coaching.add_review_commands(review_app)


def register(app: typer.Typer) -> None:
    from cskb.cli import calls

    app.add_typer(review_app, name="review")
    calls.register(app)
