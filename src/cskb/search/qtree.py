"""The query tree query.py builds and engine.py turns into whoosh queries (no whoosh here)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    field: str
    text: str


@dataclass(frozen=True)
class Wildcard:
    """`*` any characters, `?` one character."""

    field: str
    pattern: str


@dataclass(frozen=True)
class AnyOf:
    """Best-of: a document scores by the best of these (forms of one word)."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Some:
    """At least one; scores add up (the same word in several fields)."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class All:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class Seq:
    """Items at consecutive positions (a phrase), or within `slop` positions in any order
    when `ordered` is false (a proximity boost)."""

    items: tuple[Node, ...]
    slop: int = 1
    ordered: bool = True
    boost: float = 1.0


@dataclass(frozen=True)
class Maybe:
    """`required`, ranked higher when `optional` matches too."""

    required: Node
    optional: Node


@dataclass(frozen=True)
class Range:
    field: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class Everything:
    pass


@dataclass(frozen=True)
class Nothing:
    pass


Node = (
    Term | Prefix | Wildcard | AnyOf | Some | All | Not | Seq | Maybe | Range | Everything | Nothing
)


def terms(node: Node) -> list[Term]:
    """Every term in the tree (for tests and for counting)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, AnyOf | Some | All | Seq):
        return [t for item in node.items for t in terms(item)]
    if isinstance(node, Not):
        return terms(node.item)
    if isinstance(node, Maybe):
        return terms(node.required) + terms(node.optional)
    return []
