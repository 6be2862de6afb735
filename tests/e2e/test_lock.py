"""The lock files: every dependency pinned and hashed, installed by CI and the README, and
what this test run imports is what the lock says (unless requirements/newest.sh runs it)."""

from __future__ import annotations

import importlib.metadata
import os
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    pins: dict[str, str] = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2]):
        match = PIN.match(entry)
        assert match, f"{lock}: not an exact pin: {entry.splitlines()[0]!r}"
        assert "--hash=sha256:" in entry, f"{lock}: {match.group(1)} has no hash"
        pins.setdefault(_norm(match.group(1)), match.group(2))
    return pins


def _declared(*extras: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    names = {_norm(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in reqs}
    return names - {"cskb"}


def test_every_dependency_is_locked_with_hashes():
    run, test = _pins("run.lock"), _pins("test.lock")
    assert _declared() <= set(run), f"not in run.lock: {_declared() - set(run)}"
    everything = _declared("test", "bench", "dev") | {"setuptools"}
    assert everything <= set(test), f"not in test.lock: {everything - set(test)}"
    shared = set(run) & set(test)
    assert {n for n in shared if run[n] != test[n]} == set(), "the two locks disagree"


def test_ci_and_the_readme_install_from_the_lock():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for text in (readme, ci):
        assert "--require-hashes -r requirements/test.lock" in text
        assert "--no-deps --no-build-isolation -e ." in text
    assert "--require-hashes -r requirements/run.lock" in readme


@pytest.mark.skipif(
    os.environ.get("CSKB_NEWEST") == "1", reason="requirements/newest.sh tests the newest releases"
)
def test_this_run_uses_the_locked_versions():
    wanted = _pins("test.lock")
    installed = {_norm(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    for name in _declared("test", "dev"):
        assert installed.get(name) == wanted[name], (
            f"{name} {installed.get(name)} is installed, the lock says {wanted[name]}: "
            "install with the README's test command"
        )
