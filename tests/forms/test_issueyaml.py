"""`cskb forms write`: issue forms that the host's schema accepts, for any rubric; the
workflows pass the schema and zizmor; hand-written forms are left alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cskb.forms.issueyaml import WORKFLOW, stale_forms, workflow_text
from cskb.kb.layout import open_kb
from tests.helpers import git

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "github-actions"
RICH_RUBRIC = """
[[rubric]]
key = "agenda"
title = "Setting a clear agenda"
question = "Did the call open with an agenda?"
weight = 2.0

[[rubric]]
key = "discovery"
title = "Discovery questions"
question = "Did the CSM ask open questions?"
scale = "1-10"
weight = 0.5

[[rubric]]
key = "control"
title = "Controlling the conversation"
question = "Did the CSM steer the call?"
mandatory = false

[[rubric]]
key = "value"
title = "Tying it to value"
question = "Was the customer's goal named?"
scale = "yes/no"
mandatory = false
weight = 1.5

[[rubric]]
key = "objections"
title = "Handling objections"
question = "Were objections heard out?"
scale = "0-3"

[[rubric]]
key = "next_steps"
title = "Defining the customer's next steps"
question = "Owners and dates?"
mandatory = false

[tags]
vocabulary = ["discovery", "renewal", "onboarding", "escalation"]
"""


def tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else shutil.which(name) or name


def check_schema(schema: str, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def rich(kb: Path) -> None:
    toml = (kb / "cskb.toml").read_text(encoding="utf-8")
    head = toml.split("# The rubric:")[0]
    tail = toml.split("[pairing]", 1)[1]
    (kb / "cskb.toml").write_text(f"{head}{RICH_RUBRIC}\n[pairing]{tail}", encoding="utf-8")
    git(kb, "commit", "-qam", "test: a rubric with n/a, weights, six criteria, vocabulary")


@pytest.mark.parametrize("rubric", ["default", "rich"])
def test_generated_forms_pass_the_issue_forms_schema(kb: Path, cli, rubric: str):
    if rubric == "rich":
        rich(kb)
    result = cli("forms", "write", "--workflow")
    assert result.exit_code == 0, result.stderr
    forms = sorted((kb / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    assert [f.name for f in forms] == [
        "cskb-call.yml", "cskb-coffee.yml", "cskb-respond.yml", "cskb-review.yml"
    ]  # fmt: skip
    ok = check_schema("vendor.github-issue-forms", forms)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    review = yaml.safe_load((kb / ".github/ISSUE_TEMPLATE/cskb-review.yml").read_text("utf-8"))
    dropdowns = {e["id"]: e["attributes"] for e in review["body"] if e["type"] == "dropdown"}
    if rubric == "rich":
        assert len([k for k in dropdowns if k.startswith("score_")]) == 6
        assert dropdowns["score_discovery"]["options"] == [str(i) for i in range(1, 11)]
        assert dropdowns["score_control"]["options"][-1] == "n/a"
        assert dropdowns["score_value"]["options"] == ["yes", "no", "n/a"]
        assert dropdowns["score_agenda"]["options"] == ["1", "2", "3", "4", "5"]
        assert dropdowns["tags"]["multiple"] and "renewal" in dropdowns["tags"]["options"]
    else:
        assert dropdowns["score_agenda"]["options"] == ["1", "2", "3", "4", "5"]
    assert (kb / WORKFLOW).read_text(encoding="utf-8") == workflow_text()
    assert git(kb, "log", "-1", "--format=%s").strip() == "cskb: issue forms from cskb.toml"
    broken = kb / "broken.yml"
    broken.write_text(forms[0].read_text("utf-8").replace("type: input", "type: slider"), "utf-8")
    assert check_schema("vendor.github-issue-forms", [broken]).returncode == 1


def test_the_shipped_workflow_is_the_example(kb: Path):
    assert (EXAMPLES / "forms.yml").read_text(encoding="utf-8") == workflow_text()


def test_every_example_workflow_passes_the_schema_and_zizmor(tmp_path: Path):
    files = sorted(EXAMPLES.glob("*.yml"))
    assert len(files) >= 3
    ok = check_schema("vendor.github-workflows", files)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    if not Path(tool("zizmor")).exists() and not shutil.which("zizmor"):
        pytest.skip("zizmor is not installed (pip install zizmor)")
    audit = subprocess.run(
        [tool("zizmor"), "--offline", "--min-severity", "medium", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr
    # and zizmor does find an expression of user text inside `run:`
    bad = tmp_path / "bad.yml"
    bad.write_text(
        (EXAMPLES / "forms.yml")
        .read_text(encoding="utf-8")
        .replace("set -euo pipefail", 'echo "${{ github.event.issue.title }}"', 1),
        encoding="utf-8",
    )
    found = subprocess.run(
        [tool("zizmor"), "--offline", "--min-severity", "medium", str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert found.returncode != 0 and "template-injection" in found.stdout + found.stderr


def test_no_event_text_reaches_an_expression_in_a_run_step():
    wf = yaml.safe_load((EXAMPLES / "forms.yml").read_text(encoding="utf-8"))
    for job in wf["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", "")
            for value in (step.get("env") or {}).values():
                assert "issue.body" not in value and "issue.title" not in value
        assert set(job["permissions"]) == {"contents", "issues"}
    assert wf["permissions"] == {} and wf["concurrency"]["cancel-in-progress"] is False


def test_hand_written_forms_are_kept_and_stale_ones_reported(kb: Path, cli):
    assert cli("forms", "write").exit_code == 0
    own = kb / ".github/ISSUE_TEMPLATE/cskb-coffee.yml"
    own.write_text("name: Our coffee\ndescription: ours\nbody: []\n", encoding="utf-8")
    git(kb, "commit", "-qam", "test: our own coffee form")
    assert stale_forms(open_kb(kb)) == []
    rich(kb)
    stale = [f.path for f in stale_forms(open_kb(kb))]
    assert stale == [
        ".github/ISSUE_TEMPLATE/cskb-call.yml",
        ".github/ISSUE_TEMPLATE/cskb-review.yml",
        ".github/ISSUE_TEMPLATE/cskb-respond.yml",
    ]
    result = cli("forms", "write", "--json")
    assert result.exit_code == 0, result.stderr
    states = {r["path"].rsplit("/", 1)[1]: r["state"] for r in yaml.safe_load(result.stdout)}
    assert states == {
        "cskb-call.yml": "written",
        "cskb-review.yml": "written",
        "cskb-coffee.yml": "hand-written (kept)",
        "cskb-respond.yml": "written",
    }
    assert "Discovery questions" in (kb / ".github/ISSUE_TEMPLATE/cskb-respond.yml").read_text(
        "utf-8"
    )
    assert own.read_text(encoding="utf-8").startswith("name: Our coffee")
    assert stale_forms(open_kb(kb)) == []


def test_cskb_check_reports_stale_forms(kb: Path, cli):
    assert cli("forms", "write").exit_code == 0
    clean = cli("check", "--format", "json")
    assert clean.exit_code == 0 and "forms-stale" not in clean.stdout
    rich(kb)
    result = cli("check", "--format", "github")
    assert result.exit_code == 0, "a stale form is a warning"
    assert "cskb-review.yml" in result.stdout and "forms-stale" in result.stdout
    strict = [
        f
        for f in json.loads(cli("check", "--strict", "--json").stdout)
        if f["rule"] == "forms-stale"
    ]
    assert strict and {f["severity"] for f in strict} == {"error"}
    assert cli("forms", "write").exit_code == 0
    assert "forms-stale" not in cli("check", "--strict", "--json").stdout


def test_init_github_installs_the_forms_and_the_workflow(tmp_path: Path, cli):
    result = cli("init", str(tmp_path / "new-kb"), "--github")
    assert result.exit_code == 0, result.stderr
    root = tmp_path / "new-kb"
    assert (root / WORKFLOW).read_text(encoding="utf-8") == workflow_text()
    forms = sorted((root / ".github/ISSUE_TEMPLATE").glob("cskb-*.yml"))
    assert len(forms) == 4
    assert git(root, "status", "--porcelain").strip() == ""
    again = cli("init", str(root), "--github")
    assert again.exit_code == 0 and "unchanged" in again.stderr + again.stdout
