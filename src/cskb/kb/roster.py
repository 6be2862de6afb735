"""`team.yaml`: the roster of members, validated, and edits to it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cskb.adapters.store import dump_yaml, load_yaml_file, to_date
from cskb.errors import ConfigError, NotFoundError, UsageError
from cskb.kb.text import check_line
from cskb.models import AwayWindow, Member

HANDLE_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?$")
SLACK_ID_RE = re.compile(r"^[UW][A-Z0-9]{2,20}$")
# A GitHub login: letters, digits and single hyphens inside, at most 39 characters.
GITHUB_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
MEMBER_KEYS = (
    "handle",
    "name",
    "email",
    "team",
    "role",
    "joined",
    "active",
    "away",
    "slack_id",
    "level",
    "github",
    "back_on",
)


def validate_handle(handle: str, what: str = "handle") -> str:
    """Return `handle` if it is a safe lowercase slug, else raise with how to fix it."""
    if not isinstance(handle, str) or not handle:
        raise UsageError(f"{what} is empty; use a lowercase slug like 'ana' or 'li-wei'")
    if handle.startswith("-"):
        raise UsageError(f"{what} {handle!r} starts with '-'; use a lowercase slug like 'ana'")
    if ".." in handle or "/" in handle or "\\" in handle:
        raise UsageError(
            f"{what} {handle!r} contains a path separator or '..'; use a slug like 'ana'"
        )
    if not HANDLE_RE.match(handle):
        raise UsageError(
            f"{what} {handle!r} is not a lowercase slug (a-z, 0-9, '-' or '_', at most 40 "
            "characters, starting and ending with a letter or digit)"
        )
    return handle


def load_roster(path: Path) -> list[Member]:
    """Read and validate `team.yaml`; errors name the file, the member and the field."""
    if not path.exists():
        raise ConfigError(f"{path}: not found; run `cskb init` or create it with `cskb team add`")
    try:
        data = load_yaml_file(path, "roster")
    except Exception as exc:  # DataError from the YAML layer: re-raise as a config problem
        raise ConfigError(str(exc)) from None
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("members", []), list):
        raise ConfigError(f"{path}: must be a mapping with a 'members:' list")
    members: list[Member] = []
    seen: dict[str, int] = {}
    logins: dict[str, int] = {}
    for i, raw in enumerate(data.get("members") or [], 1):
        members.append(_parse_member(raw, f"{path}: member #{i}"))
        handle = members[-1].handle
        if handle in seen:
            raise ConfigError(
                f"{path}: duplicate handle {handle!r} (members #{seen[handle]} and #{i}); "
                "give each member a unique handle"
            )
        seen[handle] = i
        login = members[-1].github.lower()
        if login and login in logins:
            raise ConfigError(
                f"{path}: github {members[-1].github!r} is given to two members "
                f"(#{logins[login]} and #{i}); a login belongs to one member"
            )
        if login:
            logins[login] = i
    return members


def _parse_member(raw: Any, at: str) -> Member:
    if not isinstance(raw, dict):
        raise ConfigError(f"{at}: must be a mapping with at least handle and name")
    unknown = set(raw) - set(MEMBER_KEYS)
    if unknown:
        raise ConfigError(
            f"{at}: unknown field {sorted(map(str, unknown))[0]!r}; known: {', '.join(MEMBER_KEYS)}"
        )
    handle = raw.get("handle")
    try:
        validate_handle(handle if isinstance(handle, str) else "", "handle")
    except UsageError as exc:
        raise ConfigError(f"{at}: {exc}") from None
    assert isinstance(handle, str)
    at = f"{at} ({handle})"
    fields: dict[str, Any] = {"handle": handle}
    for key in ("name", "email", "team", "role"):
        value = raw.get(key, handle if key == "name" else "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ConfigError(f'{at}: {key} must be text; quote it, e.g. {key}: "{value}"')
        fields[key] = value.strip()
    joined = raw.get("joined")
    if joined is not None:
        fields["joined"] = to_date(joined)
        if fields["joined"] is None:
            raise ConfigError(f"{at}: joined {joined!r} must be a date like 2025-03-01")
    active = raw.get("active", True)
    if not isinstance(active, bool):
        raise ConfigError(f"{at}: active must be true or false")
    fields["active"] = active
    away = raw.get("away") or []
    if not isinstance(away, list):
        raise ConfigError(f"{at}: away must be a list of {{from: DATE, until: DATE}} windows")
    windows = []
    for w in away:
        start = to_date(w.get("from")) if isinstance(w, dict) else None
        until = to_date(w.get("until")) if isinstance(w, dict) else None
        if start is None or until is None:
            raise ConfigError(
                f"{at}: away window {w!r} needs 'from' and 'until' dates like 2026-12-01"
            )
        if until < start:
            raise ConfigError(
                f"{at}: away window ends ({until}) before it starts ({start}); swap the dates"
            )
        windows.append(AwayWindow(start, until))
    fields["away"] = tuple(windows)
    slack_id = raw.get("slack_id")
    if slack_id is not None:
        if not isinstance(slack_id, str) or not SLACK_ID_RE.match(slack_id):
            raise ConfigError(
                f"{at}: slack_id {slack_id!r} is not a Slack member id like U0123ABCD "
                "(Slack: profile, More, Copy member ID)"
            )
        fields["slack_id"] = slack_id
    level = raw.get("level")
    if level is not None:
        if not isinstance(level, str) or not level.strip():
            raise ConfigError(
                f"{at}: level must be a level key from competencies.yaml, e.g. level: associate"
            )
        fields["level"] = level.strip()
    github = raw.get("github")
    if github is not None:
        if not isinstance(github, str) or not GITHUB_RE.match(github.removeprefix("@")):
            raise ConfigError(
                f"{at}: github {github!r} is not a GitHub login like 'ana-lima' "
                "(letters, digits and single hyphens, as in github.com/LOGIN)"
            )
        fields["github"] = github.removeprefix("@")
    back_on = raw.get("back_on")
    if back_on is not None:
        fields["back_on"] = to_date(back_on)
        if fields["back_on"] is None:
            raise ConfigError(f"{at}: back_on {back_on!r} must be a date like 2026-11-22")
    return Member(**fields)


def member_to_dict(m: Member) -> dict[str, Any]:
    """A member as `team.yaml` stores it: fixed key order, no empty optional fields."""
    out: dict[str, Any] = {"handle": m.handle, "name": m.name}
    for key in ("email", "team", "role"):
        if getattr(m, key):
            out[key] = getattr(m, key)
    if m.joined:
        out["joined"] = m.joined
    out["active"] = m.active
    if m.away:
        out["away"] = [{"from": w.start, "until": w.until} for w in m.away]
    if m.slack_id:
        out["slack_id"] = m.slack_id
    if m.level:
        out["level"] = m.level
    if m.github:
        out["github"] = m.github
    if m.back_on:
        out["back_on"] = m.back_on
    return out


def dump_roster(members: list[Member]) -> str:
    header = "# The team: see docs/format.md. Edit by hand or with `cskb team`.\n"
    return header + dump_yaml({"members": [member_to_dict(m) for m in members]})


def roster_text(current: str, members: list[Member], before: Sequence[Member] = ()) -> str:
    """`team.yaml`'s new text: `current` with only the changed members' lines edited, so
    hand-written comments and formatting survive (see `adapters.roundtrip`); members equal
    to one in `before` are left exactly as written."""
    from cskb.adapters.roundtrip import update_list_of_mappings

    if not current.strip():
        return dump_roster(members)
    old = set(before)
    same = frozenset(m.handle for m in members if m in old)
    return update_list_of_mappings(
        current, "members", "handle", [member_to_dict(m) for m in members], MEMBER_KEYS, same
    )


def edit_roster(
    root: Path,
    path: Path,
    update: Callable[[list[Member]], tuple[list[Member], Member]],
    message: str,
    commit: bool = True,
) -> tuple[Member, Any]:
    """Apply `update` to the roster under the KB's write lock, keeping comments, and commit
    only that change. An uncommitted hand edit of `team.yaml` is refused rather than
    committed under cskb's message (or lost); `--no-commit` edits on top of it."""
    from cskb.adapters import vcs
    from cskb.adapters.fsio import atomic_write, read_bytes
    from cskb.kb.layout import write_lock

    with write_lock(root):
        if commit and vcs.is_repo(root) and vcs.uncommitted(root, path):
            raise UsageError(
                f"{path.name} has changes that are not committed; commit them first "
                f"(`git commit {path.name}`) or stash them, or pass --no-commit"
            )
        before = load_roster(path)
        members, changed = update(before)
        try:
            current = read_bytes(path).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            current = ""
        atomic_write(path, roster_text(current, members, before), inside=root)
        done = vcs.commit_paths(root, [path], message) if commit else None
    return changed, done


def find_member(members: list[Member], handle: str) -> Member:
    for m in members:
        if m.handle == handle:
            return m
    known = ", ".join(m.handle for m in members) or "none yet"
    raise NotFoundError(
        f"no member {handle!r} in team.yaml (members: {known}); see `cskb team list`"
    )


def add_member(members: list[Member], member: Member) -> list[Member]:
    validate_handle(member.handle)
    for key in ("name", "email", "team", "role"):
        check_line(getattr(member, key), f"--{key}")
    if any(m.handle == member.handle for m in members):
        raise UsageError(
            f"a member with handle {member.handle!r} already exists; pick another handle"
        )
    return [*members, member]


def replace_member(members: list[Member], member: Member) -> list[Member]:
    return [member if m.handle == member.handle else m for m in members]


def set_active(members: list[Member], handle: str, active: bool) -> tuple[list[Member], Member]:
    m = dataclasses.replace(find_member(members, handle), active=active)
    return replace_member(members, m), m


def add_away(
    members: list[Member], handle: str, start: dt.date, until: dt.date
) -> tuple[list[Member], Member]:
    if until < start:
        raise UsageError(f"--until {until} is before --from {start}; swap the dates")
    old = find_member(members, handle)
    m = dataclasses.replace(old, away=(*old.away, AwayWindow(start, until)))
    return replace_member(members, m), m


def end_away(members: list[Member], handle: str, today: dt.date) -> tuple[list[Member], Member]:
    """Back from today: drop future windows and end the current one yesterday."""
    old = find_member(members, handle)
    windows = []
    for w in old.away:
        if w.until < today:
            windows.append(w)
        elif w.start < today:
            windows.append(AwayWindow(w.start, today - dt.timedelta(days=1)))
    m = dataclasses.replace(old, away=tuple(windows))
    return replace_member(members, m), m


def member_by_github(members: list[Member], login: str) -> Member | None:
    """The member whose `github:` is `login` (GitHub logins ignore case), or None."""
    login = login.strip().lower()
    return next((m for m in members if m.github and m.github.lower() == login), None)


def member_by_email(members: list[Member], email: str) -> Member | None:
    email = email.strip().lower()
    return next((m for m in members if m.email and m.email.lower() == email), None)
