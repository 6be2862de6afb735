"""Every `--cycle` (and CYCLE argument) goes through one parser: `2026-11-16`, `20261116`,
`current` and `last` name the same cycles in every command, and `""` or a word like
`tomorrow` is refused as "not a cycle date" (one line, exit 2, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import git

# every read command taking a cycle, with the JSON key that says which cycle it showed
# (None: the command has no such key; only that it accepts the value is checked)
READ = [
    (("cycle", "show", "{c}", "--json"), "cycle"),
    (("status", "{c}", "--json"), "cycle"),
    (("partner", "--cycle", "{c}", "--json"), "cycle"),
    (("review", "list", "--cycle", "{c}", "--json"), None),
    (("call", "list", "--cycle", "{c}", "--json"), None),
    (("search", "agenda", "--cycle", "{c}", "--json"), None),
    (("stats", "--cycle", "{c}", "--json"), None),
    (("check", "--cycle", "{c}"), None),
    (("remind", "--cycle", "{c}", "--json"), None),
    (("announce", "{c}"), None),
    (("coffee", "ask", "--cycle", "{c}"), None),
    (("retro", "summary", "--cycle", "{c}", "--json"), None),
]
WRITE = [
    ("review", "new", "--cycle", "{c}", "--no-edit", "--no-commit"),
    (
        "call",
        "submit",
        "--url",
        "https://rec.example.com/1",
        "--customer",
        "Acme",
        "--cycle",
        "{c}",
        "--no-commit",
    ),  # fmt: skip
    ("coffee", "done", "--cycle", "{c}", "--no-commit"),
]


@pytest.fixture
def two_cycles(kb: Path, cli) -> tuple[str, str]:
    """Two paired cycles: the one running on the pinned date and the one before it."""
    assert cli("pair", "--date", "2026-10-26").exit_code == 0
    assert cli("pair", "--date", "2026-11-09").exit_code == 0
    starts = [c["cycle"] for c in json.loads(cli("cycles", "--json").stdout)]
    assert len(starts) == 2, starts
    return starts[0], starts[1]


def run(cli, args, value):
    return cli("--as", "ana", *(a.replace("{c}", value) for a in args))


@pytest.mark.parametrize("args, key", READ, ids=[" ".join(a[:2]) for a, _ in READ])
def test_every_form_names_the_same_cycle(two_cycles, cli, args, key):
    previous, current = two_cycles
    forms = {
        current: [current, current.replace("-", ""), "current", " CURRENT "],
        previous: [previous, previous.replace("-", ""), "last"],
    }
    for want, values in forms.items():
        outs = []
        for value in values:
            r = run(cli, args, value)
            assert r.exit_code in (0, 1), (value, r.stdout, r.stderr)  # check: 1 = findings
            assert "not a cycle date" not in r.stderr
            outs.append(r.stdout)
            if key is not None:
                assert json.loads(r.stdout)[key] == want, (value, r.stdout)
        assert len(set(outs)) == 1, (want, values)  # the same answer for every form


@pytest.mark.parametrize("value", ["", "  ", "tomorrow", "2026-W47-1", "2026-1122", "11/22/2026"])
@pytest.mark.parametrize(
    "args",
    [a for a, _ in READ] + WRITE,
    ids=[" ".join(a[:2]) for a, _ in READ] + ["review new", "call submit", "coffee done"],
)
def test_anything_else_is_not_a_cycle_date(kb, two_cycles, cli, args, value):
    head = git(kb, "rev-parse", "HEAD")
    r = run(cli, args, value)
    assert r.exit_code == 2, (r.stdout, r.stderr)
    err = r.stderr.strip()
    assert err.startswith("cskb: error:") and "\n" not in err, err
    assert "not a cycle date" in err and "20261123" in err and "current or last" in err
    assert git(kb, "rev-parse", "HEAD") == head and git(kb, "status", "--porcelain") == ""


def test_last_without_an_earlier_cycle_and_no_cycles(kb, cli):
    r = cli("review", "list", "--cycle", "current")
    assert r.exit_code == 2 and "no cycles yet" in r.stderr
    assert cli("pair").exit_code == 0
    r = cli("cycle", "show", "last")
    assert r.exit_code == 2 and "no cycle before the current one" in r.stderr


def test_call_list_defaults_to_the_current_cycle(two_cycles, cli):
    previous, current = two_cycles
    for who, cycle in (("ana", "last"), ("bo", "current")):
        r = cli("--as", who, "call", "submit", "--url", f"https://rec.example.com/{who}",
                "--customer", "Acme", "--cycle", cycle, "--date", previous)  # fmt: skip
        assert r.exit_code == 0, r.stderr
    shown = json.loads(cli("call", "list", "--json").stdout)
    assert [(c["member"], c["cycle"]) for c in shown] == [("bo", current)]
    every = json.loads(cli("call", "list", "--all", "--json").stdout)
    assert sorted(c["cycle"] for c in every) == [previous, current]
    r = cli("call", "list", "--all", "--cycle", "last")
    assert r.exit_code == 2 and "--all and --cycle" in r.stderr
