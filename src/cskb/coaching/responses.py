"""Response files: `reviews/<cycle>/<review>.responses/<member>.yaml`, one per author.

Two people never write the same file: the reviewee writes their acknowledgement and
disputes into their own file, the reviewer or a lead writes resolutions into theirs, and
nobody's response ever edits the review itself. A file counts only for the member it is
named after; what a file holds beyond what its author may say is ignored (and reported by
`cskb check`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cskb.adapters.store import dump_yaml, load_yaml_file, to_date
from cskb.errors import DataError

SUFFIX = ".responses"
OUTCOMES = ("accept", "partial", "reject")
KEYS = ("review", "member", "ack", "disputes", "resolutions", "goals_done", "featured")
Score = int | str  # a whole number, or "yes"/"no" on a yes/no scale


@dataclass(frozen=True)
class Ack:
    """The reviewee read the feedback (and, maybe, what they take from it)."""

    date: dt.date
    note: str = ""
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dispute:
    """The reviewee asks for one criterion's score to be reconsidered."""

    criterion: str
    score: Score  # the score asked for
    was: Score | None  # the review's score when it was disputed
    comment: str
    date: dt.date
    member: str = ""


@dataclass(frozen=True)
class Resolution:
    """The reviewer's or a lead's answer to a dispute."""

    criterion: str
    outcome: str  # accept | partial | reject
    score: Score | None  # the score from now on (None: rejected, unchanged)
    was: Score | None
    comment: str
    date: dt.date
    member: str = ""


@dataclass(frozen=True)
class GoalDone:
    """The owner closed one of their goals."""

    goal: str
    date: dt.date


@dataclass(frozen=True)
class ResponseFile:
    """One author's file about one review."""

    path: Path
    member: str
    review: str = ""
    ack: Ack | None = None
    disputes: tuple[Dispute, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    goals_done: tuple[GoalDone, ...] = ()
    featured: dt.date | None = None  # a lead pinned the review as an exemplary call
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def responses_dir(review_path: Path) -> Path:
    """The folder holding a review's response files."""
    return review_path.with_name(review_path.stem + SUFFIX)


def response_path(review_path: Path, member: str) -> Path:
    return responses_dir(review_path) / f"{member}.yaml"


def _score(value: Any, where: str) -> Score:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, str) and value in ("yes", "no", "n/a")):
        return value
    raise DataError(f"{where}: score {value!r} must be a whole number or yes/no")


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DataError(f"{where} must be text; quote it")
    return value


def _date(value: Any, where: str) -> dt.date:
    day = to_date(value)
    if day is None:
        raise DataError(f"{where}: date {value!r} must be a date like 2026-11-20")
    return day


def _items(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    raw = data.get(key) or []
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        raise DataError(f"{where}: {key} must be a list of mappings")
    return raw


def parse_response(path: Path, data: Any) -> ResponseFile:
    """A response file's data, validated; DataError names the file and the field."""
    where = str(path)
    if not isinstance(data, dict):
        raise DataError(f"{where}: a response file must be a mapping (see docs/format.md)")
    member = path.stem
    ack = None
    if data.get("ack") is not None:
        raw = data["ack"]
        if not isinstance(raw, dict):
            raise DataError(f"{where}: ack must be a mapping with date, note, goals")
        goals = raw.get("goals") or []
        if not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
            raise DataError(f"{where}: ack.goals must be a list of text")
        ack = Ack(
            _date(raw.get("date"), f"{where}: ack"),
            _text(raw.get("note"), f"{where}: ack.note"),
            tuple(goals),
        )
    disputes = []
    for i, d in enumerate(_items(data, "disputes", where), 1):
        at = f"{where}: disputes #{i}"
        disputes.append(
            Dispute(
                _text(d.get("criterion"), f"{at} criterion"),
                _score(d.get("score"), at),
                None if d.get("was") is None else _score(d.get("was"), at),
                _text(d.get("comment"), f"{at} comment"),
                _date(d.get("date"), at),
                member,
            )
        )
    resolutions = []
    for i, r in enumerate(_items(data, "resolutions", where), 1):
        at = f"{where}: resolutions #{i}"
        outcome = r.get("outcome")
        if outcome not in OUTCOMES:
            raise DataError(f"{at}: outcome {outcome!r} must be accept, partial or reject")
        resolutions.append(
            Resolution(
                _text(r.get("criterion"), f"{at} criterion"),
                outcome,
                None if r.get("score") is None else _score(r.get("score"), at),
                None if r.get("was") is None else _score(r.get("was"), at),
                _text(r.get("comment"), f"{at} comment"),
                _date(r.get("date"), at),
                member,
            )
        )
    done = [
        GoalDone(_text(g.get("goal"), f"{where}: goals_done goal"), _date(g.get("date"), where))
        for g in _items(data, "goals_done", where)
    ]
    return ResponseFile(
        path,
        member,
        _text(data.get("review"), f"{where}: review"),
        ack,
        tuple(disputes),
        tuple(resolutions),
        tuple(done),
        None if data.get("featured") is None else _date(data["featured"], f"{where}: featured"),
        {k: v for k, v in data.items() if k not in KEYS},
    )


def read_response(path: Path) -> ResponseFile:
    return parse_response(path, load_yaml_file(path, "response file"))


def response_files(review_path: Path) -> list[Path]:
    """The review's response files, by author; a linked folder or file is refused."""
    folder = responses_dir(review_path)
    if folder.is_symlink():
        raise DataError(f"{folder}: is a symbolic link; replace it with a real folder")
    try:
        with os.scandir(folder) as it:
            names = sorted(
                e.name
                for e in it
                if e.name.endswith(".yaml") and not e.name.startswith(".") and e.is_file()
            )
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [folder / n for n in names]


def read_all(review_path: Path) -> list[ResponseFile]:
    return [read_response(p) for p in response_files(review_path)]


def dump_response(r: ResponseFile) -> str:
    """The file's text, keys in a fixed order, so a rewrite shows only what changed."""
    data: dict[str, Any] = {"review": r.review, "member": r.member}
    if r.ack is not None:
        data["ack"] = {"date": r.ack.date, "note": r.ack.note, "goals": list(r.ack.goals)}
    if r.disputes:
        data["disputes"] = [
            {
                "criterion": d.criterion,
                "score": d.score,
                "was": d.was,
                "comment": d.comment,
                "date": d.date,
            }
            for d in r.disputes
        ]
    if r.resolutions:
        data["resolutions"] = [
            {
                "criterion": x.criterion,
                "outcome": x.outcome,
                "score": x.score,
                "was": x.was,
                "comment": x.comment,
                "date": x.date,
            }
            for x in r.resolutions
        ]
    if r.goals_done:
        data["goals_done"] = [{"goal": g.goal, "date": g.date} for g in r.goals_done]
    if r.featured is not None:
        data["featured"] = r.featured
    data.update(r.extra)  # keys a later cskb may write are kept as they were
    return dump_yaml(data)
