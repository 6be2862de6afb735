"""Reliability: bad input ends in one line and exit 2, never an internal error (exit 3).

Each test was run against the code before the fix and failed there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cskb.config import ConfigError, load_config
from tests.reliability import one_line_error, paired, run


@pytest.mark.parametrize(
    "args",
    [
        ("pair", "--date", "9999-12-31"),
        ("pair", "--date", "0001-01-01"),
        ("team", "add", "cy", "--joined", "9999-12-31"),
        ("team", "away", "ana", "--from", "0001-01-01", "--until", "9999-12-31"),
        ("--as", "ana", "coffee", "done", "--date", "9999-12-31"),
    ],
    ids=["pair-max", "pair-min", "joined", "away", "coffee"],
)
def test_dates_at_the_edges_are_one_line(kb: Path, cli, args):
    assert cli("pair").exit_code == 0
    r = cli(*args)
    assert r.exit_code == 2, r.stderr
    one_line_error(r.stderr)


def test_a_clock_at_year_9999_is_one_line(kb: Path):
    p = run(kb, "status", env={"CSKB_TODAY": "9999-12-31"})
    assert p.returncode == 2
    assert "CSKB_TODAY" in one_line_error(p.stderr)


def test_a_cycle_file_at_the_end_of_time_is_one_line(kb: Path, cli):
    (kb / "cycles" / "9999-12-31.yaml").write_text(
        "start: 9999-12-31\ngroups: [{members: [ana, bo]}]\n", encoding="utf-8"
    )
    for args in (("cycles",), ("status",), ("pair", "--dry-run")):
        r = cli(*args)
        assert r.exit_code in (0, 2), (args, r.stderr)
        assert "unexpected" not in r.stderr


@pytest.mark.parametrize("option", ["--customer", "--note"])
def test_non_utf8_bytes_in_arguments_are_one_line(kb: Path, cli, option: str):
    paired(cli)
    args = [b"--as", b"ana", b"call", b"submit", b"--url", b"https://r.example.com/x"]
    args += [b"--customer", b"Acme"] if option == "--note" else []
    args += [option.encode(), b"caf\xe9 \xff"]
    p = run(kb, *[os.fsdecode(a) for a in args])
    assert p.returncode == 2
    assert "UTF-8" in one_line_error(p.stderr)


def test_non_utf8_name_is_one_line(kb: Path):
    p = run(kb, "team", "add", "cy", "--name", os.fsdecode(b"\xc3\x28"))
    assert p.returncode == 2 and "UTF-8" in one_line_error(p.stderr)


def test_closed_stdout_is_an_error_not_silence(kb: Path):
    p = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, runpy, sys; os.close(1); sys.argv=['cskb','team','list']; runpy.run_module('cskb', run_name='__main__')",
        ],
        cwd=kb,
        capture_output=False,
        stderr=subprocess.PIPE,
        stdout=None,
        timeout=30,
        check=False,
    )
    assert p.returncode != 0
    assert "standard output is closed" in p.stderr.decode()


@pytest.mark.parametrize(
    "args", [("team", "list"), ("cycles",), ("check",), ("review", "list"), ("search", "renewal")]
)
def test_a_reader_that_goes_away_is_exit_0_and_quiet(kb: Path, args):
    proc = subprocess.Popen(
        [sys.executable, "-m", "cskb", *args],
        cwd=kb,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before the first write, as with `| head -0`
    err = proc.stderr.read() if proc.stderr else b""
    proc.wait(timeout=30)
    assert proc.returncode == 0, err
    assert b"Traceback" not in err and b"Exception ignored" not in err


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[cycle]\ncadense_days = 7\n", "did you mean 'cadence_days'"),
        ("[review]\ntemplate = 'x.md'\n", "unknown key 'template' in [review]"),
        ("[cycle]\ndir = 'c'\n", "unknown key 'dir' in [cycle]"),
        ("[[rubric]]\nkey = 'a'\ntitle = 'A'\nweight = nan\n", "weight"),
        ("[[rubric]]\nkey = 'a'\ntitle = 'A'\nweight = inf\n", "weight"),
        ("[[rubric]]\nkey = 'a'\ntitle = 'A'\nwieght = 2\n", "did you mean 'weight'"),
    ],
)
def test_cskb_toml_mistakes_are_refused(tmp_path: Path, text: str, needle: str):
    path = tmp_path / "cskb.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert needle in str(info.value) and str(path) in str(info.value)


def test_removing_vague_phrases_uses_the_default(tmp_path: Path):
    path = tmp_path / "cskb.toml"
    path.write_text("[review]\nmin_evidence_words = 3\n", encoding="utf-8")
    assert "great job" in load_config(path).review.vague_phrases
    path.write_text("[review]\nvague_phrases = []\n", encoding="utf-8")
    assert load_config(path).review.vague_phrases == ()


def test_json_output_never_holds_nan(kb: Path, cli):
    from cskb import render

    r = cli("team", "list", "--json")
    assert "NaN" not in r.stdout
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        render.print_json({"score": float("nan"), "xs": [float("inf"), 1.5], "s": "a\x9bb"})
    assert buf.getvalue().split() == [
        "{",
        '"score":',
        "null,",
        '"xs":',
        "[",
        "null,",
        "1.5",
        "],",
        '"s":',
        '"a\\u009bb"',
        "}",
    ]


def test_the_lock_module_imports_without_fcntl():
    """Windows has no fcntl: importing the write lock must not need it."""
    code = (
        "import sys; sys.modules['fcntl'] = None\n"
        "import cskb.adapters.fsio, cskb.adapters.locks, cskb.kb.layout, cskb.kb.roster\n"
        "import cskb.search.statefs\n"
        "print('ok')\n"
    )
    p = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert p.returncode == 0 and p.stdout.strip() == "ok", p.stderr
