"""`pair --dry-run` on a paired cycle says so as `pair` does; `pair --redo` on a cycle with
reviews in progress or done is refused unless `--force` is added."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import git


def test_dry_run_on_a_paired_cycle_says_so(kb: Path, cli):
    assert cli("pair", "--date", "2026-11-22").exit_code == 0
    real = cli("pair", "--date", "2026-11-22")
    dry = cli("pair", "--date", "2026-11-22", "--dry-run")
    assert real.exit_code == dry.exit_code == 2
    assert "already paired" in dry.stderr and dry.stderr == real.stderr
    assert (
        cli("pair", "--date", "2026-11-22", "--dry-run", "--redo").exit_code == 0
    )  # a preview of the replacement


def test_redo_with_reviews_needs_force(kb: Path, cli):
    assert cli("pair").exit_code == 0
    cycle = json.loads(cli("cycle", "show", "--json").stdout)["cycle"]
    r = cli("--as", "ana", "review", "new", "--call", "https://rec.example.com/1",
            "--customer", "Acme", "--no-edit")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    head = git(kb, "rev-parse", "HEAD")
    before = (kb / "cycles" / f"{cycle}.yaml").read_bytes()
    for args in (("--redo",), ("--redo", "--dry-run")):
        r = cli("pair", "--date", cycle, *args)
        assert r.exit_code == 2, r.stdout
        assert "1 review(s) in progress or done" in r.stderr and "--force" in r.stderr
    assert git(kb, "rev-parse", "HEAD") == head
    assert (kb / "cycles" / f"{cycle}.yaml").read_bytes() == before
    r = cli("pair", "--date", cycle, "--redo", "--force", "--seed", "7")
    assert r.exit_code == 0, r.stderr
