"""Helpers shared by the reliability suites: a paired KB, subprocess runs of `cskb`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CYCLE = "2026-11-09"


def paired(cli) -> str:
    """Pair the current cycle and submit everyone's call; returns ana's reviewee."""
    assert cli("pair").exit_code == 0
    for h in ("ana", "bo", "chen", "dana"):
        r = cli(
            "--as", h, "call", "submit", "--url", f"https://rec.example.com/{h}",
            "--customer", f"Kunde {h}", "--tags", "renewal",
        )  # fmt: skip
        assert r.exit_code == 0, r.stderr
    return json.loads(cli("--as", "ana", "partner", "--json").stdout)["reviews"]


def run(cwd: Path, *args: str | bytes, timeout: float = 30, env: dict | None = None, **kw):
    """`python -m cskb ARGS` in a real subprocess; returns the CompletedProcess (bytes)."""
    return subprocess.run(
        [sys.executable, "-m", "cskb", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        timeout=timeout,
        check=False,
        **kw,
    )


def one_line_error(stderr: str | bytes) -> str:
    """The stderr of a refused command: exactly one `cskb: error:` line, no traceback."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    lines = [line for line in text.splitlines() if line.strip()]
    assert "Traceback" not in text, text
    assert len(lines) == 1 and lines[0].startswith("cskb: error:"), text
    return lines[0]
