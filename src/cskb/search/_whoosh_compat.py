"""Start-up cost of importing whoosh, cut without changing what whoosh does.

- whoosh imports the `cached_property` back-port, which imports asyncio (~30 ms); whoosh uses
  it only as a plain decorator, which `functools.cached_property` provides.
- `whoosh.compat` does `from urllib.request import urlretrieve` (~45 ms: http, ssl, email) for a
  helper nothing in whoosh's index or query path calls. While `whoosh.compat` is imported, a
  placeholder stands in for `urllib.request` whose `urlretrieve` imports the real module on
  first call; the placeholder is removed right after, so any later `import urllib.request`
  (anywhere in the process) gets the real module.
- `whoosh.query` imports `whoosh.lang.morph_en` (~10 ms: a table of English word variants) and
  `whoosh.analysis` imports `whoosh.lang.porter`, for the `Variations` query and `StemFilter`,
  which cskb never uses (it has its own analyzer). The same trick: placeholders whose
  functions import the real module on first call, removed once whoosh is imported.
"""

from __future__ import annotations

import functools
import sys
import types
from typing import Any

if "cached_property" not in sys.modules:
    _shim = types.ModuleType("cached_property")
    _shim.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _shim


def _lazy(module: str, name: str) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        import importlib

        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


# (module, its functions whoosh binds at import time): stand-ins while whoosh is imported
PLACEHOLDERS = {
    "urllib.request": ("urlretrieve",),
    "whoosh.lang.morph_en": ("variations",),
    "whoosh.lang.porter": ("stem",),
}


def _import_whoosh() -> None:
    if "whoosh.compat" in sys.modules:
        return
    placed: dict[str, types.ModuleType] = {}
    for module, names in PLACEHOLDERS.items():
        if module in sys.modules:
            continue
        placeholder = types.ModuleType(module)
        for name in names:
            setattr(placeholder, name, _lazy(module, name))
        sys.modules[module] = placed[module] = placeholder
    try:
        import whoosh.analysis  # noqa: F401
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
    finally:
        for module, placeholder in placed.items():
            if sys.modules.get(module) is placeholder:
                del sys.modules[module]
            parent, _, child = module.rpartition(".")
            package = sys.modules.get(parent)
            if package is not None and getattr(package, child, None) is placeholder:
                delattr(package, child)


_import_whoosh()
