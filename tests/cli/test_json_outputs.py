"""Every `--json` output of every command is valid JSON on stdout and nothing else.

The walk is generic over the Typer app, so a command added later is covered automatically;
a new required argument needs a sample value in SAMPLES (the test says which)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from cskb.cli import app


def _json_commands() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []

    def walk(cmd, path: str) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{path} {name}".strip())
        elif any("--json" in p.opts for p in cmd.params):
            out.append((path, cmd))

    walk(typer.main.get_command(app), "")
    return out


COMMANDS = _json_commands()


@pytest.fixture(scope="module")
def demo_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("json") / "demo"
    proc = subprocess.run(
        [sys.executable, "-m", "cskb", "demo", str(root), "--members", "8", "--cycles", "3"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "CSKB_TODAY": "2026-11-22"},
    )
    assert proc.returncode == 0, proc.stderr
    return root


def test_the_walk_finds_the_read_commands():
    names = {path for path, _ in COMMANDS}
    assert {"check", "index", "status", "team list", "review list", "search"} <= names


@pytest.mark.parametrize("path, cmd", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_json_is_all_that_reaches_stdout(path: str, cmd, demo_kb: Path, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(demo_kb)
    me = json.loads(cli("team", "list", "--json").stdout)[0]["handle"]
    reviews = json.loads(cli("review", "list", "--json", "--limit", "0").stdout)
    cycles = json.loads(cli("cycles", "--json").stdout)
    samples = {
        "query": "data",
        "words": "data",
        "ident": reviews[0]["id"],
        "cycle": cycles[-1]["cycle"],
        "handle": me,
        "directory": str(tmp_path / "another-demo"),
    }
    if path == "playbook show":  # its ID is a card's, not a review's
        cards = json.loads(cli("playbook", "list", "--json").stdout)
        first = (cards["cards"] if isinstance(cards, dict) else cards)[0]
        samples["card"] = first.get("id") or first["path"]
    if path == "calibrate show":  # its ID is a calibration session's: open one
        other = json.loads(cli("team", "list", "--json").stdout)[1]["handle"]
        opened = cli(
            "--as",
            me,
            "calibrate",
            "new",
            "--call",
            "https://rec.example.com/c/1",
            "--customer",
            "Acme",
            "--reviewers",
            other,
        )
        assert opened.exit_code == 0, opened.stderr
        samples["ident"] = json.loads(cli("calibrate", "list", "--json").stdout)[0]["id"]
    args = [*path.split(), "--json"]
    if path == "forms apply":  # an issue event that is not a cskb form: ignored, exit 0
        event = tmp_path / "event.json"
        event.write_text(
            json.dumps(
                {
                    "action": "opened",
                    "issue": {"number": 1, "user": {"login": "x"}, "labels": [], "body": ""},
                    "sender": {"login": "x", "type": "User"},
                }
            ),
            encoding="utf-8",
        )
        args += ["--event", str(event)]
    if path == "forms link":
        samples["kind"] = "call"
        args += ["--repo", "acme-cs/cs-kb"]
    for param in cmd.params:
        if param.param_type_name == "argument" and param.required:
            if param.name not in samples:
                pytest.fail(
                    f"`cskb {path}` takes a required argument {param.name!r}: add a sample "
                    "value to `samples` in tests/cli/test_json_outputs.py"
                )
            args.append(samples[param.name])
    r = cli("--as", me, *args)
    assert r.exit_code in (0, 1), f"cskb {' '.join(args)}: {r.stderr}"
    try:
        json.loads(r.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(
            f"`cskb {' '.join(args)}` stdout is not JSON: {r.stdout[:300]!r}"
        ) from exc


def test_index_json_progress_never_reaches_stdout(demo_kb: Path, cli, monkeypatch):
    monkeypatch.chdir(demo_kb)
    r = cli("index", "--rebuild", "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["documents"] > 0 and "indexing" not in r.stdout
