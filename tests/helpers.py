"""Test helpers: real files, real git."""

from __future__ import annotations

import subprocess
from pathlib import Path


def build_file_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write `{relative path: text or bytes}` under `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def git(cwd: Path, *args: str, check: bool = True) -> str:
    """Run real git in `cwd` and return its stdout."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


def commit_count(cwd: Path) -> int:
    return int(git(cwd, "rev-list", "--count", "HEAD").strip())


def last_commit_files(cwd: Path) -> list[str]:
    return sorted(git(cwd, "show", "--name-only", "--pretty=format:", "HEAD").split())
