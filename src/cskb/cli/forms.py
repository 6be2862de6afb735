"""Issue-form commands: `forms write`, `forms apply`, `forms link` (see docs/forms.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cskb.cli import common
from cskb.cli.common import Json, NoCommit

forms_app = typer.Typer(
    help="Take part through the git host's issue forms, without a terminal.",
    no_args_is_help=True,
)
KINDS = ("call", "review", "coffee", "respond")


@forms_app.command("write")
def forms_write(
    ctx: typer.Context,
    workflow: Annotated[
        bool,
        typer.Option("--workflow", help="Also install the workflow that applies the forms."),
    ] = False,
    no_commit: NoCommit = False,
    json: Json = False,
) -> None:
    """Write the issue forms under .github/ISSUE_TEMPLATE/ from cskb.toml and the template.

    Example: cskb forms write --workflow
    """
    from cskb import render
    from cskb.forms.issueyaml import write_forms

    results, commit = write_forms(common.kb(ctx), workflow, commit=not no_commit)
    if json:
        render.print_json([r.as_dict() for r in results])
        return
    for r in results:
        (render.warn if r.state.startswith("hand") else render.success)(f"{r.path}: {r.state}")
    if commit is not None:
        render.committed(commit)


@forms_app.command("apply")
def forms_apply(
    ctx: typer.Context,
    event: Annotated[
        Path,
        typer.Option(
            "--event", metavar="FILE", help="The issues event payload ($GITHUB_EVENT_PATH)."
        ),
    ],
    reply: Annotated[
        Path | None,
        typer.Option("--reply", metavar="FILE", help="Write the comment to post here."),
    ] = None,
    json: Json = False,
) -> None:
    """Apply an issue opened or edited from a cskb form, as the member who sent it.

    Example: cskb forms apply --event "$GITHUB_EVENT_PATH" --reply reply.md
    """
    import datetime as dt

    from cskb import render
    from cskb.cli.errors import EXIT_USAGE
    from cskb.forms.apply import REFUSED, apply_event
    from cskb.forms.event import read_event

    kb = common.kb(ctx)
    outcome = apply_event(
        kb, read_event(event), common.settings(ctx).today, dt.datetime.now(dt.UTC)
    )
    if reply is not None:
        try:
            reply.write_text(outcome.reply + ("\n" if outcome.reply else ""), encoding="utf-8")
        except OSError as exc:
            from cskb.errors import UsageError

            raise UsageError(f"--reply {reply}: cannot write ({exc.strerror})") from None
    if json:
        render.print_json(outcome.as_dict())
    elif outcome.status == REFUSED:
        render.error(outcome.messages[0])
    else:
        render.success(f"{outcome.status}: {outcome.kind or 'not a cskb form'}")
        for m in outcome.messages:
            render.warn(m)
    if outcome.status == REFUSED:
        raise typer.Exit(EXIT_USAGE)


@forms_app.command("link")
def forms_link(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help="call, review, coffee or respond.")],
    cycle: Annotated[
        str | None,
        typer.Option(metavar="CYCLE", help=f"The cycle to fill in: {common.CYCLE_HELP}."),
    ] = None,
    reviewee: Annotated[
        str | None, typer.Option(help="Whose call is reviewed (review only).")
    ] = None,
    review: Annotated[
        str | None,
        typer.Option(help="The review answered, like 2026-11-16/ana-reviews-bo (respond only)."),
    ] = None,
    repo: Annotated[
        str | None,
        typer.Option(help="owner/name or its URL (default: [site] repo_url in cskb.toml)."),
    ] = None,
    json: Json = False,
) -> None:
    """Print the link that opens a form with the cycle (and reviewee) already filled in.

    Example: cskb forms link review --cycle 2026-11-16 --reviewee bo
    """
    from cskb import render
    from cskb.errors import UsageError
    from cskb.forms.links import form_link
    from cskb.forms.spec import all_forms
    from cskb.reviews.scaffold import read_template

    if kind not in KINDS:
        raise UsageError(f"KIND {kind!r} is not one of {', '.join(KINDS)}")
    kb = common.kb(ctx)
    where = repo or kb.config.site.repo_url
    if not where:
        raise UsageError("no repository: pass --repo OWNER/NAME or set [site] repo_url")
    template, _warning = read_template(kb)
    form = next(f for f in all_forms(kb.config, template.body) if f.kind == kind)
    if cycle is not None and kind == "respond":
        raise UsageError("--cycle does not go with the respond form; pass --review ID")
    values = {"cycle": common.cycle(ctx, cycle) or ""} if kind != "respond" else {}
    if reviewee:
        if kind != "review":
            raise UsageError("--reviewee goes with the review form only")
        values["reviewee"] = reviewee
        if cycle:
            from cskb.forms.review import review_prefill

            values["followed"] = review_prefill(kb, cycle, reviewee)
    if review:
        if kind != "respond":
            raise UsageError("--review goes with the respond form only")
        values["review"] = review
    link = form_link(where, form, values, form.title)
    if json:
        render.print_json({"kind": kind, "link": link})
    else:
        render.out().print(link, markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.add_typer(forms_app, name="forms")
