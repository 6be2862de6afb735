"""Start-up cost: whoosh imports the `cached_property` back-port, which imports asyncio
(~30 ms). whoosh uses it only as a plain decorator, which the standard library's
`functools.cached_property` provides, so register that under the back-port's name
before whoosh is imported. Nothing else in cskb uses it."""

from __future__ import annotations

import functools
import sys
import types

if "cached_property" not in sys.modules:
    _shim = types.ModuleType("cached_property")
    _shim.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _shim
