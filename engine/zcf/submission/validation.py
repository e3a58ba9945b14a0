"""Validate a parsed submission against its ruleset's JSON Schema, then check its consistency.

Two validators give the same findings (DESIGN §6): jsonschema-rs on the hot path (`fast`; this
is the only module that imports jsonschema_rs) and python-jsonschema as the reference
(`reference`, built by `zcf.formats.json_schema`); tests hold them to the same pointers. Every
error becomes a `Problem` with a kebab-case code (`schema-<keyword>`), the instance pointer,
the schema pointer and a plain-language message built from the schema, identically for both.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

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


#: Most problems collected from one submission; the rest are counted, not kept (a file of a
#: million bad rows would otherwise take minutes and gigabytes to describe).
MAX_PROBLEMS = 100


def _is_date(value: object) -> bool:
    """The `date` format as both validators apply it: an ISO calendar date Python can hold.

    jsonschema-rs alone accepts year 0000, which no `datetime.date` can represent.
    """
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


@dataclass(frozen=True)
class _Compiled:
    schema: Mapping[str, Any]
    fast: Any
    reference: Any
    pointers: dict[int, str]
    #: `$id` of each embedded schema resource -> its pointer in the whole schema
    resources: dict[str, str]


_COMPILED: dict[int, _Compiled] = {}
_COMPILED_MAX = 16


def _index(node: Any, pointer: str, out: dict[int, str], resources: dict[str, str]) -> None:
    """Map id(subschema) -> its JSON pointer, to name where a reference error's rule lives,
    and each embedded resource's `$id` -> its pointer (a tailored schema is `allOf: [base, child]`,
    and jsonschema-rs names a rule reached through `$ref` relative to its resource)."""
    if isinstance(node, Mapping):
        out.setdefault(id(node), pointer)
        if isinstance(node.get("$id"), str):
            resources.setdefault(node["$id"].rstrip("#"), pointer)
        for key, value in node.items():
            _index(value, pointer + pointer_join(key), out, resources)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _index(value, pointer + pointer_join(i), out, resources)


def _compiled(schema: Mapping[str, Any]) -> _Compiled:
    found = _COMPILED.get(id(schema))
    if found is not None and found.schema is schema:
        return found
    pointers: dict[int, str] = {}
    resources: dict[str, str] = {}
    _index(schema, "", pointers, resources)
    compiled = _Compiled(
        schema=schema,
        fast=jsonschema_rs.validator_for(schema if isinstance(schema, dict) else dict(schema),
                                         validate_formats=True, formats={"date": _is_date}),
        reference=reference_validator(schema),
        pointers=pointers,
        resources=resources,
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


def _fast_pointer(compiled: _Compiled, err: Any) -> str:
    """Where the failed rule lives in the whole schema: jsonschema-rs gives the rule's place
    inside the resource (`$id`) holding it, and that resource's place in the composed schema."""
    location = err.absolute_keyword_location
    if location and "#" in location:
        resource, fragment = location.split("#", 1)
        if resource in compiled.resources:
            return compiled.resources[resource] + unquote(fragment)
    return pointer_join(*err.schema_path)


#: Items of each array the first pass of the fast validator looks at (see `_fast_errors`).
_FIRST_PASS_ITEMS = 2 * MAX_PROBLEMS
#: Array keywords a shortened array may fail although the whole array meets them.
_WHOLE_ARRAY_KEYWORDS = frozenset({"minItems", "contains", "minContains"})


def _shortened(node: Any, path: tuple[str | int, ...], cut: set[tuple[str | int, ...]]) -> Any:
    """`node` with every array cut to its first `_FIRST_PASS_ITEMS` items; `cut` collects where."""
    if isinstance(node, list):
        if len(node) > _FIRST_PASS_ITEMS:
            cut.add(path)
        return [_shortened(v, (*path, i), cut) for i, v in enumerate(node[:_FIRST_PASS_ITEMS])]
    if isinstance(node, dict):
        return {k: _shortened(v, (*path, k), cut) for k, v in node.items()}
    return node


def _fast_errors(compiled: _Compiled, doc: Any) -> Iterator[SchemaError]:
    """jsonschema-rs errors, at most about `MAX_PROBLEMS` of them when there are many.

    jsonschema-rs lists every error before the first is read (some 70 us each: a file of 200,000
    bad rows took 15 s), so a document with long arrays is first checked with each array cut
    short; only when that finds too few errors is the whole document listed.
    """
    if compiled.fast.is_valid(doc):
        return
    cut: set[tuple[str | int, ...]] = set()
    short = _shortened(doc, (), cut)
    found = []
    if cut:
        for err in compiled.fast.iter_errors(short):
            keyword = str(err.schema_path[-1]) if err.schema_path else ""
            if not (keyword in _WHOLE_ARRAY_KEYWORDS and tuple(err.instance_path) in cut):
                found.append(err)
    if len(found) < MAX_PROBLEMS:
        found = compiled.fast.iter_errors(doc)
    for err in found:
        keyword = str(err.schema_path[-1]) if err.schema_path else ""
        path = tuple(err.instance_path)
        yield SchemaError(keyword=keyword, path=path,
                          schema_pointer=_fast_pointer(compiled, err), instance=_at(doc, path))


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
    for count, error in enumerate(errors(compiled, doc)):
        if count == MAX_PROBLEMS:
            yield from (problems[key] for key in sorted(problems))
            yield _too_many(MAX_PROBLEMS)
            return
        for problem in _problems_for(error, schema):
            problems.setdefault((problem.pointer, problem.code), problem)
    yield from (problems[key] for key in sorted(problems))


def _too_many(shown: int) -> Problem:
    return Problem(
        code="too-many-problems", pointer="",
        message=(f"More than {shown} schema problems: the first {shown} are listed and checking "
                 "stopped there. Fix these (often one export setting causes them all) and submit "
                 "again to see the rest."),
        params={"shown": shown})


def iter_problems(doc: Any, schema: Mapping[str, Any], *,
                  validator: ValidatorName = "fast") -> Iterator[Problem]:
    """Schema problems, then consistency problems (check digits, dates, serials, unit pairs).

    Examples:
        >>> schema = {"type": "object", "required": ["period"]}
        >>> [p.code for p in iter_problems({}, schema)]
        ['schema-required']
    """
    shown = 0
    for problem in iter_schema_problems(doc, schema, validator=validator):
        if problem.code == "too-many-problems":
            yield problem
            return  # the cap is for the whole list: consistency checks wait for a cleaner file
        shown += 1
        yield problem
    for count, problem in enumerate(iter_consistency_problems(doc), start=shown):
        if count == MAX_PROBLEMS:
            yield _too_many(MAX_PROBLEMS).model_copy(update={
                "code": "too-many-consistency-problems",
                "message": f"More than {MAX_PROBLEMS} problems: the first "
                           f"{MAX_PROBLEMS} are listed. Fix them and submit again to see the rest."})
            return
        yield problem


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
        truncated = errors[-1].code.startswith("too-many-")
        more = (" (and more: see the list)" if truncated
                else f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
        raise SubmissionInvalidError(
            f"the submission is invalid: {first.pointer or '/'}: {first.message}{more}", problems)
    return problems


def is_valid(doc: Any, schema: Mapping[str, Any]) -> bool:
    """True when `check` would not raise."""
    return not any(p.severity is Severity.ERROR for p in iter_problems(doc, schema))
