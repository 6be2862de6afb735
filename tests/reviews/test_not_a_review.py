"""`review show/edit/done` refuse a file that is not a review (the template, a card, a
README, cskb.toml): one line, exit 2, nothing rendered or changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import git


@pytest.mark.parametrize(
    "target", ["templates/review.md", "playbook/agenda.md", "README.md", "cskb.toml"]
)
@pytest.mark.parametrize("command", ["show", "edit", "done"])
def test_a_file_that_is_not_a_review_is_refused(kb: Path, cli, command, target):
    if not (kb / target).exists():
        (kb / target).write_text("# notes\n", encoding="utf-8")
        git(kb, "add", target)
        git(kb, "commit", "-q", "-m", "readme")
    before = (kb / target).read_bytes()
    for ident in (target, str(kb / target)):
        r = cli(
            "--as",
            "ana",
            "review",
            command,
            ident,
            "--no-edit" if command == "edit" else "--json" if command == "show" else "--no-commit",
        )
        assert r.exit_code == 2, (r.stdout, r.stderr)
        err = r.stderr.strip()
        assert "is not a review" in err and "\n" not in err, err
        assert r.stdout == ""
    assert (kb / target).read_bytes() == before
