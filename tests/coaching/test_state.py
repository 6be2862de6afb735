"""Combining a review's response files: who may say what, and one answer per dispute even
when the reviewer and a lead both resolve it on two clones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cskb.coaching.responses import (
    Ack,
    Dispute,
    Resolution,
    ResponseFile,
    dump_response,
    parse_response,
)
from cskb.coaching.state import combine

D = dt.date(2026, 11, 20)


def files(*extra: ResponseFile) -> list[ResponseFile]:
    bo = ResponseFile(
        Path("bo.yaml"), "bo", "r", Ack(D), (Dispute("agenda", 4, 3, "agreed at 0:40", D, "bo"),)
    )
    return [bo, *extra]


def answer(who: str, outcome: str, day: dt.date, score: int | None = 4) -> ResponseFile:
    return ResponseFile(
        Path(f"{who}.yaml"),
        who,
        "r",
        resolutions=(Resolution("agenda", outcome, score, 3, "x", day, who),),
    )


def test_the_earliest_answer_wins_then_the_handle():
    both = combine(
        files(
            answer("ana", "accept", D + dt.timedelta(days=2)),
            answer("dana", "reject", D + dt.timedelta(days=1), None),
        ),
        "ana",
        "bo",
        {"dana"},
    )
    assert both.resolution_of("agenda").member == "dana" and both.changes() == ()
    same_day = combine(
        files(answer("dana", "reject", D, None), answer("ana", "accept", D)), "ana", "bo", {"dana"}
    )
    assert same_day.resolution_of("agenda").member == "ana"
    assert [c.now for c in same_day.changes()] == [4]


def test_only_the_right_people_count():
    early = answer("ana", "accept", D - dt.timedelta(days=1))  # before the dispute: no answer
    stranger = answer("chen", "accept", D)
    got = combine(files(early, stranger), "ana", "bo", {"dana"})
    assert got.state() == "disputed" and got.resolution_of("agenda") is None
    assert any("chen is neither" in x for x in got.ignored)
    reviewer_ack = ResponseFile(Path("ana.yaml"), "ana", "r", Ack(D))
    got = combine(files(reviewer_ack), "ana", "bo", set())
    assert any("only bo acknowledges" in x for x in got.ignored)


def test_round_trip_keeps_unknown_keys():
    f = files()[0]
    text = dump_response(f)
    import yaml

    data = yaml.safe_load(text)
    data["later_field"] = {"kept": True}
    back = parse_response(Path("bo.yaml"), data)
    assert back.ack == f.ack and back.disputes == f.disputes
    assert "later_field:\n  kept: true" in dump_response(back)
