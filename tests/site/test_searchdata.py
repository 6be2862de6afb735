"""The site's own search index as files: reproducible, sharded where search.js looks, every
language labelled, compounds under their parts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cskb.kb.layout import open_kb
from cskb.site.builder import build_site
from cskb.site.langid import detect
from cskb.site.searchdata import FOLDER, shard_of
from tests.site.searchkb import REVIEWS, make_search_kb

DAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = make_search_kb(tmp_path_factory.mktemp("kb") / "kb")
    out = tmp_path_factory.mktemp("out") / "site"
    build_site(open_kb(root), out, DAY)
    return root, out


def _index(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in (out / FOLDER).rglob("*")
        if p.is_file()
    }


def test_a_rebuild_writes_the_same_bytes(built, tmp_path: Path):
    root, out = built
    again = tmp_path / "again"
    build_site(open_kb(root), again, DAY)
    assert _index(out) == _index(again)


def test_every_term_is_in_the_shard_search_js_reads(built):
    _, out = built
    meta = json.loads((out / FOLDER / "meta.json").read_text("utf-8"))
    assert [d[2] for d in meta["docs"][: len(REVIEWS)]] == list(REVIEWS)
    seen = 0
    for shard in (out / FOLDER / "t").glob("*.json"):
        for term in json.loads(shard.read_text("utf-8")):
            assert shard_of(term, meta["shards"]) == int(shard.stem), term
            seen += 1
    assert seen > 100


def _postings(out: Path, term: str) -> list[int]:
    meta = json.loads((out / FOLDER / "meta.json").read_text("utf-8"))
    table = json.loads((out / FOLDER / "t" / f"{shard_of(term, meta['shards'])}.json").read_text())
    return table.get(term, [])


def test_compounds_inflections_and_widths_meet(built):
    _, out = built
    onboarding = _postings(out, "onboarding")
    assert onboarding[0] == 1  # written as a word somewhere
    docs = set(onboarding[2::3])
    assert len(docs) == len(REVIEWS)  # the compound, the inflection and ＯＮＢＯＡＲＤＩＮＧ too
    planen = _postings(out, "onboardingplanen")
    assert planen[2::3] == [list(REVIEWS).index("no")]  # the compound as written, once
    assert planen[1] == ["onboardingplan"]  # its stem, for a query that writes it so
    facturacion = _postings(out, "facturacion")
    assert facturacion and facturacion[0] == 1  # accents folded


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (REVIEWS["no"], "no"),
        (REVIEWS["sv"], "sv"),
        (REVIEWS["de"], "de"),
        (REVIEWS["es"], "es"),
        (REVIEWS["fr"], "fr"),
        (REVIEWS["ja"], "ja"),
        (REVIEWS["zh"], "zh"),
        (REVIEWS["th"], "th"),
        (REVIEWS["uk"], "uk"),
        ("Мы обсудили стратегию данных с клиентом.", "ru"),
        ("", "en"),
    ],
)
def test_language_of_a_review(text: str, lang: str):
    assert detect(text) == lang
