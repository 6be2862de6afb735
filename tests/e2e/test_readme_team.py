"""The README's "Using it with your team" block, run in order on a fresh machine: a new
folder, a git identity that is not on the roster, an editor that writes the review."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

STUB_EDITOR = r"""
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = re.sub(r"^(  \w+): null$", r"\1: 4", text, flags=re.M)
evidence = iter([
    "Bo opened with a three-point agenda on screen, asked Globex to add an item, and checked the time at the half-way mark.",
    "When pricing came up early, Bo parked it on the agenda and brought the customer back to onboarding within a minute.",
    "The call ended with three next steps, each with an owner and a date, which the customer repeated back to confirm.",
    "The discovery questions about their rollout plan were sharp and drew out the real deadline.",
    "Send the agenda a day ahead, and confirm the next steps by email the same afternoon.",
])
text = re.sub(r"^_Replace this line.*$", lambda m: next(evidence), text, flags=re.M)
open(path, "w", encoding="utf-8").write(text)
"""


def _team_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using it with your team", 1)[1].split("\n## ", 1)[0]
    return section.split("```bash\n", 1)[1].split("```", 1)[0]


def test_readme_team_block_runs_in_order(tmp_path: Path):
    block = _team_block()
    lines = block.strip().splitlines()
    assert lines[0].startswith("pip install cskb"), "the block starts by installing cskb"
    script = "set -euo pipefail\n" + "\n".join(lines[1:])  # cskb is already installed here
    editor = tmp_path / "editor.py"
    editor.write_text(STUB_EDITOR, encoding="utf-8")
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = New Person\n\temail = someone@example.org\n"
        "[init]\n\tdefaultBranch = main\n",
        encoding="utf-8",
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CSKB_", "GIT_")) and k not in ("VISUAL", "EDITOR", "CI")
    }
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        HOME=str(tmp_path),
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        EDITOR=f"{sys.executable} {editor}",
        CSKB_TODAY="2026-11-22",
        NO_COLOR="1",
    )
    kb = tmp_path / "team-reviews"
    try:
        proc = subprocess.run(
            ["bash", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:  # the block searches as a user does, which starts a search server: stop it
        if (kb / "cskb.toml").is_file():
            from cskb.kb.layout import open_kb
            from cskb.search import client

            deadline = time.monotonic() + 10  # started in the background: it may be binding
            while client.stop(open_kb(kb)) is None and time.monotonic() < deadline:
                time.sleep(0.2)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    review = next(kb.glob("reviews/*/ana-reviews-bo.md")).read_text(encoding="utf-8")
    assert "status: complete" in review and "\n_Replace this line" not in review
    assert "ana (Ana Lima)" in proc.stdout
    assert "ana-reviews-bo" in proc.stdout or "Globex" in proc.stdout  # the search found it
    assert "Traceback" not in proc.stderr
