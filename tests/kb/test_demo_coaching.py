"""The demo shows the coaching loop: acks, disputes (accepted, rejected, open), goals
followed across cycles and timestamped evidence, and still passes `cskb check`."""

from __future__ import annotations

import collections
import json
from pathlib import Path

from tests.helpers import git


def test_demo_has_the_loop(tmp_path: Path, cli, monkeypatch):
    r = cli("demo", str(tmp_path / "d"), "--members", "12", "--json")
    assert r.exit_code == 0, r.stderr
    root = Path(json.loads(r.stdout)["path"])
    monkeypatch.chdir(root)
    assert git(root, "status", "--porcelain") == ""
    states = collections.Counter(
        x["response"] for x in json.loads(cli("review", "list", "--json").stdout)
    )
    assert states["acked"] and states["resolved"] and states["awaiting"], states
    outcomes = collections.Counter()
    for f in (root / "reviews").rglob("*.responses/*.yaml"):
        text = f.read_text(encoding="utf-8")
        for word in ("accept", "reject"):
            outcomes[word] += f"outcome: {word}" in text
    assert outcomes["accept"] and outcomes["reject"], outcomes
    goals = json.loads(cli("goals", "--json").stdout)
    followed = [g for g in goals if g["follow_ups"]]
    assert len(followed) >= 10
    assert {f["result"] for g in followed for f in g["follow_ups"]} >= {"yes", "partly", "no"}
    bodies = [p.read_text(encoding="utf-8") for p in (root / "reviews").rglob("*.md")]
    assert sum("## What went well\n\n[" in b for b in bodies) >= 5  # timestamped moments
    r = cli("check")
    assert r.exit_code == 0, r.stdout
