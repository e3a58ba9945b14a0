"""Each grid factor in a result names its level (provincial, regional, national) and why (issue 9 item 10)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from zcf.accounting import scope2
from zcf.accounting.context import AccountingContext
from zcf.model.ruleset import Provenance

from .conftest import PARAMS, q


def _doc(province: str) -> dict[str, Any]:
    return {"enterprise": {"province": province},
            "period": {"start": "2024-01-01", "end": "2024-12-31"},
            "energy": {"purchased_heat": [], "electricity": {"grid": [{"amount": q(100, "MWh")}]}}}


def _grid_factor(metric: Any) -> Any:
    return next(f for f in metric.trace.factors if f.name.startswith("grid.") and f.unit == "tCO2/MWh")


@pytest.mark.parametrize(("province", "as_of", "level", "value", "because"), [
    # 2022 data (published 2024-12-20): Hebei has a provincial factor
    ("13", dt.date(2025, 6, 30), "provincial", Decimal("0.7252"), "has one for province 13"),
    # Jiangsu has none in 2022: the East grid's factor, and the result says why
    ("32", dt.date(2025, 6, 30), "regional", Decimal("0.5617"), "no provincial factor for province 32"),
    # 2023 data (published 2026-01): no provincial factors at all, Hunan falls back to Central
    ("43", dt.date(2026, 3, 31), "regional", Decimal("0.5271"), "next broader level, regional"),
])
def test_location_factor_names_its_level_and_why(province: str, as_of: dt.date, level: str,
                                                  value: Decimal, because: str) -> None:
    ctx = AccountingContext(as_of=as_of, params=dict(PARAMS))
    factor = _grid_factor(scope2.location_based(_doc(province), ctx))
    assert (factor.level, factor.value) == (level, value)
    assert because in (factor.reason or "")


def test_a_province_outside_every_region_falls_back_to_national() -> None:
    ctx = AccountingContext(as_of=dt.date(2026, 3, 31), params=dict(PARAMS))
    factor = _grid_factor(scope2.location_based(_doc("71"), ctx))  # Taiwan: in no regional grid
    assert factor.level == "national" and "no provincial, regional factor" in (factor.reason or "")
    assert factor.provenance is Provenance.CONFIRMED  # 0.5306: two independent reposts agree


def test_the_residual_factor_is_national_and_says_so() -> None:
    ctx = AccountingContext(as_of=dt.date(2026, 3, 31), params=dict(PARAMS))
    factor = _grid_factor(scope2.market_based(_doc("43"), ctx))
    assert factor.level == "national" and "national grid only" in (factor.reason or "")
