"""A small KB with hostile content and known figures, shared by the site and stats tests.

Figures worked out by hand for this KB are in EXPECTED; the tests compare cskb's against them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from cskb.adapters.store import dump_document, dump_yaml
from cskb.kb.roster import dump_roster
from cskb.models import Member
from tests.helpers import build_file_tree, git

C1, C2 = "2026-10-12", "2026-10-26"
NAMES = {
    "ana": "Ana <script>alert('name')</script>",
    "bo": "Bø Østergaard",
    "chen": "陈晨",
    "dana": "Дана Коваль",
    "eve": "สมชาย ใจดี",
    "fumi": "山田 文",
    "gad": "גד כהן",
    "hala": "هالة <b>بولد</b>",
}
# Specific feedback (a time, a figure, a name): what the feedback-quality rule lets an exemplary
# call stand on; the default body, "Good listening.", is too vague to be one.
SPECIFIC_BODY = (
    "# t\n\n## Setting a clear agenda\n<!-- criterion: agenda -->\n"
    "> Did the call open with a clear agenda?\n\n"
    "At 04:10 the three-point agenda went on screen and the CFO confirmed the renewal date, "
    "12 March, before any pricing came up.\n\n## What went well\n\nGood listening.\n"
)
HOSTILE_BODY = """# ignored title

## Setting a clear agenda
<!-- criterion: agenda -->
> Did the call open with a clear agenda?

She opened well. <script>alert('body')</script> and <iframe src="https://evil.example"></iframe>
[click me](javascript:alert('link')) [data](data:text/html;base64,PHNjcmlwdD4=)
<a href="javascript:alert('a')">raw anchor</a> [fine](https://example.com/ok)

## What went well

The <b>opening</b> & the recap were strong; the team agreed on the data strategy.
"""


def _cycle(start: str, due: str, groups: list[list[str]]) -> str:
    return dump_yaml(
        {
            "cycle": start,
            "start": start,
            "end": due,
            "due": due,
            "algorithm": "test",
            "seed": 1,
            "groups": [{"members": g} for g in groups],
        }
    )


def _call(cycle: str, member: str, when: str) -> str:
    return dump_yaml(
        {
            "cycle": cycle,
            "member": member,
            "url": f"https://rec.example.com/{cycle}/{member}",
            "customer": "Acme",
            "date": cycle,
            "tags": ["renewal"],
            "products": ["analytics"],
            "note": "",
            "submitted": when,
        }
    )


def _review(cycle, reviewer, reviewee, scores, status="complete", completed=None, **extra) -> str:
    meta = {
        "title": extra.pop("title", f"{reviewer} on {reviewee}"),
        "cycle": cycle,
        "reviewer": reviewer,
        "reviewee": reviewee,
        "call": {
            "url": extra.pop("url", "https://rec.example.com/x"),
            "customer": extra.pop("customer", "Acme"),
            "date": cycle,
        },
        "tags": extra.pop("tags", ["renewal"]),
        "products": extra.pop("products", ["analytics"]),
        "scores": dict(zip(("agenda", "control", "next_steps"), scores, strict=True)),
        "status": status,
    }
    if completed:
        meta["completed"] = completed
    return dump_document(meta, extra.pop("body", "# t\n\n## What went well\n\nGood listening.\n"))


def make_site_kb(root: Path) -> Path:
    """Fill the `kb` fixture's KB with the hostile content; returns its root."""
    members = [Member(h, n, f"{h}@example.com", "emea", "csm", None) for h, n in NAMES.items()]
    files = {
        "team.yaml": dump_roster(members),
        f"cycles/{C1}.yaml": _cycle(C1, "2026-10-25", [["ana", "bo"], ["chen", "dana"]]),
        f"cycles/{C2}.yaml": _cycle(C2, "2026-11-08", [["ana", "chen"], ["bo", "dana"]]),
        f"coffee/{C1}/ana--bo.yaml": dump_yaml({"cycle": C1, "members": ["ana", "bo"]}),
        f"reviews/{C1}/ana-reviews-bo.md": _review(
            C1,
            "ana",
            "bo",
            [4, 3, "n/a"],
            completed="2026-10-20",
            title="<script>alert(1)</script> & <b>bold</b>",
            customer="<img src=x onerror=alert(2)> Acme & Co",
            url="javascript:alert(3)",
            tags=["data strategy", "<i>tag</i>"],
            body=HOSTILE_BODY,
        ),
        f"reviews/{C1}/bo-reviews-ana.md": _review(
            C1,
            "bo",
            "ana",
            [5, 5, 5],
            completed="2026-10-30",
            title="データ戦略の通話",
            customer="データ戦略株式会社",
            tags=["データ戦略"],
            body=SPECIFIC_BODY,
        ),
        f"reviews/{C1}/chen-reviews-dana.md": _review(C1, "chen", "dana", [2, None, None], "draft"),
        f"reviews/{C2}/chen-reviews-ana.md": _review(
            C2, "chen", "ana", [1, 2, 3], completed="2026-11-10"
        ),
        f"reviews/{C2}/bo-reviews-dana.md": _review(
            C2, "bo", "dana", [5, 4, 4], completed="2026-11-05", body=SPECIFIC_BODY
        ),
        f"reviews/{C2}/weird name#1.md": _review(
            C2, "<svg onload=alert(5)>", "nobody", [None, None, None], tags=[], customer=""
        ),
        f"reviews/{C2}/broken.md": "---\ntitle: [unclosed\n---\nbody\n",
    }
    for who, when in (
        ("ana", "2026-10-13T10:00:00+00:00"),
        ("bo", "2026-10-13T10:00:00+00:00"),
        ("chen", "2026-10-13T10:00:00+00:00"),
        ("dana", "2026-10-13T10:00:00+00:00"),
    ):
        files[f"calls/{C1}/{who}.yaml"] = _call(C1, who, when)
    for who in ("ana", "bo", "chen"):
        files[f"calls/{C2}/{who}.yaml"] = _call(C2, who, "2026-10-27T10:00:00+00:00")
    build_file_tree(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "test: site data")
    # This one has no `completed:`: its completion time is its commit's time.
    build_file_tree(
        root,
        {
            f"reviews/{C2}/ana-reviews-chen.md": _review(
                C2,
                "ana",
                "chen",
                [3, 4, 5],
                title="การประชุมเรื่องกลยุทธ์ข้อมูล",
                customer="Дана & Co",
            )
        },
    )
    env = {
        **os.environ,
        "GIT_COMMITTER_DATE": "2026-11-01T10:00:00+00:00",
        "GIT_AUTHOR_DATE": "2026-11-01T10:00:00+00:00",
    }
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    subprocess.run(
        ["git", "commit", "-q", "-m", "test: late review"], cwd=root, check=True, env=env
    )
    return root


H = 2 / 24  # the two hours between a 10:00 submission and a noon `completed:` date
EXPECTED = {
    "participation": [
        # cycle, paired, groups, calls, written, complete, on_time, coffees
        (C1, 4, 2, 4, 3, 2, 1, 1),
        (C2, 4, 2, 3, 3, 3, 2, 0),
    ],
    "completion_rate": 5 / 8,
    "on_time_rate": 3 / 8,
    "streaks": {"dana": (2, 2)},  # shown: missing now, or more than one in a row ever
    "trends": {
        "agenda": [(C1, 4.5, 2), (C2, 3.0, 3)],
        "control": [(C1, 4.0, 2), (C2, round(10 / 3, 2), 3)],
        "next_steps": [(C1, 5.0, 1), (C2, 4.0, 3)],
    },
    "scores": sorted([62.5, 100.0, 75.0, 25.0, 83.3]),
    "latency_days": sorted([7 + H, 17 + H, 5.0, 14 + H]),
    "pairs_met": 4,
    "pairs_possible": 28,
}
