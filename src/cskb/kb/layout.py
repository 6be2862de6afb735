"""The knowledge base on disk: discovery, paths, and the write lock."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cskb.adapters.locks import file_lock
from cskb.config import CONFIG_FILE, Config, load_config
from cskb.errors import DataError, NotAKbError, StateDirError

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

    def ensure_state_dir(self) -> Path:
        """The state folder `.cskb/`, created if missing; refused with one line when it is
        a symbolic link, a file or not writable, so nothing cskb keeps there (lock, index,
        secret) can land outside the KB."""
        return ensure_state_dir(self.root)

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
    def write_lock(
        self, timeout: float = 30.0, after: str = "nothing was written"
    ) -> Iterator[None]:
        """Serialise cskb write commands in this KB (see `write_lock`)."""
        with write_lock(self.root, timeout, after):
            yield


@contextlib.contextmanager
def write_lock(
    root: Path, timeout: float = 30.0, after: str = "nothing was written"
) -> Iterator[None]:
    """Serialise cskb write commands in the KB at `root`. Under the lock, a git merge,
    rebase or cherry-pick left half-done is refused before anything is written, and every
    "already exists" decision is taken here, never before."""
    from cskb.adapters.vcs import refuse_unfinished_operation

    folder = ensure_state_dir(root)
    with file_lock(folder / "write.lock", timeout, "another cskb write command"):
        refuse_unfinished_operation(root, after)
        yield


def ensure_state_dir(root: Path, need_write: bool = True) -> Path:
    """`root/.cskb` as a real folder inside `root` (see `Kb.ensure_state_dir`); with
    `need_write=False` a read-only one is accepted (commands that only read)."""
    folder = root / STATE_DIR
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        try:
            os.mkdir(folder, 0o777)  # the umask applies
        except FileExistsError:
            pass
        except OSError as exc:
            raise StateDirError(
                f"{folder}: cannot create cskb's state folder ({exc.strerror}); make "
                f"{root} writable"
            ) from None
        st = os.lstat(folder)
    if stat.S_ISLNK(st.st_mode):
        raise StateDirError(
            f"{folder}: cskb's state folder is a symbolic link; cskb keeps its lock and index "
            "only inside the knowledge base: remove the link (`rm .cskb`) and run again"
        )
    if not stat.S_ISDIR(st.st_mode):
        raise StateDirError(
            f"{folder}: cskb's state folder is a file, not a folder; move it away and run again"
        )
    if need_write and not os.access(folder, os.W_OK | os.X_OK):
        raise StateDirError(
            f"{folder}: cskb's state folder is not writable; make it writable "
            f"(`chmod u+w {STATE_DIR}`): it holds only the write lock and derived data"
        )
    return folder


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


LINKABLE = (REVIEWS_DIR, CALLS_DIR, CYCLES_DIR, COFFEE_DIR, "templates")


def refuse_linked_folders(root: Path) -> None:
    """A cloned KB whose `reviews/` (or calls/, cycles/, coffee/, templates/) is a symbolic
    link would have cskb read and write outside it: refuse with one line instead."""
    for name in LINKABLE:
        if os.path.islink(root / name):
            raise DataError(
                f"{root / name}: is a symbolic link; cskb reads and writes only inside the "
                f"knowledge base: replace it with a real folder"
            )
    state = root / STATE_DIR
    if os.path.lexists(state):
        ensure_state_dir(root, need_write=False)


def open_kb(start: Path, override: str | os.PathLike[str] | None = None) -> Kb:
    """Find and open the KB, validating `cskb.toml`."""
    root = find_root(start, override)
    refuse_linked_folders(root)
    return Kb(root=root, config=load_config(root / CONFIG_FILE))
