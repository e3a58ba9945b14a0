"""Uses of the public API as an embedding tool writes them; mypy strict checks this file (`make typecheck`).

It is not collected by pytest (no `test_` prefix): a type error here is the failure.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import zcf
from zcf.model.result import ClauseStatus, EvaluationResult


def failing_clauses(result: EvaluationResult) -> list[str]:
    return [c.id for c in result.clauses if c.status == "fail"]


def grade_of(path: Path) -> str | None:
    ruleset = zcf.load_ruleset("zcf-cn-general")
    result: EvaluationResult = zcf.evaluate(ruleset, path, as_of=dt.date(2026, 3, 31))
    status: ClauseStatus = result.clauses[0].status
    assert status in ("pass", "fail", "not_applicable", "indeterminate", "manual_review")
    return result.verdict.grade


def from_a_dict(document: dict[str, object]) -> bool:
    result = zcf.evaluate("zcf-cn-general", document, as_of=dt.date(2026, 3, 31), backend="compiled")
    return result.verdict.compliant


def shipped_example() -> Path:
    return zcf.example_path("zcf-cn-general", "zero-carbon")


def errors_carry_codes(error: zcf.ZcfError) -> tuple[str, int]:
    return error.code, error.exit_code


VERSION: str = zcf.__version__
ZERO = Decimal("0")
