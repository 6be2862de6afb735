"""Every shipped workflow under examples/ is safe: actions pinned to commit SHAs with the
release in a comment, no persisted checkout credentials, permissions per job, the GitHub
schema, and no zizmor finding of medium severity or above (run offline)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / "examples").rglob("*.yml"))
WORKFLOWS = [p for p in WORKFLOWS if "jobs" in (yaml.safe_load(p.read_text("utf-8")) or {})]
PINNED = re.compile(r"\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def _tool(name: str) -> str | None:
    path = Path(sys.executable).with_name(name)
    return str(path) if path.exists() else shutil.which(name)


def test_there_are_workflows_to_check():
    names = {p.name for p in WORKFLOWS}
    assert {"cskb.yml", "site.yml", "newest-releases.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_no_persisted_credentials_least_privilege(path: Path):
    text = path.read_text("utf-8")
    for line in text.splitlines():
        if "uses:" in line:
            assert PINNED.match(line), f"{path.name}: not pinned to a SHA with its version: {line}"
    wf = yaml.safe_load(text)
    top = wf.get("permissions")
    assert top in ({}, {"contents": "read"}), f"{path.name}: broad default permissions {top}"
    for name, job in wf["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name} has no permissions of its own"
        assert "write-all" not in str(job["permissions"])
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, (
                    f"{path.name}: job {name} keeps the token in .git/config"
                )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(path: Path):
    checker = _tool("check-jsonschema")
    if checker is None:
        pytest.skip("check-jsonschema is not installed (it is in the test extras)")
    done = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _zizmor(*paths: Path, persona: str = "regular") -> subprocess.CompletedProcess[str]:
    exe = _tool("zizmor")
    if exe is None:
        pytest.skip("zizmor is not installed (it is in the test extras)")
    return subprocess.run(
        [
            exe,
            "--offline",
            "--no-progress",
            f"--persona={persona}",
            "--min-severity=medium",
            "--format=plain",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("persona", ["regular", "auditor"])
def test_zizmor_finds_nothing_of_medium_severity_or_above(persona: str):
    done = _zizmor(*WORKFLOWS, persona=persona)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_does_find_an_unpinned_action(tmp_path: Path):
    """The audit above can fail: the same workflow with a tag instead of a SHA is flagged."""
    text = (ROOT / "examples" / "github-actions" / "site.yml").read_text("utf-8")
    bad = tmp_path / "bad.yml"
    bad.write_text(re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v4", text), "utf-8")
    done = _zizmor(bad)
    assert done.returncode != 0 and "unpinned" in done.stdout + done.stderr
