"""The demo's growth files: a competency matrix (five levels, six competencies, in English
and German), members on several levels, a quarter of self and lead assessments, a learning
path with some progress. Deterministic for a seed; it draws from its own random generator,
so the rest of the demo is the same with or without it. The shipped `[targets]` are kept:
the demo's cycles meet some and miss others."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

from cskb.adapters.store import dump_yaml
from cskb.models import Member

LEVELS = [
    ("associate", "Associate CSM / Junior-CSM", 40),
    ("csm", "CSM", 55),
    ("senior", "Senior CSM", 68),
    ("lead", "Lead CSM / Teamleitung", 78),
    ("principal", "Principal CSM", 88),
]
# key, title, criteria, cards, one line per level (English / German)
COMPETENCIES = [
    (
        "discovery",
        "Discovery / Bedarfsanalyse",
        ["agenda"],
        ["agenda"],
        "Asks the checklist questions. / Stellt die Fragen der Checkliste.",
    ),
    (
        "call-structure",
        "Call structure / Gesprächsstruktur",
        ["agenda", "control"],
        ["agenda"],
        "Agrees an agenda and keeps to it. / Vereinbart eine Agenda und hält sie ein.",
    ),
    (
        "objections",
        "Objection handling / Einwandbehandlung",
        ["control"],
        ["control"],
        "Stays calm and asks why. / Bleibt ruhig und fragt nach dem Warum.",
    ),
    (
        "product",
        "Product knowledge / Produktwissen",
        ["control", "next_steps"],
        ["control"],
        "Answers product questions without notes. / Beantwortet Produktfragen frei.",
    ),
    (
        "commercial",
        "Commercial acumen / Kaufmännisches Gespür",
        ["next_steps"],
        ["next-steps"],
        "Links next steps to the renewal. / Verknüpft nächste Schritte mit der Verlängerung.",
    ),
    (
        "follow-through",
        "Follow-through / Verbindlichkeit",
        ["next_steps"],
        ["next-steps"],
        "Confirms owners and dates. / Bestätigt Verantwortliche und Termine.",
    ),
]
GROWTH_PATHS = ("competencies.yaml", "assessments", "paths", "progress")


def matrix_text() -> str:
    comps = []
    for key, title, criteria, cards, line in COMPETENCIES:
        levels = {lv: f"{line} ({i + 1}/5)" for i, (lv, _, _) in enumerate(LEVELS)}
        comps.append(
            {"key": key, "title": title, "criteria": criteria, "cards": cards, "levels": levels}
        )
    data = {
        "levels": [{"key": k, "title": t, "expects": e} for k, t, e in LEVELS],
        "evidence": {"window": 6, "min_reviews": 3},
        "competencies": comps,
    }
    return "# The demo's competency matrix: see docs/growth.md.\n" + dump_yaml(data)


def with_levels(team: list[Member]) -> list[Member]:
    """Managers lead; everyone else on a level from associate to senior (new joiners lowest)."""
    out = []
    for i, m in enumerate(team):
        if m.role == "manager":
            level = "principal" if i == 0 else "lead"
        else:
            level = ("associate", "csm", "csm", "senior")[i % 4]
        out.append(dataclasses.replace(m, level=level))
    return out


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def write_growth(root: Path, team: list[Member], today: dt.date, seed: int) -> list[Path]:
    """Write the growth files; returns the paths to commit."""
    rng = random.Random(seed * 1009 + 24)
    (root / "competencies.yaml").write_text(matrix_text(), encoding="utf-8")
    levels = [k for k, _, _ in LEVELS]
    managers = [m for m in team if m.role == "manager"]
    period = _quarter(today)
    for i, m in enumerate(team):
        if m.role == "manager" or not managers or i % 3 == 2:
            continue  # some members have not assessed yet this quarter
        lead = managers[i % len(managers)]
        own = levels.index(m.level)
        folder = root / "assessments" / period / m.handle
        folder.mkdir(parents=True, exist_ok=True)
        for who, kind in ((m.handle, "self"), (lead.handle, "lead")):
            ratings = {}
            for key, *_ in COMPETENCIES:
                shift = rng.choice((-1, 0, 0, 1)) + (2 if kind == "self" and i % 5 == 0 else 0)
                ratings[key] = levels[max(0, min(len(levels) - 1, own + shift))]
            data = {
                "member": m.handle,
                "assessor": who,
                "kind": kind,
                "period": period,
                "status": "draft" if kind == "lead" and i % 4 == 3 else "final",
                "written": today - dt.timedelta(days=rng.randint(1, 20)),
                "ratings": ratings,
                "notes": {},
            }
            (folder / f"{who}.yaml").write_text(dump_yaml(data), encoding="utf-8")
    featured = _a_complete_review(root)
    steps: list[dict[str, object]] = []
    for j, (key, *_rest) in enumerate(COMPETENCIES):
        level = levels[min(j // 2, 2)]
        card = _rest[2][0]
        steps.append({"id": f"read-{key}", "competency": key, "level": level, "card": card})
        steps.append({"id": f"listen-{key}", "competency": key, "level": level, "exemplary": True})
    if featured:
        steps.insert(
            2,
            {
                "id": "listen-featured",
                "competency": "call-structure",
                "level": "associate",
                "review": featured,
                "note": "A lead's pick: a clear agenda from the first minute.",
            },
        )
    (root / "paths").mkdir(exist_ok=True)
    path_doc = {"title": "Your first months / Deine ersten Monate", "steps": steps}
    (root / "paths" / "onboarding.yaml").write_text(dump_yaml(path_doc), encoding="utf-8")
    for m in team:
        done = rng.randint(0, 6) if m.level in ("associate", "csm") else 0
        for step in steps[:done]:
            folder = root / "progress" / m.handle
            folder.mkdir(parents=True, exist_ok=True)
            record = {
                "member": m.handle,
                "step": step["id"],
                "on": today - dt.timedelta(days=rng.randint(1, 60)),
            }
            (folder / f"{step['id']}.yaml").write_text(dump_yaml(record), encoding="utf-8")
    return [root / p for p in GROWTH_PATHS if (root / p).exists()]


def _a_complete_review(root: Path) -> str | None:
    for path in sorted((root / "reviews").glob("*/*.md")):
        if "\nstatus: complete\n" in path.read_text(encoding="utf-8"):
            return path.relative_to(root).as_posix()
    return None
