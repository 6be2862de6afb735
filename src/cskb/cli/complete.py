"""Shell completion from the KB: member handles, cycle ids and review ids.

Each function takes click's `(ctx, param, incomplete)` and returns matching strings; any
problem (not inside a KB, a broken file) gives no suggestions rather than an error, since
a completion must never print a traceback into the user's shell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _kb(ctx: Any) -> Any:
    from cskb.kb.layout import open_kb

    root = ctx.find_root() if ctx is not None else None
    flag = (root.params or {}).get("kb") if root is not None else None
    return open_kb(Path.cwd(), flag)


def _matching(values: list[str], incomplete: str) -> list[str]:
    return sorted({v for v in values if v.startswith(incomplete)})


def handles(ctx: Any, param: Any, incomplete: str) -> list[str]:
    try:
        from cskb.kb.roster import load_roster

        return _matching([m.handle for m in load_roster(_kb(ctx).team_file)], incomplete)
    except Exception:  # completion fails silently outside a KB
        return []


def cycles(ctx: Any, param: Any, incomplete: str) -> list[str]:
    try:
        from cskb.pairing.cycles import cycle_files

        return _matching([p.stem for p in cycle_files(_kb(ctx).cycles_dir)], incomplete)
    except Exception:
        return []


def reviews(ctx: Any, param: Any, incomplete: str) -> list[str]:
    try:
        folder = _kb(ctx).reviews_dir
        return _matching([p.stem for p in folder.glob("*/*.md")], incomplete)
    except Exception:
        return []


# Which parameters complete what, by parameter name across every command.
BY_NAME = {
    "as_": handles,
    "handle": handles,
    "reviewer": handles,
    "reviewee": handles,
    "with_": handles,
    "cycle": cycles,
    "ident": reviews,
}
