"""Milestone targets are picked by the reporting year, not the filing date (issue 9 item 5b)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import zcf
from zcf.evaluate.pipeline import evaluate_document, milestone_date, parameters_as_of
from zcf.rulesets.compiler import CompiledRuleset
from zcf.submission.reading import read_submission


@pytest.fixture(scope="module")
def hunan() -> CompiledRuleset:
    return zcf.load_ruleset("zcf-hn-2025")


def _report_for(year: int) -> dict[str, Any]:
    doc = copy.deepcopy(read_submission(zcf.example_path("zcf-hn-2025", "net-zero")))
    doc["period"] = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    return doc


def _limits(result: zcf.EvaluationResult) -> tuple[Any, Any]:
    def limit(clause: str, name: str) -> Any:
        return next(t.value for t in result.clause(clause).evidence.thresholds if t.parameter == name)
    return limit("HN-01", "carbon_per_energy_max"), limit("HN-03", "renewable_share_min")


@pytest.mark.parametrize(("year", "as_of", "expected"), [
    (2029, dt.date(2029, 12, 31), (Decimal("1.25"), Decimal("0.35"))),
    (2029, dt.date(2030, 3, 31), (Decimal("1.25"), Decimal("0.35"))),
    (2030, dt.date(2031, 3, 31), (Decimal("0.87"), Decimal("0.55"))),
    (2035, dt.date(2036, 3, 31), (Decimal("0.37"), Decimal("0.80"))),
])
def test_the_reporting_year_picks_the_milestone(hunan: CompiledRuleset, year: int, as_of: dt.date,
                                                expected: tuple[Decimal, Decimal]) -> None:
    assert _limits(evaluate_document(hunan, _report_for(year), as_of=as_of)) == expected


def test_milestone_date_is_the_period_end_under_period_end_basis(hunan: CompiledRuleset) -> None:
    assert milestone_date(hunan, _report_for(2029), dt.date(2030, 3, 31)) == dt.date(2029, 12, 31)


def test_as_of_basis_picks_by_the_evaluation_date(hunan: CompiledRuleset) -> None:
    params = parameters_as_of(hunan, dt.date(2030, 3, 31))  # no milestone date: as-of picks
    assert (params["carbon_per_energy_max"], params["renewable_share_min"]) == (Decimal("0.87"), Decimal("0.55"))


def test_a_year_before_the_first_milestone_is_held_to_it(hunan: CompiledRuleset) -> None:
    params = parameters_as_of(hunan, dt.date(2026, 3, 31), milestone_on=dt.date(2024, 12, 31))
    assert params["carbon_per_energy_max"] == Decimal("1.25")


def test_rulesets_without_milestones_use_the_as_of_date() -> None:
    general = zcf.load_ruleset("zcf-cn-general")
    doc = read_submission(zcf.example_path("zcf-cn-general", "zero-carbon"))
    assert milestone_date(general, doc, dt.date(2026, 3, 31)) == dt.date(2026, 3, 31)
