"""Coffee records: `coffee/<cycle>/<a>--<b>.yaml`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cskb.adapters.store import load_yaml_file
from cskb.errors import NotFoundError, UsageError
from cskb.kb.layout import open_kb
from cskb.reviews.coffee import coffee_path, record_coffee
from tests.helpers import git, last_commit_files
from tests.reviews.test_calls import write_cycle

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def k(kb: Path):
    write_cycle(kb, groups=(("ana", "bo", "chen"),))
    return open_kb(kb)


def test_defaults_to_my_group_and_commits(k):
    r = record_coffee(k, TODAY, None, "bo", [], "talked through the opener")
    assert r.coffee.members == ("ana", "bo", "chen") and not r.warnings
    assert r.path == coffee_path(k, "2026-11-09", ["chen", "bo", "ana"])
    assert load_yaml_file(r.path) == {
        "cycle": dt.date(2026, 11, 9),
        "members": ["ana", "bo", "chen"],
        "date": TODAY,
        "note": "talked through the opener",
        "recorded_by": "bo",
    }
    assert last_commit_files(k.root) == ["coffee/2026-11-09/ana--bo--chen.yaml"]
    assert "cskb: coffee ana + bo + chen (2026-11-09)" in git(k.root, "log", "-1", "--format=%s")


def test_with_someone_outside_the_group_warns(k):
    r = record_coffee(k, TODAY, None, "ana", ["dana"], "", dt.date(2026, 11, 20))
    assert r.coffee.members == ("ana", "dana") and r.coffee.date == dt.date(2026, 11, 20)
    assert any("were not grouped together" in w for w in r.warnings)


def test_again_replaces_with_a_warning(k):
    record_coffee(k, TODAY, None, "ana", [], "first")
    r = record_coffee(k, TODAY, None, "ana", [], "second")
    assert any("replaced the earlier coffee record" in w for w in r.warnings)
    assert load_yaml_file(r.path)["note"] == "second"


@pytest.mark.parametrize(
    ("me", "with_", "note", "error", "match"),
    [
        ("ana", ["nobody"], "", NotFoundError, "--with 'nobody' is not in team.yaml"),
        ("ana", ["ana"], "", UsageError, "names only you"),
        ("ana", [], "two\nlines", UsageError, "--note must be a single line"),
        ("dana", [], "", UsageError, "dana is not in any group .* pass --with"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(k, me, with_, note, error, match):
    with pytest.raises(error, match=match):
        record_coffee(k, TODAY, None, me, with_, note)
    assert not (k.coffee_dir / "2026-11-09").exists()


def test_no_commit(k):
    head = git(k.root, "rev-parse", "HEAD")
    r = record_coffee(k, TODAY, None, "ana", [], "", commit=False)
    assert r.commit is None and r.path.exists() and git(k.root, "rev-parse", "HEAD") == head


def test_status_counts_a_coffee_that_names_a_groups_first_two(kb: Path):
    """A coffee file counts for a group when it names the group's first two members
    together (a trio's coffee with a guest, or the pair's own file), not one of them alone."""
    from cskb.checks.participation import group_states
    from cskb.pairing.cycles import get_cycle

    write_cycle(kb, groups=(("ana", "bo", "chen"), ("dana", "eli"), ("finn", "gus")))
    folder = kb / "coffee" / "2026-11-09"
    folder.mkdir(parents=True)
    for name in ("bo--ana--zed", "dana--finn"):
        (folder / f"{name}.yaml").write_text("cycle: 2026-11-09\n", encoding="utf-8")
    k = open_kb(kb)
    states = group_states(k, get_cycle(k.cycles_dir, "2026-11-09", TODAY))
    assert [g.coffee for g in states] == [True, False, False]
