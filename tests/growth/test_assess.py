"""`cskb assess`: self and lead assessments, who sees them, and where they disagree."""

from __future__ import annotations

import json

import pytest

from tests.growth.growthkb import make_growth_kb
from tests.helpers import build_file_tree, commit_count, git, last_commit_files

SELF = "assessments/2026-Q4/ana/ana.yaml"
LEAD = "assessments/2026-Q4/ana/chen.yaml"


@pytest.fixture
def gkb(kb):
    return make_growth_kb(kb)


def show(cli, viewer, member="ana", *extra):
    r = cli("--as", viewer, "assess", "show", member, "--json", *extra)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def rows(view):
    return {r["key"]: r for r in view["rows"]}


def test_self_and_lead_side_by_side_with_disagreement(gkb, cli):
    r = cli("--as", "ana", "assess", "new", "--rate", "structure=senior", "--rate", "finish=mid")
    assert r.exit_code == 0, r.stderr
    assert last_commit_files(gkb) == [SELF]
    r = cli(
        "--as",
        "chen",
        "assess",
        "new",
        "--member",
        "ana",
        "--rate",
        "structure=junior",
        "--rate",
        "finish=mid",
        "--note",
        "structure=No agenda twice",
    )
    assert r.exit_code == 0, r.stderr
    # drafts: each author sees only their own
    assert rows(show(cli, "ana"))["structure"]["leads"] == {}
    assert rows(show(cli, "ana"))["structure"]["self_level"] == "senior"
    assert rows(show(cli, "chen"))["structure"]["self_level"] is None
    assert rows(show(cli, "chen"))["structure"]["leads"] == {"chen": "junior"}
    assert cli("--as", "ana", "assess", "done").exit_code == 0
    assert cli("--as", "chen", "assess", "done", "--member", "ana").exit_code == 0
    for viewer in ("ana", "chen"):
        view = show(cli, viewer)
        assert view["period"] == "2026-Q4" and set(view["shown"]) == {SELF, LEAD}
        s = rows(view)["structure"]
        assert s["self_level"] == "senior" and s["leads"] == {"chen": "junior"}
        assert s["disagree"] is True and "2 levels apart" in s["why"]
        assert rows(view)["finish"]["self_level"] == "mid"
    text = cli("--as", "ana", "assess", "show").stdout
    assert "2 levels apart" in text and "lead chen" in text
    # finishing changed only the status line
    assert "status: final" in (gkb / SELF).read_text()
    assert "No agenda twice" in (gkb / LEAD).read_text()


def test_one_level_apart_is_no_disagreement(gkb, cli):
    cli("--as", "ana", "assess", "new", "--rate", "structure=senior", "--final")
    cli("--as", "chen", "assess", "new", "--member", "ana", "--rate", "structure=mid", "--final")
    s = rows(show(cli, "ana"))["structure"]
    assert s["self_level"] == "senior" and s["leads"] == {"chen": "mid"}
    if s["evidence"] in (None, "mid", "senior"):
        assert s["disagree"] is False


def test_only_the_member_and_leads_see_assessments(gkb, cli):
    cli("--as", "ana", "assess", "new", "--rate", "structure=senior", "--final")
    r = cli("--as", "bo", "assess", "show", "ana")
    assert r.exit_code == 2 and "only to ana and the leads" in r.stderr
    assert "senior" not in r.stdout
    r = cli("--as", "bo", "assess", "new", "--member", "ana")
    assert r.exit_code == 2 and "a lead" in r.stderr
    assert not (gkb / "assessments/2026-Q4/ana/bo.yaml").exists()


def test_new_never_overwrites_and_bad_ratings_are_refused(gkb, cli):
    cli("--as", "ana", "assess", "new", "--rate", "structure=senior")
    before = (gkb / SELF).read_text()
    n = commit_count(gkb)
    r = cli("--as", "ana", "assess", "new", "--rate", "structure=junior")
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert (gkb / SELF).read_text() == before and commit_count(gkb) == n
    for bad, says in (
        ("structur=mid", "did you mean 'structure'"),
        ("structure=top", "not a level"),
    ):
        r = cli("--as", "bo", "assess", "new", "--rate", bad)
        assert r.exit_code == 2 and says in r.stderr
    assert cli("--as", "ana", "assess", "done").exit_code == 0
    r = cli("--as", "ana", "assess", "done")
    assert r.exit_code == 2 and "already final" in r.stderr
    r = cli("--as", "bo", "assess", "done")
    assert r.exit_code == 2 and "no assessment of bo" in r.stderr


def test_month_periods(gkb, cli):
    toml = (gkb / "cskb.toml").read_text().replace('period = "quarter"', 'period = "month"')
    build_file_tree(gkb, {"cskb.toml": toml})
    assert cli("--as", "ana", "assess", "new").exit_code == 0
    assert (gkb / "assessments/2026-11/ana/ana.yaml").is_file()
    toml = toml.replace('period = "month"', 'period = "weekly"')
    build_file_tree(gkb, {"cskb.toml": toml})
    r = cli("--as", "ana", "assess", "show")
    assert r.exit_code == 2 and "[assess] period" in r.stderr


@pytest.mark.parametrize(
    "text, field",
    [
        ("member: bo\nassessor: chen\nperiod: 2026-Q4\n", "member"),
        (
            "member: ana\nassessor: chen\nperiod: 2026-Q4\nratings: {structur: mid}\n",
            "ratings.structur",
        ),
        (
            "member: ana\nassessor: chen\nperiod: 2026-Q4\nratings: {structure: top}\n",
            "ratings.structure",
        ),
        ("member: ana\nassessor: chen\nperiod: 2026-Q4\nstatus: done\n", "status"),
        ("member: ana\nassessor: chen\nperiod: 2026-Q4\nratings: [1]\n", "ratings"),
        ("member: ana\nassessor: chen\nperiod: 2026-Q4\nsecret: 1\n", "unknown field"),
        ("- a\n", "must be a mapping"),
        ("a: &x 1\nb: *x\n", "alias"),
    ],
)
def test_hostile_assessment_files_are_findings(gkb, cli, text, field):
    build_file_tree(gkb, {LEAD: text})
    r = cli("check", "--json", LEAD)
    items = json.loads(r.stdout)
    assert r.exit_code == 1 and len(items) == 1, items
    assert items[0]["path"] == LEAD and items[0]["rule"] == "assessment-invalid"
    assert field in items[0]["message"]
    # a broken file is left out of `assess show`, never a crash
    assert cli("--as", "ana", "assess", "show").exit_code == 0


def test_an_assessment_by_someone_who_is_not_a_lead_is_flagged(gkb, cli):
    build_file_tree(
        gkb,
        {
            "assessments/2026-Q4/ana/bo.yaml": "member: ana\nassessor: bo\nperiod: 2026-Q4\nkind: lead\n"
        },
    )
    items = json.loads(cli("check", "--json", "assessments/2026-Q4/ana/bo.yaml").stdout)
    assert [i["rule"] for i in items] == ["assessment-author"]


def test_assessments_on_two_clones_never_conflict(gkb, cli, tmp_path, monkeypatch):
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(gkb), str(bare))
    git(gkb, "remote", "add", "origin", str(bare))
    git(gkb, "fetch", "-q", "origin")
    git(gkb, "branch", "-q", "--set-upstream-to=origin/main")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(bare), str(other))
    assert cli("--as", "ana", "assess", "new", "--rate", "structure=mid", "--final").exit_code == 0
    monkeypatch.chdir(other)
    r = cli(
        "--as", "chen", "assess", "new", "--member", "ana", "--rate", "structure=mid", "--final"
    )
    assert r.exit_code == 0, r.stderr
    assert cli("sync").exit_code == 0
    monkeypatch.chdir(gkb)
    r = cli("sync")
    assert r.exit_code == 0, r.stderr
    assert set(show(cli, "ana")["shown"]) == {SELF, LEAD}
