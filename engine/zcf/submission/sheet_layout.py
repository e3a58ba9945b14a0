"""Where each field of a submission schema goes in a workbook: sheets, rows, columns, cell kinds.

No spreadsheet library here: this turns a (composed) submission JSON Schema into a layout that
`workbook.py` writes and reads. An object section becomes a *form* sheet (one row per field), an
array of objects a *table* sheet (one row per item). `{value, unit}` quantities take two cells
(value, unit); arrays of scalars take one cell (one item per line); anything the grid cannot
show (arrays of objects inside table rows, alternatives of objects) takes one cell of JSON text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zcf.model.problem import pointer_join


class Kind(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    DECIMAL = "decimal"  # a JSON number or a decimal string: the cell's type is kept
    BOOLEAN = "boolean"
    ENUM = "enum"
    LIST = "list"  # array of scalars: one item per line
    QUANTITY = "quantity"  # {value, unit}: two cells
    JSON = "json"  # anything else: JSON text in one cell


@dataclass(frozen=True)
class Field:
    """One cell (or a value and a unit cell) of a sheet. `pointer` is relative to the sheet's."""

    pointer: str
    zh: str
    en: str
    kind: Kind
    description: str = ""
    required: bool = False
    choices: tuple[Any, ...] = ()  # enum values (for QUANTITY: the units)
    item: Field | None = None  # LIST: the kind of each item
    value_kind: Kind | None = None  # QUANTITY: the kind of the value
    date_like: str | None = None  # "date" or "month" for strings of that pattern
    const: Any = None
    has_const: bool = False


@dataclass(frozen=True)
class Sheet:
    """A form (object section) or a table (array of objects) at `pointer` in the submission."""

    pointer: str
    zh: str
    en: str
    table: bool
    fields: tuple[Field, ...]


@dataclass
class _Node:
    node: Mapping[str, Any]
    root: Mapping[str, Any]


@dataclass(frozen=True)
class Layout:
    sheets: tuple[Sheet, ...]
    description: str = ""
    sheet_by_pointer: dict[str, Sheet] = field(default_factory=dict, compare=False)


_ZH_IN_PARENS = re.compile(r"^(?P<en>.*?)\s*[（(](?P<zh>[^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]")
_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_MONTH = "^[0-9]{4}-(0[1-9]|1[0-2])$"


def labels(key: str, description: str) -> tuple[str, str]:
    """(zh, en) names of a field, read from a description written as "English (中文) ...".

    >>> labels("name", "Registered name (企业名称).")
    ('企业名称', 'Registered name')
    >>> labels("area_m2", "")
    ('area m2', 'area m2')
    """
    match = _ZH_IN_PARENS.match(description)
    if match and match.group("en").strip():
        return match.group("zh").strip(), match.group("en").strip().rstrip(".:,")
    name = key.replace("_", " ")
    return name, name


def _merge(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """Two resolved schemas that must both hold, as one (properties merged key by key)."""
    out = dict(a)
    for key, value in b.items():
        if key == "properties" and "properties" in out:
            props = dict(out["properties"])
            for name, sub in value.items():
                props[name] = _merge(props[name], sub) if name in props else sub
            out["properties"] = props
        elif key == "required" and "required" in out:
            out["required"] = [*out["required"], *(r for r in value if r not in out["required"])]
        elif key == "additionalProperties" and "additionalProperties" in out:
            out[key] = False if False in (value, out[key]) else value
        elif key not in out:
            out[key] = value
    return out


def resolve(node: Any, root: Mapping[str, Any]) -> dict[str, Any]:
    """The schema at `node` with local `$ref`s followed and `allOf` merged, recursively.

    Each schema resource (a node with `$id`) resolves `#/...` against itself, so the parts of a
    composed ruleset schema (`allOf: [base, extension]`) keep their own `$defs`.
    """
    if not isinstance(node, Mapping):
        return {}
    if "$id" in node:
        root = node
    out: dict[str, Any] = {}
    if "$ref" in node:
        out = _merge(out, resolve(_follow(node["$ref"], root), root))
    for part in node.get("allOf", ()):
        out = _merge(out, resolve(part, root))
    own: dict[str, Any] = {k: v for k, v in node.items() if k not in ("$ref", "allOf", "$defs")}
    if "properties" in own:
        own["properties"] = {k: resolve(v, root) for k, v in own["properties"].items()}
    if isinstance(own.get("items"), Mapping):
        own["items"] = resolve(own["items"], root)
    for key in ("anyOf", "oneOf"):
        if key in own:
            own[key] = [resolve(v, root) for v in own[key]]
    if isinstance(own.get("additionalProperties"), Mapping):
        own["additionalProperties"] = resolve(own["additionalProperties"], root)
    # The referencing node's own words (description) win over the referenced definition's.
    return _merge(own, out)


def _follow(ref: str, root: Mapping[str, Any]) -> Any:
    if not ref.startswith("#"):
        return {}
    node: Any = root
    for part in ref[1:].split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node.get(part, {}) if isinstance(node, Mapping) else {}
    return node


def _scalar_kind(node: Mapping[str, Any]) -> Kind | None:
    if "enum" in node:
        return Kind.ENUM
    if "const" in node:
        return Kind.STRING if isinstance(node["const"], str) else Kind.NUMBER
    alternatives = node.get("anyOf") or node.get("oneOf")
    if alternatives:
        types = {alt.get("type") for alt in alternatives}
        if types == {"number", "string"} or types == {"integer", "string"}:
            return Kind.DECIMAL
        return None
    kind = node.get("type")
    return {"string": Kind.STRING, "integer": Kind.INTEGER, "number": Kind.NUMBER,
            "boolean": Kind.BOOLEAN}.get(kind) if isinstance(kind, str) else None


def _is_quantity(node: Mapping[str, Any]) -> bool:
    props = node.get("properties", {})
    return (node.get("type") == "object" and set(props) == {"value", "unit"}
            and _scalar_kind(props["value"]) in (Kind.DECIMAL, Kind.NUMBER, Kind.INTEGER)
            and "enum" in props["unit"])


def _leaf(pointer: str, key: str, node: Mapping[str, Any], required: bool) -> Field:
    description = str(node.get("description", ""))
    zh, en = labels(key, description)
    common: dict[str, Any] = {"pointer": pointer, "zh": zh, "en": en, "description": description,
                              "required": required}
    if _is_quantity(node):
        props = node["properties"]
        return Field(kind=Kind.QUANTITY, choices=tuple(props["unit"]["enum"]),
                     value_kind=_scalar_kind(props["value"]), **common)
    if node.get("type") == "array" and isinstance(node.get("items"), Mapping):
        item_kind = _scalar_kind(node["items"])
        if item_kind is not None:
            return Field(kind=Kind.LIST, item=_leaf("", key, node["items"], False), **common)
        return Field(kind=Kind.JSON, **common)
    kind = _scalar_kind(node)
    if kind is None:
        return Field(kind=Kind.JSON, **common)
    pattern = node.get("pattern")
    date_like = "date" if pattern == _DATE else "month" if pattern == _MONTH else None
    return Field(kind=kind, choices=tuple(node.get("enum", ())), date_like=date_like,
                 const=node.get("const"), has_const="const" in node, **common)


def _is_section_object(node: Mapping[str, Any]) -> bool:
    return node.get("type") == "object" and bool(node.get("properties")) and not _is_quantity(node)


def _is_table(node: Mapping[str, Any]) -> bool:
    items = node.get("items")
    return node.get("type") == "array" and isinstance(items, Mapping) and _is_section_object(items)


def _fields(node: Mapping[str, Any], prefix: str, *, in_table: bool,
            tables: list[tuple[str, str, Mapping[str, Any]]]) -> Iterator[Field]:
    """The cells of an object, nested objects flattened; arrays of objects set aside as tables."""
    required = set(node.get("required", ()))
    for key, sub in node.get("properties", {}).items():
        pointer = prefix + pointer_join(key)
        if _is_section_object(sub):
            yield from _fields(sub, pointer, in_table=in_table, tables=tables)
        elif _is_table(sub) and not in_table:
            tables.append((pointer, key, sub))
        else:
            yield _leaf(pointer, key, sub, key in required)


def layout(schema: Mapping[str, Any]) -> Layout:
    """The workbook layout of a submission schema: a form per section, a table per array of objects.

    Top-level scalars share the first form (pointer ""); each property of `extensions` that the
    schema describes is a section of its own.
    """
    root = resolve(schema, schema)
    sheets: list[Sheet] = []
    top: list[Field] = []
    required = set(root.get("required", ()))

    def section(pointer: str, key: str, node: Mapping[str, Any]) -> None:
        zh, en = labels(key, str(node.get("description", "")))
        tables: list[tuple[str, str, Mapping[str, Any]]] = []
        if _is_table(node):
            fields = tuple(_fields(node["items"], "", in_table=True, tables=tables))
            sheets.append(Sheet(pointer, zh, en, True, fields))
            return
        fields = tuple(_fields(node, "", in_table=False, tables=tables))
        if fields:
            sheets.append(Sheet(pointer, zh, en, False, fields))
        for table_pointer, table_key, table_node in tables:
            section(pointer + table_pointer, table_key, table_node)

    for key, node in root.get("properties", {}).items():
        pointer = pointer_join(key)
        if key == "extensions" and node.get("properties"):
            for ext, ext_node in node["properties"].items():
                section(pointer + pointer_join(ext), ext, ext_node)
        elif _is_section_object(node) or _is_table(node):
            section(pointer, key, node)
        elif key != "extensions":
            top.append(_leaf(pointer, key, node, key in required))
    if top:
        sheets.insert(0, Sheet("", "申报", "Submission", False, tuple(top)))
    by_pointer = {s.pointer: s for s in sheets}
    return Layout(tuple(sheets), str(root.get("description", "")), by_pointer)
