"""The only module that parses or writes YAML and front-matter.

Every file in a KB may come from a colleague, so reading has limits: YAML aliases are
refused (a "billion laughs" file expands a few lines into gigabytes), nesting deeper
than MAX_DEPTH is refused (10,000 levels would end in a RecursionError), files over
MAX_BYTES are refused, and a symbolic link is never followed (O_NOFOLLOW). Each limit
gives a one-line problem naming the file and line, checked before anything is built.

Reading is strict on purpose: python-frontmatter silently drops metadata for a
UTF-8 BOM or a missing closing delimiter, so the split is done here, YAML is
loaded with libyaml's safe C loader where present (no tag ever executes),
duplicate keys are refused, and the line of every top-level key is kept so
findings can point at it. Writing keeps key
order and the body kept byte for byte, so rewriting a file produces no
spurious diff. (python-frontmatter is not used: besides the silent drops above, its
writer strips the body's surrounding whitespace, which breaks byte-for-byte round trips.)
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# re-exported: readers import them from here (a reader needing only text: decoding.py)
from cskb.adapters.decoding import BOM as BOM
from cskb.adapters.decoding import YamlProblem as YamlProblem
from cskb.adapters.decoding import decode as decode
from cskb.adapters.fsio import is_link_error, read_bytes
from cskb.errors import DataError

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

DELIMITER = "---"
MAX_BYTES = 1_000_000
MAX_DEPTH = 64
# A '-' or '?' that can open a nested block collection: followed by whitespace or the end.
_BLOCK_INDICATOR = re.compile(r"[-?](?=\s|$)")


class _NoAliasDumper(_BaseDumper):
    """Never writes `&id001` anchors: every record file reads on its own."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_RESOLVED: dict[tuple[Any, Any, Any], str] = {}  # (node kind, value, implicit) -> tag


class StrictLoader(_BaseLoader):
    """A safe loader that refuses duplicate mapping keys."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """PyYAML's implicit tag of a value, remembered: libyaml asks Python for every
        scalar, and front-matter repeats its keys and many values in every file. The answer
        depends only on the arguments and the (fixed) resolver tables of the class."""
        key = (kind, value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(_RESOLVED) < 50_000 and (value is None or len(value) <= 200):
                _RESOLVED[key] = tag
        return tag


def _construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key is not a plain value", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r}; keep one of them",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return dict(loader.construct_pairs(node, deep=deep))


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class Document:
    """A Markdown file split into front-matter and body."""

    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    key_lines: dict[str, int] = field(default_factory=dict)
    notes: list[tuple[int, str]] = field(default_factory=list)  # harmless oddities (BOM, CRLF)


def _might_exceed_limits(text: str) -> bool:
    """Cheap test: False when `text` can hold neither an alias nor nesting deeper than
    MAX_DEPTH (each level needs a new line, a bracket or a block indicator)."""
    if "*" in text or "&" in text:
        return True
    bound = text.count("\n") + text.count("[") + text.count("{")
    if bound > MAX_DEPTH:
        return True
    return bound + len(_BLOCK_INDICATOR.findall(text)) > MAX_DEPTH


def _check_limits(text: str, first_line: int) -> None:
    """Refuse aliases and deep nesting from the event stream (no tree is built)."""
    loader = _BaseLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise YamlProblem(
                    first_line + (event.start_mark.line if event.start_mark else 0),
                    f"YAML alias '*{event.anchor}' is not allowed; write the value out in full",
                    "yaml-alias",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(
                        first_line + (event.start_mark.line if event.start_mark else 0),
                        f"YAML nested more than {MAX_DEPTH} levels deep; flatten it",
                        "yaml-too-deep",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(line, f"invalid YAML: {problem}", _yaml_code(problem)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _load_node(text: str, first_line: int) -> tuple[Any, dict[str, int]]:
    """Parse YAML `text`; returns the value and the 1-based line of each top-level key."""
    if _might_exceed_limits(text):
        _check_limits(text, first_line)
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        key_lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key_lines.setdefault(str(key_node.value), first_line + key_node.start_mark.line)
        return _construct(loader, node), key_lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(line, f"invalid YAML: {problem}", _yaml_code(problem)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, f"invalid YAML: {exc}") from None
    except (ValueError, OverflowError, TypeError) as exc:  # e.g. a date like 2026-02-30
        raise YamlProblem(first_line, f"invalid YAML value: {exc}") from None
    except RecursionError:
        raise YamlProblem(
            first_line, "YAML nested too deeply; flatten it", "yaml-too-deep"
        ) from None
    finally:
        loader.dispose()


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))


def _construct(loader: Any, node: yaml.Node) -> Any:
    """The value of `node`, as `loader.construct_document` gives it.

    PyYAML builds every value through a generic, generator-based dispatcher; front-matter is
    plain strings, lists and mappings, so those are built directly here (a mapping with the
    same merge-key flattening and duplicate-key refusal as `_construct_mapping`) and every
    other node (numbers, dates, booleans, explicit tags) still goes through the loader. Any
    doubt, an error included, and the whole document is built the loader's way, which then
    also says what is wrong. Aliases never get here (`_check_limits` refuses them), so no
    node is shared. A test compares both ways on generated and hand-written YAML."""
    try:
        return _build(loader, node)
    except Exception:  # the loader's own way names the problem (or builds what this cannot)
        loader.constructed_objects, loader.recursive_objects = {}, {}
        loader.state_generators = []
        return loader.construct_document(node)


def _build(loader: Any, node: yaml.Node) -> Any:
    tag, kind = node.tag, type(node)
    if kind is yaml.ScalarNode and tag == _STR:
        return node.value
    if kind is yaml.SequenceNode and tag == _SEQ:
        return [_build(loader, item) for item in node.value]
    if kind is yaml.MappingNode and tag == _MAP:
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(loader, key_node)
            if key in out:  # also raises TypeError for a key that is no plain value
                raise ValueError("duplicate key")
            out[key] = _build(loader, value_node)
        return out
    return loader.construct_object(node, deep=True)


def _yaml_code(problem: str) -> str:
    # PyYAML 6.0.4 and later refuse deep nesting themselves, sometimes before our own count
    # does: the same refusal, whichever says it first.
    if "nesting depth" in problem:
        return "yaml-too-deep"
    if "duplicate key" in problem:
        return "yaml-duplicate-key"
    if "constructor" in problem or "tag" in problem:
        return "yaml-tag"
    return "yaml-invalid"


def parse_document(text: str) -> Document:
    """Split front-matter from body and parse it; raises YamlProblem with the line."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != DELIMITER:
        raise YamlProblem(
            1, "no front-matter: the file must start with a '---' line", "front-matter-missing"
        )
    for i in range(1, len(lines)):
        if lines[i].rstrip() in (DELIMITER, "..."):
            close = i
            break
    else:
        raise YamlProblem(1, "front-matter has no closing '---' line", "front-matter-unclosed")
    for i in range(0, close):
        if lines[i].startswith(("<<<<<<<", "=======", ">>>>>>>")):
            raise YamlProblem(
                i + 1,
                "merge-conflict marker in front-matter; resolve the conflict",
                "merge-conflict",
            )
    yaml_text = "\n".join(lines[1:close])
    if "\t" in yaml_text:
        for i in range(1, close):
            if lines[i].startswith("\t") or (lines[i].lstrip(" ").startswith("\t")):
                raise YamlProblem(
                    i + 1, "tab used for indentation in front-matter; use spaces", "yaml-tab"
                )
    value, key_lines = _load_node(yaml_text, first_line=2)
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise YamlProblem(
            2,
            f"front-matter must be a mapping of fields, not a {type(value).__name__}",
            "front-matter-not-mapping",
        )
    if not all(isinstance(k, str) for k in value):
        bad = next(k for k in value if not isinstance(k, str))
        raise YamlProblem(
            2, f"front-matter key {bad!r} is not a string; quote it", "front-matter-not-mapping"
        )
    body = "\n".join(lines[close + 1 :])
    return Document(meta=value, body=body, body_line=close + 2, key_lines=key_lines)


def read_document(path: Path) -> Document:
    """Read a Markdown file with front-matter; raises YamlProblem (never a library error)."""
    try:
        data = _read_limited(path)
    except FileNotFoundError as exc:
        raise YamlProblem(1, f"cannot read ({exc.strerror})") from None
    if not data.strip():
        raise YamlProblem(1, "empty file", "empty-file")
    text, notes = decode(data)
    doc = parse_document(text)
    doc.notes[:0] = notes
    return doc


def _read_limited(path: Path) -> bytes:
    """The file's bytes: never through a symbolic link, never over MAX_BYTES."""
    try:
        return read_bytes(path, MAX_BYTES)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if is_link_error(exc):
            raise YamlProblem(
                1,
                "is a symbolic link; cskb does not follow links in a knowledge base, "
                "replace it with the real file",
                "symlink",
            ) from None
        if exc.errno == errno.EFBIG:
            raise YamlProblem(1, str(exc.strerror), "file-too-large") from None
        raise YamlProblem(1, f"cannot read ({exc.strerror})") from None


def load_yaml_file(path: Path, what: str = "file") -> Any:
    """Load a plain YAML file safely; raises DataError naming the file and line."""
    try:
        data = _read_limited(path)
    except FileNotFoundError:
        raise DataError(f"{path}: {what} not found") from None
    except YamlProblem as exc:
        raise DataError(f"{path}:{exc.line}: {exc.message}") from None
    try:
        text, _ = decode(data)
        value, _ = _load_node(text, first_line=1)
    except YamlProblem as exc:
        raise DataError(f"{path}:{exc.line}: {exc.message}") from None
    return value


def load_yaml_text(text: str, first_line: int = 1) -> Any:
    """Load YAML from a string; raises YamlProblem."""
    return _load_node(text, first_line)[0]


def dump_yaml(data: Any) -> str:
    """YAML text with the given key order and Unicode kept readable."""
    return yaml.dump(
        data,
        Dumper=_NoAliasDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1000,
    )


def dump_document(meta: dict[str, Any], body: str) -> str:
    """A Markdown file with YAML front-matter; `meta` is written as data, never pasted.

    The body is kept byte for byte, so `dump_document(*parse(text))` gives `text` back.
    """
    return f"{DELIMITER}\n{dump_yaml(meta)}{DELIMITER}\n{body}"


# Dates cskb accepts anywhere (files, flags, CSKB_TODAY): far enough from date.min and
# date.max that cycle arithmetic (start + cadence, anchor + k * cadence) cannot overflow.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2999, 12, 31)


def in_date_range(day: dt.date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


def to_date(value: Any) -> dt.date | None:
    """A YAML value as a date, or None when it is not one (or is outside DATE_MIN..DATE_MAX)."""
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return day if day is not None and in_date_range(day) else None
