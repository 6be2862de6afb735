"""A KB of reviews in nine languages for the site-search tests: the word `onboarding` written
as each language writes it (case, a hyphen, an inflection, a compound, full-width letters), and
a few more variants (accents, umlauts) that other queries reach."""

from __future__ import annotations

from pathlib import Path

from cskb.kb.initkb import init_kb
from tests.helpers import build_file_tree, git
from tests.sitekb import _review

CYCLE = "2026-10-12"
REVIEWS = {
    "en": "The Onboarding plan was clear and the sponsor agreed the next steps.",
    "de": "Der Onboarding-Prozess war gut vorbereitet; die Übergabe an die Projektleitung klappte.",
    "sv": "Onboardingen gick bra och kunden var nöjd med planen.",
    "no": "Onboardingplanen ble gjennomgått, og planen var klar for kunden.",
    "es": "Revisamos el onboarding y la facturación electrónica con el cliente.",
    "fr": "Nous avons parlé du onboarding et du résumé de la réunion.",
    "uk": "Ми обговорили onboarding нових користувачів і стратегію даних.",
    "ja": "ＯＮＢＯＡＲＤＩＮＧの進め方とデータ戦略を確認しました。",
    "zh": "我们讨论了onboarding流程和数据迁移。",
    "th": "การ onboarding ลูกค้าใหม่และกลยุทธ์ข้อมูล",
}
# Reviews that only share other words: they must not be found by `onboarding`.
OTHERS = {
    "en-other": "The renewal call ran long; pricing was the only topic.",
    "de-other": "Die Rechnung hatte einen Fehler, die Planung war gut.",
}


def make_search_kb(root: Path) -> Path:
    init_kb(root)
    files = {}
    for i, (key, text) in enumerate({**REVIEWS, **OTHERS}.items()):
        files[f"reviews/{CYCLE}/r{i:02d}-{key}.md"] = _review(
            CYCLE,
            f"m{i}",
            f"n{i}",
            [4, 3, 4],
            title=f"Call {key}",
            body=f"# Call {key}\n\n## What went well\n\n{text}\n",
        )
    build_file_tree(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "test: reviews in many languages")
    return root


def page_of(key: str) -> str:
    """The site page of the review written for `key`."""
    keys = list({**REVIEWS, **OTHERS})
    return f"reviews/{CYCLE}/r{keys.index(key):02d}-{key}.html"
