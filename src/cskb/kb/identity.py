"""Who is running cskb: `--as`, `CSKB_USER`, or git's user.email matched in the roster."""

from __future__ import annotations

from pathlib import Path

from cskb.adapters import vcs
from cskb.errors import NotFoundError
from cskb.kb.roster import find_member, member_by_email
from cskb.models import Member


def current_member(members: list[Member], user: str | None, root: Path) -> tuple[Member, str]:
    """The current member and where that came from ('--as/CSKB_USER' or 'git user.email')."""
    if user:
        return find_member(members, user), "--as/CSKB_USER"
    email = vcs.user_email(root)
    if not email:
        raise NotFoundError(
            "cannot tell who you are: pass --as HANDLE, set CSKB_USER, or set "
            "`git config user.email` to your email in team.yaml"
        )
    member = member_by_email(members, email)
    if member is None:
        raise NotFoundError(
            f"git user.email {email!r} matches no member in team.yaml; pass --as HANDLE, "
            "set CSKB_USER, or add your email with `cskb team add`"
        )
    return member, "git user.email"
