from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cskb.config import Scale, default_config_text, load_config, parse_config
from cskb.errors import ConfigError


def test_default_config_parses():
    cfg = parse_config(tomllib.loads(default_config_text()))
    assert [c.key for c in cfg.rubric] == ["agenda", "control", "next_steps"]
    assert cfg.cycle.cadence_days == 14 and cfg.cycle.due_days == 13
    assert "great job" in cfg.review.vague_phrases


@pytest.mark.parametrize(
    "text, needle",
    [
        ("[cycle]\ncadence_days = 0\n", "[cycle] cadence_days"),
        ("[cycle]\ncadence_days = 'two weeks'\n", "whole number"),
        ("[cycle]\nanchor = 'soon'\n", "[cycle] anchor"),
        ("[cycle\n", "invalid TOML"),
        ("[colours]\n", "unknown key [colours]"),
        ("[[rubric]]\nkey = 'Agenda'\ntitle = 'x'\n", "lowercase identifier"),
        ("[[rubric]]\nkey = 'a'\ntitle = 'x'\nscale = '5-1'\n", "scale"),
        (
            "[[rubric]]\nkey = 'a'\ntitle = 'x'\n[[rubric]]\nkey = 'a'\ntitle = 'y'\n",
            "duplicate key 'a'",
        ),
        ("[[rubric]]\nkey = 'a'\ntitle = 'x'\nweight = -1\n", "weight"),
        ("[[rubric]]\nkey = 'a'\ntitle = 'x'\nmandatory = 'yes'\n", "mandatory"),
        ("[pairing]\nnever_pair = ['ana']\n", "never_pair"),
        ("[tags]\nvocabulary = 'x'\n", "[tags] vocabulary"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, needle: str):
    path = tmp_path / "cskb.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value) and needle in str(info.value)


def test_bad_config_through_cli(kb: Path, cli):
    (kb / "cskb.toml").write_text("[cycle]\ncadence_days = -3\n", encoding="utf-8")
    r = cli("team", "list")
    assert r.exit_code == 2 and "cadence_days" in r.stderr and "Traceback" not in r.stderr


def test_scale():
    s = Scale.parse("1-5")
    assert s.normalise(1) == 0 and s.normalise(5) == 1 and s.normalise(6) is None
    assert s.normalise(True) is None and s.normalise("3") is None
    yn = Scale.parse("yes/no")
    assert yn.normalise(True) == 1 and yn.normalise("no") == 0 and yn.normalise(2) is None


def test_never_pair_groups_expand():
    cfg = parse_config({"pairing": {"never_pair": [["a", "b", "c"]]}})
    assert set(cfg.pairing.never_pair) == {("a", "b"), ("a", "c"), ("b", "c")}
