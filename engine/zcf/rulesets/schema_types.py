"""What kind of value a submission schema allows at a JSON pointer.

Decimal strings (e.g. "0.97") are allowed wherever the schema accepts a number, so inputs bound
to such places are turned into Decimals once, at the boundary, not compared as text.

A tailored ruleset's schema is `{"allOf": [base, child]}`; each part is a whole schema with its
own `$defs`, so a `$ref` is resolved against the nearest enclosing schema that has `$defs`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

MAX_DEPTH = 32
Node = tuple[Mapping[str, Any], Mapping[str, Any]]  # (subschema, the document its $refs resolve in)


def _resolve(root: Mapping[str, Any], ref: str) -> Any:
    target: Any = root
    for part in ref[2:].split("/"):
        key = part.replace("~1", "/").replace("~0", "~")
        target = target.get(key, {}) if isinstance(target, Mapping) else {}
    return target


def _deref(node: Any, root: Mapping[str, Any], depth: int) -> Iterator[Node]:
    """Yield the node and every alternative it stands for ($ref, allOf/anyOf/oneOf)."""
    if not isinstance(node, Mapping) or depth > MAX_DEPTH:
        return
    if "$defs" in node or "definitions" in node:
        root = node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        yield from _deref(_resolve(root, ref), root, depth + 1)
    yield node, root
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(key, ()) or ():
            yield from _deref(branch, root, depth + 1)


def schemas_at(schema: Mapping[str, Any], pointer: str) -> list[Mapping[str, Any]]:
    """Every subschema that may govern the value at `pointer` (array indices follow `items`)."""
    current = list(_deref(schema, schema, 0))
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        following: list[Node] = []
        for node, root in current:
            child = None
            if part in (node.get("properties") or {}):
                child = node["properties"][part]
            elif part.isdigit() and isinstance(node.get("items"), Mapping):
                child = node["items"]
            if child is not None:
                following.extend(_deref(child, root, 0))
        current = following
    return [node for node, _ in current]


def is_numeric(schema: Mapping[str, Any], pointer: str) -> bool:
    """True when the schema accepts a number at `pointer` (possibly also a decimal string)."""
    for node in schemas_at(schema, pointer):
        kind = node.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "number" in kinds or "integer" in kinds:
            return True
        if isinstance(node.get("properties"), Mapping) and {"value", "unit"} <= set(node["properties"]):
            return True  # a quantity: its value is a number
    return False
