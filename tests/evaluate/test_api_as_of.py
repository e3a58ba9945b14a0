"""The Python API's as-of date: the README's call works, and forgetting it gives a hint in Python terms."""

from __future__ import annotations

import datetime as dt

import pytest
import zcf
from zcf.errors import ParameterNotInForceError


def test_the_examples_evaluate_with_the_documented_as_of() -> None:
    ruleset = zcf.load_ruleset("zcf-cn-general")
    result = zcf.evaluate(ruleset, zcf.example_path("zcf-cn-general", "zero-carbon"), as_of=dt.date(2026, 3, 31))
    assert result.verdict.grade == "zero-carbon"


def test_without_as_of_the_hint_names_the_argument() -> None:
    ruleset = zcf.load_ruleset("zcf-cn-general")
    with pytest.raises(ParameterNotInForceError) as info:
        zcf.evaluate(ruleset, zcf.example_path("zcf-cn-general", "zero-carbon"))
    assert info.value.hint is not None and "as_of=" in info.value.hint
