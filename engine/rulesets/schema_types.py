"""What kind of value a submission schema allows at a JSON pointer.

Decimal strings (e.g. "0.97") are allowed wherever the schema accepts a number, so inputs bound
to such places are turned into Decimals once, at the boundary, not compared as text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

MAX_DEPTH = 32


def _deref(schema: Mapping[str, Any], node: Any, root: Mapping[str, Any], depth: int) -> Iterator[Mapping[str, Any]]:
    """Yield the node and every alternative it stands for ($ref, allOf/anyOf/oneOf)."""
    if not isinstance(node, Mapping) or depth > MAX_DEPTH:
        return
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(target, Mapping) else {}
        yield from _deref(schema, target, root, depth + 1)
    yield node
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(key, ()) or ():
            yield from _deref(schema, branch, root, depth + 1)


def schemas_at(schema: Mapping[str, Any], pointer: str) -> list[Mapping[str, Any]]:
    """Every subschema that may govern the value at `pointer` (array indices follow `items`)."""
    current = list(_deref(schema, schema, schema, 0))
    for raw in (p for p in pointer.split("/")[1:]):
        part = raw.replace("~1", "/").replace("~0", "~")
        following: list[Mapping[str, Any]] = []
        for node in current:
            child = None
            if part in (node.get("properties") or {}):
                child = node["properties"][part]
            elif part.isdigit() and isinstance(node.get("items"), Mapping):
                child = node["items"]
            if child is not None:
                following.extend(_deref(schema, child, schema, 0))
        current = following
    return current


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
