"""Validate a parsed submission against its ruleset's JSON Schema, then check its consistency.

Two validators give the same findings (DESIGN §6): jsonschema-rs on the hot path (`fast`; this
is the only module that imports jsonschema_rs) and python-jsonschema as the reference
(`reference`, built by `zcf.formats.json_schema`); tests hold them to the same pointers. Every
error becomes a `Problem` with a kebab-case code (`schema-<keyword>`), the instance pointer,
the schema pointer and a plain-language message built from the schema, identically for both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import jsonschema_rs

from zcf.errors import SubmissionInvalidError
from zcf.formats.json_schema import reference_validator
from zcf.model.problem import Problem, Severity, pointer_join
from zcf.submission.consistency import iter_consistency_problems
from zcf.submission.messages import schema_message

ValidatorName = Literal["fast", "reference"]


def load_schema(path: str | Path) -> dict[str, Any]:
    """Read a submission schema with Decimal numbers (a float schema breaks Decimal instances)."""
    schema: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"),
                                        parse_float=Decimal)
    return schema


@dataclass(frozen=True)
class _Compiled:
    schema: Mapping[str, Any]
    fast: Any
    reference: Any
    pointers: dict[int, str]


_COMPILED: dict[int, _Compiled] = {}
_COMPILED_MAX = 16


def _index(node: Any, pointer: str, out: dict[int, str]) -> None:
    """Map id(subschema) -> its JSON pointer, to name where a reference error's rule lives."""
    if isinstance(node, Mapping):
        out.setdefault(id(node), pointer)
        for key, value in node.items():
            _index(value, pointer + pointer_join(key), out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _index(value, pointer + pointer_join(i), out)


def _compiled(schema: Mapping[str, Any]) -> _Compiled:
    found = _COMPILED.get(id(schema))
    if found is not None and found.schema is schema:
        return found
    pointers: dict[int, str] = {}
    _index(schema, "", pointers)
    compiled = _Compiled(
        schema=schema,
        fast=jsonschema_rs.validator_for(schema if isinstance(schema, dict) else dict(schema),
                                         validate_formats=True),
        reference=reference_validator(schema),
        pointers=pointers,
    )
    if len(_COMPILED) >= _COMPILED_MAX:
        _COMPILED.pop(next(iter(_COMPILED)))
    _COMPILED[id(schema)] = compiled
    return compiled


@dataclass(frozen=True)
class SchemaError:
    """One validator error reduced to what both validators can say."""

    keyword: str
    path: tuple[str | int, ...]
    schema_pointer: str
    instance: Any


def _at(doc: Any, path: Sequence[str | int]) -> Any:
    # Read the offending value from the document itself: jsonschema-rs hands back its own
    # conversion of a Decimal, not the Decimal.
    for part in path:
        doc = doc[part]
    return doc


def _fast_errors(compiled: _Compiled, doc: Any) -> Iterator[SchemaError]:
    for err in compiled.fast.iter_errors(doc):
        keyword = str(err.schema_path[-1]) if err.schema_path else ""
        path = tuple(err.instance_path)
        yield SchemaError(keyword=keyword, path=path,
                          schema_pointer=pointer_join(*err.schema_path), instance=_at(doc, path))


def _reference_errors(compiled: _Compiled, doc: Any) -> Iterator[SchemaError]:
    for err in compiled.reference.iter_errors(doc):
        keyword = str(err.validator)
        where = compiled.pointers.get(id(err.schema))
        if where is None:  # pragma: no cover - every subschema is indexed
            where = pointer_join(*list(err.absolute_schema_path)[:-1])
        path = tuple(err.absolute_path)
        yield SchemaError(keyword=keyword, path=path,
                          schema_pointer=where + pointer_join(keyword), instance=_at(doc, path))


def _resolve(schema: Mapping[str, Any], pointer: str) -> Any:
    node: Any = schema
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _kebab(keyword: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", keyword).lower()


def _problems_for(error: SchemaError, schema: Mapping[str, Any]) -> Iterator[Problem]:
    holder_pointer = error.schema_pointer.rsplit("/", 1)[0]
    holder = _resolve(schema, holder_pointer)
    pointer = pointer_join(*error.path)
    targets: Sequence[str | None] = [None]
    if error.keyword == "required" and isinstance(error.instance, Mapping):
        targets = [n for n in holder["required"] if n not in error.instance]
    elif error.keyword == "additionalProperties" and isinstance(error.instance, Mapping):
        targets = [n for n in error.instance if n not in holder.get("properties", {})]
    for name in targets:
        where = pointer if name is None else pointer + pointer_join(name)
        message, params = schema_message(error.keyword, error.instance, holder, schema,
                                         where, name)
        yield Problem(code=f"schema-{_kebab(error.keyword)}", pointer=where, message=message,
                      schema_pointer=error.schema_pointer, params=params)


def iter_schema_problems(doc: Any, schema: Mapping[str, Any], *,
                         validator: ValidatorName = "fast") -> Iterator[Problem]:
    """Every schema violation in `doc` as a Problem, sorted by pointer then code."""
    compiled = _compiled(schema)
    errors = _fast_errors if validator == "fast" else _reference_errors
    problems: dict[tuple[str, str], Problem] = {}
    for error in errors(compiled, doc):
        for problem in _problems_for(error, schema):
            problems.setdefault((problem.pointer, problem.code), problem)
    yield from (problems[key] for key in sorted(problems))


def iter_problems(doc: Any, schema: Mapping[str, Any], *,
                  validator: ValidatorName = "fast") -> Iterator[Problem]:
    """Schema problems, then consistency problems (check digits, dates, serials, unit pairs).

    Examples:
        >>> schema = {"type": "object", "required": ["period"]}
        >>> [p.code for p in iter_problems({}, schema)]
        ['schema-required']
    """
    yield from iter_schema_problems(doc, schema, validator=validator)
    yield from iter_consistency_problems(doc)


def check(doc: Any, schema: Mapping[str, Any], *,
          validator: ValidatorName = "fast") -> tuple[Problem, ...]:
    """Raise if the submission has any error; otherwise return its warnings.

    Raises:
        SubmissionInvalidError: carrying every problem (errors and warnings), not just the first.
    """
    problems = tuple(iter_problems(doc, schema, validator=validator))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise SubmissionInvalidError(
            f"the submission is invalid: {first.pointer or '/'}: {first.message}{more}", problems)
    return problems


def is_valid(doc: Any, schema: Mapping[str, Any]) -> bool:
    """True when `check` would not raise."""
    return not any(p.severity is Severity.ERROR for p in iter_problems(doc, schema))
