"""`cskb review feature ID [--remove]`: a lead pins a complete review as an exemplary call
(shown first among a card's exemplary calls, with a "chosen by" line). Recorded as
`featured: DATE` in the lead's own response file for that review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from cskb.adapters import vcs
from cskb.adapters.fsio import atomic_write
from cskb.coaching.responses import ResponseFile, dump_response, read_response, response_path
from cskb.coaching.state import lead_handles
from cskb.errors import UsageError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.models import Member
from cskb.reviews.records import load, review_id


@dataclass(frozen=True)
class FeatureResult:
    review: str
    featured: bool
    path: str
    commit: vcs.CommitResult | None


def feature(
    kb: Kb, path: Path, me: Member, today: dt.date, remove: bool = False, commit: bool = True
) -> FeatureResult:
    """Pin (or, with `remove`, unpin) a complete review; only a lead may."""
    review = load(path)
    ident = review_id(path)
    leads = lead_handles(load_roster(kb.team_file), kb.config)
    if me.handle not in leads:
        roles = ", ".join(kb.config.coaching.lead_roles) or "none set"
        who = ", ".join(sorted(leads)) or "nobody yet"
        raise UsageError(
            f"only a lead (role {roles}: {who}) may feature a review; you are {me.handle}"
        )
    if not kb.rel(path).startswith("reviews/") or review.status != "complete":
        raise UsageError(f"{ident} is not a complete review; only complete reviews can be featured")
    target = response_path(path, me.handle)
    with kb.write_lock():
        mine = (
            replace(read_response(target), member=me.handle, review=kb.rel(path))
            if target.exists() or target.is_symlink()
            else ResponseFile(target, me.handle, kb.rel(path))
        )
        if remove and mine.featured is None:
            raise UsageError(f"you have not featured {ident}; nothing was changed")
        if not remove and mine.featured is not None:
            raise UsageError(f"you featured {ident} on {mine.featured}; nothing was changed")
        mine = replace(mine, featured=None if remove else today)
        atomic_write(target, dump_response(mine), inside=kb.root)
        verb = "unfeatures" if remove else "features"
        done = (
            vcs.commit_paths(kb.root, [target], f"cskb: {me.handle} {verb} {ident}")
            if commit
            else None
        )
    return FeatureResult(ident, not remove, kb.rel(target), done)
