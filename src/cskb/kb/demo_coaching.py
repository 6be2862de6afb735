"""The demo's coaching loop: acknowledgements, a few disputes (accepted, rejected, open),
goals followed up in the next review of the same member, and timestamped evidence.

Every choice comes from a checksum of the review's path, never from the demo's random
stream, so the rest of the demo stays as it was. Response files follow docs/format.md
(`reviews/<cycle>/<review>.responses/<member>.yaml`); this module writes them as plain data
so that `kb/` needs nothing from the coaching package above it.
"""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path
from typing import Any

from cskb.adapters.store import dump_document, dump_yaml, parse_document
from cskb.config import Config

NOTES = (
    "Thanks, the moment you pointed at is the one I want to fix.",
    "Fair. I will try the recap before the last five minutes.",
    "Useful, I had not noticed how long the demo ran.",
)
DISPUTE = "The customer agreed the agenda at the start of the call; please listen again."
ANSWERS = {
    "accept": "Listened again: you are right, it was agreed up front.",
    "reject": "It was agreed only after the demo, so the score stays.",
}
FOLLOWED = (
    ("yes", "Did it: recapped the next steps with owners before the end."),
    ("partly", "Recapped the next steps, but without dates."),
    ("no", "The call ran over and the recap was skipped."),
)


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def add_coaching(
    text: str,
    rel: str,
    today: dt.date,
    config: Config,
    goals: dict[str, tuple[str, str]],
) -> tuple[str, dict[str, str]]:
    """A complete review's text with a timestamp and the follow-up of the reviewee's last
    goal (`goals`: reviewee -> goal id, updated), and its response files (name -> text)."""
    doc = parse_document(text)
    meta: dict[str, Any] = dict(doc.meta)
    h = _hash(rel)
    cycle, stem = rel.split("/")[-2], rel.split("/")[-1].removesuffix(".md")
    reviewer, reviewee = str(meta["reviewer"]), str(meta["reviewee"])
    body = doc.body
    if h % 3 == 0:  # a moment of the call, linked into the recording on the site
        body = body.replace(
            "## What went well\n\n", f"## What went well\n\n[{4 + h % 30}:{h % 60:02d}] ", 1
        )
    earlier = goals.get(reviewee)
    if earlier is not None:
        result, evidence = FOLLOWED[h % len(FOLLOWED)]
        meta["followed"] = [
            {"goal": earlier[0], "text": earlier[1], "result": result, "evidence": evidence}
        ]
    _, _, goal = body.partition("## What to try next time\n")
    goal_text = " ".join(goal.strip().split("\n\n")[0].split())
    if goal_text:
        goals[reviewee] = (f"{cycle}/{stem}#1", goal_text)
    done = meta.get("completed")
    files: dict[str, str] = {}
    if not isinstance(done, dt.date):
        return dump_document(meta, body), files
    base = {"review": rel}
    kind = h % 10
    if kind < 6 and done + dt.timedelta(days=1) <= today:
        files[reviewee] = dump_yaml(
            {
                **base,
                "member": reviewee,
                "ack": {
                    "date": done + dt.timedelta(days=1),
                    "note": NOTES[h % len(NOTES)],
                    "goals": [],
                },
            }
        )
    elif kind in (6, 7, 8) and done + dt.timedelta(days=2) <= today:
        raw = meta.get("scores")
        scores: dict[str, Any] = raw if isinstance(raw, dict) else {}
        crit = next(
            (
                c
                for c in config.rubric
                if not c.scale.yes_no
                and isinstance(scores.get(c.key), int)
                and scores[c.key] < c.scale.hi
            ),
            None,
        )
        if crit is not None:
            was = scores[crit.key]
            asked_on = done + dt.timedelta(days=2)
            files[reviewee] = dump_yaml(
                {
                    **base,
                    "member": reviewee,
                    "disputes": [
                        {
                            "criterion": crit.key,
                            "score": was + 1,
                            "was": was,
                            "comment": DISPUTE,
                            "date": asked_on,
                        }
                    ],
                }
            )
            outcome = ("accept", "reject", None)[(h // 10) % 3]
            answered_on = asked_on + dt.timedelta(days=2)
            if outcome is not None and answered_on <= today:
                files[reviewer] = dump_yaml(
                    {
                        **base,
                        "member": reviewer,
                        "resolutions": [
                            {
                                "criterion": crit.key,
                                "outcome": outcome,
                                "score": was + 1 if outcome == "accept" else None,
                                "was": was,
                                "comment": ANSWERS[outcome],
                                "date": answered_on,
                            }
                        ],
                    }
                )
    return dump_document(meta, body), files


def write_responses(review: Path, files: dict[str, str]) -> None:
    if not files:
        return
    folder = review.with_name(review.stem + ".responses")
    folder.mkdir(exist_ok=True)
    for member, text in sorted(files.items()):
        (folder / f"{member}.yaml").write_text(text, encoding="utf-8")
