from __future__ import annotations

from pathlib import Path

from cskb.config import parse_config
from cskb.models import Review
from cskb.reviews import score, set_status_text
from cskb.store import parse_document
from cskb.tags import count, normalise, suggest


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
    from cskb.store import decode

    doc = parse_document(decode(text.encode())[0])
    out = set_status_text(text, doc, "complete")
    assert out == text.replace("status: draft", "status: complete")


def test_tags_normalise_and_suggest():
    assert normalise([" Data  Strategy", "data strategy", "", "QBR"]) == ["data strategy", "qbr"]
    assert suggest("data stratgy", ["data strategy", "renewal"]) == "data strategy"
    assert suggest("zzz", ["data strategy"]) is None
    assert count([["a", "b"], ["a"], ["A "]]) == [("a", 3), ("b", 1)]


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

    corpus = Path(__file__).parent / "corpus"
    assert cli("pair").exit_code == 0
    dest = kb / "reviews" / "2026-11-09" / "ana-reviews-bo.md"
    dest.parent.mkdir(parents=True)
    shutil.copyfile(corpus / "valid.md", dest)
    cfg = kb / "cskb.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + '\n[[rubric]]\nkey = "empathy"\ntitle = "Showing empathy"\nquestion = "Did they listen?"\nscale = "1-5"\n', encoding="utf-8")
    r = cli("check", "--format", "json")
    assert r.exit_code == 0, r.stdout
    import json

    assert any(f["rule"] == "score-missing" and f["severity"] == "warning" for f in json.loads(r.stdout))
