"""The demo's retros (`retros/<cycle>/<member>.yaml`, see docs/round.md): after each closed
cycle most members say how useful it was, what worked and what to change, in the languages
the demo's reviews use. Drawn from their own random stream, so the rest of the demo does not
change with them."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from cskb.adapters.store import dump_yaml
from cskb.models import Cycle

RETROS_DIR = "retros"
# (worked, change, tags) per language; "template" and "timing" recur, so themes appear
ANSWERS: dict[str, list[tuple[str, str, list[str]]]] = {
    "en": [
        (
            "The coffee made the feedback land.",
            "The template is too long for a short call.",
            ["template"],
        ),
        (
            "Pairing across regions: new angles on renewals.",
            "More time between the call and the review.",
            ["timing"],
        ),
        (
            "Timestamps made the evidence easy to check.",
            "Shorter template, fewer criteria.",
            ["template"],
        ),
    ],
    "ja": [
        ("コーヒーで率直に話せた。", "テンプレートが長すぎる。", ["template"]),
        ("他チームの視点が新鮮だった。", "レビューまでの時間がもっと欲しい。", ["timing"]),
    ],
    "th": [
        ("การคุยกาแฟช่วยให้เข้าใจคำติชม", "แม่แบบยาวเกินไป", ["template"]),
    ],
    "uk": [
        ("Кава допомогла обговорити відгук.", "Шаблон задовгий, треба скоротити.", ["template"]),
        ("Пари з інших команд дали нові ідеї.", "Більше часу між дзвінком і відгуком.", ["timing"]),
    ],
    "no": [
        ("Kaffen gjorde tilbakemeldingen lettere.", "Malen er for lang.", ["template"]),
    ],
}
WEIGHTS = [("en", 70), ("ja", 8), ("th", 7), ("uk", 8), ("no", 7)]
SUGGESTIONS = [
    ("Merge agenda and control into one criterion.", "rubric"),
    ("A playbook card on handling a silent customer.", "playbook"),
]


def write_retros(root: Path, cycles: list[Cycle], today: dt.date, seed: int) -> list[Path]:
    """Retros for every cycle whose due date has passed; the folder written, if any."""
    rng = random.Random(f"retro-{seed}")
    wrote = False
    for cycle in cycles:
        if cycle.due >= today:
            continue
        folder = root / RETROS_DIR / cycle.id
        for g in cycle.groups:
            for handle in g.members:
                if rng.random() >= 0.7:
                    continue
                lang = rng.choices([w[0] for w in WEIGHTS], [w[1] for w in WEIGHTS])[0]
                worked, change, tags = rng.choice(ANSWERS[lang])
                idea, about = rng.choice(SUGGESTIONS) if rng.random() < 0.15 else ("", "")
                data = {
                    "cycle": cycle.start,
                    "member": handle,
                    "useful": rng.choices([2, 3, 4, 5], [1, 3, 5, 3])[0],
                    "worked": worked,
                    "change": change,
                    "suggestion": idea,
                    "about": about,
                    "tags": tags,
                }
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{handle}.yaml").write_text(dump_yaml(data), encoding="utf-8")
                wrote = True
    return [root / RETROS_DIR] if wrote else []
