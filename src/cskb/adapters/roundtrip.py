"""The only module importing ruamel.yaml: edits to hand-written YAML that keep comments.

`team.yaml` is edited by people ("# manager of X, never pair with Y") as well as by
`cskb team`, so rewriting it from data would delete every comment. Here the file is
loaded in ruamel's round-trip mode and only the values that changed are set: comments,
quoting, key order and untouched members stay byte for byte. The text has already
been read and validated by `store` (aliases, depth and size limits), so ruamel only
ever sees text that passed those limits.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from cskb.errors import ConfigError

_SEQ_INDENT = re.compile(r"^( *)- ", re.MULTILINE)


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.width = 4096
    y.preserve_quotes = True
    m = _SEQ_INDENT.search(text)
    offset = len(m.group(1)) if m else 0
    y.indent(mapping=2, sequence=offset + 2, offset=offset)
    return y


def _set_mapping(target: Any, wanted: dict[str, Any], order: Sequence[str]) -> None:
    """Make mapping `target` hold exactly `wanted`, touching only what differs."""
    for key in [k for k in target if k not in wanted]:
        del target[key]
    for key, value in wanted.items():
        if key in target and _same(target[key], value):
            continue
        if key in target:
            target[key] = value
            continue
        # a new key goes where the fixed order puts it, after the keys that precede it
        rank = order.index(key) if key in order else len(order)
        pos = sum(1 for k in target if (order.index(k) if k in order else len(order)) <= rank)
        target.insert(pos, key, value)


def _same(old: Any, new: Any) -> bool:
    if isinstance(new, list):
        if not isinstance(old, list) or len(old) != len(new):
            return False
        return all(_same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(new, dict):
        if not isinstance(old, dict) or set(old) != set(new):
            return False
        return all(_same(old[k], new[k]) for k in new)
    if isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(new, dt.date) and isinstance(old, str):
        return old.strip() == new.isoformat()
    return bool(old == new)


def update_list_of_mappings(
    text: str,
    list_key: str,
    id_key: str,
    items: list[dict[str, Any]],
    order: Sequence[str],
    unchanged: frozenset[str] = frozenset(),
) -> str:
    """`text` (a YAML mapping holding `list_key: [mappings]`) with that list made equal to
    `items`, matched by `id_key`: changed entries are edited in place, new ones appended,
    missing ones removed; entries whose id is in `unchanged` are not touched at all, so
    their hand-written spelling stays. Comments and formatting elsewhere are kept."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    y = _yaml(text)
    try:
        doc = y.load(text) if text.strip() else None
    except YAMLError as exc:
        raise ConfigError(f"cannot edit the file in place: {str(exc).splitlines()[0]}") from None
    if doc is None:
        doc = CommentedMap()
    if not isinstance(doc, CommentedMap):
        raise ConfigError(f"cannot edit the file in place: it must be a mapping with '{list_key}:'")
    seq = doc.get(list_key)
    if not isinstance(seq, CommentedSeq):
        seq = CommentedSeq()
        doc[list_key] = seq
    by_id = {m.get(id_key): m for m in seq if isinstance(m, CommentedMap)}
    wanted_ids = [it[id_key] for it in items]
    for i in reversed(range(len(seq))):
        entry = seq[i]
        if isinstance(entry, CommentedMap) and entry.get(id_key) not in wanted_ids:
            del seq[i]
    for item in items:
        entry = by_id.get(item[id_key])
        if entry is None:
            seq.append(CommentedMap(item))
        elif item[id_key] not in unchanged:
            _set_mapping(entry, item, order)
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()
