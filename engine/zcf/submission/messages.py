"""Plain-language text for schema violations: what was found, what was expected, what to do.

Built only from the schema and the offending value, so both validators (jsonschema-rs and
python-jsonschema) produce the same message for the same defect. Field descriptions in the
schema (English with the zh-CN term in brackets) are quoted to say what a field is for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

_TYPES = {
    "object": "an object {...}",
    "array": "a list [...]",
    "string": "text in double quotes",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}

Params = dict[str, Any]


def show(value: Any) -> str:
    """A short rendering of a submitted value for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, Decimal | int):
        return str(value)
    return "an object" if isinstance(value, Mapping) else "a list"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"the text {show(value)}"
    if isinstance(value, Decimal | int):
        return f"the number {value}"
    return "null" if value is None else show(value)


def _description(node: Any, schema: Mapping[str, Any]) -> str:
    """A subschema's description, following a local `$ref` when it has none of its own."""
    if not isinstance(node, Mapping):
        return ""
    if "description" in node:
        return str(node["description"])
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = schema
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, Mapping) else {}
        return _description(target, schema)
    return ""


def _about(holder: Mapping[str, Any], schema: Mapping[str, Any]) -> str:
    text = _description(holder, schema)
    return f" ({text.rstrip('.')})" if text else ""


def _required(inst: Any, holder: Mapping[str, Any], schema: Mapping[str, Any],
              pointer: str, name: str | None) -> tuple[str, Params]:
    prop = holder.get("properties", {}).get(name, {})
    about = _about(prop, schema)
    parent = pointer.rsplit("/", 1)[0] or "the top level"
    return (f"The required field {name!r}{about} is missing from {parent}. Add it; without it "
            "the submission cannot be identified or placed in time.", {"property": name})


def _additional(inst: Any, holder: Mapping[str, Any], schema: Mapping[str, Any],
                pointer: str, name: str | None) -> tuple[str, Params]:
    known = ", ".join(sorted(holder.get("properties", {})))
    return (f"Found the field {name!r}, which this format does not define here. Check its "
            f"spelling (known fields: {known}); put data for other tools under /extensions.",
            {"property": name})


def _type(inst: Any, holder: Mapping[str, Any], schema: Mapping[str, Any],
          pointer: str, name: str | None) -> tuple[str, Params]:
    wanted = holder["type"]
    names: list[str] = wanted if isinstance(wanted, list) else [wanted]
    expected = " or ".join(_TYPES.get(t, t) for t in names)
    hint = " Write numbers without quotes, e.g. 1234.5." if "number" in names else ""
    if "object" in names and {"value", "unit"} <= set(holder.get("properties", {})):
        hint = ' Write a quantity as {"value": 1234.5, "unit": "..."}.'
    return (f"Found {_kind(inst)}; expected {expected}{_about(holder, schema)}.{hint}",
            {"expected": names})


def _enum(inst: Any, holder: Mapping[str, Any], schema: Mapping[str, Any],
          pointer: str, name: str | None) -> tuple[str, Params]:
    options = [str(o) for o in holder["enum"]]
    quoted = " in double quotes" if not isinstance(inst, str) and str(inst) in options else ""
    return (f"Found {show(inst)}; expected one of: {', '.join(options)}. Use one of these "
            f"exactly as written{quoted} (letter case matters).", {"options": options})


def _const(inst: Any, holder: Mapping[str, Any], schema: Mapping[str, Any],
           pointer: str, name: str | None) -> tuple[str, Params]:
    return (f"Found {show(inst)}; expected {show(holder['const'])}{_about(holder, schema)}.",
            {"expected": holder["const"]})


def _any_of(inst: Any, holder: Mapping[str, Any], schema: Mapping[str, Any],
            pointer: str, name: str | None) -> tuple[str, Params]:
    text = _description(holder, schema).rstrip(".")
    expected = text[:1].lower() + text[1:] if text else "another form"
    return f"Found {_kind(inst)}; expected {expected}. Correct the value.", {}


def _bound(word: str, key: str) -> Callable[..., tuple[str, Params]]:
    def message(inst: Any, holder: Mapping[str, Any], schema: Mapping[str, Any],
                pointer: str, name: str | None) -> tuple[str, Params]:
        limit = holder[key]
        return (f"Found {show(inst)}; expected {word} {limit}{_about(holder, schema)}.",
                {"limit": limit})
    return message


def _pattern(inst: Any, holder: Mapping[str, Any], schema: Mapping[str, Any],
             pointer: str, name: str | None) -> tuple[str, Params]:
    return (f"Found {show(inst)}, which does not have the expected form"
            f"{_about(holder, schema)}. Required pattern: {holder['pattern']}.",
            {"pattern": holder["pattern"]})


def _format(inst: Any, holder: Mapping[str, Any], schema: Mapping[str, Any],
            pointer: str, name: str | None) -> tuple[str, Params]:
    fmt = holder["format"]
    example = " such as 2025-12-31" if fmt == "date" else ""
    return (f"Found {show(inst)}, which is not a valid {fmt}{example}"
            f"{_about(holder, schema)}. Check the day and month.", {"format": fmt})


_MESSAGES: dict[str, Callable[..., tuple[str, Params]]] = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "enum": _enum,
    "const": _const,
    "anyOf": _any_of,
    "minimum": _bound("a value of at least", "minimum"),
    "maximum": _bound("a value of at most", "maximum"),
    "minLength": _bound("text of at least this many characters:", "minLength"),
    "maxLength": _bound("text of at most this many characters:", "maxLength"),
    "minItems": _bound("a list with at least this many entries:", "minItems"),
    "pattern": _pattern,
    "format": _format,
}


def schema_message(keyword: str, instance: Any, holder: Mapping[str, Any],
                   schema: Mapping[str, Any], pointer: str,
                   name: str | None) -> tuple[str, Params]:
    """Message and params for one violated `keyword` of the subschema `holder`.

    Examples:
        >>> message, params = schema_message("enum", "kwh", {"enum": ["kWh", "MWh"]}, {}, "", None)
        >>> message[:43], params
        ("Found 'kwh'; expected one of: kWh, MWh. Use", {'options': ['kWh', 'MWh'], 'found': "'kwh'"})
    """
    build = _MESSAGES.get(keyword)
    if build is None:
        value = holder.get(keyword)
        message, params = (f"Found {show(instance)}, which breaks the rule {keyword} = {show(value)}"
                           f"{_about(holder, schema)}. Correct the value.", {keyword: value})
    else:
        message, params = build(instance, holder, schema, pointer, name)
    if keyword not in ("required", "additionalProperties"):
        # the value as found, so the message can be worded again in another language (zcf.messages)
        params = {**params, "found": show(instance)}
    return message, params
