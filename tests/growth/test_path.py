"""`cskb path` and `cskb path done`: the learning path, its exemplary calls and progress."""

from __future__ import annotations

import json

import pytest

from tests.growth.growthkb import CYCLES, SPECIFIC, make_growth_kb, well_written
from tests.helpers import build_file_tree, git, last_commit_files

PATH = """\
title: First weeks
steps:
  - id: read-agenda
    competency: structure
    level: junior
    card: agenda
  - id: listen-finish
    competency: finish
    level: mid
    exemplary: true
  - id: senior-only
    competency: finish
    level: senior
    card: control
  - id: listen-featured
    competency: structure
    level: junior
    review: reviews/2026-10-12/bo-reviews-ana.md
    note: How Ana opens.
"""


@pytest.fixture
def pkb(kb):
    root = make_growth_kb(kb)
    c = CYCLES[3]
    build_file_tree(
        root,
        {
            "paths/first.yaml": PATH,
            # the best scores, but vague: never the exemplary call
            f"reviews/{c}/ana-reviews-chen.md": well_written(
                c, "ana", "chen", [5, 5, 5], "Great job."
            ),
            # specific feedback, good scores: the exemplary call on "finish"
            f"reviews/{c}/bo-reviews-dana.md": well_written(c, "bo", "dana", [4, 4, 4], SPECIFIC),
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "test: a path and two written-out reviews")
    return root


def view(cli, *args):
    r = cli("path", *args, "--json")
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_steps_up_to_the_next_level_in_level_order(pkb, cli):
    bo = view(cli, "--member", "bo")  # junior, working towards mid
    assert [s["id"] for s in bo["steps"]] == ["read-agenda", "listen-featured", "listen-finish"]
    ana = view(cli, "--member", "ana")  # mid, towards senior: every step
    assert [s["id"] for s in ana["steps"]][-1] == "senior-only"
    steps = {s["id"]: s for s in bo["steps"]}
    assert steps["read-agenda"]["kind"] == "card" and steps["read-agenda"]["title"]
    assert steps["listen-featured"]["call"]["path"] == "reviews/2026-10-12/bo-reviews-ana.md"
    assert steps["listen-featured"]["note"] == "How Ana opens."
    # the exemplary call: well written, not merely the highest score
    assert steps["listen-finish"]["call"]["path"] == f"reviews/{CYCLES[3]}/bo-reviews-dana.md"
    assert bo["next"] == "read-agenda" and bo["done"] == 0 and bo["total"] == 3
    text = cli("path", "--member", "bo").stdout
    assert "read card agenda" in text and "listen (best call)" in text


def test_a_members_own_calls_are_not_their_exemplary_call(pkb, cli):
    dana = view(cli, "--member", "dana")  # no level: the lowest is the target
    assert [s["id"] for s in dana["steps"]] == ["read-agenda", "listen-featured"]
    ana = view(cli, "--member", "ana")
    finish = next(s for s in ana["steps"] if s["id"] == "listen-finish")
    assert finish["call"]["path"] == f"reviews/{CYCLES[3]}/bo-reviews-dana.md"


def test_done_records_progress_in_the_members_own_file(pkb, cli):
    r = cli("--as", "bo", "path", "done", "read-agenda")
    assert r.exit_code == 0, r.stderr
    assert last_commit_files(pkb) == ["progress/bo/read-agenda.yaml"]
    bo = view(cli, "--member", "bo")
    assert bo["done"] == 1 and bo["next"] == "listen-featured"
    assert bo["steps"][0]["done_on"] == "2026-11-22"
    r = cli("--as", "bo", "path", "done", "read-agenda")
    assert r.exit_code == 0 and "already done" in r.stderr
    r = cli("--as", "bo", "path", "done", "read-agnda")
    assert r.exit_code == 2 and "did you mean 'read-agenda'" in r.stderr


def test_progress_on_two_clones_through_a_bare_remote(pkb, cli, tmp_path, monkeypatch):
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(pkb), str(bare))
    git(pkb, "remote", "add", "origin", str(bare))
    git(pkb, "fetch", "-q", "origin")
    git(pkb, "branch", "-q", "--set-upstream-to=origin/main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(bare), str(other))
    assert cli("--as", "bo", "path", "done", "read-agenda").exit_code == 0
    assert cli("--as", "ana", "path", "done", "listen-featured").exit_code == 0
    monkeypatch.chdir(other)
    assert cli("--as", "dana", "path", "done", "read-agenda").exit_code == 0
    assert cli("--as", "ana", "path", "done", "read-agenda").exit_code == 0  # ana on both
    assert cli("sync").exit_code == 0
    monkeypatch.chdir(pkb)
    r = cli("sync")
    assert r.exit_code == 0, r.stderr
    assert not git(pkb, "status", "--porcelain").strip()
    assert view(cli, "--member", "bo")["done"] == 1
    assert view(cli, "--member", "dana")["done"] == 1
    assert view(cli, "--member", "ana")["done"] == 2
    monkeypatch.chdir(other)
    assert cli("sync").exit_code == 0
    assert view(cli, "--member", "bo")["done"] == 1


@pytest.mark.parametrize(
    "text, field",
    [
        (
            PATH.replace("competency: structure", "competency: structur", 1),
            "steps[1] (read-agenda).competency",
        ),
        (PATH.replace("level: junior", "level: juniorr", 1), "steps[1] (read-agenda).level"),
        (PATH.replace("card: agenda", "card: agenda\n    exemplary: true", 1), "exactly one of"),
        (PATH.replace("id: senior-only", "id: read-agenda"), "is used twice"),
        (
            PATH.replace("review: reviews/2026-10-12/bo-reviews-ana.md", "review: /etc/passwd"),
            "must be a review file",
        ),
        ("steps: {}\n", "steps"),
        ("title: x\nsteps:\n  - " + "[" * 100 + "]" * 100 + "\n", "nest"),
    ],
)
def test_hostile_path_files(pkb, cli, text, field):
    build_file_tree(pkb, {"paths/first.yaml": text})
    r = cli("check", "--json", "paths/first.yaml")
    items = json.loads(r.stdout)
    assert r.exit_code == 1 and items and items[0]["rule"] == "path-invalid", items
    assert field in items[0]["message"]
    r = cli("path")
    assert r.exit_code == 2 and "paths/first.yaml" in r.stderr and "Traceback" not in r.stderr


def test_path_and_progress_references(pkb, cli):
    build_file_tree(
        pkb,
        {
            "paths/first.yaml": PATH.replace("card: control", "card: no-card"),
            "progress/bo/gone.yaml": "member: bo\nstep: gone\non: 2026-11-01\n",
            "progress/zed/read-agenda.yaml": "member: zed\nstep: read-agenda\n",
            "progress/ana/read-agenda.yaml": "member: bo\nstep: read-agenda\n",
        },
    )
    items = json.loads(cli("check", "--json").stdout)
    rules = {(i["path"], i["rule"]) for i in items}
    assert ("paths/first.yaml", "path-reference") in rules
    assert ("progress/bo/gone.yaml", "progress-step") in rules
    assert ("progress/zed", "progress-invalid") in rules
    assert ("progress/ana/read-agenda.yaml", "progress-invalid") in rules
    r = cli("--as", "ana", "path")
    assert r.exit_code == 2 and "progress/ana/read-agenda.yaml" in r.stderr
    r = cli("--as", "ana", "path", "done", "read-agenda")
    assert r.exit_code == 0 and "already done" in r.stderr
    assert (pkb / "progress/ana/read-agenda.yaml").read_text() == "member: bo\nstep: read-agenda\n"
