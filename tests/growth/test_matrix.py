"""`competencies.yaml` and the levels in team.yaml, through `cskb check` and `cskb member`."""

from __future__ import annotations

import json

import pytest

from tests.growth.growthkb import MATRIX, make_growth_kb
from tests.helpers import build_file_tree


@pytest.fixture
def gkb(kb):
    return make_growth_kb(kb)


def findings(cli, *paths):
    r = cli("check", "--json", *paths)
    return r.exit_code, json.loads(r.stdout)


def growth_only(items):
    return [f for f in items if f["path"] in ("competencies.yaml", "team.yaml")]


def test_init_scaffolds_a_valid_matrix(kb, cli):
    assert (kb / "competencies.yaml").is_file()
    code, items = findings(cli, "competencies.yaml")
    assert code == 0 and items == []


def test_the_hand_made_matrix_is_valid(gkb, cli):
    code, items = findings(cli)
    assert growth_only(items) == []


@pytest.mark.parametrize(
    "old, new, field",
    [
        ("criteria: [agenda]", "criteria: [agendaa]", "competencies[1] (structure).criteria"),
        ("cards: [agenda]", "cards: [no-such-card]", "competencies[1] (structure).cards"),
        ("expects: 60", "expects: 30", "levels[2] (mid).expects"),
        ("expects: 60", "expects: '60'", "levels[2] (mid).expects"),
        ("expects: 60", "expects: .nan", "levels[2] (mid).expects"),
        ("title: Structure", "title: [1, 2]", "competencies[1] (structure).title"),
        (
            "      junior: Opens",
            "      juniior: Opens",
            "competencies[1] (structure).levels.juniior",
        ),
        ("criteria: [agenda]", "criteria: agenda", "competencies[1] (structure).criteria"),
        ("window: 3", "window: 0", "evidence.window"),
        ("min_reviews: 2", "min_reviews: true", "evidence.min_reviews"),
        ("  - key: structure", "  - key: Structure!", "competencies[1].key"),
        ("evidence:", "evidance:", "top level"),
    ],
)
def test_matrix_errors_name_file_and_field(gkb, cli, old, new, field):
    assert old in MATRIX
    build_file_tree(gkb, {"competencies.yaml": MATRIX.replace(old, new, 1)})
    code, items = findings(cli)
    mine = [f for f in items if f["path"] == "competencies.yaml"]
    assert code == 1 and len(mine) == 1, items
    assert mine[0]["severity"] == "error" and field in mine[0]["message"], mine[0]
    if field.endswith(".cards"):
        return  # `cskb member` needs no card
    r = cli("member", "ana")  # the same problem stops `cskb member`, in one line
    assert r.exit_code == 2 and "competencies.yaml" in r.stderr and field in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_levels_listed_out_of_order_inside_a_competency(gkb, cli):
    bad = MATRIX.replace(
        "      junior: Opens with an agenda.\n      senior: Shapes the agenda with the customer.",
        "      senior: Shapes the agenda with the customer.\n      junior: Opens with an agenda.",
    )
    build_file_tree(gkb, {"competencies.yaml": bad})
    _, items = findings(cli)
    assert any("out of order" in f["message"] for f in items if f["path"] == "competencies.yaml")


def test_member_on_an_unknown_level(gkb, cli):
    text = (gkb / "team.yaml").read_text().replace("level: senior", "level: seniour")
    build_file_tree(gkb, {"team.yaml": text})
    code, items = findings(cli)
    bad = [f for f in items if f["rule"] == "member-level"]
    assert code == 1 and len(bad) == 1 and bad[0]["path"] == "team.yaml"
    assert "chen" in bad[0]["message"] and "did you mean 'senior'" in bad[0]["message"]
    code, items = findings(cli, "team.yaml")
    assert any(f["rule"] == "member-level" for f in items)


def test_a_level_that_is_not_text_in_team_yaml(gkb, cli):
    text = (gkb / "team.yaml").read_text().replace("level: senior", "level: [1]")
    build_file_tree(gkb, {"team.yaml": text})
    r = cli("member", "ana")
    assert r.exit_code == 2 and "level must be a level key" in r.stderr


@pytest.mark.parametrize(
    "content, says",
    [
        ("a: &x [1]\nb: *x\n", "alias"),
        ("levels: " + "[" * 5000 + "]" * 5000 + "\n", "nest"),
        (b"levels:\n  - key: a\x00\n", "binary"),
        (b"\xff\xfe levels", "UTF-8"),
        ("levels: !!python/object/apply:os.system ['echo hacked']\n", "YAML"),
        ("- just\n- a list\n", "mapping"),
        ("", "mapping"),
        ("levels: [\n", "invalid YAML"),
    ],
)
def test_hostile_matrix_files(gkb, cli, content, says):
    build_file_tree(gkb, {"competencies.yaml": content})
    for args in (("check",), ("member", "ana")):
        r = cli(*args)
        assert r.exit_code in (1, 2), (args, r.stdout, r.stderr)
        assert says in r.stdout + r.stderr and "Traceback" not in r.stderr


def test_huge_matrix_is_refused_before_parsing(gkb, cli):
    build_file_tree(gkb, {"competencies.yaml": "# x\n" * 400_000})
    r = cli("member", "ana")
    assert r.exit_code == 2 and "competencies.yaml" in r.stderr


def test_too_many_competencies(gkb, cli):
    many = "".join(f"  - key: c{i}\n    criteria: [agenda]\n" for i in range(150))
    text = MATRIX.split("competencies:")[0] + "competencies:\n" + many
    build_file_tree(gkb, {"competencies.yaml": text})
    r = cli("member", "ana")
    assert r.exit_code == 2 and "at most 100" in r.stderr


def test_symlinked_matrix_is_not_followed(gkb, cli, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text(MATRIX)
    (gkb / "competencies.yaml").unlink()
    (gkb / "competencies.yaml").symlink_to(secret)
    r = cli("member", "ana")
    assert r.exit_code == 2 and "symbolic link" in r.stderr
