"""What changed in a ruleset's submission schema, named by the JSON pointer of the submission value.

A factory cares where its document must change ("/energy/heat/0/supplier_factor is now
required"), not where the schema's keywords moved. So both schemas are walked side by side along
`properties` and `items` (`*` stands for every array item), following local `$ref`s and merging
`allOf` branches (a tailored ruleset's schema is `allOf: [base, child]`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from zcf.model.json_diff import escape
from zcf.publishing.manifest import canonical_json

SchemaChangeKind = Literal["property_added", "property_removed", "required_added", "required_removed",
                           "constraints_changed"]
MAX_DEPTH = 32
#: keywords that decide whether a value is accepted (descriptions and titles do not)
CONSTRAINTS = ("type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
               "pattern", "format", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
               "additionalProperties", "multipleOf")


@dataclass(frozen=True)
class RawSchemaChange:
    pointer: str
    change: SchemaChangeKind
    before: Any = None
    after: Any = None


#: a subschema with the resource its local `$ref`s resolve against (its nearest `$id`, else the document)
_Node = tuple[Mapping[str, Any], Mapping[str, Any]]


@dataclass
class _View:
    """Everything a schema node (with its $refs and allOf branches) says about one place."""

    properties: dict[str, list[_Node]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    items: list[_Node] = field(default_factory=list)
    constraints: dict[str, list[Any]] = field(default_factory=dict)


def _resolve(ref: str, root: Mapping[str, Any]) -> Any:
    target: Any = root
    for part in ref[2:].split("/"):
        key = part.replace("~1", "/").replace("~0", "~")
        target = target.get(key, {}) if isinstance(target, Mapping) else {}
    return target


def _expand(node: Any, root: Mapping[str, Any], depth: int = 0) -> Iterator[_Node]:
    """The node, what its local `$ref` points to, and its `allOf` branches (all must hold).

    A branch with its own `$id` (a tailored schema embeds its base whole) is its own resource.
    """
    if not isinstance(node, Mapping) or depth > MAX_DEPTH:
        return
    if "$id" in node:
        root = node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        yield from _expand(_resolve(ref, root), root, depth + 1)
    yield node, root
    for branch in node.get("allOf") or ():
        yield from _expand(branch, root, depth + 1)


def _view(nodes: list[_Node]) -> _View:
    view = _View()
    for node, root in (pair for top, top_root in nodes for pair in _expand(top, top_root)):
        for name, sub in (node.get("properties") or {}).items():
            view.properties.setdefault(name, []).append((sub, root))
        view.required |= {r for r in node.get("required") or () if isinstance(r, str)}
        if isinstance(node.get("items"), Mapping):
            view.items.append((node["items"], root))
        for key in CONSTRAINTS:
            if key in node and not isinstance(node[key], Mapping):
                view.constraints.setdefault(key, []).append(node[key])
    return view


def _plain(values: list[Any]) -> Any:
    """One keyword's values across merged branches, in a stable, comparable form."""
    unique = sorted({canonical_json(_jsonable(v)).decode(): _jsonable(v) for v in values}.items())
    return unique[0][1] if len(unique) == 1 else [v for _, v in unique]


def _jsonable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)  # Decimal: schemas are read with parse_float=Decimal


def schema_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[RawSchemaChange]:
    """Properties added or removed, required changed and constraints changed, by submission pointer."""
    out: list[RawSchemaChange] = []
    _walk([(before, before)], [(after, after)], "", out, 0)
    return out


def _walk(a_nodes: list[_Node], b_nodes: list[_Node], pointer: str, out: list[RawSchemaChange], depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    a, b = _view(a_nodes), _view(b_nodes)
    a_constraints = {k: _plain(v) for k, v in a.constraints.items()}
    b_constraints = {k: _plain(v) for k, v in b.constraints.items()}
    if a_constraints != b_constraints:
        keys = sorted(k for k in {*a_constraints, *b_constraints} if a_constraints.get(k) != b_constraints.get(k))
        out.append(RawSchemaChange(pointer or "/", "constraints_changed",
                                   {k: a_constraints.get(k) for k in keys}, {k: b_constraints.get(k) for k in keys}))
    for name in sorted({*a.properties, *b.properties}):
        child = f"{pointer}/{escape(name)}"
        if name not in b.properties:
            out.append(RawSchemaChange(child, "property_removed"))
        elif name not in a.properties:
            out.append(RawSchemaChange(child, "property_added"))
        else:
            _walk(a.properties[name], b.properties[name], child, out, depth + 1)
    for name in sorted(a.required ^ b.required):
        kind: SchemaChangeKind = "required_added" if name in b.required else "required_removed"
        out.append(RawSchemaChange(f"{pointer}/{escape(name)}", kind))
    if a.items and b.items:
        _walk(a.items, b.items, f"{pointer}/*", out, depth + 1)
