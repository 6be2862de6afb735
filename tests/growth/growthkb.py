"""A small hand-made history for the growth tests: four members on three levels, four
cycles of reviews by reviewers of different leniency, and a matrix whose figures the tests
work out on their own."""

from __future__ import annotations

from pathlib import Path

from cskb.adapters.store import dump_document, dump_yaml
from cskb.kb.roster import dump_roster
from cskb.models import Member
from tests.helpers import build_file_tree, git

CYCLES = ("2026-09-28", "2026-10-12", "2026-10-26", "2026-11-09")
LEVELS = {"ana": "mid", "bo": "junior", "chen": "senior", "dana": ""}
ROLES = {"chen": "manager"}  # chen leads: `[coaching] lead_roles` is ["manager"]

MATRIX = """\
levels:
  - key: junior
    title: Junior CSM
    expects: 40
  - key: mid
    title: CSM
    expects: 60
  - key: senior
    title: Senior CSM
    expects: 80
evidence:
  window: 3
  min_reviews: 2
competencies:
  - key: structure
    title: Structure
    criteria: [agenda]
    cards: [agenda]
    levels:
      junior: Opens with an agenda.
      senior: Shapes the agenda with the customer.
  - key: finish
    title: Finishing well
    criteria: [control, next_steps]
    cards: [control, next-steps]
    expects:
      senior: 85
"""

GOAL = "Ask for the renewal date before the call ends."


def review(cycle, reviewer, reviewee, scores, status="complete", goal="") -> str:
    meta = {
        "title": f"{reviewer} on {reviewee} ({cycle})",
        "cycle": cycle,
        "reviewer": reviewer,
        "reviewee": reviewee,
        "call": {"url": "https://rec.example.com/x", "customer": "Acme", "date": cycle},
        "tags": ["renewal"],
        "scores": dict(zip(("agenda", "control", "next_steps"), scores, strict=True)),
        "status": status,
        "completed": cycle,
    }
    body = "# t\n\n## What went well\n\nGood listening.\n"
    if goal:
        body += f"\n## What to try next time\n\n{goal}\n"
    return dump_document(meta, body)


# (cycle, reviewer, reviewee, scores, status): bo is generous, chen is harsh.
REVIEWS = [
    (CYCLES[0], "bo", "ana", [1, 1, 1], "complete"),  # outside the window of 3 cycles
    (CYCLES[1], "bo", "ana", [5, 4, 5], "complete"),
    (CYCLES[1], "ana", "bo", [3, 3, 2], "complete"),
    (CYCLES[1], "chen", "dana", [2, 3, "n/a"], "complete"),
    (CYCLES[1], "dana", "chen", [4, 4, 4], "complete"),
    (CYCLES[2], "chen", "ana", [3, 2, 3], "complete"),
    (CYCLES[2], "dana", "bo", [4, 4, 4], "complete"),
    (CYCLES[2], "bo", "chen", [5, 5, 5], "complete"),
    (CYCLES[3], "dana", "ana", [4, 3, None], "complete"),
    (CYCLES[3], "ana", "dana", [3, 3, 3], "draft"),  # a draft: never evidence
    (CYCLES[3], "chen", "bo", [2, 2, 3], "complete"),
]


def make_growth_kb(root: Path) -> Path:
    members = [
        Member(h, h.title(), f"{h}@example.com", "emea", ROLES.get(h, "csm"), None, level=LEVELS[h])
        for h in ("ana", "bo", "chen", "dana")
    ]
    files: dict[str, str | bytes] = {
        "team.yaml": dump_roster(members),
        "competencies.yaml": MATRIX,
    }
    for cycle, reviewer, reviewee, scores, status in REVIEWS:
        goal = GOAL if (cycle, reviewer, reviewee) == (CYCLES[3], "dana", "ana") else ""
        files[f"reviews/{cycle}/{reviewer}-reviews-{reviewee}.md"] = review(
            cycle, reviewer, reviewee, scores, status, goal
        )
    for cycle in CYCLES:
        files[f"cycles/{cycle}.yaml"] = dump_yaml(
            {
                "cycle": cycle,
                "start": cycle,
                "end": cycle,
                "due": cycle,
                "groups": [{"members": ["ana", "bo"]}, {"members": ["chen", "dana"]}],
            }
        )
    build_file_tree(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "test: growth history")
    return root


SPECIFIC = (
    "At 12:30 she summarised the three open actions, named an owner for each and "
    "agreed the dates with the customer before closing the call."
)


def well_written(cycle, reviewer, reviewee, scores, evidence, completed=None):
    """A review with a section per criterion, each holding `evidence`."""
    body = "# t\n\n"
    for title, key in (
        ("Setting a clear agenda", "agenda"),
        ("Controlling the conversation", "control"),
        ("Defining the customer's next steps", "next_steps"),
    ):
        body += f"## {title}\n<!-- criterion: {key} -->\n\n{evidence}\n\n"
    meta = {
        "title": f"{reviewer} on {reviewee}",
        "cycle": cycle,
        "reviewer": reviewer,
        "reviewee": reviewee,
        "call": {"url": "https://rec.example.com/x", "customer": "Acme", "date": cycle},
        "tags": [],
        "scores": dict(zip(("agenda", "control", "next_steps"), scores, strict=True)),
        "status": "complete",
        "completed": completed or cycle,
    }
    return dump_document(meta, body)
