"""Calibration commands: new, review, list, show, final, report."""

from __future__ import annotations

from typing import Annotated

import typer

from cskb.cli import common
from cskb.cli.common import Edit, Json, NoCommit
from cskb.kb.layout import Kb

calibrate_app = typer.Typer(
    help="Calibration sessions: several reviewers score the same call against a benchmark.",
    no_args_is_help=True,
)

SessionId = Annotated[
    str, typer.Argument(metavar="ID", help="A session's ID, or a unique prefix of it.")
]


def _viewer(ctx: typer.Context, kb: Kb) -> str | None:
    """The current member's handle, or None when cskb cannot tell (then nothing is shown)."""
    from cskb.errors import CskbError

    try:
        return common.me(ctx, kb).handle
    except CskbError:
        return None


@calibrate_app.command("new")
def calibrate_new(
    ctx: typer.Context,
    call: Annotated[str, typer.Option("--call", metavar="URL", help="The recorded call's URL.")],
    customer: Annotated[
        str, typer.Option("--customer", metavar="NAME", help="The customer on the call.")
    ],
    reviewers: Annotated[
        list[str],
        typer.Option(
            "--reviewers",
            metavar="HANDLES",
            help="Who scores the call: handles, comma-separated or repeated.",
        ),
    ],
    reviewee: Annotated[
        str | None,
        typer.Option(
            metavar="HANDLE",
            help="Whose call it is, when they are on the team (they do not score it).",
        ),
    ] = None,
    due: Annotated[
        str | None, typer.Option(metavar="DATE", help="When the reviews are due, like 2026-11-30.")
    ] = None,
    lead: Annotated[
        str | None,
        typer.Option(metavar="HANDLE", help="Who runs the session and closes it (default: you)."),
    ] = None,
    no_commit: NoCommit = False,
) -> None:
    """Open a calibration session: the reviewers score the same call with the team's rubric.

    Example: cskb calibrate new --call https://rec.example.com/c/9 --customer Acme --reviewers ana,bo,chen
    """
    from cskb import render
    from cskb.calibration.lifecycle import open_session
    from cskb.kb.roster import load_roster

    kb = common.kb(ctx)
    s = common.settings(ctx)
    due_date = common.parse_date(due, "--due")
    members = {m.handle: m.active for m in load_roster(kb.team_file)}
    lead_handle = lead.strip() if lead is not None else common.me(ctx, kb).handle
    names = common.split_list(reviewers)
    opened = open_session(
        kb,
        members,
        s.today,
        call,
        customer,
        names,
        lead_handle,
        reviewee,
        due_date,
        commit=not no_commit,
    )
    for w in opened.warnings:
        render.warn(w)
    sid = opened.session.id
    render.success(
        f"opened calibration session {sid} ({kb.rel(opened.session.path)}) for "
        f"{', '.join(opened.session.reviewers)}; each runs `cskb calibrate review {sid}`"
    )
    if not no_commit:
        render.committed(opened.commit)


@calibrate_app.command("review")
def calibrate_review(
    ctx: typer.Context,
    ident: SessionId,
    edit: Edit = None,
    no_commit: NoCommit = False,
) -> None:
    """Write (or reopen) your review in a calibration session, then validate and commit it.

    Example: cskb calibrate review 2026-11-23-acme
    """
    import dataclasses

    from cskb import render
    from cskb.calibration.reviews import start_review
    from cskb.calibration.session import find_session
    from cskb.cli.review import finish_edit
    from cskb.reviews.records import edit_review

    kb = common.kb(ctx)
    me = common.me(ctx, kb)
    session = find_session(kb, ident)
    started = start_review(kb, session, me.handle)
    for w in started.warnings:
        render.warn(w)
    rel = kb.rel(started.path)
    render.success(f"{'wrote' if started.created else 'reopened'} {rel}")
    s = common.settings(ctx)
    result = edit_review(
        kb,
        started.path,
        s.editor,
        interactive=s.interactive,
        ci=s.ci,
        requested=edit,
        commit=not no_commit,
        what="calibration review",
        ident=rel,
        message=f"cskb: calibration review by {me.handle} ({session.id})",
    )
    # reported and ended like a review's edit, with this command as the way back
    finish_edit(dataclasses.replace(result, resume=f"cskb calibrate review {session.id}"))


@calibrate_app.command("list")
def calibrate_list(ctx: typer.Context, json: Json = False) -> None:
    """List calibration sessions, oldest first, with who has written (never their scores).

    Example: cskb calibrate list --json
    """
    from cskb import render
    from cskb.calibration.report import session_report
    from cskb.calibration.session import list_sessions
    from cskb.render.calibration import sessions_table

    kb = common.kb(ctx)
    sessions, unreadable = list_sessions(kb)
    reports = [session_report(kb, s) for s in sessions]
    if json:
        render.print_json(
            [
                {
                    **r.session.as_dict(),
                    "written": [w.handle for w in r.written if w.status != "not started"],
                }
                for r in reports
            ]
        )
    else:
        sessions_table(reports)
    if unreadable:
        render.warn(
            f"{len(unreadable)} session file(s) could not be read (run `cskb check`): "
            + ", ".join(unreadable[:3])
        )


@calibrate_app.command("show")
def calibrate_show(ctx: typer.Context, ident: SessionId, json: Json = False) -> None:
    """Show a session: the call, who has written, and once it is closed everyone's scores.

    Example: cskb calibrate show 2026-11-23-acme
    """
    from cskb import render
    from cskb.calibration.report import session_report
    from cskb.calibration.session import find_session
    from cskb.render.calibration import session_panel

    kb = common.kb(ctx)
    viewer = _viewer(ctx, kb)
    report = session_report(kb, find_session(kb, ident), viewer)
    if json:
        render.print_json(report.as_dict())
    else:
        session_panel(report, [c.key for c in kb.config.rubric], viewer)
    if report.hidden:
        render.notice(
            "peers' scores stay hidden while the session is open: a courtesy against "
            "anchoring, not secrecy (the files are readable in git)"
        )


@calibrate_app.command("final")
def calibrate_final(
    ctx: typer.Context,
    ident: SessionId,
    source: Annotated[
        str,
        typer.Option(
            "--from",
            metavar="HANDLE",
            help="Whose review becomes the benchmark (often the lead's).",
        ),
    ],
    no_commit: NoCommit = False,
) -> None:
    """Fix the benchmark from one review and close the session (the session's lead runs it).

    Example: cskb calibrate final 2026-11-23-acme --from ana
    """
    from cskb import render
    from cskb.calibration.lifecycle import close_session
    from cskb.calibration.session import find_session
    from cskb.errors import UsageError

    kb = common.kb(ctx)
    session = find_session(kb, ident)
    me = common.me(ctx, kb).handle
    if me != session.lead:
        raise UsageError(
            f"only the session's lead ({session.lead}) closes {session.id}; "
            f"ask them, or run it as them with `cskb --as {session.lead} ...`"
        )
    closed = close_session(kb, session, source.strip(), common.settings(ctx).today, not no_commit)
    render.success(
        f"closed {session.id} with {source.strip()}'s scores as the benchmark; "
        f"see `cskb calibrate report {session.id}`"
    )
    if not no_commit:
        render.committed(closed.commit)


@calibrate_app.command("report")
def calibrate_report(
    ctx: typer.Context,
    ident: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="One session (default: every session)."),
    ] = None,
    last: Annotated[
        int, typer.Option(help="How many recent cycles the reviewer leniency section covers.")
    ] = 6,
    json: Json = False,
) -> None:
    """Alignment with the benchmark, the team's agreement, each reviewer's trend and leniency.

    Example: cskb calibrate report 2026-11-23-acme --json
    """
    from cskb import render
    from cskb.calibration.report import calibration_report
    from cskb.errors import UsageError
    from cskb.render.calibration import report_text

    if last < 1:
        raise UsageError("--last must be 1 or more")
    kb = common.kb(ctx)
    report = calibration_report(
        kb, ident, _viewer(ctx, kb), last=last, today=common.settings(ctx).today
    )
    if json:
        render.print_json(report.as_dict())
    else:
        report_text(report, [c.key for c in kb.config.rubric], whole=ident is None)
    if any(s.hidden for s in report.sessions):
        render.notice(
            "open sessions show no figures until `cskb calibrate final`: a courtesy against "
            "anchoring, not secrecy (the files are readable in git)"
        )
    if report.unreadable:
        render.warn(
            f"{len(report.unreadable)} session file(s) could not be read (run `cskb check`): "
            + ", ".join(report.unreadable[:3])
        )


def register(app: typer.Typer) -> None:
    app.add_typer(calibrate_app, name="calibrate")
