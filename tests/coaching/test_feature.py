"""`review feature`: a lead pins a review as an exemplary call, shown first with who chose
it; vague reviews never become exemplary calls."""

from __future__ import annotations

from pathlib import Path

from cskb.kb.layout import open_kb
from cskb.playbook.exemplars import exemplars_by_criterion
from tests.coaching.kbs import complete_review, pair_and_submit
from tests.helpers import git, last_commit_files


def make_lead(kb: Path, handle: str) -> None:
    team = (kb / "team.yaml").read_text(encoding="utf-8")
    head, _, tail = team.partition(f"handle: {handle}")
    (kb / "team.yaml").write_text(
        head + f"handle: {handle}" + tail.replace("role: csm", "role: manager", 1),
        encoding="utf-8",
    )
    git(kb, "commit", "-qam", "a lead")


def vague(text: str) -> str:
    head, sep, rest = text.partition("## Setting a clear agenda")
    body, _, after = rest.partition("\n## ")
    lines = body.split("\n")
    lines[-2] = "Great call, really good, well done, the customer was happy. " * 3
    return head + sep + "\n".join(lines) + "\n## " + after


def test_feature_and_exemplars(kb: Path, cli):
    who = pair_and_submit(cli)
    bo = who["ana"]
    lead = next(h for h in who if h not in ("ana", bo))
    ident = complete_review(kb, cli, "ana", bo, score=4)
    other = complete_review(kb, cli, lead, who[lead], score=5)
    r = cli("--as", "ana", "review", "feature", ident)
    assert r.exit_code == 2 and "only a lead (role manager: nobody yet)" in r.stderr
    make_lead(kb, lead)
    r = cli("--as", lead, "review", "feature", ident)
    assert r.exit_code == 0, r.stderr
    assert last_commit_files(kb) == [f"reviews/2026-11-09/{ident}.responses/{lead}.yaml"]
    found = exemplars_by_criterion(open_kb(kb), ["agenda"])["agenda"]
    assert [(e.path.rsplit("/", 1)[1], e.chosen_by) for e in found] == [
        (f"{ident}.md", lead),
        (f"{other}.md", ""),
    ]
    r = cli("--as", lead, "review", "feature", ident)
    assert r.exit_code == 2 and "you featured" in r.stderr
    assert cli("--as", lead, "review", "feature", ident, "--remove").exit_code == 0
    found = exemplars_by_criterion(open_kb(kb), ["agenda"])["agenda"]
    assert [e.chosen_by for e in found] == ["", ""]
    assert found[0].path.endswith(f"{other}.md")  # 5 before 4 again


def test_vague_reviews_are_not_exemplary(kb: Path, cli):
    who = pair_and_submit(cli)
    path = kb / "reviews" / "2026-11-09" / f"ana-reviews-{who['ana']}.md"
    assert cli("review", "new", "--no-edit", "--reviewee", who["ana"]).exit_code == 0
    from tests.coaching.kbs import fill

    fill(path, 5)
    path.write_text(vague(path.read_text(encoding="utf-8")), encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace("status: draft", "status: complete")
    path.write_text(text, encoding="utf-8")  # hand-marked complete: check would refuse it
    assert "Great call, really good" in text
    found = exemplars_by_criterion(open_kb(kb), ["agenda", "control"])
    assert found["agenda"] == [] and len(found["control"]) == 1
