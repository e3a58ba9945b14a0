"""Scope 2: location-based with level fallback, market-based with residual factor, heat."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from zcf.accounting import scope2
from zcf.accounting.context import AccountingContext
from zcf.errors import FactorNotFoundError, RulesetError
from zcf.model.ruleset import Provenance

from .conftest import PARAMS

# heat: 1 000 GJ × 0.11 (parameter) + 500 GJ × 0.090 (measured) = 110 + 45 = 155 tCO2
HEAT = Decimal(155)


def test_heat(doc: dict[str, Any], ctx: AccountingContext) -> None:
    metric = scope2.heat(doc, ctx)
    assert metric.value == HEAT and metric.unit == "tCO2"
    (factor,) = metric.trace.factors
    assert factor.name == "param.heat_emission_factor" and factor.value == Decimal("0.11")
    assert factor.provenance is Provenance.UNVERIFIED  # no provenance declared by the context
    assert metric.provisional


def test_declared_parameter_provenance_is_used(doc: dict[str, Any]) -> None:
    doc["energy"]["purchased_heat"] = [{"amount": {"value": 10, "unit": "GJ"}}]
    ctx = AccountingContext(dt.date(2025, 12, 31), PARAMS,
                            param_provenance={"heat_emission_factor": Provenance.PUBLISHED})
    metric = scope2.heat(doc, ctx)
    assert metric.trace.factors[0].provenance is Provenance.PUBLISHED and not metric.provisional


def test_location_based_falls_back_to_the_region(doc: dict[str, Any],
                                                 ctx: AccountingContext) -> None:
    # Jiangsu (32) has no provincial 2022 factor in the table: East grid 0.5617.
    metric = scope2.location_based(doc, ctx)
    assert metric.value == Decimal(1000) * Decimal("0.5617") + HEAT  # 716.7
    note = metric.trace.note or ""
    assert "grid factors of data year 2022 (published 2024-12-20" in note
    assert "no provincial factor for province 32 in 2022; used the regional factor" in note
    names = [f.name for f in metric.trace.factors]
    assert names[:2] == ["grid.region.32.east", "grid.2022.regional.east.average"]


@pytest.mark.parametrize(
    ("province", "level", "factor", "fallback"),
    [("13", "provincial", "0.7252", None), ("13", "regional", "0.6776", None),
     ("13", "national", "0.5366", None), ("81", "provincial", "0.5366", "national"),
     ("32", "regional", "0.5617", None)],
    ids=["hebei-provincial", "hebei-regional", "national", "hong-kong", "jiangsu-regional"],
)
def test_grid_factor_level(province: str, level: str, factor: str, fallback: str | None,
                           doc: dict[str, Any]) -> None:
    doc["enterprise"]["province"] = province
    ctx = AccountingContext(dt.date(2025, 12, 31), {**PARAMS, "grid_factor_level": level})
    metric = scope2.location_based(doc, ctx)
    assert metric.value == Decimal(1000) * Decimal(factor) + HEAT
    used = f"used the {fallback} factor" in (metric.trace.note or "")
    assert used is (fallback is not None)


def test_as_of_selects_the_factor_year(doc: dict[str, Any]) -> None:
    ctx = AccountingContext(dt.date(2026, 3, 31), {**PARAMS, "grid_factor_level": "national"})
    assert scope2.location_based(doc, ctx).value == Decimal(1000) * Decimal("0.5306") + HEAT
    with pytest.raises(FactorNotFoundError):
        scope2.location_based(doc, AccountingContext(dt.date(2023, 12, 31), PARAMS))


def test_market_based(doc: dict[str, Any], ctx: AccountingContext) -> None:
    # (1 000 − 450 covered) × 0.5856 + 155 = 322.08 + 155 = 477.08
    metric = scope2.market_based(doc, ctx)
    assert metric.value == Decimal("477.08")
    assert "grid.2022.national.residual" in [f.name for f in metric.trace.factors]
    assert "covered by instruments 450 MWh" in (metric.trace.note or "")


@pytest.mark.parametrize("name", ["grid_factor_level", "heat_emission_factor"])
def test_absent_parameter_is_named(name: str, doc: dict[str, Any]) -> None:
    ctx = AccountingContext(dt.date(2025, 12, 31),
                            {k: v for k, v in PARAMS.items() if k != name})
    with pytest.raises(RulesetError, match=f"parameter '{name}' is needed") as info:
        scope2.location_based(doc, ctx)
    assert "docs/accounting-parameters.md" in str(info.value)


def test_bad_parameter_values(doc: dict[str, Any]) -> None:
    ctx = AccountingContext(dt.date(2025, 12, 31), {**PARAMS, "grid_factor_level": "city"})
    with pytest.raises(RulesetError, match="must be one of provincial, regional, national"):
        scope2.location_based(doc, ctx)
    ctx = AccountingContext(dt.date(2025, 12, 31), {**PARAMS, "heat_emission_factor": "0.11"})
    with pytest.raises(RulesetError, match="must be a number"):
        scope2.heat(doc, ctx)


def test_measured_heat_factors_need_no_parameter(doc: dict[str, Any]) -> None:
    doc["energy"]["purchased_heat"] = [doc["energy"]["purchased_heat"][1]]
    ctx = AccountingContext(dt.date(2025, 12, 31),
                            {k: v for k, v in PARAMS.items() if k != "heat_emission_factor"})
    assert scope2.heat(doc, ctx).value == Decimal(45)


def test_missing_heat_list(doc: dict[str, Any], ctx: AccountingContext) -> None:
    del doc["energy"]["purchased_heat"]
    for metric in (scope2.heat(doc, ctx), scope2.location_based(doc, ctx),
                   scope2.market_based(doc, ctx)):
        assert metric.value is None and metric.missing == ("/energy/purchased_heat",)


MWH = st.integers(min_value=0, max_value=10**7)


@given(grid=MWH, covered=MWH, heat=st.integers(min_value=0, max_value=10**6))
def test_parts_add_up(grid: int, covered: int, heat: int) -> None:
    ctx = AccountingContext(dt.date(2025, 12, 31), PARAMS)
    doc = {"enterprise": {"province": "13"},
           "period": {"start": "2025-01-01", "end": "2025-12-31"},
           "energy": {"purchased_heat": [{"amount": {"value": heat, "unit": "GJ"}}],
                      "electricity": {
                          "grid": [{"amount": {"value": grid, "unit": "MWh"}}],
                          "green_power_trades": [{
                              "contract_id": "T", "amount": {"value": covered, "unit": "MWh"},
                              "period_start": "2025-01-01", "period_end": "2025-12-31"}]}}}
    heat_t = scope2.heat(doc, ctx).value
    location = scope2.location_based(doc, ctx).value
    market = scope2.market_based(doc, ctx).value
    assert location - heat_t == grid * Decimal("0.7252")  # type: ignore[operator]
    assert market - heat_t == (grid - min(grid, covered)) * Decimal("0.5856")  # type: ignore[operator]
    assert market >= heat_t  # type: ignore[operator]
