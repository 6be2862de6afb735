"""docs/architecture.md lists every module of the package once, and nothing that is gone."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "cskb"


def _listed() -> Counter[str]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("\nEvery module, by package", 1)[1].split("\n## ", 1)[0]
    return Counter(re.findall(r"^\| `([\w/]+\.py)` \|", section, flags=re.MULTILINE))


def _modules() -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")}


def test_every_module_is_on_the_map_once():
    listed = _listed()
    assert listed, "the module table of docs/architecture.md was not found"
    missing = sorted(_modules() - set(listed))
    assert not missing, f"add these to the module table of docs/architecture.md: {missing}"
    twice = sorted(m for m, n in listed.items() if n > 1)
    assert not twice, f"listed more than once in docs/architecture.md: {twice}"


def test_nothing_on_the_map_is_gone():
    gone = sorted(set(_listed()) - _modules())
    assert not gone, f"docs/architecture.md lists modules that no longer exist: {gone}"
