"""`cskb init`: lay out a new knowledge base without ever overwriting a file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cskb.adapters import vcs
from cskb.adapters.fsio import write_new
from cskb.config import CONFIG_FILE, default_config_text
from cskb.errors import DataError, UsageError
from cskb.kb.layout import (
    CALLS_DIR,
    COFFEE_DIR,
    CYCLES_DIR,
    REVIEWS_DIR,
    STATE_DIR,
    TEAM_FILE,
    TEMPLATE_FILE,
)

GITIGNORE = (
    f"# cskb's derived data (the search index); rebuilt from the Markdown files\n/{STATE_DIR}/\n"
)
TEAM_TEXT = "# The team: see docs/format.md. Edit by hand or with `cskb team add`.\nmembers: []\n"
KEEP = ".gitkeep"
MATRIX_FILE = "competencies.yaml"  # the competency matrix (read by cskb.growth)


def resource_text(name: str) -> str:
    return resources.files("cskb.resources").joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class InitResult:
    root: Path
    created: tuple[str, ...]
    kept: tuple[str, ...]  # files that existed and were left alone
    commit: vcs.CommitResult | None
    restored: tuple[str, ...] = ()  # deleted files brought back from the last commit


def enclosing_kb(root: Path) -> Path | None:
    """The KB folder strictly above `root`, if `root` lies inside one."""
    for folder in Path(os.path.abspath(root)).parents:
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def init_kb(root: Path, commit: bool = True, own_repo: bool = False) -> InitResult:
    """Create the KB files in `root` (git init if needed) and commit them.

    Safe to run again: files are never overwritten; a KB file the last commit holds but
    the folder lost (a deleted `team.yaml`) is restored from that commit rather than
    re-created empty over the history; and KB files a failed first run left uncommitted
    are committed. `own_repo` makes `root` a repository of its own even inside another."""
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root}: exists and is not a folder; pick another path")
    outer = enclosing_kb(root)
    if outer is not None:
        raise UsageError(
            f"{root}: is inside the knowledge base {outer}; a knowledge base cannot hold "
            "another one: pick a folder outside it"
        )
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    vcs.init_repo(root, own=own_repo)
    files = {
        CONFIG_FILE: default_config_text(),
        TEAM_FILE: TEAM_TEXT,
        TEMPLATE_FILE: resource_text("review.md"),
        ".gitignore": GITIGNORE,
        "README.md": resource_text("kb-readme.md"),
        MATRIX_FILE: resource_text("competencies.yaml"),
        f"{CYCLES_DIR}/{KEEP}": "",
        f"{CALLS_DIR}/{KEEP}": "",
        f"{REVIEWS_DIR}/{KEEP}": "",
        f"{COFFEE_DIR}/{KEEP}": "",
    }
    created: list[str] = []
    kept: list[str] = []
    restored: list[str] = []
    for rel, text in files.items():
        path = root / rel
        if not os.path.lexists(path):
            old = vcs.committed_text(root, path)
            if old is not None:
                text = old
                restored.append(rel)
        if write_new(path, text, inside=root):
            if rel not in restored:
                created.append(rel)
        else:
            kept.append(rel)
    from cskb.playbook.write import seed_cards

    seeded = seed_cards(root)  # one never-verified playbook card per rubric criterion
    created += seeded
    # cards an earlier, failed run seeded count as kept, so they are committed below
    cards = root / "playbook"
    if cards.is_dir() and not cards.is_symlink():
        kept += [
            f"playbook/{p.name}"
            for p in sorted(cards.glob("*.md"))
            if p.is_file() and not p.is_symlink() and f"playbook/{p.name}" not in seeded
        ]
    gitignore = root / ".gitignore"
    if ".gitignore" in kept and f"/{STATE_DIR}/" not in _read_gitignore(gitignore):
        with gitignore.open("a", encoding="utf-8") as fh:
            fh.write("\n" + GITIGNORE)
        created.append(".gitignore (appended)")
    result = None
    if commit:
        # files a failed earlier run wrote (or staged) that no commit holds yet
        untracked = [
            r for r in kept if (root / r).is_file() and vcs.committed_text(root, root / r) is None
        ]
        paths = [root / r.split(" ")[0] for r in [*created, *untracked]]
        if paths:
            result = vcs.commit_paths(root, paths, "cskb: init knowledge base")
    return InitResult(root, tuple(created), tuple(kept), result, tuple(restored))


def _read_gitignore(path: Path) -> str:
    """The KB's `.gitignore` (a plain file read without blocking; a pipe is refused)."""
    from cskb.adapters import fsio

    try:
        return fsio.read_bytes(path, 1 << 20).decode("utf-8", "replace")
    except OSError as exc:
        raise DataError(
            f"{path}: cannot read ({exc.strerror}); make it a plain text file"
        ) from None
