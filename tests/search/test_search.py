"""Search: query syntax, filters, JSON, freshness, rebuilds, safety, concurrency, languages."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cskb.adapters.store import dump_document
from tests.helpers import git
from tests.reliability import one_line_error

REVIEWS = {
    "en": (
        "ana",
        "bo",
        "2026-10-12",
        "Acme Analytics",
        ["data strategy", "renewal"],
        ["analytics"],
        "Bo walked the customer through their data strategy and the strategies behind the renewal.",
    ),
    "ja": (
        "bo",
        "ana",
        "2026-10-12",
        "桜商事",
        ["data strategy"],
        ["platform"],
        "冒頭でデータ戦略について顧客と合意し、次のステップを確認しました。",
    ),
    "th": (
        "chen",
        "dana",
        "2026-10-26",
        "สยามเทรดดิ้ง",
        ["onboarding"],
        ["mobile"],
        "เปิดการประชุมด้วยการหารือเรื่องกลยุทธ์ข้อมูลกับลูกค้าอย่างชัดเจน",
    ),
    "uk": (
        "dana",
        "chen",
        "2026-10-26",
        "Київ Софт",
        ["pricing"],
        ["billing"],
        "Дана обговорила СТРАТЕГІЮ даних і ціноутворення з клієнтом.",
    ),
    "no": (
        "ana",
        "chen",
        "2026-11-09",
        "Fjord Energi",
        ["expansion"],
        ["connectors"],
        "Samtalen handlet om datastrategi og utvidelse til flere avdelinger i Tromsø.",
    ),
}


def write_review(
    kb: Path,
    reviewer: str,
    reviewee: str,
    cycle: str,
    customer: str,
    tags,
    products,
    text: str,
    status: str = "complete",
    title: str | None = None,
) -> Path:
    meta = {
        "title": title or f"{customer} call",
        "cycle": dt.date.fromisoformat(cycle),
        "reviewer": reviewer,
        "reviewee": reviewee,
        "call": {
            "url": "https://rec.example.com/1",
            "customer": customer,
            "date": dt.date.fromisoformat(cycle),
        },
        "tags": tags,
        "products": products,
        "scores": {"agenda": 4, "control": 4, "next_steps": 4},
        "status": status,
    }
    body = f"# {meta['title']}\n\n## Setting a clear agenda\n<!-- criterion: agenda -->\n> Did the call open?\n\n{text}\n"
    path = kb / "reviews" / cycle / f"{reviewer}-reviews-{reviewee}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_document(meta, body), encoding="utf-8")
    return path


def fill(kb: Path) -> Path:
    """The six reviews every search test starts from."""
    for r in REVIEWS.values():
        write_review(kb, *r)
    write_review(
        kb,
        "bo",
        "dana",
        "2026-11-09",
        "Borealis Foods",
        ["churn risk"],
        ["analytics"],
        "The agenda was unclear and the customer raised churn concerns.",
        status="draft",
    )
    return kb


def search(cli, *args: str, env=None) -> list[dict]:
    r = cli("search", *args, "--json", env=env)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def paths(hits: list[dict]) -> set[str]:
    return {h["path"].rsplit("/", 1)[-1] for h in hits}


@pytest.mark.parametrize(
    "lang, query",
    [
        ("en", "data strategy"),
        ("en", "strategies"),
        ("ja", "データ戦略"),
        ("th", "กลยุทธ์ข้อมูล"),
        ("uk", "стратегію даних"),
        ("uk", "Стратегію"),
        ("no", "datastrategi"),
        ("no", "tromsø"),
    ],
)
def test_each_language_finds_its_review(skb: Path, cli, lang: str, query: str):
    reviewer, reviewee = REVIEWS[lang][:2]
    assert f"{reviewer}-reviews-{reviewee}.md" in paths(search(cli, query))


def test_cjk_substring_match(skb: Path, cli):
    # "データ戦略" is inside "データ戦略について": found through character bigrams
    assert paths(search(cli, "データ戦略")) >= {"bo-reviews-ana.md"}
    assert paths(search(cli, "戦略")) >= {"bo-reviews-ana.md"}


def test_json_shape(skb: Path, cli):
    hits = search(cli, "data strategy")
    assert hits
    for key in (
        "path",
        "score",
        "title",
        "reviewer",
        "reviewee",
        "cycle",
        "customer",
        "tags",
        "snippet",
    ):
        assert key in hits[0]
    top = next(h for h in hits if h["path"] == "reviews/2026-10-12/ana-reviews-bo.md")
    assert top["customer"] == "Acme Analytics" and top["tags"] == ["data strategy", "renewal"]
    assert "**data**" in top["snippet"] and "**strategy**" in top["snippet"]


def test_query_syntax(skb: Path, cli):
    assert paths(search(cli, '"data strategy"')) == {"ana-reviews-bo.md", "bo-reviews-ana.md"}
    assert paths(search(cli, "renewal OR churn")) == {"ana-reviews-bo.md", "bo-reviews-dana.md"}
    assert "ana-reviews-bo.md" not in paths(search(cli, "strategy NOT renewal"))
    assert paths(search(cli, "tag:renewal")) == {"ana-reviews-bo.md"}
    assert paths(search(cli, 'tag:"data strategy"')) == {"ana-reviews-bo.md", "bo-reviews-ana.md"}
    assert paths(search(cli, "reviewer:ana")) == {"ana-reviews-bo.md", "ana-reviews-chen.md"}
    assert paths(search(cli, "reviewee:chen")) == {"ana-reviews-chen.md", "dana-reviews-chen.md"}
    assert paths(search(cli, "customer:borealis")) == {"bo-reviews-dana.md"}
    assert paths(search(cli, "product:analytics")) == {"ana-reviews-bo.md", "bo-reviews-dana.md"}
    assert paths(search(cli, "cycle:2026-10-26")) == {
        "chen-reviews-dana.md",
        "dana-reviews-chen.md",
    }
    assert "ana-reviews-bo.md" in paths(search(cli, "strat*"))


def test_words_must_all_match(skb: Path, cli):
    assert paths(search(cli, "renewal churn")) == set()


def test_filters(skb: Path, cli):
    assert paths(search(cli, "", "--tag", "data strategy")) == {
        "ana-reviews-bo.md",
        "bo-reviews-ana.md",
    }
    assert paths(search(cli, "", "--reviewer", "bo", "--status", "draft")) == {"bo-reviews-dana.md"}
    assert paths(search(cli, "", "--since", "2026-10-20", "--until", "2026-10-31")) == {
        "chen-reviews-dana.md",
        "dana-reviews-chen.md",
    }
    assert paths(search(cli, "", "--customer", "Fjord Energi")) == {"ana-reviews-chen.md"}
    assert paths(search(cli, "", "--product", "billing", "--cycle", "2026-10-26")) == {
        "dana-reviews-chen.md"
    }
    assert len(search(cli, "", "--limit", "2")) == 2


@pytest.mark.parametrize(
    "args, needle",
    [
        (('"data strategy',), "unbalanced quote"),
        (("(renewal",), "parentheses"),
        (("colour:red",), "unknown field"),
        (("tag:",), "needs a value"),
        (("x", "--since", "last week"), "--since"),
        (("x", "--limit", "-1"), "--limit"),
        (("x", "--status", "done"), "--status"),
    ],
)
def test_bad_queries_get_one_line(skb: Path, cli, args, needle):
    r = cli("search", *args)
    assert r.exit_code == 2 and needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_confident_correction_shows_its_results(skb: Path, cli):
    # "stratgy" has one obvious correction: its results are shown at once, with a notice
    r = cli("search", "stratgy")
    assert r.exit_code == 0 and "No reviews or cards match" not in r.stdout
    assert "ana → bo" in r.stdout
    assert "showing results for 'strategy'" in r.stderr


def test_people_output(skb: Path, cli):
    r = cli("search", "data strategy")
    assert r.exit_code == 0 and "ana → bo" in r.stdout and "Acme Analytics" in r.stdout


# --- freshness ---------------------------------------------------------------------------


def test_incremental_add_edit_delete_rename(skb: Path, cli):
    assert search(cli, "zeppelin") == []
    new = write_review(
        skb,
        "chen",
        "ana",
        "2026-11-09",
        "Zeppelin Air",
        ["renewal"],
        ["mobile"],
        "We talked about zeppelin fleets.",
    )
    assert paths(search(cli, "zeppelin")) == {
        "chen-reviews-ana.md"
    }  # found without any manual step
    new.write_text(
        new.read_text(encoding="utf-8").replace("zeppelin fleets", "airship fleets"),
        encoding="utf-8",
    )
    assert search(cli, '"zeppelin fleets"') == [] and paths(search(cli, "airship")) == {
        "chen-reviews-ana.md"
    }
    renamed = new.with_name("chen-reviews-ana-2.md")
    new.rename(renamed)
    hits = search(cli, "airship")
    assert [h["path"] for h in hits] == ["reviews/2026-11-09/chen-reviews-ana-2.md"]
    renamed.unlink()
    assert search(cli, "airship") == []
    r = cli("index", "--verify")
    assert r.exit_code == 0, r.stdout + r.stderr


def test_git_checkout_of_another_branch(skb: Path, cli):
    git(skb, "add", "reviews")
    git(skb, "commit", "-q", "-m", "reviews")
    assert paths(search(cli, '"datastrategi"')) == {"ana-reviews-chen.md"}
    git(skb, "checkout", "-q", "-b", "other")
    path = skb / "reviews" / "2026-11-09" / "ana-reviews-chen.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("datastrategi", "kundereise"), encoding="utf-8"
    )
    git(skb, "commit", "-q", "-am", "other")
    assert paths(search(cli, "kundereise")) == {"ana-reviews-chen.md"}
    git(skb, "checkout", "-q", "main")
    assert search(cli, "kundereise") == []
    assert paths(search(cli, '"datastrategi"')) == {"ana-reviews-chen.md"}


def test_index_is_not_committed(skb: Path, cli):
    search(cli, "x")
    assert (skb / ".cskb" / "index" / "current").exists()
    assert ".cskb" not in git(skb, "status", "--porcelain", "--ignored=no")


# --- rebuilds and safety --------------------------------------------------------------------


def test_deleted_index_is_rebuilt_with_a_notice(skb: Path, cli):
    search(cli, "x")
    shutil.rmtree(skb / ".cskb" / "index")
    r = cli("search", "data strategy", "--json")
    assert r.exit_code == 0 and "built the search index from 6 review(s)" in r.stderr
    assert len(json.loads(r.stdout)) == 3  # with the Norwegian "datastrategi"


def test_truncated_segment_is_rebuilt(skb: Path, cli):
    search(cli, "x")
    gen = (skb / ".cskb" / "index" / "current").resolve()
    victim = max(
        (p for p in gen.iterdir() if p.suffix in (".seg", ".toc")), key=lambda p: p.stat().st_size
    )
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    r = cli("search", "data strategy", "--json")
    assert r.exit_code == 0 and "built" in r.stderr
    assert len(json.loads(r.stdout)) == 3  # with the Norwegian "datastrategi"


def test_foreign_index_is_never_opened(skb: Path, cli, tmp_path: Path):
    """An index copied in from elsewhere (here: another KB's) has a manifest that does not
    verify with this KB's secret, so its pickled parts are never loaded."""
    search(cli, "x")
    other = tmp_path / "other"
    shutil.copytree(skb, other)
    (other / ".cskb" / "index-secret").unlink()  # a different KB: its own secret
    r = cli("--kb", str(other), "search", "data strategy", "--json")
    assert (
        r.exit_code == 0 and "built the search index" in r.stderr
    )  # a copied folder is no symlink
    assert len(json.loads(r.stdout)) == 3  # with the Norwegian "datastrategi"
    # the same index moved under another KB's path, with its symlink intact
    shutil.rmtree(other)
    shutil.copytree(skb, other, symlinks=True)
    r = cli("--kb", str(other), "search", "data strategy", "--json")
    assert r.exit_code == 0 and "not built for this knowledge base" in r.stderr
    # this KB's index copied elsewhere and its manifest rewritten to claim that KB: the MAC fails
    shutil.rmtree(other)
    shutil.copytree(skb, other, symlinks=True)
    (other / ".cskb" / "index-secret").write_text("00" * 32, encoding="ascii")
    manifest = (other / ".cskb" / "index" / "current").resolve() / "cskb-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["kb"] = str(other.resolve())
    manifest.write_text(json.dumps(data), encoding="utf-8")
    r = cli("--kb", str(other), "search", "data strategy", "--json")
    assert r.exit_code == 0 and "not verifiably built by cskb" in r.stderr
    # a tampered table of contents in this KB: refused and rebuilt
    gen = (skb / ".cskb" / "index" / "current").resolve()
    toc = next(gen.glob("*.toc"))
    toc.write_bytes(toc.read_bytes() + b"\x00")
    r = cli("search", "data strategy", "--json")
    assert r.exit_code == 0 and "not verifiably built by cskb" in r.stderr


def test_older_schema_is_rebuilt(skb: Path, cli):
    search(cli, "x")
    manifest = (skb / ".cskb" / "index" / "current").resolve() / "cskb-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["schema"] = 0
    manifest.write_text(json.dumps(data), encoding="utf-8")
    r = cli("search", "data strategy")
    assert r.exit_code == 0 and "older version of cskb" in r.stderr


def _many(kb: Path, n: int) -> None:
    for i in range(n):
        write_review(
            kb,
            "ana",
            f"bo{i}",
            "2026-09-14",
            f"Customer {i}",
            ["renewal"],
            ["analytics"],
            f"Review number {i} about data strategy and renewal planning for the next quarter.",
        )


def test_search_killed_during_rebuild_leaves_a_working_index(skb: Path, cli):
    _many(skb, 600)
    search(cli, "x")  # a good index exists
    before = os.readlink(skb / ".cskb" / "index" / "current")
    env = dict(os.environ)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cskb", "index", "--rebuild"],
        cwd=skb,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert os.readlink(skb / ".cskb" / "index" / "current") in (
        before,
        os.readlink(skb / ".cskb" / "index" / "current"),
    )
    r = cli("search", "data strategy", "--json", "--limit", "1000")
    assert r.exit_code == 0 and "rebuilt" not in r.stderr
    assert len(json.loads(r.stdout)) == 603  # with the Norwegian "datastrategi"
    assert cli("index", "--verify").exit_code == 0


def test_concurrent_processes(skb: Path):
    """Searches run while other processes add reviews: none crashes, all see a valid index."""
    _many(skb, 200)
    env = dict(os.environ)
    procs = []
    for i in range(6):
        write_review(
            skb,
            "chen",
            f"x{i}",
            "2026-11-09",
            "Race Co",
            ["renewal"],
            ["mobile"],
            f"Concurrent review {i}.",
        )
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "cskb", "search", "concurrent", "--json"],
                cwd=skb,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        json.loads(out)
        assert "Traceback" not in err
    r = subprocess.run(
        [sys.executable, "-m", "cskb", "search", "concurrent", "--json", "--limit", "50"],
        cwd=skb,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert len(json.loads(r.stdout)) == 6


def test_index_command(skb: Path, cli):
    from cskb.search import freshness

    # files written in the same timestamp tick as a scan are re-read once ("racy", as git
    # does); let the fixture's files age past that window so "up to date" is exact
    time.sleep(freshness.RACY_NS / 1e9 + 0.02)
    r = cli("index")
    assert r.exit_code == 0 and "index built: 6 review(s)" in r.stdout
    assert "up to date" in cli("index").stdout
    write_review(skb, "chen", "ana", "2026-11-09", "New", [], [], "New text.")
    assert "1 added" in cli("index").stdout
    assert "index built" in cli("index", "--rebuild").stdout
    data = json.loads(cli("index", "--verify", "--json").stdout)
    assert data["ok"] is True and data["documents"] == 10  # 7 reviews, 3 cards from init


def test_words_need_no_quotes_and_a_dash_word_is_explained(kb: Path, cli):
    fill(kb)
    assert search(cli, "data", "strategy") == search(cli, "data strategy")
    r = cli("search", "data", "-renewal", "--tag", "x")
    assert r.exit_code == 2
    assert one_line_error(r.stderr) == (
        "cskb: error: -renewal looks like an option; to leave a word out, quote the whole "
        "query: cskb search 'data -renewal'"
    )
    quoted = search(cli, "data -renewal")
    after_dashes = cli("search", "--json", "--", "data", "-renewal")
    assert after_dashes.exit_code == 0 and json.loads(after_dashes.stdout) == quoted
    assert len(quoted) < len(search(cli, "data"))
    assert cli("search", "-h").exit_code == 0
