"""Start-up cost of importing whoosh, cut without changing what whoosh does.

- whoosh imports the `cached_property` back-port, which imports asyncio (~30 ms); whoosh uses
  it only as a plain decorator, which `functools.cached_property` provides.
- `whoosh.compat` does `from urllib.request import urlretrieve` (~45 ms: http, ssl, email) for a
  helper nothing in whoosh's index or query path calls. While `whoosh.compat` is imported, a
  placeholder stands in for `urllib.request` whose `urlretrieve` imports the real module on
  first call; the placeholder is removed right after, so any later `import urllib.request`
  (anywhere in the process) gets the real module.
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


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _import_compat() -> None:
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    placeholder = types.ModuleType("urllib.request")
    placeholder.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = placeholder
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is placeholder:
            del sys.modules["urllib.request"]
        urllib = sys.modules.get("urllib")
        if urllib is not None and getattr(urllib, "request", None) is placeholder:
            delattr(urllib, "request")


_import_compat()
