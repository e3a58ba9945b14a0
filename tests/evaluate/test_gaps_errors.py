"""Gap analysis skips a lever the ruleset cannot account for, and lets every other error through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import pytest
import zcf
from zcf.errors import (
    BackendDisagreementError,
    DurableBackendError,
    EvaluationError,
    FactorNotFoundError,
    RulesetError,
    UsageError,
)
from zcf.evaluate.gaps import Trial, find_gaps
from zcf.evaluate.pipeline import evaluate_document
from zcf.model.result import EvaluationResult
from zcf.rulesets.compiler import CompiledRuleset
from zcf.submission.reading import read_submission

AS_OF = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def failing() -> tuple[CompiledRuleset, Mapping[str, Any], EvaluationResult]:
    compiled = zcf.load_ruleset("zcf-cn-general")
    doc = read_submission(zcf.example_path("zcf-cn-general", "failing").read_bytes())
    result = evaluate_document(compiled, doc, as_of=AS_OF)
    assert not result.verdict.compliant
    return compiled, doc, result


def raising(error: Exception) -> Callable[[Mapping[str, Any]], Trial]:
    def run(trial: Mapping[str, Any]) -> Trial:
        raise error
    return run


@pytest.mark.parametrize("error", [
    FactorNotFoundError("no default ncv for fuel 'other'"),
    RulesetError("the ruleset must declare parameter 'offset_eligible_types' (read by accounting)"),
])
def test_a_lever_the_ruleset_cannot_account_for_gives_no_gap(failing: Any, error: Exception) -> None:
    compiled, doc, result = failing
    assert find_gaps(compiled, doc, result, raising(error)) == ()


@pytest.mark.parametrize("error", [
    KeyError("energy"), TypeError("unsupported operand"), AssertionError("bug"),
    DurableBackendError("the durable session failed"), BackendDisagreementError("backends disagree"),
    EvaluationError("division by zero"), UsageError("unknown backend"),
])
def test_an_internal_error_is_not_swallowed(failing: Any, error: Exception) -> None:
    compiled, doc, result = failing
    with pytest.raises(type(error)):
        find_gaps(compiled, doc, result, raising(error))


def test_the_real_rerun_finds_gaps(failing: Any) -> None:
    compiled, doc, result = failing

    def rerun(trial: Mapping[str, Any]) -> Trial:
        again = evaluate_document(compiled, trial, as_of=AS_OF, validate=False)
        return Trial({c.id: c.status for c in again.clauses}, again.verdict.grade)

    assert find_gaps(compiled, doc, result, rerun)
