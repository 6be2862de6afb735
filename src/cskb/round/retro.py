"""The retro of the programme: one file per member and cycle, `retros/<cycle>/<member>.yaml`.

A retro says how useful the round was (1-5), what worked, what to change and, optionally, a
suggestion for the rubric or the playbook, with tags. It is scaffolded by `cskb retro new`,
edited, validated and committed like a review (the same edit session); a file that does not
validate stays on disk, uncommitted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cskb.adapters import vcs
from cskb.adapters.fsio import write_new
from cskb.adapters.store import dump_yaml, load_yaml_file
from cskb.errors import DataError, UsageError
from cskb.kb.layout import Kb
from cskb.kb.roster import load_roster
from cskb.kb.text import check_line
from cskb.models import Finding
from cskb.pairing.cycles import cycle_path, get_cycle, parse_cycle_id
from cskb.reviews.records import EditResult, edit_session
from cskb.reviews.tags import normalise

RETROS_DIR = "retros"
USEFUL = (1, 5)
ABOUT = ("", "rubric", "playbook")
FIELDS = ("cycle", "member", "useful", "worked", "change", "suggestion", "about", "tags")
MAX_TEXT = 5000


@dataclass(frozen=True)
class Retro:
    cycle: str
    member: str
    useful: int
    worked: str
    change: str
    suggestion: str = ""
    about: str = ""  # what the suggestion is for: "rubric", "playbook" or ""
    tags: tuple[str, ...] = ()
    path: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}


def retros_dir(kb: Kb) -> Path:
    return kb.root / RETROS_DIR


def retro_path(kb: Kb, cycle_id: str, member: str) -> Path:
    return retros_dir(kb) / cycle_id / f"{member}.yaml"


def check_useful(value: Any, where: str) -> int:
    lo, hi = USEFUL
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise UsageError(f"{where} {value!r} must be a whole number from {lo} to {hi}")
    return value


def _text(data: dict[str, Any], key: str, required: bool) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise DataError(f"`{key}` is empty; write a sentence or two")
        return ""
    if not isinstance(value, str):
        raise DataError(f"`{key}` must be text, not {type(value).__name__}")
    if len(value) > MAX_TEXT:
        raise DataError(f"`{key}` is {len(value)} characters; keep it under {MAX_TEXT}")
    check_line(value, f"`{key}`", multiline=True)
    return value.strip()


def parse_retro(kb: Kb, path: Path, members: Collection[str] | None = None) -> Retro:
    """A retro file, validated; DataError (one line naming the field) when it is not valid."""
    raw = load_yaml_file(path, "retro")
    rel = kb.rel(path)
    if not isinstance(raw, dict):
        raise DataError(f"{rel}: a retro is a mapping of {', '.join(FIELDS)}")
    unknown = sorted(str(k) for k in raw if k not in FIELDS)
    if unknown:
        raise DataError(f"{rel}: unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
    try:
        cycle = parse_cycle_id(str(raw.get("cycle", "")))
        if cycle.isoformat() != path.parent.name:
            raise DataError(f"`cycle` {cycle} is not the folder's cycle {path.parent.name}")
        if not cycle_path(kb.cycles_dir, cycle).is_file():
            raise DataError(f"`cycle` {cycle}: no such cycle in cycles/; see `cskb cycles`")
        member = str(raw.get("member", ""))
        if member != path.stem:
            raise DataError(f"`member` {member!r} is not the file's member {path.stem!r}")
        if members is not None and member not in members:
            raise DataError(f"`member` {member!r} is not in team.yaml")
        if raw.get("useful") is None:
            raise DataError("`useful` is empty; give how useful the round was, 1 to 5")
        useful = check_useful(raw.get("useful"), "`useful`")
        about = str(raw.get("about") or "")
        if about not in ABOUT:
            raise DataError(f"`about` {about!r} must be rubric, playbook or empty")
        tags = raw.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise DataError("`tags` must be a list of words, like [pairing, template]")
        return Retro(
            cycle.isoformat(),
            member,
            useful,
            _text(raw, "worked", True),
            _text(raw, "change", True),
            _text(raw, "suggestion", False),
            about,
            tuple(normalise(tags)),
            rel,
        )
    except (DataError, UsageError) as exc:
        raise DataError(f"{rel}: {exc.message}") from None


def validate_retro(kb: Kb, path: Path) -> list[Finding]:
    """The edit session's check: one error finding, or none."""
    try:
        parse_retro(kb, path, {m.handle for m in load_roster(kb.team_file)})
    except DataError as exc:
        return [Finding(kb.rel(path), 1, "retro-invalid", "error", exc.message)]
    return []


def scaffold(
    kb: Kb,
    today: dt.date,
    cycle_id: str | None,
    me: str,
    useful: int | None,
    worked: str,
    change: str,
    suggestion: str,
    about: str,
    tags: list[str],
) -> Path:
    """Write a new retro for `me` (never over an existing one); values given are set."""
    if useful is not None:
        check_useful(useful, "--useful")
    if about not in ABOUT:
        raise UsageError(f"--about {about!r} must be rubric or playbook")
    for value, name in ((worked, "--worked"), (change, "--change"), (suggestion, "--suggestion")):
        check_line(value, name)
    cycle = get_cycle(kb.cycles_dir, cycle_id, today)
    path = retro_path(kb, cycle.id, me)
    data = {
        "cycle": cycle.start,
        "member": me,
        "useful": useful,
        "worked": worked.strip(),
        "change": change.strip(),
        "suggestion": suggestion.strip(),
        "about": about,
        "tags": normalise(tags),
    }
    head = (
        "# Your retro of this round: how useful it was for you (useful: 1-5), what worked,\n"
        "# what to change, and optionally a suggestion (about: rubric or playbook).\n"
    )
    with kb.write_lock():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not write_new(path, head + dump_yaml(data), inside=kb.root):
            raise UsageError(
                f"{kb.rel(path)} already exists; edit it with your editor and commit it, "
                "or see `cskb retro summary`"
            )
    return path


def edit_retro(
    kb: Kb,
    path: Path,
    editor: str | None,
    *,
    interactive: bool,
    ci: bool = False,
    requested: bool | None = None,
    commit: bool = True,
) -> EditResult:
    """The retro's edit session: editor (when wanted), validation, commit."""
    rel = kb.rel(path)

    def do_commit() -> vcs.CommitResult | None:
        with kb.write_lock():
            return vcs.commit_paths(
                kb.root, [path], f"cskb: retro {path.stem} ({path.parent.name})"
            )

    return edit_session(
        kb,
        path,
        editor,
        interactive=interactive,
        ci=ci,
        requested=requested,
        validate=lambda p: validate_retro(kb, p),
        commit=do_commit if commit else None,
        ident=path.stem,
        resume=f"$EDITOR {rel} && git commit {rel}",
    )


def load_retros(kb: Kb) -> tuple[list[Retro], list[str]]:
    """Every valid retro, oldest cycle first, and the files that did not validate."""
    members = {m.handle for m in load_roster(kb.team_file)}
    out: list[Retro] = []
    bad: list[str] = []
    root = retros_dir(kb)
    if not root.is_dir() or root.is_symlink():
        return out, bad
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()):
        for path in sorted(folder.glob("*.yaml")):
            try:
                out.append(parse_retro(kb, path, members))
            except DataError:
                bad.append(kb.rel(path))
    return out, bad
