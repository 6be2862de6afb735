"""CI integrations, run for real: the pre-commit hook through `pre-commit try-repo`, and the
GitHub Actions example against the workflow schema that check-jsonschema ships."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CORPUS = Path(__file__).resolve().parents[1] / "corpus"


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
    # a broken playbook card fails the hook too; a README.md beside the cards is not a card
    cards = kb / "playbook"
    cards.mkdir(exist_ok=True)
    broken = cards / "broken-card.md"
    broken.write_text(
        "---\nowner: ana\ncriteria: [no_such_criterion]\n---\n# Untitled\n", encoding="utf-8"
    )
    notes = cards / "README.md"
    notes.write_text("# About our playbook\n\nNo front-matter here.\n", encoding="utf-8")
    git(kb, "add", "playbook")
    card = subprocess.run(
        [
            pre_commit,
            "try-repo",
            str(hook_repo),
            "cskb-check",
            "--files",
            "playbook/broken-card.md",
        ],
        cwd=kb,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert card.returncode == 1, card.stdout + card.stderr
    assert "Failed" in card.stdout
    assert "card-field" in card.stdout and "card-criterion" in card.stdout
    readme = subprocess.run(
        [pre_commit, "try-repo", str(hook_repo), "cskb-check", "--files", "playbook/README.md"],
        cwd=kb,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert readme.returncode == 0, readme.stdout + readme.stderr
    assert "no files to check" in readme.stdout and "Skipped" in readme.stdout


def test_example_pre_commit_config_runs_from_a_tagged_repo(kb: Path, cli, hook_repo: Path):
    """The example's `rev` is the tag its comment tells you to create; made so, it works."""
    import yaml

    from cskb import __version__

    text = (ROOT / "examples" / "pre-commit-config.yaml").read_text(encoding="utf-8")
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: cskb-check" in text and "id: cskb-check" in hooks
    config = yaml.safe_load(text)
    rev = config["repos"][0]["rev"]
    assert rev == f"v{__version__}", "the example pins the tag of the version it documents"
    assert f"tag {rev}" in text, "the example says how to create the tag it pins"
    git(hook_repo, "tag", rev)  # as the comment says
    config["repos"][0]["repo"] = str(hook_repo)
    (kb / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert cli("pair").exit_code == 0
    folder = kb / "reviews" / "2026-11-09"
    folder.mkdir(parents=True)
    bad = folder / "bo-reviews-ana.md"
    shutil.copyfile(CORPUS / "vague-only.md", bad)
    git(kb, "add", "-A")
    run = subprocess.run(
        [_tool("pre-commit"), "run", "--files", str(bad.relative_to(kb))],
        cwd=kb,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "vague-feedback" in run.stdout
    # an untagged rev is what used to be shipped: pre-commit cannot fetch it
    config["repos"][0]["rev"] = "v9.9.9"
    (kb / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    missing = subprocess.run(
        [_tool("pre-commit"), "run", "--files", str(bad.relative_to(kb))],
        cwd=kb,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert missing.returncode != 0 and "v9.9.9" in missing.stdout + missing.stderr


WORKFLOW = ROOT / "examples" / "github-actions" / "cskb.yml"


def test_workflow_example_is_daily_pinned_cached_and_least_privilege():
    import re

    import yaml

    text = WORKFLOW.read_text(encoding="utf-8")
    wf = yaml.safe_load(text)
    triggers = wf[True]  # YAML 1.1 reads the key `on` as True
    crons = [c["cron"] for c in triggers["schedule"]]
    assert crons and all(c.split()[2:] == ["*", "*", "*"] for c in crons), "runs daily"
    assert wf["permissions"] == {}, "nothing by default"
    assert wf["jobs"]["check"]["permissions"] == {"contents": "read"}
    assert wf["jobs"]["pair"]["permissions"] == {"contents": "write"}
    assert wf["concurrency"]["group"]
    for job in wf["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
                if "setup-python" in step["uses"]:
                    assert step["with"]["cache"] == "pip"
            run = step.get("run", "")
            assert "||" not in run and "continue-on-error" not in step, "fails loudly"
    assert "cskb pair --if-due" in text and "cskb check --format github" in text
    assert wf["jobs"]["remind"]["permissions"] == {"contents": "read"}
    assert "cskb playbook due --within 14 --announce" in _remind_script()
    watched = triggers["pull_request"]["paths"]
    assert "calibrations/**" in watched and "playbook/**" in watched
    assert re.search(r'CSKB_REQUIREMENT: "cskb==\d', text), "cskb is installed from a pin"


def _pair_script() -> str:
    import yaml

    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return next(s["run"] for s in wf["jobs"]["pair"]["steps"] if "cskb pair" in s.get("run", ""))


def _remind_script() -> str:
    import yaml

    wf = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return next(s["run"] for s in wf["jobs"]["remind"]["steps"] if "cskb" in s.get("run", ""))


def test_scheduled_reminder_posts_the_cards_to_verify(kb: Path, cli):
    """The workflow's own reminder step, run for real against a local webhook: a card never
    verified is posted once; with every card verified, nothing is posted."""
    import os

    from tests.helpers import WebhookServer

    cards = kb / "playbook"
    cards.mkdir(exist_ok=True)
    for old in cards.glob("*.md"):
        old.unlink()
    (cards / "renewals.md").write_text(
        "---\ntitle: Handling a renewal objection\nowner: ana\ncriteria: [control]\n---\n"
        "# Handling a renewal objection\n\nListen first.\n",
        encoding="utf-8",
    )
    with WebhookServer() as hook:
        env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
            "CSKB_SLACK_WEBHOOK_URL": hook.url,
        }
        script = _remind_script()
        due = subprocess.run(
            ["bash", "-c", script], cwd=kb, env=env, capture_output=True, text=True, timeout=120
        )
        assert due.returncode == 0, due.stdout + due.stderr
        assert len(hook.received) == 1
        assert "Handling a renewal objection" in str(hook.received[0])
        (cards / "renewals.md").write_text(
            "---\ntitle: Handling a renewal objection\nowner: ana\nverified_on: "
            f"{env.get('CSKB_TODAY', '')}\nverified_by: ana\ncriteria: [control]\n---\n"
            "# Handling a renewal objection\n\nListen first.\n",
            encoding="utf-8",
        )
        quiet = subprocess.run(
            ["bash", "-c", script], cwd=kb, env=env, capture_output=True, text=True, timeout=120
        )
        assert quiet.returncode == 0, quiet.stdout + quiet.stderr
        assert len(hook.received) == 1, "nothing is posted when no card is due"
        assert "nothing to announce" in quiet.stderr


@pytest.mark.slow
def test_scheduled_workflow_pairs_once_per_cycle(kb: Path, tmp_path: Path):
    """The workflow's own pairing script, run every day for two cycles with a fixed clock
    against a real remote and a real webhook: exactly one pairing and one post per cycle."""
    import datetime as dt
    import os

    from tests.helpers import WebhookServer

    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(kb, "remote", "add", "origin", str(remote))
    git(kb, "push", "-q", "origin", "HEAD:main")
    script = _pair_script()
    day = dt.date(2026, 11, 23)  # the first day of cycle 2026-11-23
    with WebhookServer() as hook:
        for _ in range(28):
            env = {
                **os.environ,
                "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
                "CSKB_TODAY": day.isoformat(),
                "GITHUB_REF_NAME": "main",
                "CSKB_SLACK_WEBHOOK_URL": hook.url,
            }
            run = subprocess.run(
                ["bash", "-c", script], cwd=kb, env=env, capture_output=True, text=True, timeout=120
            )
            assert run.returncode == 0, f"{day}: {run.stdout}{run.stderr}"
            day += dt.timedelta(days=1)
        posts = list(hook.received)
    pushed = git(remote, "log", "--format=%s", "main").splitlines()
    pairings = [s for s in pushed if s.startswith("cskb: pair cycle")]
    assert pairings == ["cskb: pair cycle (2026-12-07)", "cskb: pair cycle (2026-11-23)"]
    assert len(posts) == 2
    assert "2026-11-23" in posts[0]["text"] and "2026-12-07" in posts[1]["text"]
    files = [
        f
        for f in git(remote, "ls-tree", "--name-only", "main", "cycles/").split()
        if f.endswith(".yaml")
    ]
    assert files == ["cycles/2026-11-23.yaml", "cycles/2026-12-07.yaml"]


def test_workflow_example_matches_the_github_schema(tmp_path: Path):
    checker = _tool("check-jsonschema")
    workflow = WORKFLOW
    ok = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    text = workflow.read_text(encoding="utf-8")
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
