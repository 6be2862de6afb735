"""The only module importing Jinja2: templates shipped in this package, autoescape on."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("cskb.site", "templates"),
        autoescape=True,  # every string is escaped unless it was marked safe here
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: "–" if v is None else f"{100 * v:.0f}%"
    env.filters["num"] = lambda v, d=1: "–" if v is None else f"{v:.{d}f}"
    return env


def trusted_html(html: str) -> Any:
    """Mark HTML that cskb itself produced (the Markdown renderer's output) as safe."""
    from markupsafe import Markup

    return Markup(html)


def render(template: str, **context: Any) -> str:
    return str(_env().get_template(template).render(**context))
