"""Building result models from values the engine made itself, without validating them again.

Validated construction costs about 1.5 us per model, most of it pydantic's own overhead (a
model with one `object` field costs 0.9 us); an evaluation builds about 250 of them. Where the
engine already holds values of exactly the field types (checked by the caller, or built right
there), `trusted` fills the instance directly: 1.52 -> 0.85 us a `TraceInput`.

Validating the same objects from plain data in one nested `model_validate` is no way out: it
costs more than building them one by one (327 us for the 28 metrics of
examples/zcf-cn-general/zero-carbon.json, against about 180 us of constructor calls), because
the time is in the per-field checks (Decimal, unions), not in the Python calls.

The instance is the one validated construction would give: same `__dict__` (in field order),
same fields set, no extra and no private attributes. `tests/evaluate/test_trusted.py` checks
this for every model in the results of all the examples.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_new = object.__new__
_set = object.__setattr__
# BaseModel's slots, set through their descriptors (faster than setattr by name)
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted(cls: type[M], fields: dict[str, Any], fields_set: Set[str] | None = None) -> M:
    """An instance of the frozen model `cls` holding `fields` as they are (no validation).

    `fields` gives every field, in the model's field order, each value already of its field's
    type exactly (a tuple where the field is a tuple, a model instance where it is a model, an
    enum member where it is an enum): nothing is converted or checked, and the dict becomes
    the instance's `__dict__`. `fields_set` names the fields validated construction would have
    been given (default: all), the others holding their defaults.

    Examples:
        >>> from decimal import Decimal
        >>> from zcf.model.trace import TraceInput
        >>> made = trusted(TraceInput, {"pointer": "/a", "value": Decimal("1.0"), "unit": None},
        ...                fields_set={"pointer", "value"})
        >>> made == TraceInput(pointer="/a", value=Decimal("1.0"))
        True
        >>> made.model_fields_set == {"pointer", "value"}, made.unit
        (True, None)
    """
    obj = _new(cls)
    _set(obj, "__dict__", fields)
    _set_fields_set(obj, set(fields) if fields_set is None else set(fields_set))
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj
