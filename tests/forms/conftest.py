"""A KB whose members have GitHub logins, a current cycle, a bare remote; issue events as the
host sends them (tests/forms/fixtures/issues-opened.json, with the body and people set)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from cskb.adapters.fsio import atomic_write
from cskb.kb.layout import open_kb
from cskb.kb.roster import dump_roster
from cskb.models import Cycle, Group, Member
from cskb.pairing.cycles import dump_cycle
from tests.conftest import MEMBERS
from tests.helpers import git

FIXTURES = Path(__file__).parent / "fixtures"
LOGINS = {"ana": "ana-lima", "bo": "BoOster", "chen": "chen-c", "dana": "dana-k"}
CYCLE = "2026-11-16"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def fkb(kb: Path, tmp_path: Path) -> Path:
    """The `kb` fixture with GitHub logins, cycle 2026-11-16 (ana+bo, chen+dana), pushed to
    a bare remote `origin`."""
    members = [Member(h, n, e, t, "csm", None, github=LOGINS[h]) for h, n, e, t in MEMBERS]
    atomic_write(kb / "team.yaml", dump_roster(members))
    start = dt.date.fromisoformat(CYCLE)
    end = start + dt.timedelta(days=13)
    cycle = Cycle(start, end, end, (Group(("ana", "bo")), Group(("chen", "dana"))))
    atomic_write(kb / "cycles" / f"{CYCLE}.yaml", dump_cycle(cycle))
    git(kb, "add", "team.yaml", "cycles")
    git(kb, "commit", "-q", "-m", "test: logins and a cycle")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(kb, "remote", "add", "origin", str(remote))
    git(kb, "push", "-q", "origin", "HEAD:main")
    return kb


def event(
    kind: str,
    body: str,
    sender: str = "ana-lima",
    author: str | None = None,
    action: str = "opened",
    previous: str | None = None,
    labels: tuple[str, ...] | None = None,
) -> dict:
    """An `issues` event payload as GitHub sends it for an issue opened from `kind`'s form."""
    data = json.loads((FIXTURES / "issues-opened.json").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["action"] = action
    data["issue"]["body"] = body
    data["issue"]["user"]["login"] = author or sender
    data["sender"]["login"] = sender
    names = labels if labels is not None else ("cskb", f"cskb-{kind}")
    data["issue"]["labels"] = [
        {**data["issue"]["labels"][0], "name": n, "id": 6000000100 + i} for i, n in enumerate(names)
    ]
    if action == "edited":
        data["issue"]["updated_at"] = "2026-11-22T10:15:40Z"
        data["changes"] = {"body": {"from": previous}} if previous is not None else {}
    return data


def write_event(tmp_path: Path, payload: dict, name: str = "event.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def forms_of(root: Path):
    from cskb.forms.spec import all_forms
    from cskb.reviews.scaffold import read_template

    kb = open_kb(root)
    template, _ = read_template(kb)
    return {f.kind: f for f in all_forms(kb.config, template.body)}
