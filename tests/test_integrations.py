"""CI integrations, run for real: the pre-commit hook through `pre-commit try-repo`, and the
GitHub Actions example against the workflow schema that check-jsonschema ships."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CORPUS = Path(__file__).parent / "corpus"


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        assert found, f"{name} is a test dependency (pip install -e '.[test]')"
        return found
    return str(path)


@pytest.fixture
def hook_repo(tmp_path: Path) -> Path:
    """This project's files as a fresh git repository, as pre-commit fetches a hook repo."""
    repo = tmp_path / "cskb-hook"
    repo.mkdir()
    for rel in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / rel, repo / rel)
    shutil.copytree(
        ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "hook repo")
    return repo


def test_pre_commit_try_repo(kb: Path, cli, hook_repo: Path):
    assert cli("pair").exit_code == 0
    folder = kb / "reviews" / "2026-11-09"
    folder.mkdir(parents=True)
    good = folder / "ana-reviews-bo.md"
    shutil.copyfile(CORPUS / "valid.md", good)
    bad = folder / "bo-reviews-ana.md"
    shutil.copyfile(CORPUS / "vague-only.md", bad)
    git(kb, "add", "reviews")
    pre_commit = _tool("pre-commit")
    ok = subprocess.run(
        [
            pre_commit,
            "try-repo",
            str(hook_repo),
            "cskb-check",
            "--files",
            str(good.relative_to(kb)),
        ],
        cwd=kb,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "cskb check" in ok.stdout and "Passed" in ok.stdout
    fail = subprocess.run(
        [pre_commit, "try-repo", str(hook_repo), "cskb-check", "--files", str(bad.relative_to(kb))],
        cwd=kb,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert fail.returncode == 1, fail.stdout + fail.stderr
    assert "Failed" in fail.stdout and "vague-feedback" in fail.stdout


def test_example_pre_commit_config_names_the_hook():
    text = (ROOT / "examples" / "pre-commit-config.yaml").read_text(encoding="utf-8")
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: cskb-check" in text and "id: cskb-check" in hooks


def test_workflow_example_matches_the_github_schema(tmp_path: Path):
    checker = _tool("check-jsonschema")
    workflow = ROOT / "examples" / "github-actions" / "cskb.yml"
    ok = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    text = workflow.read_text(encoding="utf-8")
    assert "cskb check --format github" in text and "cskb pair --announce" in text
    broken = tmp_path / "broken.yml"
    broken.write_text(
        text.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1), encoding="utf-8"
    )
    bad = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1, "a broken workflow must fail the schema check"
