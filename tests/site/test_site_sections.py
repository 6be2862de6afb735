"""`cskb site`: the playbook and calibration sections, from a hostile KB with a closed and an
open calibration session and cards in every state (CSKB_TODAY is 2026-11-22)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cskb.adapters.store import dump_document
from cskb.calibration.report import calibration_report
from cskb.kb.layout import open_kb
from cskb.site.builder import build_site
from tests.cli.test_cli_calibrate import editor, open_session, score  # noqa: F401 (a fixture)
from tests.helpers import build_file_tree, git
from tests.site.test_site import assert_links_resolve, html_pages, parse
from tests.sitekb import C1, C2, NAMES, make_site_kb

TODAY = dt.date(2026, 11, 22)
HOSTILE_TITLE = "<script>alert('card')</script> & <b>Co</b>"
HOSTILE_CARD = """# ignored

Ask first. <script>alert('card body')</script> <iframe src="https://evil.example"></iframe>
[run](javascript:alert('card')) [data](data:text/html;base64,PHNjcmlwdD4=)
<a href="javascript:alert(1)">raw</a> [fine](https://example.com/card)
"""


def card(title: str, verified_on: str | None, criteria: list[str], **extra) -> str:
    meta = {
        "title": title,
        "owner": extra.pop("owner", "ana"),
        "verifier": extra.pop("verifier", "bo"),
        "verified_on": verified_on,
        "verified_by": "bo" if verified_on else "",
        "tags": extra.pop("tags", ["opening"]),
        "criteria": criteria,
    }
    return dump_document(meta, extra.pop("body", f"# {title}\n\nWhat good looks like.\n"))


# The states on 2026-11-22 with the default 90-day interval and 14 days' notice
CARDS = {
    "agenda": ("Setting a clear agenda", "2026-11-01", ["agenda"], "verified"),  # due 2027-01-30
    "control": ("Controlling the call", "2026-08-30", ["control"], "due"),  # due 2026-11-28
    "next-steps": ("Next steps", "2026-07-01", ["next_steps"], "expired"),  # due 2026-09-29
    "hostile": (HOSTILE_TITLE, None, ["agenda"], "never-verified"),
}
BADGE = {
    "verified": "verified",
    "due": "due for verification",
    "expired": "expired",
    "never-verified": "never verified",
}


@pytest.fixture
def sections_kb(kb: Path, cli, editor: str) -> Path:  # noqa: F811
    make_site_kb(kb)
    for name in ("agenda", "control", "next-steps", "next_steps"):
        (kb / "playbook" / f"{name}.md").unlink(missing_ok=True)
    files = {}
    for cid, (title, when, criteria, _) in CARDS.items():
        extra = {"body": HOSTILE_CARD, "tags": ["<i>tag</i>"]} if cid == "hostile" else {}
        files[f"playbook/{cid}.md"] = card(title, when, criteria, **extra)
    build_file_tree(kb, files)
    git(kb, "add", "-A")
    git(kb, "commit", "-q", "-m", "test: cards")
    # a closed session: the hand-worked one of test_cli_calibrate (bo 91.7, chen 83.3, dana 75)
    sid = open_session(cli)
    for who, scores in (
        ("bo", "agenda=4,control=3,next_steps=5"),
        ("chen", "agenda=2,control=3,next_steps=4"),
        ("dana", "agenda=4,control=1,next_steps=5"),
        ("ana", "agenda=4,control=3,next_steps=4"),
    ):
        r = score(cli, editor, who, sid, scores)
        assert r.exit_code == 0, r.stderr
    assert cli("--as", "ana", "calibrate", "final", sid, "--from", "ana").exit_code == 0
    # an open one, with a hostile customer: bo has written, chen has not
    r = cli(
        "--as", "dana", "calibrate", "new", "--call", "javascript:alert(9)",
        "--customer", "<b>Evil</b> Corp", "--reviewers", "bo,chen",
    )  # fmt: skip
    assert r.exit_code == 2 and "--call" in r.stderr  # a javascript: call is refused at the door
    r = cli(
        "--as", "dana", "calibrate", "new", "--call", "https://rec.example.com/o",
        "--customer", "<b>Evil</b> Corp", "--reviewers", "bo,chen",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    open_id = next(
        s["id"] for s in json.loads(cli("calibrate", "list", "--json").stdout) if s["id"] != sid
    )
    assert score(cli, editor, "bo", open_id, "agenda=1,control=5,next_steps=2").exit_code == 0
    return kb


@pytest.fixture
def sections_site(sections_kb: Path, tmp_path: Path) -> Path:
    out = tmp_path / "site"
    build_site(open_kb(sections_kb), out, TODAY)
    return out


def text_of(page: Path) -> str:
    return " ".join(" ".join(parse(page).text).split())


def test_playbook_pages_badges_and_trust_score(sections_site: Path):
    site = sections_site
    index = site / "playbook" / "index.html"
    text = text_of(index)
    rows = [v for _, _, v in parse(index).links if v.startswith("../playbook/")][1:]  # nav first
    # expired first, then never verified, due, verified
    assert rows == [f"../playbook/{c}.html" for c in ("next-steps", "hostile", "control", "agenda")]
    for label in ("1 verified", "1 due for verification", "1 expired", "1 never verified"):
        assert label in text, label
    for cid, (_, _, _, state) in CARDS.items():
        page = site / "playbook" / f"{cid}.html"
        assert page.is_file(), cid
        html = page.read_text("utf-8")
        assert f'<span class="badge state-{state}">{BADGE[state]}</span>' in html, cid
        assert f'href="../playbook/{cid}.html"' in index.read_text("utf-8")
    control = text_of(site / "playbook" / "control.html")
    assert "2026-11-28 (in 6 days)" in control
    expired = text_of(site / "playbook" / "next-steps.html")
    assert "2026-09-29 (expired 54 days ago)" in expired
    nav = parse(site / "index.html").links
    assert ("a", "href", "playbook/index.html") in nav and (
        "a",
        "href",
        "calibration/index.html",
    ) in nav


def test_trust_score_counts_verified_and_due(sections_site: Path):
    # verified and due are both in date: 2 of 4
    text = text_of(sections_site / "playbook" / "index.html")
    assert "50% trust score" in text


def test_exemplary_calls_link_to_review_pages(sections_kb: Path, sections_site: Path):
    from cskb.playbook.export import site_cards

    site = sections_site
    playbook = site_cards(open_kb(sections_kb), TODAY)
    by_id = {p.id: p for p in playbook.pages}
    agenda = by_id["agenda"]
    # agenda scored 4 or 5 by complete reviews: bo on ana (5), bo on dana (5), ana on bo (4)
    assert [e.path for e in agenda.exemplars] == [
        f"reviews/{C2}/bo-reviews-dana.md",
        f"reviews/{C1}/bo-reviews-ana.md",
        f"reviews/{C1}/ana-reviews-bo.md",
    ]
    page = site / "playbook" / "agenda.html"
    links = [v for tag, _, v in parse(page).links if tag == "a" and "/reviews/" in v]
    assert links == [
        f"../reviews/{C2}/bo-reviews-dana.html",
        f"../reviews/{C1}/bo-reviews-ana.html",
        f"../reviews/{C1}/ana-reviews-bo.html",
    ]
    for link in links:
        assert (page.parent / link).resolve().is_file()
    assert "agenda: 5 on 1-5" in text_of(page).lower() or "5 on 1-5" in text_of(page)
    # the draft (chen on dana) is no page and no exemplar; nothing links to it
    for p in html_pages(site):
        assert "chen-reviews-dana" not in p.read_text("utf-8"), p


def test_criteria_link_to_their_cards(sections_site: Path):
    site = sections_site
    review = site / "reviews" / C1 / "bo-reviews-ana.html"
    links = [v for _, _, v in parse(review).links]
    assert "../../playbook/agenda.html" in links  # the card named after the criterion wins
    assert "../../playbook/control.html" in links and "../../playbook/next-steps.html" in links
    library = [v for _, _, v in parse(site / "library" / "index.html").links]
    assert {"../playbook/agenda.html", "../playbook/control.html"} <= set(library)
    heat = [v for _, _, v in parse(next((site / "calibration").glob("*acme*.html"))).links]
    assert "../playbook/agenda.html" in heat


def test_alignment_on_the_page_equals_the_report(sections_kb: Path, sections_site: Path):
    site = sections_site
    report = calibration_report(open_kb(sections_kb), today=TODAY)
    closed = next(s for s in report.sessions if not s.hidden)
    opened = next(s for s in report.sessions if s.hidden)
    page = site / "calibration" / f"{closed.session.id}.html"
    html = page.read_text("utf-8")
    text = text_of(page)
    rows = {r.reviewer: r for r in closed.rows}
    # the report's figures, and the ones worked by hand in test_cli_calibrate
    assert {h: r.alignment for h, r in rows.items()} == {"bo": 91.7, "chen": 83.3, "dana": 75.0}
    for who, row in rows.items():
        assert f'<td class="n alignment">{row.alignment:.1f}%</td>' in html, who
        for c in row.criteria:
            assert c.distance is not None
            assert f"{c.score} · {100 * c.distance:.0f}%" in text
    assert NAMES["chen"] in text and NAMES["ana"] in text  # ana's name is escaped text
    assert f"Mean alignment: {closed.mean_alignment:.1f}%" in text
    assert closed.alpha is not None and closed.alpha.value is not None
    assert f"{closed.alpha.value:.2f}" == "0.57"
    assert "<strong>0.57</strong>: low agreement: the team reads the rubric differently" in html
    # heat map: bo's next steps is one step (25%) away: level 2; identical cells level 0
    assert html.count("heat-0") >= 4 and "heat-2" in html
    # the index lists both sessions; the open one without figures
    index = text_of(site / "calibration" / "index.html")
    assert closed.session.id in index and opened.session.id in index
    assert "91.7% → " not in index  # one session each: a single point, no arrow
    assert "+" not in index.split("Alignment across sessions")[1].split("Reviewer leniency")[0]
    # leniency rows equal reviewer_leniency's
    for x in report.leniency:
        if x.offset is not None:
            assert f"{x.offset:+.1f}" in index
    # the open session shows only who has written, never a score
    open_page = site / "calibration" / f"{opened.session.id}.html"
    open_text = text_of(open_page)
    assert "Who has written" in open_text and "draft" in open_text and "not started" in open_text
    assert "heat" not in open_page.read_text("utf-8").split("<main")[1].split("Trend")[0]
    assert "<b>Evil</b> Corp" in open_text  # shown as text
    assert "alignment" not in open_text.lower().split("who has written")[1].split("trend")[0]


def test_hostile_card_and_session_content_is_escaped(sections_site: Path):
    site = sections_site
    page = site / "playbook" / "hostile.html"
    html = page.read_text("utf-8")
    assert "<script>alert" not in html and "<iframe" not in html and "<b>Co</b>" not in html
    assert HOSTILE_TITLE in text_of(page)  # shown as text
    assert "<i>tag</i>" in text_of(page) and "<i>tag" not in html
    links = [v for _, _, v in parse(page).links]
    assert "https://example.com/card" in links
    assert not any(v.lower().startswith(("javascript", "data:")) for v in links)
    for p in html_pages(site):
        parsed = parse(p)
        assert parsed.inline_script == "", p
        for tag, attr, value in parsed.attrs:
            assert not attr.startswith("on"), (p, tag, attr)
            if attr == "href":
                assert not value.strip().lower().startswith(("javascript:", "data:")), (p, value)
    assert assert_links_resolve(site) > 100


def test_site_without_cards_or_sessions(kb: Path, tmp_path: Path):
    for p in (kb / "playbook").glob("*.md"):
        p.unlink()
    out = tmp_path / "bare"
    build_site(open_kb(kb), out, TODAY)
    assert "No playbook cards yet" in text_of(out / "playbook" / "index.html")
    assert "No calibration sessions yet" in text_of(out / "calibration" / "index.html")
    assert_links_resolve(out)
