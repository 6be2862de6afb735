"""The one exception hierarchy of cskb; `cli.errors` maps it to exit codes."""

from __future__ import annotations


class CskbError(Exception):
    """A problem the user can fix; its message is one line saying what and how."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(CskbError):
    """A bad command-line argument or value."""


class ConfigError(CskbError):
    """cskb.toml or team.yaml is malformed or inconsistent."""


class NotAKbError(CskbError):
    """No knowledge base was found where one was expected."""


class RepoError(CskbError):
    """Git refused or failed an operation (identity, lock, hook, remote)."""


class StateDirError(CskbError):
    """cskb's state folder `.cskb/` is a link, a file or not writable."""


class DataError(CskbError):
    """A record file (cycle, call, review) is unreadable or invalid."""


class NotFoundError(CskbError):
    """A named member, cycle, call or review does not exist."""


class PairingError(CskbError):
    """A pairing cannot be computed (for example fewer than two present members)."""


class SearchError(CskbError):
    """The search index or a query failed."""


class ChecksFailed(CskbError):
    """`cskb check` found errors; exit code 1 as linters do."""

    exit_code = 1


class AnnounceError(CskbError):
    """Posting the announcement failed (the cycle itself is safe)."""


class Interrupted(CskbError):
    """Ctrl-C while cskb waited (for example for the editor); what was written is kept."""

    exit_code = 130
