from __future__ import annotations

from pathlib import Path

from cskb.adapters.store import parse_document
from cskb.config import parse_config
from cskb.models import Review
from cskb.reviews.records import score, set_status_text


def _review(scores):
    return Review(Path("r.md"), {"scores": scores}, "")


def test_score_is_weighted_mean_normalised_without_na():
    cfg = parse_config(
        {
            "rubric": [
                {"key": "a", "title": "A", "scale": "1-5", "weight": 2},
                {"key": "b", "title": "B", "scale": "yes/no"},
                {"key": "c", "title": "C", "scale": "0-10", "mandatory": False},
            ]
        }
    )
    assert score(_review({"a": 5, "b": False, "c": "n/a"}), cfg) == round(100 * (2 * 1 + 0) / 3, 1)
    assert score(_review({"a": 3, "b": True, "c": 10}), cfg) == round(
        100 * (2 * 0.5 + 1 + 1) / 4, 1
    )
    assert score(_review({"a": None}), cfg) is None
    assert score(_review({"a": 9}), cfg) is None  # out of scale is left out (and flagged by check)


def test_set_status_keeps_everything_else():
    text = (
        "\ufeff---\r\ntitle: x  # my comment\r\nstatus: draft   # still writing\r\n---\r\nbody\r\n"
    )
    from cskb.adapters.store import decode

    doc = parse_document(decode(text.encode())[0])
    out = set_status_text(text, doc, "complete")
    assert out == text.replace("status: draft", "status: complete")


def test_template_change_applies_to_new_reviews_only(kb: Path, cli):
    assert cli("pair").exit_code == 0
    for h in ("bo", "chen", "dana"):
        cli("--as", h, "call", "submit", "--url", "https://x.example.com/1", "--customer", "X")
    assert cli("review", "new", "--no-edit").exit_code == 0
    old = next((kb / "reviews").rglob("*.md"))
    cfg = kb / "cskb.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8")
        + '\n[[rubric]]\nkey = "empathy"\ntitle = "Showing empathy"\nquestion = "Did they listen?"\nscale = "yes/no"\nmandatory = false\n',
        encoding="utf-8",
    )
    assert "empathy" not in old.read_text(encoding="utf-8")
    assert cli("--as", "bo", "review", "new", "--no-edit").exit_code == 0
    new = next(p for p in (kb / "reviews").rglob("*.md") if p != old)
    assert "## Showing empathy" in new.read_text(encoding="utf-8")
    assert cli("check", str(old)).exit_code == 0  # the old draft still passes


def test_adding_a_mandatory_criterion_keeps_old_complete_reviews_valid(kb, cli):
    import shutil

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    assert cli("pair").exit_code == 0
    dest = kb / "reviews" / "2026-11-09" / "ana-reviews-bo.md"
    dest.parent.mkdir(parents=True)
    shutil.copyfile(corpus / "valid.md", dest)
    cfg = kb / "cskb.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8")
        + '\n[[rubric]]\nkey = "empathy"\ntitle = "Showing empathy"\nquestion = "Did they listen?"\nscale = "1-5"\n',
        encoding="utf-8",
    )
    r = cli("check", "--format", "json")
    assert r.exit_code == 0, r.stdout
    import json

    assert any(
        f["rule"] == "score-missing" and f["severity"] == "warning" for f in json.loads(r.stdout)
    )


# --- finding, listing, the edit session, finishing ---------------------------------------

import datetime as dt  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from cskb.adapters.editor import Outcome  # noqa: E402
from cskb.errors import Interrupted, NotFoundError, UsageError  # noqa: E402
from cskb.kb.layout import open_kb  # noqa: E402
from cskb.reviews.records import edit_review, list_reviews, load, mark_done, resolve, tag_counts  # noqa: E402
from cskb.reviews.scaffold import create_review  # noqa: E402
from tests.helpers import git  # noqa: E402
from tests.reviews.test_calls import submit, write_cycle  # noqa: E402

TODAY = dt.date(2026, 11, 22)
FILL = (
    "import re, sys\np = sys.argv[-1]\nt = open(p, encoding='utf-8').read()\n"
    "for k in ('agenda', 'control', 'next_steps'):\n    t = t.replace(f'  {k}: null', f'  {k}: 5')\n"
    "t = re.sub(r'^_Replace this line.*$', 'She shared the agenda first and the customer "
    "confirmed the owners and dates of every next step.', t, flags=re.M)\n"
    "open(p, 'w', encoding='utf-8').write(t)\n"
)


@pytest.fixture
def k(kb: Path):
    write_cycle(kb)  # ana + bo, chen + dana
    the_kb = open_kb(kb)
    for h in ("ana", "bo", "chen", "dana"):
        submit(the_kb, member=h, customer=f"Customer {h}", tags=["renewal"])
    return the_kb


def new(k, reviewer="ana", reviewee=None, **kw):
    return create_review(
        k,
        TODAY,
        None,
        reviewer,
        reviewee,
        kw.get("call"),
        kw.get("customer"),
        kw.get("tags", []),
        [],
    )


def filler(tmp_path: Path) -> str:
    script = tmp_path / "fill.py"
    script.write_text(FILL, encoding="utf-8")
    return f"{sys.executable} {script}"


def test_resolve_by_prefix_stem_and_path(k):
    a = new(k).path
    new(k, "bo")
    assert resolve(k, "ana-rev", k.root) == a
    assert resolve(k, "ana-reviews-bo", k.root) == a
    assert resolve(k, "reviews/2026-11-09/ana-reviews-bo.md", k.root) == a.resolve()
    assert resolve(k, "ana-reviews-bo.md", k.root / "reviews" / "2026-11-09") == a.resolve()
    with pytest.raises(UsageError, match="matches 2 reviews"):
        resolve(k, "reviews/2026", k.root)
    with pytest.raises(NotFoundError, match="no review matches 'zed'"):
        resolve(k, "zed", k.root)
    with pytest.raises(UsageError, match="ID is empty"):
        resolve(k, " ", k.root)
    with pytest.raises(UsageError, match="is not a review"):
        resolve(k, "cskb.toml", k.root)


def test_list_filters_and_unreadable_files(k):
    new(k)
    new(k, "bo")
    new(k, "chen", tags=["Data Strategy"])
    bad = k.reviews_dir / "2026-11-09" / "dana-reviews-chen.md"
    bad.write_text("---\nstatus: [draft\n---\n", encoding="utf-8")
    items, unreadable = list_reviews(k)
    assert [(i.reviewer, i.reviewee) for i in items] == [
        ("ana", "bo"),
        ("bo", "ana"),
        ("chen", "dana"),
    ]
    assert unreadable == ["reviews/2026-11-09/dana-reviews-chen.md"]
    assert [i.reviewer for i in list_reviews(k, reviewer="bo")[0]] == ["bo"]
    assert [i.reviewee for i in list_reviews(k, reviewee="dana")[0]] == ["dana"]
    assert [i.reviewer for i in list_reviews(k, tag=" DATA  strategy ")[0]] == ["chen"]
    assert list_reviews(k, status="complete")[0] == []
    assert list_reviews(k, cycle="2026-11-23") == ([], [])
    with pytest.raises(UsageError):
        list_reviews(k, cycle="../../etc")


def test_tag_counts_cover_reviews_calls_and_vocabulary(k):
    new(k, tags=["qbr"])
    rows, _ = tag_counts(k)
    assert [(r.tag, r.reviews, r.calls, r.known) for r in rows] == [
        ("renewal", 1, 4, None),
        ("qbr", 1, 0, None),
    ]


def test_edit_session_commits_a_filled_review_and_done_completes_it(k, tmp_path):
    path = new(k).path
    result = edit_review(k, path, filler(tmp_path), interactive=True, what="draft review")
    assert result.edit.outcome is Outcome.EDITED and not result.errors and not result.missing
    assert result.commit is not None and "draft review ana -> bo" in result.commit.message
    blocking, commit = mark_done(k, path)
    assert blocking == [] and commit is not None and load(path).status == "complete"
    assert git(k.root, "status", "--porcelain", "--", "reviews") == ""
    summary = list_reviews(k, status="complete")[0]
    assert [s.score for s in summary] == [100.0]


def test_edit_session_without_a_terminal_commits_the_draft_and_lists_what_is_missing(k):
    path = new(k).path
    result = edit_review(k, path, "vi", interactive=False)
    assert result.edit.outcome is Outcome.SKIPPED and result.commit is not None
    assert {f.rule for f in result.missing} >= {"score-missing", "placeholder-left"}


def test_edit_session_keeps_a_broken_file_uncommitted(k, tmp_path):
    path = new(k).path
    breaker = tmp_path / "b.py"
    breaker.write_text(
        "import sys\nopen(sys.argv[-1], 'a').write('\\n')\np = sys.argv[-1]\nt = open(p).read().replace('status: draft', 'status: [draft')\nopen(p, 'w').write(t)\n",
        encoding="utf-8",
    )
    head = git(k.root, "rev-parse", "HEAD")
    result = edit_review(k, path, f"{sys.executable} {breaker}", interactive=True)
    assert result.errors and result.commit is None and not result.committed
    assert git(k.root, "rev-parse", "HEAD") == head and "status: [draft" in path.read_text(
        encoding="utf-8"
    )


def test_edit_session_killed_editor_raises_interrupted_and_keeps_the_file(k, tmp_path):
    path = new(k).path
    killer = tmp_path / "k.py"
    killer.write_text(
        "import os, signal, sys\nopen(sys.argv[-1], 'a').write('kept\\n')\nos.kill(os.getpid(), signal.SIGTERM)\n",
        encoding="utf-8",
    )
    with pytest.raises(Interrupted, match="kept on disk as a draft"):
        edit_review(k, path, f"{sys.executable} {killer}", interactive=True)
    assert path.read_text(encoding="utf-8").endswith("kept\n")


def test_done_refuses_an_incomplete_review_and_changes_nothing(k):
    path = new(k).path
    before = path.read_bytes()
    blocking, commit = mark_done(k, path)
    assert blocking and commit is None and path.read_bytes() == before
