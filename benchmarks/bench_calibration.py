"""Calibration over a demo KB: `calibrate report` and what calibrations add to `cskb check`.

Copies the demo KB of 1,000 reviews (or --reviews N), times `check --format json` without
calibrations, then adds --sessions closed sessions of four reviews each and times `check`
again and `calibrate report --json` (every session, trends, leniency over 6 cycles), whole
process, side by side.

Run: .venv/bin/python benchmarks/bench_calibration.py [--reviews 1000] [--sessions 50] [--runs 5]
Target: `calibrate report` under 1 s at 50 sessions on 1,000 reviews.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _kbs import CSKB, DATA, cskb, demo_kb, med, timed  # noqa: E402

EVIDENCE = (
    "Opened with a shared agenda on screen, asked the customer to add one item, and kept "
    "to time throughout the call."
)


def review(sid: str, day: str, who: str, scores: dict[str, int]) -> str:
    body = "\n".join(
        f"## {title}\n<!-- criterion: {key} -->\n{EVIDENCE}\n"
        for key, title in (
            ("agenda", "Setting a clear agenda"),
            ("control", "Controlling the conversation"),
            ("next_steps", "Defining the customer's next steps"),
        )
    )
    score_lines = "".join(f"  {k}: {v}\n" for k, v in scores.items())
    return (
        f"---\ntitle: 'Calibration: Acme'\ncycle: {day}\nreviewer: {who}\n"
        "call:\n  url: https://rec.example.com/c/1\n  customer: Acme\n  date: ''\n"
        f"tags: []\nproducts: []\nscores:\n{score_lines}status: complete\n"
        f"calibration: {sid}\n---\n# Calibration\n\n{body}"
    )


def add_sessions(kb: Path, n: int) -> None:
    import yaml  # only to read the demo roster

    members = [m["handle"] for m in yaml.safe_load((kb / "team.yaml").read_text())["members"]]
    rng = random.Random(7)
    for i in range(n):
        day = f"2026-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"
        sid = f"{day}-acme-{i}"
        lead, *reviewers = rng.sample(members, 4)
        folder = kb / "calibrations" / sid
        folder.mkdir(parents=True, exist_ok=True)
        marks = {
            h: {k: rng.randint(1, 5) for k in ("agenda", "control", "next_steps")}
            for h in [lead, *reviewers]
        }
        for h, s in marks.items():
            (folder / f"{h}.md").write_text(review(sid, day, h, s), encoding="utf-8")
        bench = "".join(f"    {k}: {v}\n" for k, v in marks[lead].items())
        (folder / "session.yaml").write_text(
            f"status: closed\nopened: {day}\nlead: {lead}\ncall:\n  url: https://rec.example.com/c/1\n"
            f"  customer: Acme\n  reviewee: ''\nreviewers:\n"
            + "".join(f"- {h}\n" for h in reviewers)
            + f"benchmark:\n  from: {lead}\n  closed: {day}\n  scores:\n{bench}",
            encoding="utf-8",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, default=1_000)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    source = demo_kb(args.reviews)
    kb = DATA / f"calibration-{args.reviews}-{args.sessions}"
    shutil.rmtree(kb, ignore_errors=True)
    shutil.copytree(source, kb, symlinks=True)
    cskb("check", cwd=kb, check=False)  # warm the page cache and the bytecode
    before = timed([CSKB, "check", "--format", "json"], kb, args.runs)
    add_sessions(kb, args.sessions)
    out = cskb("check", "--format", "json", cwd=kb, check=False).stdout
    calibration_findings = out.count('"calibrations/')
    after = timed([CSKB, "check", "--format", "json"], kb, args.runs)
    report = timed([CSKB, "calibrate", "report", "--json"], kb, args.runs)
    print(f"{args.reviews} reviews, {args.sessions} sessions x 4 reviews, runs={args.runs}")
    print(f"{'command':<40} {'median s':>9} {'min s':>7} {'max s':>7} {'ratio':>6}")
    for name, times in (
        ("check (no calibrations)", before),
        ("check (with calibrations)", after),
        ("calibrate report --json", report),
    ):
        ratio = med(times) / med(before)
        print(f"{name:<40} {med(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f} {ratio:>6.2f}")
    print(f"findings under calibrations/: {calibration_findings}")


if __name__ == "__main__":
    main()
