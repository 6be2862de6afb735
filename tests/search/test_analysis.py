"""The search analyzer without whoosh: normalisation, forms, segmentation, compounds."""

from __future__ import annotations

import pytest

from cskb.search import english, ukrainian
from cskb.search.analysis import Analyzer
from cskb.search.compounds import joins, split
from cskb.search.normalise import fold, normalise, normalise_value, value_keys
from cskb.search.segment import WEAK, skeleton, unspaced_terms

A = Analyzer()


def forms(text: str) -> list[set[str]]:
    return [set(f) for _, f, _, _ in A.analyse(text)]


def meet(a: str, b: str) -> bool:
    """Do two single words share a form (so a query for one finds the other)?"""
    fa, fb = forms(a), forms(b)
    assert len(fa) == 1 and len(fb) == 1, (fa, fb)
    return bool(fa[0] & fb[0])


# --- normalisation ---------------------------------------------------------------------------


def test_nfkc_casefold_and_one_apostrophe():
    assert normalise("ＡＰＩ") == "api"
    assert normalise("Maßnahme") == "massnahme"
    assert normalise("ｻﾎﾟｰﾄ") == "サポート"
    assert normalise("обов’язок") == normalise("обовʼязок") == normalise("обов'язок")


def test_thai_sara_am_survives_nfkc():
    # NFKC splits U+0E33 into two characters; the analyzer keeps the one Thai spelling
    assert normalise("สำคัญ") == "สำคัญ"


def test_accents_fold_for_latin_only():
    assert fold("résumé") == "resume" and fold("kundemøte") == "kundemote"
    assert fold("їжак") == "їжак"  # Cyrillic letters keep their marks
    assert fold(normalise("ガイド")) == "ガイド"  # kana keeps its voicing mark
    assert normalise_value("  Société   Générale ") == "societe generale"
    assert value_keys("Übergabe") == ("ubergabe", "uebergabe")


def test_katakana_long_vowel_at_word_end():
    assert normalise("データー") == normalise("データ")
    assert normalise("サーバー") == "サーバ"  # only the final mark goes


# --- forms of one word -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("рахунок", "рахунку"),
        ("рахунок", "рахунки"),
        ("kunden", "kundene"),
        ("kunden", "kundens"),
        ("Schulung", "Schulungen"),
        ("renovación", "renovaciones"),
        ("migraron", "migró"),
        ("Maßnahmenplan", "Massnahmenplan"),
        ("Übergabe", "Uebergabe"),
        ("résumé", "resume"),
        ("prioritise", "prioritize"),
        ("organisation", "organizations"),
        ("colour", "color"),
        ("centre", "center"),
        ("catalogue", "catalog"),
        ("travelled", "traveled"),
        ("обов'язок", "обовʼязок"),
        ("обов’язки", "обовязки"),
        ("ＡＰＩ", "API"),
        ("strategies", "strategy"),
        ("договір", "договору"),
    ],
)
def test_forms_meet(a: str, b: str):
    assert meet(a, b)


@pytest.mark.parametrize("a, b", [("renewal", "pricing"), ("kunde", "møte"), ("four", "for")])
def test_different_words_stay_apart(a: str, b: str):
    assert not meet(a, b)


def test_surface_form_comes_first():
    (f,) = [f for _, f, _, _ in A.analyse("Kundene")]
    assert f[0] == "kundene" and "kund" in f


def test_languages_setting_decides_the_stemmers():
    english_only = Analyzer(("english",))
    (f,) = [f for _, f, _, _ in english_only.analyse("kundene")]
    assert "kund" not in f  # no Norwegian stemmer
    (f,) = [f for _, f, _, _ in Analyzer(("english",)).analyse("рахунку")]
    assert f == ("рахунку",)


def test_ukrainian_stemmer_directly():
    assert ukrainian.stem("рахунками") == ukrainian.stem("рахунок") == "рахунк"
    assert ukrainian.stem("зустріччю") == ukrainian.stem("зустрічі")
    assert ukrainian.stem("кіт") == "кіт"  # too short to touch


def test_british_to_american():
    assert english.american("prioritising") == "prioritizing"
    assert english.american("behaviours") == "behaviors"
    assert english.american("four") is None and english.american("hour") is None


# --- scripts without spaces ------------------------------------------------------------------


def terms(text: str) -> list[tuple[str, ...]]:
    return [f for _, f, _, _ in unspaced_terms(text)]


def test_bigrams_and_chinese_boundaries():
    # 继续|约见: the pair 续约 straddles a word boundary and is indexed as a weak form
    assert (WEAK + "续约",) in terms("继续约见客户")
    assert ("续约",) in terms("客户续约谈判")


def test_okurigana_skeleton():
    assert skeleton("打ち合わせ") == skeleton("打合せ") == skeleton("打ち合せ") == "打合"
    assert skeleton("データ") is None
    assert any("打合" in f for f in terms("打ち合わせ"))


def test_thai_joined_across_a_space():
    spaced = {f for _, fs, _, _ in A.analyse("กลยุทธ์ ข้อมูล") for f in fs}
    joined = {f for _, fs, _, _ in A.analyse("กลยุทธ์ข้อมูล") for f in fs}
    assert joined <= spaced


def test_positions_and_offsets_point_into_the_text():
    text = "Kunden møte 打合せ"
    for _, _, start, end in A.analyse(text):
        assert 0 <= start < end <= len(text)
    positions = [p for p, _, _, _ in A.analyse(text)]
    assert positions == sorted(positions) and positions[0] == 0


# --- compounds ---------------------------------------------------------------------------------


def test_compound_split_and_join_use_only_known_words():
    library = {"kunde": 3, "mote": 2, "data": 5, "strategi": 4, "vertrag": 2, "verlangerung": 1}

    def known(w: str) -> int:
        return library.get(w, 0)

    assert split("kundemote", known) == ["kunde", "mote"]
    assert split("datastrategi", known) == ["data", "strategi"]
    assert split("vertragsverlangerung", known) == ["vertrag", "verlangerung"]  # linking -s-
    assert split("kundeservice", known) is None  # "service" is not in this library
    assert joins("kunde", "mote", lambda w: 1 if w == "kundemote" else 0) == ["kundemote"]
    assert joins("kunde", "mote", known) == []


# --- positions(): the build's grouping of analyse() --------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "Data",
    "data",
    "DATA",
    "strategy",
    "strategies",
    "Kundengespräch",
    "datastrategi",
    "don't",
    "обов'язок",
    "стратегію",
    "Стратегія",
    "データ戦略",
    "次のステップ",
    "数据策略",
    "กลยุทธ์ข้อมูล",
    "ลูกค้า",
    "colour",
    "color",
    "2026",
    " ",
    "  ",
    ", ",
    ". ",
    "\n",
    "-",
]


def _grouped(analyzer: Analyzer, text: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for pos, forms, _s, _e in analyzer.analyse(text):
        for form in forms:
            out.setdefault(form, []).append(pos)
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.text(max_size=30))
def test_positions_is_analyse_grouped_by_form(pieces: list[str], noise: str):
    analyzer = Analyzer()
    for text in (" ".join(pieces), "".join(pieces), " ".join(pieces) + noise):
        assert analyzer.positions(text) == _grouped(analyzer, text)


def test_positions_merges_words_sharing_a_form():
    got = Analyzer().positions("Data and data, DATA")
    assert got["data"] == [0, 2, 3]
