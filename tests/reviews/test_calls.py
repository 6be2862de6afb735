"""Calls: `calls/<cycle>/<member>.yaml`, written as data, replaced with a warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cskb.adapters.fsio import atomic_write
from cskb.adapters.store import load_yaml_file
from cskb.errors import DataError, NotFoundError, UsageError
from cskb.kb.layout import open_kb
from cskb.models import Cycle, Group
from cskb.pairing.cycles import dump_cycle
from cskb.reviews.calls import call_path, find_call, list_calls, load_call, submit_call
from tests.helpers import commit_count, git, last_commit_files

TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 10, 2, 3, tzinfo=dt.UTC)


def write_cycle(root: Path, start: str = "2026-11-09", groups=(("ana", "bo"), ("chen", "dana"))):
    d = dt.date.fromisoformat(start)
    cycle = Cycle(
        d, d + dt.timedelta(days=13), d + dt.timedelta(days=13), tuple(Group(g) for g in groups)
    )
    atomic_write(root / "cycles" / f"{start}.yaml", dump_cycle(cycle))


def submit(kb, member="ana", url="https://rec.example.com/1", customer="Acme", **kw):
    args = {"date": TODAY, "tags": [], "products": [], "note": "", "commit": True} | kw
    return submit_call(
        kb,
        TODAY,
        args.pop("cycle_id", None),
        member,
        url,
        customer,
        args.pop("date"),
        args.pop("tags"),
        args.pop("products"),
        args.pop("note"),
        NOW,
        **args,
    )


@pytest.fixture
def k(kb: Path):
    write_cycle(kb)
    return open_kb(kb)


def test_submit_writes_data_and_commits_exactly_that_file(k):
    before = commit_count(k.root)
    result = submit(
        k,
        customer='Acme: "Inc" #1',
        tags=[" Data  Strategy", "renewal", "data strategy"],
        products=["Analytics"],
        note="line one\nline two",
    )
    assert result.path == call_path(k, "2026-11-09", "ana") and not result.replaced
    data = load_yaml_file(result.path)
    assert data == {
        "cycle": dt.date(2026, 11, 9),
        "member": "ana",
        "url": "https://rec.example.com/1",
        "customer": 'Acme: "Inc" #1',
        "date": TODAY,
        "tags": ["data strategy", "renewal"],
        "products": ["analytics"],
        "note": "line one\nline two",
        "submitted": "2026-11-22T10:02:03+00:00",
    }
    assert commit_count(k.root) == before + 1
    assert last_commit_files(k.root) == ["calls/2026-11-09/ana.yaml"]
    assert git(k.root, "log", "-1", "--format=%s").strip() == "cskb: call by ana (2026-11-09)"
    call = load_call(result.path)
    assert call.customer == 'Acme: "Inc" #1' and call.tags == ("data strategy", "renewal")
    assert find_call(k, "2026-11-09", "ana") == call


def test_resubmitting_replaces_with_a_warning(k):
    submit(k, url="https://rec.example.com/1")
    again = submit(k, url="https://rec.example.com/2", customer="Beta")
    assert again.replaced and any("replaced ana's earlier call" in w for w in again.warnings)
    assert [c.url for c in list_calls(k)] == ["https://rec.example.com/2"]


@pytest.mark.parametrize(
    "url", ["ftp://x/y", "javascript:alert(1)", "rec.mp4", "https://", "http:// x", ""]
)
def test_url_must_be_http(k, url):
    with pytest.raises(UsageError, match=r"--url .* http\(s\)"):
        submit(k, url=url)
    assert not call_path(k, "2026-11-09", "ana").exists()


@pytest.mark.parametrize("customer", ["", "   ", "two\nlines"])
def test_customer_must_be_one_non_empty_line(k, customer):
    with pytest.raises(UsageError, match="--customer"):
        submit(k, customer=customer)


def test_vocabulary_refuses_unknown_tags_with_a_suggestion(kb: Path):
    write_cycle(kb)
    cfg = kb / "cskb.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "vocabulary = []", 'vocabulary = ["data strategy", "renewal"]'
        ),
        encoding="utf-8",
    )
    k = open_kb(kb)
    with pytest.raises(UsageError, match="did you mean 'data strategy'"):
        submit(k, tags=["Data Stratgy"])
    assert submit(k, tags=["DATA STRATEGY"]).call.tags == ("data strategy",)


def test_member_outside_the_cycle_is_warned(k):
    write_cycle(k.root, groups=(("bo", "chen"),))
    result = submit(k)
    assert any("not in any group of cycle 2026-11-09" in w for w in result.warnings)


def test_named_cycle_and_no_cycle(kb: Path):
    k = open_kb(kb)
    with pytest.raises(NotFoundError, match="cskb pair"):
        submit(k)
    write_cycle(kb, "2026-11-09")
    write_cycle(kb, "2026-11-23")
    assert submit(k).call.cycle == "2026-11-09"  # the current one on 2026-11-22
    assert submit(k, cycle_id="2026-11-23").call.cycle == "2026-11-23"
    with pytest.raises(NotFoundError, match="no cycle 2026-12-07"):
        submit(k, cycle_id="2026-12-07")


def test_no_commit_writes_only(k):
    before = commit_count(k.root)
    result = submit(k, commit=False)
    assert result.commit is None and result.path.exists() and commit_count(k.root) == before


def test_list_calls_by_cycle_and_bad_cycle(k):
    write_cycle(k.root, "2026-11-23")
    submit(k, member="ana")
    submit(k, member="bo")
    submit(k, member="ana", cycle_id="2026-11-23")
    assert [(c.cycle, c.member) for c in list_calls(k)] == [
        ("2026-11-09", "ana"),
        ("2026-11-09", "bo"),
        ("2026-11-23", "ana"),
    ]
    assert [c.member for c in list_calls(k, "2026-11-23")] == ["ana"]
    with pytest.raises(UsageError, match="not a cycle date"):
        list_calls(k, "../..")


def test_a_hand_broken_call_file_is_named(k):
    path = call_path(k, "2026-11-09", "ana")
    path.parent.mkdir(parents=True)
    path.write_text("url: ftp://nope\ncustomer: X\n", encoding="utf-8")
    with pytest.raises(DataError, match="ana.yaml: url 'ftp://nope'"):
        load_call(path)
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(DataError, match="must be a mapping"):
        load_call(path)
