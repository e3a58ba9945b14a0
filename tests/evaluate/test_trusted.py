"""Models the engine builds without validation (`zcf.model.trusted`) are what validation gives.

Every pydantic object in the result of every example of every ruleset is validated afresh from
the fields it was given, and must come out the same: equal values of the very same types (so
validation would have converted nothing), the same defaults and the same fields set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from zcf.api import evaluate
from zcf.model.trace import TraceInput
from zcf.model.trusted import trusted

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/*.json"))
#: when the enterprise applies: an edition of every ruleset is in force
AS_OF = dt.date(2026, 3, 31)


def _models(node: Any) -> Iterator[BaseModel]:
    if isinstance(node, BaseModel):
        yield node
        node = node.__dict__
    if isinstance(node, dict):
        node = node.values()
    if isinstance(node, dict | tuple | list | type({}.values())):
        for item in node:
            yield from _models(item)


def _same(made: BaseModel) -> None:
    given = {name: made.__dict__[name] for name in made.model_fields_set}
    checked = type(made).model_validate(given)
    assert list(checked.__dict__) == list(made.__dict__), type(made).__name__
    for name, value in checked.__dict__.items():
        ours = made.__dict__[name]
        assert type(ours) is type(value) and ours == value, (type(made).__name__, name)
        if isinstance(value, tuple | list):
            assert [type(v) for v in ours] == [type(v) for v in value], (type(made).__name__, name)
    assert checked.model_fields_set == made.model_fields_set
    assert checked.__pydantic_extra__ == made.__pydantic_extra__
    assert checked.__pydantic_private__ == made.__pydantic_private__


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 30


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{p.parent.name}/{p.stem}" for p in EXAMPLES])
def test_every_model_of_a_result_is_what_validation_gives(example: Path) -> None:
    result = evaluate(example.parent.name, example, as_of=AS_OF)
    count = 0
    for model in _models(result):
        _same(model)
        count += 1
    assert count > 50


def test_trusted_keeps_values_as_given() -> None:
    made = trusted(TraceInput, {"pointer": "/a", "value": True, "unit": None},
                   fields_set={"pointer", "value"})
    assert made == TraceInput(pointer="/a", value=True)
    assert made.value is True and made.model_fields_set == {"pointer", "value"}
    assert made.model_dump_json() == TraceInput(pointer="/a", value=True).model_dump_json()
    with pytest.raises(ValidationError):  # still frozen
        made.pointer = "/b"  # type: ignore[misc]
