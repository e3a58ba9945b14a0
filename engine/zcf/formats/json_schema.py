"""JSON Schema 2020-12 through python-jsonschema: the only module in zcf that imports jsonschema.

It checks that a schema is itself valid (`schema_problem`), validates ruleset files against the
ruleset meta-schema (`meta_errors`), and builds the reference validator for submissions
(`reference_validator`) that `zcf.submission.validation` holds to the same findings as
jsonschema-rs (which that module alone imports).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import jsonschema
from jsonschema.protocols import Validator
from jsonschema.validators import extend

#: One error as python-jsonschema reports it (message, path, absolute_path, schema, validator).
SchemaValidationError = jsonschema.ValidationError


def schema_problem(schema: Mapping[str, Any]) -> str | None:
    """Why `schema` is not a valid JSON Schema 2020-12, or None when it is."""
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as err:
        return err.message
    return None


def meta_errors(meta_schema: Mapping[str, Any], data: Any) -> Iterator[SchemaValidationError]:
    """Every way `data` breaks `meta_schema` (a trusted schema shipped with zcf)."""
    return jsonschema.Draft202012Validator(meta_schema).iter_errors(data)


def _is_integer(checker: Any, instance: object) -> bool:
    # JSON Schema 2020-12: an integer is any number with a zero fractional part, so 3.0 (read
    # as Decimal) is one. python-jsonschema only knows int and float; jsonschema-rs agrees
    # with the specification.
    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    is_integer: bool = jsonschema.Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer")
    return is_integer


def _pattern(validator: Any, pattern: str, instance: object, schema: Any) -> Iterator[SchemaValidationError]:
    # ECMA-262 `$` (and Rust's, in jsonschema-rs) matches only at the end of the text; Python's
    # also before a final newline, which would let "12\n" pass as a decimal string.
    if not isinstance(instance, str):
        return
    compiled = re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)
    if not compiled.search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Reference = extend(  # type: ignore[no-untyped-call]  # jsonschema.validators.extend has no annotations
    jsonschema.Draft202012Validator,
    validators={"pattern": _pattern},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


def reference_validator(schema: Mapping[str, Any]) -> Validator:
    """A 2020-12 validator that checks formats, reads Decimal 3.0 as an integer and `$` as ECMA-262 does."""
    validator: Validator = _Reference(schema, format_checker=jsonschema.FormatChecker())
    return validator
