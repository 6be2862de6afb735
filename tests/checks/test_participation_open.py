"""Participation counts closed cycles only: the cycle still open is nobody's miss yet."""

from __future__ import annotations

import json
from pathlib import Path


def test_the_open_cycle_is_not_counted(kb: Path, cli):
    assert cli("pair", "--date", "2026-10-26").exit_code == 0  # closed by the pinned date
    assert cli("pair", "--date", "2026-11-22").exit_code == 0  # still open
    status = json.loads(cli("status", "--json").stdout)
    assert status["cycle"] == "2026-11-09"
    members = {m["member"]: m for m in status["members"]}
    # nobody did anything: one closed cycle missed each, the open one not counted
    assert all(m["cycles"] == 1 and m["done"] == 0 for m in members.values()), members
    assert all(m["missed_in_a_row"] == 1 for m in members.values())
