"""Emission intensity and the count of consecutive declining years."""

from __future__ import annotations

from typing import Any

import pytest
from zcf.accounting import intensity
from zcf.accounting.context import AccountingContext

from .test_balance import GROSS, near


def test_intensity(doc: dict[str, Any], ctx: AccountingContext) -> None:
    metric = intensity.intensity(doc, ctx)
    assert near(metric.value, GROSS / 100)  # 1 000 000 CNY = 100 × 10^4 CNY → 5.96
    assert metric.unit == "tCO2e/10^4 CNY"


def test_declining_years(doc: dict[str, Any], ctx: AccountingContext) -> None:
    # declines: 2025: 5.96 < 2024: 6.20 < 2023: 7.00 (700 / 100), but 2022: 6.50 < 7.00 breaks it
    metric = intensity.declining_years(doc, ctx)
    assert metric.value == 2 and metric.unit == "1"


@pytest.mark.parametrize(
    ("history", "expected"),
    [([], 0), ([(2024, 5)], 0), ([(2024, 596)], 0), ([(2023, 700)], 0),
     ([(2024, 700), (2023, 600), (2022, 800), (2021, 900)], 1),
     ([(2024, 700), (2023, 800), (2022, 900), (2021, 1000)], 4),
     ([(2025, 100), (2024, 700)], 1), ([(2024, 700), (2024, 100)], 1)],
    ids=["none", "rising", "flat-is-not-a-decline", "gap", "broken-run", "long", "current-year-ignored",
         "repeated-year"],
)
def test_runs(history: list[tuple[int, int]], expected: int, doc: dict[str, Any],
              ctx: AccountingContext) -> None:
    doc["history"] = [{"year": y, "emissions": {"value": e, "unit": "tCO2e"},
                       "revenue": {"value": 100, "unit": "10^4 CNY"}} for y, e in history]
    if history == [(2024, 596)]:
        doc["history"][0]["emissions"]["value"] = GROSS  # exactly equal: not a rise
    assert intensity.declining_years(doc, ctx).value == expected


def test_missing(doc: dict[str, Any], ctx: AccountingContext) -> None:
    del doc["history"][1]["revenue"]
    metric = intensity.declining_years(doc, ctx)
    assert metric.value is None and metric.missing == ("/history/1/revenue",)
    del doc["history"]
    assert intensity.declining_years(doc, ctx).missing == ("/history",)
    del doc["production"]
    assert intensity.intensity(doc, ctx).missing == ("/production/revenue",)
