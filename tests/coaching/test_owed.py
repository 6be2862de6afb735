"""`owed_responses`: acknowledgements and resolutions still owed, with since and due dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cskb.coaching.owed import OwedResponse, owed_responses
from cskb.kb.layout import open_kb
from tests.coaching.kbs import complete_review, pair_and_submit

TODAY = dt.date(2026, 11, 22)


def test_acks_then_resolutions_are_owed(kb: Path, cli):
    who = pair_and_submit(cli)
    ident = complete_review(kb, cli, "ana", who["ana"])
    bo = who["ana"]
    other = next(h for h in who if h not in ("ana", bo))
    assert cli("--as", other, "review", "new", "--no-edit").exit_code == 0  # a draft owes nothing
    k = open_kb(kb)
    [owed] = owed_responses(k, TODAY)
    assert owed == OwedResponse(
        bo,
        ident,
        "ack",
        TODAY,  # the commit that completed it is dated now; never later than today
        TODAY + dt.timedelta(days=7),
        "2026-11-09",
        f"reviews/2026-11-09/{ident}.md",
    )
    assert owed.as_dict()["due"] == "2026-11-29" and not owed.overdue(TODAY)
    r = cli(
        "--as",
        bo,
        "review",
        "dispute",
        ident,
        "--criterion",
        "control",
        "--score",
        "5",
        "--comment",
        "I cut the tangent at 12:30",
    )
    assert r.exit_code == 0, r.stderr
    [owed] = owed_responses(k, TODAY)
    assert (owed.member, owed.kind, owed.criterion, owed.since) == (
        "ana",
        "resolve",
        "control",
        TODAY,
    )
    assert owed.overdue(TODAY + dt.timedelta(days=8))
    assert (
        cli("--as", "ana", "review", "resolve", ident, "reject", "--comment", "x y").exit_code == 0
    )
    assert owed_responses(k, TODAY) == []


def test_a_completed_date_and_the_chase_window(kb: Path, cli):
    who = pair_and_submit(cli)
    ident = complete_review(kb, cli, "ana", who["ana"])
    path = kb / "reviews" / "2026-11-09" / f"{ident}.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "status: complete", "status: complete\ncompleted: 2026-11-12"
        ),
        encoding="utf-8",
    )
    k = open_kb(kb)
    [owed] = owed_responses(k, TODAY)
    assert owed.since == dt.date(2026, 11, 12) and owed.due == dt.date(2026, 11, 19)
    assert owed.overdue(TODAY)
    assert owed_responses(k, dt.date(2027, 6, 1)) == []  # older than chase_days: not chased
