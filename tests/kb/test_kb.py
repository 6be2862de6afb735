from __future__ import annotations

from pathlib import Path

import pytest

from cskb.errors import NotAKbError
from cskb.kb.layout import find_root


def test_discovery_walks_up(kb: Path):
    deep = kb / "reviews" / "2026-11-16"
    deep.mkdir(parents=True)
    assert find_root(deep) == kb.resolve()


def test_override_and_env(kb: Path, tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    assert cli("--kb", str(kb), "team", "list", "--json").exit_code == 0
    r = cli("team", "list", "--json", env={"CSKB_DIR": str(kb)})
    assert r.exit_code == 0 and '"ana"' in r.stdout


def test_not_a_kb(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    r = cli("team", "list")
    assert r.exit_code == 2
    assert "not inside a cskb knowledge base" in r.stderr and "cskb init" in r.stderr
    r = cli("--kb", str(tmp_path / "nope"), "team", "list")
    assert r.exit_code == 2 and "not a cskb knowledge base" in r.stderr
    with pytest.raises(NotAKbError):
        find_root(tmp_path)
