"""A KB with complete reviews, written through the CLI (shared by coaching and CLI tests)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.helpers import git

CYCLE = "2026-11-09"
EVIDENCE = (
    "Opened by sharing a three-point agenda at 0:40 and asked the customer to add the "
    "renewal date, which they did."
)


def pair_and_submit(cli, env: dict[str, str] | None = None) -> dict[str, str]:
    """Pair the current cycle, submit everyone's call; returns reviewer -> reviewee."""
    assert cli("pair", env=env).exit_code == 0
    for h in ("ana", "bo", "chen", "dana"):
        r = cli(
            "--as",
            h,
            "call",
            "submit",
            "--url",
            f"https://rec.example.com/{h}",
            "--customer",
            f"Kunde {h}",
            env=env,
        )
        assert r.exit_code == 0, r.stderr
    return {
        h: json.loads(cli("--as", h, "partner", "--json", env=env).stdout)["reviews"]
        for h in ("ana", "bo", "chen", "dana")
    }


def fill(path: Path, score: int = 3, text: str = EVIDENCE) -> None:
    """Score every criterion and replace every placeholder line, as a reviewer would."""
    body = path.read_text(encoding="utf-8")
    body = re.sub(r"^(  \w+): null$", rf"\1: {score}", body, flags=re.M)
    body = re.sub(r"^_Replace this line.*$", text, body, flags=re.M)
    path.write_text(body, encoding="utf-8")


def complete_review(
    kb: Path,
    cli,
    reviewer: str,
    reviewee: str,
    score: int = 3,
    cycle: str = CYCLE,
    env: dict[str, str] | None = None,
    edit=None,
) -> str:
    """Write, fill and finish `reviewer`'s review of `reviewee`; returns its id. `edit`
    changes the file's text before `review done`."""
    r = cli("--as", reviewer, "review", "new", "--no-edit", "--reviewee", reviewee, env=env)
    assert r.exit_code == 0, r.stderr
    ident = f"{reviewer}-reviews-{reviewee}"
    path = kb / "reviews" / cycle / f"{ident}.md"
    fill(path, score)
    if edit is not None:
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    ident = ident if cycle == CYCLE else f"{cycle}/{ident}"
    r = cli("--as", reviewer, "review", "done", ident, env=env)
    assert r.exit_code == 0, r.stderr
    assert git(kb, "status", "--porcelain", "--", "reviews") == ""
    return ident
