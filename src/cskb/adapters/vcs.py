"""The only module that imports GitPython; it turns git failures into RepoError.

GitPython is imported lazily (it costs ~100 ms) so read-only commands stay fast.
User strings never reach an option position: paths always follow `--`, and
messages are passed as the separate value of `-m`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cskb.errors import RepoError

if TYPE_CHECKING:
    import git

GIT_TIMEOUT = 60.0
_NO_PROMPT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "GCM_INTERACTIVE": "never",
    "GIT_SSH_COMMAND": "ssh -o BatchMode=yes -o ConnectTimeout=20",
}


def _git() -> Any:
    import git as gitmodule

    return gitmodule


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("hint:"):
            return line
    return ""


def _git_text(exc: Exception) -> str:
    stderr = str(getattr(exc, "stderr", "") or "")
    stdout = str(getattr(exc, "stdout", "") or "")
    return (stderr + "\n" + stdout).replace("stderr: ", "").replace("stdout: ", "")


def disk_full(exc: Exception, root: Path) -> bool:
    """True when git failed because the disk (or the quota) is full: git says so, or it
    could not write a file and the file system holding `root` has (almost) no space."""
    low = _git_text(exc).lower()
    if "no space left on device" in low or "disk quota exceeded" in low:
        return True
    if "unable to write" in low or "could not write" in low or "short write" in low:
        try:
            st = os.statvfs(root)
        except (OSError, AttributeError):
            return False
        return st.f_bavail * st.f_frsize < 1 << 20
    return False


def _explain(exc: Exception, root: Path) -> RepoError:
    """A one-line explanation of a failed git command."""
    text = _git_text(exc)
    low = text.lower()
    if disk_full(exc, root):  # before index.lock: git names the lock it could not create
        return RepoError(
            f"{root}: the disk is full, so git could not commit ({_first_line(text) or 'no space'}); "
            "free some space, then commit the files yourself (they are written, not committed)"
        )
    if "index.lock" in low:
        return RepoError(
            f"{root}: git's index is locked (.git/index.lock exists); if no other git command is "
            "running, remove that file and try again"
        )
    if (
        "please tell me who you are" in low
        or "unable to auto-detect email" in low
        or ("empty ident" in low)
    ):
        return RepoError(
            'git has no identity for commits; run `git config --global user.name "Your Name"` '
            "and `git config --global user.email you@example.com`, or pass --no-commit"
        )
    line = _first_line(text.strip().strip("'"))
    return RepoError(f"git failed in {root}: {line or exc}")


def open_repo(root: Path) -> git.Repo:
    """The git repository that holds `root`."""
    gm = _git()
    try:
        return gm.Repo(root, search_parent_directories=True)
    except (gm.InvalidGitRepositoryError, gm.NoSuchPathError):
        raise RepoError(
            f"{root}: not inside a git repository; run `git init` there or `cskb init`"
        ) from None


def repo_top(root: Path) -> Path:
    """The top folder of the work tree holding `root`."""
    repo = open_repo(root)
    return Path(repo.working_tree_dir or root).resolve()


def is_repo(root: Path) -> bool:
    gm = _git()
    try:
        gm.Repo(root, search_parent_directories=True)
        return True
    except (gm.InvalidGitRepositoryError, gm.NoSuchPathError):
        return False


def init_repo(root: Path, own: bool = False) -> None:
    """`git init` in `root` unless it is inside a repository already (`own`: unless `root`
    is itself the top of one, so a new KB never commits into an enclosing repository)."""
    if own:
        if (root / ".git").exists():
            return
    elif is_repo(root):
        return
    gm = _git()
    try:
        gm.Repo.init(root)
    except gm.GitCommandError as exc:
        raise _explain(exc, root) from None


def git_dir(root: Path) -> Path | None:
    """The git directory of the work tree holding `root` (following a `.git` file, as
    worktrees and submodules use), found without starting git; None outside a repo."""
    for folder in (root, *root.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            try:
                text = dot.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                return None
            if text.startswith("gitdir:"):
                target = Path(text[len("gitdir:") :].strip())
                return target if target.is_absolute() else (folder / target)
            return None
    return None


_UNFINISHED = (
    ("MERGE_HEAD", "a merge", "`git merge --continue` or `git merge --abort`"),
    ("rebase-merge", "a rebase", "`git rebase --continue` or `git rebase --abort`"),
    ("rebase-apply", "a rebase or `git am`", "`git rebase --continue` or `git rebase --abort`"),
    ("CHERRY_PICK_HEAD", "a cherry-pick", "`git cherry-pick --continue` or `--abort`"),
    ("REVERT_HEAD", "a revert", "`git revert --continue` or `--abort`"),
    ("BISECT_LOG", "a bisect", "`git bisect reset`"),
)


def unfinished_operation(root: Path) -> str | None:
    """A one-line description of a git operation left half-done in `root`'s repository."""
    gd = git_dir(root)
    if gd is None:
        return None
    for marker, what, how in _UNFINISHED:
        if os.path.lexists(gd / marker):
            return f"{what} is in progress in this repository; finish it with {how} first"
    return None


def refuse_unfinished_operation(root: Path, after: str = "nothing was written") -> None:
    """Refuse a write up front while a merge, rebase or cherry-pick is half-done: a file
    staged now would be deleted by `git merge --abort`, and the commit would be refused."""
    problem = unfinished_operation(root)
    if problem:
        raise RepoError(f"{root}: {problem}; {after}")


def uncommitted(root: Path, path: Path) -> bool:
    """True when `path` differs from HEAD (in the index or the work tree); False for a file
    git does not track yet or a repository without commits."""
    gm = _git()
    repo = open_repo(root)
    top = Path(repo.working_tree_dir or root).resolve()
    rel = Path(os.path.relpath(Path(path).resolve(), top)).as_posix()
    if not repo.head.is_valid():
        return False
    try:
        tracked = repo.git.ls_files("--", rel).strip()
        if not tracked:
            return False
        return bool(repo.git.diff("HEAD", "--name-only", "--", rel).strip())
    except gm.GitCommandError as exc:
        raise _explain(exc, top) from None


def committed_text(root: Path, path: Path) -> str | None:
    """`path` as the last commit has it, or None when HEAD does not hold it."""
    gm = _git()
    repo = open_repo(root)
    if not repo.head.is_valid():
        return None
    top = Path(repo.working_tree_dir or root).resolve()
    rel = Path(os.path.relpath(Path(path).resolve(), top)).as_posix()
    try:
        return str(repo.git.show(f"HEAD:{rel}", strip_newline_in_stdout=False))
    except gm.GitCommandError:
        return None


def _safe_ref(name: str, what: str) -> str:
    """Refuse a remote or branch name from git config that could reach an option position."""
    bad = (
        not name
        or name.startswith("-")
        or any(c.isspace() or ord(c) < 32 or c == "\x7f" for c in name)
        or ".." in name
        or name.startswith("/")
    )
    if bad:
        raise RepoError(
            f"{what} {name!r} is not a usable git name (it is empty, starts with '-' or holds "
            "spaces or control characters); rename it with `git remote rename` / `git branch -m`"
        )
    return name


@dataclass(frozen=True)
class CommitResult:
    sha: str
    message: str
    paths: tuple[str, ...]


def commit_paths(root: Path, paths: Iterable[Path], message: str) -> CommitResult | None:
    """Commit exactly `paths` (never `git add -A`); other staged changes stay staged.

    Returns None when the files hold no change against HEAD.
    """
    gm = _git()
    repo = open_repo(root)
    top = Path(repo.working_tree_dir or root).resolve()
    rels = sorted({Path(os.path.relpath(Path(p).resolve(), top)).as_posix() for p in paths})
    if not rels:
        return None
    refuse_unfinished_operation(top, "the files are written, not staged and not committed")
    if repo.head.is_detached:
        raise RepoError(
            f"{top}: HEAD is detached, so a commit would belong to no branch; "
            "`git switch <branch>` first, or pass --no-commit (the files are written)"
        )
    try:
        repo.git.add("--", *rels)
        changed = (
            repo.git.diff("--cached", "--name-only", "--", *rels) if repo.head.is_valid() else "x"
        )
        if not changed.strip():
            return None
        repo.git.commit("-m", message, "--only", "--", *rels)
    except gm.GitCommandError as exc:
        if not disk_full(exc, top) and _hook_failed(repo, exc):
            raise RepoError(
                "a git hook refused the commit "
                f"({_first_line(_strip(str(exc.stderr or '') + str(exc.stdout or ''))) or 'no output'}); "
                "the files are written: fix what it says, then commit them yourself"
            ) from None
        raise _explain(exc, top) from None
    return CommitResult(repo.head.commit.hexsha, message, tuple(rels))


def _strip(text: str) -> str:
    return text.replace("stderr: ", "").replace("stdout: ", "").strip().strip("'")


def _hook_failed(repo: Any, exc: Exception) -> bool:
    hooks = Path(repo.git_dir) / "hooks"
    cfg_hooks = None
    try:
        cfg_hooks = repo.config_reader().get_value("core", "hooksPath", None)
    except Exception:  # config read problems are not the point here
        cfg_hooks = None
    folders = [hooks] + ([Path(str(cfg_hooks))] if cfg_hooks else [])
    for folder in folders:
        for name in ("pre-commit", "commit-msg", "prepare-commit-msg"):
            hook = folder / name
            if hook.is_file() and os.access(hook, os.X_OK):
                text = str(getattr(exc, "stderr", "")) + str(getattr(exc, "stdout", ""))
                if "please tell me who you are" not in text.lower() and "index.lock" not in text:
                    return True
    return False


def user_email(root: Path) -> str | None:
    """`git config user.email` as git itself resolves it for `root`."""
    gm = _git()
    try:
        repo = open_repo(root)
        return str(repo.git.config("--get", "user.email")).strip() or None
    except (RepoError, gm.GitCommandError):
        return None


@dataclass(frozen=True)
class SyncResult:
    branch: str
    pulled: int
    pushed: int
    remote: str


Resolver = Callable[[str, str, str], "str | None"]


def _resolve_conflicts(repo: Any, resolve: Resolver | None, opts: dict[str, Any]) -> bool:
    """Settle a stopped rebase whose every conflicted file `resolve(path, upstream's text,
    ours)` can merge (an order-independent merge, so both clones reach the same file), and
    go on; repeated for each commit that stops. False (nothing settled) when any conflicted
    file is one `resolve` does not merge."""
    if resolve is None:
        return False
    g = repo.git
    for _ in range(1000):  # one round per replayed commit
        paths = [p for p in g.diff("--name-only", "-z", "--diff-filter=U").split("\0") if p]
        if not paths:
            return True
        merged: dict[str, str] = {}
        for path in paths:
            try:
                upstream = g.show(f":2:{path}")
                ours = g.show(f":3:{path}")
            except _git().GitCommandError:
                return False  # a side deleted it: not ours to decide
            text = resolve(path, upstream, ours)
            if text is None:
                return False
            merged[path] = text
        top = Path(repo.working_tree_dir)
        for path, text in merged.items():
            (top / path).write_text(text, encoding="utf-8")
        g.add("--", *merged)
        env = dict(opts["env"], GIT_EDITOR="true")
        try:
            g.rebase("--continue", kill_after_timeout=opts["kill_after_timeout"], env=env)
            return True
        except _git().GitCommandError:
            continue  # the next commit stopped too
    return False


def sync(
    root: Path,
    remote: str | None = None,
    timeout: float = GIT_TIMEOUT,
    resolve: Resolver | None = None,
) -> SyncResult:
    """`git pull --rebase` then `git push`; a conflict that `resolve` cannot merge aborts
    the rebase, nothing is lost."""
    gm = _git()
    repo = open_repo(root)
    if not repo.head.is_valid():
        raise RepoError(f"{root}: the branch has no commits yet; commit something before syncing")
    if repo.head.is_detached:
        raise RepoError(f"{root}: HEAD is detached; `git switch <branch>` before syncing")
    branch = repo.active_branch
    tracking = branch.tracking_branch()
    if remote is None:
        if tracking is not None:
            remote = tracking.remote_name
        elif repo.remotes:
            remote = repo.remotes[0].name
        else:
            raise RepoError(
                f"{root}: no git remote to sync with; add one with `git remote add origin URL`"
            )
    if remote not in [r.name for r in repo.remotes]:
        raise RepoError(f"{root}: no git remote named {remote!r}; see `git remote -v`")
    _safe_ref(remote, "git remote")
    _safe_ref(branch.name, "branch")
    g = repo.git
    upstream = f"{remote}/{branch.name}"
    before = repo.head.commit.hexsha
    opts: dict[str, Any] = {
        "kill_after_timeout": timeout,
        "env": dict(os.environ, **_NO_PROMPT_ENV),
    }
    try:
        g.fetch("--", remote, **opts)
        has_upstream = any(ref.name == upstream for ref in repo.remote(remote).refs)
        pulled = (
            int(g.rev_list("--count", "--end-of-options", f"{before}..{upstream}"))
            if has_upstream
            else 0
        )
        if has_upstream:
            try:
                g.rebase("--autostash", "--end-of-options", upstream, **opts)
            except gm.GitCommandError:
                try:
                    settled = _resolve_conflicts(repo, resolve, opts)
                except (gm.GitCommandError, OSError):
                    settled = False  # never leave the clone half-way through a rebase
                if not settled:
                    _abort_rebase(repo)
                    raise RepoError(
                        f"sync stopped: your commits conflict with {upstream}; the rebase was "
                        "aborted and nothing was lost. Run `git pull --rebase` to resolve by hand"
                    ) from None
        ahead = int(
            g.rev_list(
                "--count", "--end-of-options", f"{upstream}..HEAD" if has_upstream else "HEAD"
            )
        )
        if ahead:
            g.push("--porcelain", "--", remote, f"HEAD:refs/heads/{branch.name}", **opts)
    except gm.GitCommandError as exc:
        text = _strip(str(exc.stderr or "") + " " + str(exc.stdout or ""))
        if "rejected" in text or "non-fast-forward" in text or "fetch first" in text:
            raise RepoError(
                f"push to {remote} was rejected (the remote moved on or refuses the branch); "
                "your commits are kept locally: run `cskb sync` again"
            ) from None
        raise RepoError(f"sync with {remote} failed: {_first_line(text) or exc}") from None
    return SyncResult(branch.name, pulled, ahead, remote)


def _abort_rebase(repo: Any) -> None:
    gm = _git()
    with contextlib.suppress(gm.GitCommandError):
        repo.git.rebase("--abort")


def tracked_files(root: Path, paths: Sequence[str] = ()) -> list[str]:
    """Files git tracks under `root` (optionally limited to `paths`), relative to the repo top."""
    gm = _git()
    repo = open_repo(root)
    try:
        out = repo.git.ls_files("-z", "--", *paths)
    except gm.GitCommandError as exc:
        raise _explain(exc, root) from None
    return [p for p in out.split("\0") if p]


def _plain_git(root: Path, *args: str) -> str | None:
    """Run a read-only git command without GitPython (whose import costs ~0.3 s): for the
    read paths of `cskb stats` and `cskb site`. None when git fails or is missing."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **_NO_PROMPT_ENV},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def head_commit(root: Path) -> str | None:
    """The full SHA of HEAD, or None when the folder is not a repository or has no commit."""
    out = _plain_git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    sha = (out or "").strip()
    return sha if len(sha) >= 40 else None


def last_changed(root: Path, folder: str) -> dict[str, int]:
    """For every file under `folder` (relative to `root`), the commit time (Unix seconds)
    of the last commit that touched it, keyed by its path relative to `root`; one
    `git log` pass. Empty when git cannot tell."""
    top = _plain_git(root, "rev-parse", "--show-toplevel")
    if not top or head_commit(root) is None:
        return {}
    prefix = Path(os.path.relpath(root.resolve(), Path(top.strip()).resolve())).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    text = _plain_git(
        root,
        "log",
        "--format=%x00%ct",
        "--name-only",
        "--no-renames",
        "-z",
        "--",
        str(root.resolve() / folder),
    )
    if text is None:
        return {}
    out: dict[str, int] = {}
    stamp = 0
    for token in text.split("\0"):
        token = token.strip("\n")
        if not token:
            continue
        if token.isdigit() and "/" not in token:
            stamp = int(token)
            continue
        if token.startswith(prefix):
            out.setdefault(token[len(prefix) :], stamp)
    return out
