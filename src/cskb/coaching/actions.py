"""`review ack`, `review dispute`, `review resolve`: who may, what is valid, the file
written and committed. Each writes only its author's own response file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write
from cskb.coaching.responses import (
    OUTCOMES,
    Ack,
    Dispute,
    Resolution,
    ResponseFile,
    Score,
    dump_response,
    read_response,
    response_path,
)
from cskb.coaching.state import ReviewResponses, lead_handles, responses_of
from cskb.config import NA, Criterion
from cskb.errors import NotFoundError, UsageError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.kb.text import check_line
from cskb.models import Member, Review
from cskb.reviews.records import load, review_id


@dataclass(frozen=True)
class ResponseResult:
    """What one response command wrote."""

    review: str  # the review's id
    path: str  # the response file, KB-relative
    what: str  # a sentence for the user
    responses: ReviewResponses
    commit: vcs.CommitResult | None = None


PAST = {"accept": "accepted", "partial": "partly accepted", "reject": "rejected"}


def _review(kb: Kb, path: Path) -> Review:
    rel = kb.rel(path)
    if not rel.startswith("reviews/"):
        raise UsageError(
            f"{rel} is not a regular review; only reviews under reviews/ take responses"
        )
    return load(path)


def _refuse_draft(review: Review, ident: str, doing: str) -> None:
    if review.status != "complete":
        raise UsageError(
            f"{ident} is still a draft; you can {doing} it once {review.reviewer} runs "
            f"`cskb review done {ident}`"
        )


def _only_reviewee(review: Review, me: Member, ident: str, doing: str) -> None:
    if me.handle != review.reviewee:
        raise UsageError(
            f"only {review.reviewee} (whose call {ident} reviews) may {doing} it; "
            f"you are {me.handle}"
        )


def _own_file(kb: Kb, review: Review, me: str) -> ResponseFile:
    path = response_path(review.path, me)
    if path.exists() or path.is_symlink():
        return replace(read_response(path), member=me, review=kb.rel(review.path))
    return ResponseFile(path, me, kb.rel(review.path))


def _text(value: str, what: str, required: bool = False) -> str:
    value = check_line(value or "", what).strip()
    if required and not value:
        raise UsageError(f"{what} is empty; say why in a sentence")
    return value


def _write(kb: Kb, f: ResponseFile, message: str, commit: bool) -> vcs.CommitResult | None:
    atomic_write(f.path, dump_response(f), inside=kb.root)
    return vcs.commit_paths(kb.root, [f.path], message) if commit else None


def _criterion(kb: Kb, key: str) -> Criterion:
    crit = kb.config.criterion(key.strip())
    if crit is None:
        keys = ", ".join(c.key for c in kb.config.rubric)
        raise NotFoundError(f"--criterion {key!r} is not in the rubric; use one of: {keys}")
    return crit


def parse_score(text: str, crit: Criterion, option: str = "--score") -> Score:
    """A typed score on the criterion's scale: a whole number, or yes/no."""
    value: Score = text.strip().lower()
    if not crit.scale.yes_no:
        try:
            value = int(text.strip())
        except ValueError:
            value = text
    if crit.scale.normalise(value) is None:
        raise UsageError(f"{option} {text!r} is not on {crit.key}'s scale {crit.scale}")
    return value


def current_score(review: Review, key: str, responses: ReviewResponses) -> Score | None:
    """The criterion's score now: a resolution's if one changed it, else the review's."""
    for c in responses.changes():
        if c.criterion == key:
            return c.now
    scores = review.meta.get("scores")
    value = scores.get(key) if isinstance(scores, dict) else None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.strip().lower() == NA:
        return NA
    return value if isinstance(value, int | str) else None


def _lead_set(kb: Kb) -> frozenset[str]:
    return lead_handles(load_roster(kb.team_file), kb.config)


def ack(
    kb: Kb,
    path: Path,
    me: Member,
    today: dt.date,
    note: str = "",
    goals: tuple[str, ...] = (),
    commit: bool = True,
) -> ResponseResult:
    """The reviewee acknowledges a complete review (with a note and goals they add)."""
    review = _review(kb, path)
    ident = review_id(path)
    _only_reviewee(review, me, ident, "acknowledge")
    _refuse_draft(review, ident, "acknowledge")
    note = _text(note, "--note")
    goals = tuple(g for g in (_text(g, "--goal") for g in goals) if g)
    with kb.write_lock():
        mine = _own_file(kb, review, me.handle)
        if mine.ack is not None:
            raise UsageError(f"you acknowledged {ident} on {mine.ack.date}; nothing was changed")
        mine = replace(mine, ack=Ack(today, note, goals))
        done = _write(kb, mine, f"cskb: {me.handle} acknowledges {ident} ({review.cycle})", commit)
    leads = _lead_set(kb)
    return ResponseResult(
        ident, kb.rel(mine.path), f"acknowledged {ident}", responses_of(review, leads), done
    )


def dispute(
    kb: Kb,
    path: Path,
    me: Member,
    today: dt.date,
    criterion: str,
    score: str,
    comment: str,
    commit: bool = True,
) -> ResponseResult:
    """The reviewee asks for one criterion's score to be reconsidered."""
    review = _review(kb, path)
    ident = review_id(path)
    crit = _criterion(kb, criterion)
    _only_reviewee(review, me, ident, "dispute")
    _refuse_draft(review, ident, "dispute")
    asked = parse_score(score, crit)
    comment = _text(comment, "--comment", required=True)
    leads = _lead_set(kb)
    with kb.write_lock():
        now = responses_of(review, leads)
        earlier = now.dispute_of(crit.key)
        if earlier is not None:
            answer = now.resolution_of(crit.key)
            said = f"; {answer.member} answered: {answer.outcome}" if answer else " (still open)"
            raise UsageError(f"you already disputed {crit.key} on {ident} on {earlier.date}{said}")
        was = current_score(review, crit.key, now)
        if was == asked:
            raise UsageError(f"{crit.key} is already {was} on {ident}; nothing to dispute")
        mine = _own_file(kb, review, me.handle)
        mine = replace(
            mine,
            disputes=(*mine.disputes, Dispute(crit.key, asked, was, comment, today, me.handle)),
        )
        done = _write(
            kb, mine, f"cskb: {me.handle} disputes {crit.key} on {ident} ({review.cycle})", commit
        )
    return ResponseResult(
        ident,
        kb.rel(mine.path),
        f"disputed {crit.key} on {ident} ({was} -> {asked}); {review.reviewer} answers with "
        f"`cskb review resolve {ident}`",
        responses_of(review, leads),
        done,
    )


def may_resolve(review: Review, me: Member, leads: frozenset[str], kb: Kb) -> None:
    """Refuses anyone but the reviewer or a lead, naming who may."""
    if me.handle == review.reviewee:
        raise UsageError(
            f"you cannot resolve a dispute of your own review; {review.reviewer} or a lead may"
        )
    if me.handle != review.reviewer and me.handle not in leads:
        roles = ", ".join(kb.config.coaching.lead_roles) or "none set"
        who = ", ".join(sorted(leads - {review.reviewee})) or "nobody yet"
        raise UsageError(
            f"only the reviewer {review.reviewer} or a lead (role {roles}: {who}) may resolve "
            f"disputes on {review_id(review.path)}; you are {me.handle}"
        )


def resolve(
    kb: Kb,
    path: Path,
    me: Member,
    today: dt.date,
    outcome: str,
    comment: str,
    criterion: str | None = None,
    score: str | None = None,
    commit: bool = True,
) -> ResponseResult:
    """The reviewer or a lead answers an open dispute: accept (the asked score), partial
    (`score`), or reject (unchanged)."""
    review = _review(kb, path)
    ident = review_id(path)
    if outcome not in OUTCOMES:
        raise UsageError(f"{outcome!r} must be accept, partial or reject")
    leads = _lead_set(kb)
    may_resolve(review, me, leads, kb)
    comment = _text(comment, "--comment", required=True)
    with kb.write_lock():
        now = responses_of(review, leads)
        open_ = now.open_disputes
        if criterion is not None:
            key = _criterion(kb, criterion).key
            found = [d for d in open_ if d.criterion == key]
            if not found:
                raise NotFoundError(
                    f"there is no open dispute of {key} on {ident}; see `cskb review show {ident}`"
                )
        elif len(open_) != 1:
            if not open_:
                raise NotFoundError(f"{ident} has no open dispute; see `cskb review show {ident}`")
            keys = ", ".join(d.criterion for d in open_)
            raise UsageError(
                f"{ident} has {len(open_)} open disputes ({keys}); pass --criterion KEY"
            )
        else:
            found = list(open_)
        d = found[0]
        crit = _criterion(kb, d.criterion)
        new: Score | None
        if outcome == "accept":
            if score is not None and parse_score(score, crit) != d.score:
                raise UsageError(
                    f"accept gives the asked score {d.score}; use partial --score {score}"
                )
            new = d.score
        elif outcome == "partial":
            if score is None:
                raise UsageError(f"partial needs --score N (on {crit.key}'s scale {crit.scale})")
            new = parse_score(score, crit)
            if new in (d.was, d.score):
                raise UsageError(
                    f"partial --score {new} is the old or the asked score; use reject or accept"
                )
        else:
            if score is not None:
                raise UsageError("reject keeps the score; leave out --score")
            new = None
        mine = _own_file(kb, review, me.handle)
        answer = Resolution(crit.key, outcome, new, d.was, comment, today, me.handle)
        mine = replace(mine, resolutions=(*mine.resolutions, answer))
        done = _write(
            kb,
            mine,
            f"cskb: {me.handle} resolves {crit.key} on {ident}: {outcome} ({review.cycle})",
            commit,
        )
    said = f"{d.was} -> {new}" if new is not None else f"stays {d.was}"
    return ResponseResult(
        ident,
        kb.rel(mine.path),
        f"{PAST[outcome]} the dispute of {crit.key} on {ident} ({said})",
        responses_of(review, leads),
        done,
    )
