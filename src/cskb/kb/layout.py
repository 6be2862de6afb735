"""The knowledge base on disk: discovery, paths, and the write lock."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cskb.adapters.fsio import file_lock
from cskb.config import CONFIG_FILE, Config, load_config
from cskb.errors import NotAKbError

TEAM_FILE = "team.yaml"
TEMPLATE_FILE = "templates/review.md"
CYCLES_DIR = "cycles"
CALLS_DIR = "calls"
REVIEWS_DIR = "reviews"
COFFEE_DIR = "coffee"
STATE_DIR = ".cskb"


@dataclass(frozen=True)
class Kb:
    """An opened knowledge base: its root folder and validated configuration."""

    root: Path
    config: Config

    @property
    def team_file(self) -> Path:
        return self.root / TEAM_FILE

    @property
    def template_file(self) -> Path:
        return self.root / TEMPLATE_FILE

    @property
    def cycles_dir(self) -> Path:
        return self.root / CYCLES_DIR

    @property
    def calls_dir(self) -> Path:
        return self.root / CALLS_DIR

    @property
    def reviews_dir(self) -> Path:
        return self.root / REVIEWS_DIR

    @property
    def coffee_dir(self) -> Path:
        return self.root / COFFEE_DIR

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    def rel(self, path: Path) -> str:
        """`path` relative to the KB root, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()  # the common, cheap case
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    @contextlib.contextmanager
    def write_lock(self, timeout: float = 30.0) -> Iterator[None]:
        """Serialise cskb write commands in this KB."""
        with file_lock(self.state_dir / "write.lock", timeout, "another cskb write command"):
            yield


def find_root(start: Path, override: str | os.PathLike[str] | None = None) -> Path:
    """The KB root: `override` if given, else the nearest folder at or above `start`
    holding `cskb.toml` (as git finds `.git`)."""
    if override:
        root = Path(override).expanduser()
        if not (root / CONFIG_FILE).is_file():
            raise NotAKbError(
                f"{root}: not a cskb knowledge base (no {CONFIG_FILE}); run `cskb init {root}` "
                "or point --kb/CSKB_DIR at one"
            )
        return root.resolve()
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise NotAKbError(
        f"not inside a cskb knowledge base (no {CONFIG_FILE} in {here} or above); "
        "run `cskb init` or pass --kb PATH"
    )


def open_kb(start: Path, override: str | os.PathLike[str] | None = None) -> Kb:
    """Find and open the KB, validating `cskb.toml`."""
    root = find_root(start, override)
    return Kb(root=root, config=load_config(root / CONFIG_FILE))
