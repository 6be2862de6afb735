"""The forms workflow's own script, run for real under bash against a bare remote, with a
stand-in `gh` that records what it was asked: push (rebasing when the remote moved), reply,
close or label."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.forms.conftest import event, write_event
from tests.forms.test_apply import call_body
from tests.helpers import git

WORKFLOW = Path(__file__).resolve().parents[2] / "examples" / "github-actions" / "forms.yml"
FAKE_GH = """#!/usr/bin/env bash
# records each call; a comment's body is copied next to the log
printf '%s\\n' "$*" >> "$GH_LOG"
if [ "$1 $2" = "issue comment" ]; then cat "$5" > "$GH_LOG.body"; fi
"""


def script() -> str:
    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = wf["jobs"]["apply"]["steps"]
    return next(s["run"] for s in steps if "cskb forms apply" in s.get("run", ""))


def run(fkb: Path, tmp_path: Path, payload: dict) -> tuple[subprocess.CompletedProcess, str, str]:
    if sys.platform == "win32":
        pytest.skip("the workflow runs under bash on Linux")
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(0o755)
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    log = tmp_path / "gh.log"
    log.write_text("", encoding="utf-8")
    Path(f"{log}.body").unlink(missing_ok=True)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_EVENT_PATH": str(write_event(tmp_path, payload)),
        "RUNNER_TEMP": str(runner),
        "ISSUE_NUMBER": "41",
        "BRANCH": "main",
        "CI": "true",
        "GH_LOG": str(log),
    }
    done = subprocess.run(
        ["bash", "-c", script()], cwd=fkb, env=env, capture_output=True, text=True, timeout=300
    )
    body = Path(f"{log}.body")
    return done, log.read_text(encoding="utf-8"), body.read_text("utf-8") if body.exists() else ""


def test_an_applied_form_is_pushed_answered_and_closed(fkb: Path, tmp_path: Path):
    remote = tmp_path / "remote.git"
    # someone else pushed meanwhile: the first push is refused, the script rebases and retries
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "notes.md").write_text("a teammate's change\n", encoding="utf-8")
    git(other, "add", "notes.md")
    git(other, "commit", "-qm", "a teammate's change")
    git(other, "push", "-q", "origin", "HEAD:main")
    done, calls, body = run(fkb, tmp_path, event("call", call_body(fkb)))
    assert done.returncode == 0, done.stdout + done.stderr
    log = git(remote, "log", "--format=%s", "main")
    assert log.splitlines()[:2] == ["cskb: call by ana (2026-11-16)", "a teammate's change"]
    assert "issue comment 41 --body-file" in calls and "issue close 41" in calls
    assert "cskb-refused" not in calls.replace("--remove-label cskb-refused", "")
    assert body.startswith("Done: ana's call")


def test_a_refused_form_is_answered_labelled_and_fails_the_run(fkb: Path, tmp_path: Path):
    remote = tmp_path / "remote.git"
    before = git(remote, "rev-parse", "main")
    done, calls, body = run(fkb, tmp_path, event("call", call_body(fkb), sender="mallory"))
    assert done.returncode == 2
    assert git(remote, "rev-parse", "main") == before
    assert "issue comment 41 --body-file" in calls
    assert "issue edit 41 --add-label cskb-refused" in calls and "issue close" not in calls
    assert "nothing was written" in body and "mallory" in body


def test_an_issue_that_is_not_a_form_gets_no_reply(fkb: Path, tmp_path: Path):
    done, calls, body = run(fkb, tmp_path, event("call", "hello", labels=("cskb", "question")))
    assert done.returncode == 2, "a cskb-labelled issue that is no form is refused"
    done, calls, body = run(fkb, tmp_path, event("call", "hello", labels=("bug",)))
    assert done.returncode == 0 and "comment" not in calls and body == ""
