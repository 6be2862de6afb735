"""`cskb retro new` and `cskb retro summary` through the CLI on a real git KB."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import commit_count, last_commit_files
from tests.round.helpers import START, submit, write_cycle

PREV = "2026-10-26"


def _round(kb: Path, cli) -> None:
    import datetime as dt

    write_cycle(kb, [("ana", "bo"), ("chen", "dana")], start=dt.date(2026, 10, 26))
    write_cycle(kb, [("ana", "chen"), ("bo", "dana")])
    submit(cli, "ana")


def retro(cli, who: str, *args: str, cycle: str = str(START)):
    return cli("--as", who, "retro", "new", "--cycle", cycle, "--no-edit", *args)


def test_new_writes_validates_and_commits(kb: Path, cli):
    _round(kb, cli)
    before = commit_count(kb)
    r = retro(
        cli, "ana", "--useful", "4", "--worked", "the coffee chat", "--change",
        "a shorter template", "--suggestion", "merge agenda and control", "--about", "rubric",
        "--tags", "Template, pairing",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert commit_count(kb) == before + 1
    assert last_commit_files(kb) == [f"retros/{START}/ana.yaml"]
    text = (kb / "retros" / str(START) / "ana.yaml").read_text(encoding="utf-8")
    assert "useful: 4" in text and "about: rubric" in text and "- template" in text
    # one per member and cycle: never over the existing one
    again = retro(cli, "ana", "--useful", "1")
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert "useful: 4" in (kb / "retros" / str(START) / "ana.yaml").read_text(encoding="utf-8")


def test_bad_score_unknown_cycle_and_missing_fields(kb: Path, cli):
    _round(kb, cli)
    before = commit_count(kb)
    for args, words in (
        (
            ("--useful", "6", "--worked", "x", "--change", "y"),
            "--useful 6 must be a whole number from 1 to 5",
        ),
        (("--useful", "0", "--worked", "x", "--change", "y"), "from 1 to 5"),
        (("--useful", "3", "--about", "coffee"), "--about 'coffee'"),
        (("--useful", "3", "--worked", "a\x07b"), "control character"),
    ):
        r = retro(cli, "bo", *args)
        assert r.exit_code == 2, (args, r.stdout, r.stderr)
        assert r.stderr.strip().startswith("cskb: error:") and words in r.stderr, r.stderr
    r = retro(cli, "bo", "--useful", "3", cycle="2026-11-02")
    assert r.exit_code == 2 and "no cycle 2026-11-02" in r.stderr
    r = retro(cli, "bo", "--useful", "3", cycle="soon")
    assert r.exit_code == 2 and "'soon' is not a cycle date" in r.stderr
    assert not (kb / "retros").exists() and commit_count(kb) == before
    # written without what to change: kept on disk as a draft, not committed
    r = retro(cli, "bo", "--useful", "3", "--worked", "pairing across teams")
    assert r.exit_code == 1, r.stderr
    assert "`change` is empty" in r.stdout + r.stderr and "not committed" in r.stderr
    assert (kb / "retros" / str(START) / "bo.yaml").is_file() and commit_count(kb) == before


MULTILINGUAL = [
    ("ana", "5", "the template is too long", "template,timing"),
    ("bo", "3", "Die Vorlage ist zu lang, bitte kürzen", "template"),
    ("chen", "2", "模板太长了,评分标准不清楚", ""),
    ("dana", "4", "Шаблон задовгий; більше часу на каву", ""),
]


def test_summary_with_the_rounds_figures(kb: Path, cli):
    _round(kb, cli)
    assert cli("--as", "ana", "coffee", "done").exit_code == 0
    assert (
        retro(
            cli, "ana", "--useful", "2", "--worked", "w", "--change", "less admin", cycle=PREV
        ).exit_code
        == 0
    )
    for who, useful, change, tags in MULTILINGUAL:
        args = ["--useful", useful, "--worked", "pairing", "--change", change]
        r = retro(cli, who, *args, *(["--tags", tags] if tags else []))
        assert r.exit_code == 0, r.stderr
    later = {"CSKB_TODAY": "2026-12-01"}
    r = cli("retro", "summary", "--json", env=later)
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    rows = {c["cycle"]: c for c in data["cycles"]}
    assert list(rows) == [PREV, str(START)]
    now = rows[str(START)]
    assert now["responses"] == 4 and now["paired"] == 4 and now["response_rate"] == 1.0
    assert now["useful_mean"] == 3.5 and rows[PREV]["useful_mean"] == 2.0
    assert now["meeting_rate"] == 0.5 and now["completion_rate"] == 0.0
    assert now["disputes"] == 0 and now["vague_reviews"] == 0
    assert rows[PREV]["response_rate"] == 0.25
    themes = {t["label"]: (t["kind"], t["n"]) for t in data["themes"]}
    assert themes["template"] == ("tag", 2) and themes["timing"] == ("tag", 1)
    assert all(kind == "tag" or n >= 2 for kind, n in themes.values()), themes
    one = json.loads(cli("retro", "summary", "--cycle", str(START), "--json", env=later).stdout)
    assert [r["member"] for r in one["retros"]] == ["ana", "bo", "chen", "dana"]
    assert all(r["cycle"] == str(START) for r in one["retros"])
    text = cli("retro", "summary", env=later)
    assert text.exit_code == 0 and "template (tag): 2 retro(s)" in text.stdout
    assert "usefulness (1-5) over cycles" in text.stdout
    bad = cli("retro", "summary", "--cycle", "2026-11-02")
    assert bad.exit_code == 2 and "no cycle 2026-11-02" in bad.stderr


def test_a_hand_edited_bad_retro_is_left_out_and_named(kb: Path, cli):
    _round(kb, cli)
    folder = kb / "retros" / str(START)
    folder.mkdir(parents=True)
    (folder / "bo.yaml").write_text(
        f"cycle: {START}\nmember: bo\nuseful: yes\nworked: a\nchange: b\n", encoding="utf-8"
    )
    (folder / "ana.yaml").write_text("useful: &a [*a]\n", encoding="utf-8")
    r = cli("retro", "summary")
    assert r.exit_code == 0, r.stderr
    assert "2 retro file(s) do not validate" in r.stderr and "Traceback" not in r.stderr


def test_themes_group_keywords_in_every_language():
    from cskb.round.themes import themes

    texts = [
        "The templates are too long",
        "shorter template, please",
        "Die Vorlage ist zu lang",
        "VORLAGE kürzen",
        "模板太长了",
        "这个模板不好",
        "Шаблон задовгий",
        "шаблон треба скоротити",
        "ความยาวของแม่แบบ",
        "แม่แบบยาวเกินไป",
    ]
    found = {t.label: t.n for t in themes(texts, [[], ["pairing"]], limit=50)}
    assert found["pairing"] == 1  # a tag counts from one retro
    for word in ("template", "vorlage", "模板", "шаблон", "แม"):
        assert found.get(word) == 2, (word, found)
    assert "the" not in found and "are" not in found and "please" not in found  # once only
