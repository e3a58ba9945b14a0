"""Scope 2 of intensity metrics by the ruleset's method, and renewable energy in tce (issue 9 item 5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from zcf.accounting import balance, energy
from zcf.accounting.context import AccountingContext
from zcf.errors import RulesetError

from .conftest import PARAMS, q

AS_OF = dt.date(2027, 12, 31)  # grid factors of data year 2023: Central 0.5271, residual 0.6096


def _plant(certificates: int) -> dict[str, Any]:
    """An all-electric Hunan plant: 10 000 MWh from the grid, `certificates` MWh of them green."""
    return {
        "enterprise": {"province": "43", "name": "湖南示例电机有限公司"},
        "period": {"start": "2027-01-01", "end": "2027-12-31"},
        "energy": {"fuels": [], "purchased_heat": [],
                   "electricity": {"grid": [{"amount": q(10000, "MWh")}],
                                   "green_certificates": [
                                       {"serial": "G-1", "amount": q(certificates, "MWh"),
                                        "vintage": "2027-01", "retired": True, "retired_on": "2027-12-20",
                                        "beneficiary": "湖南示例电机有限公司"}]}},
        "process_emissions": [],
    }


def _ctx(method: str) -> AccountingContext:
    params = {**PARAMS, "intensity_scope2_method": method, "grid_factor_level": "regional",
              "electricity_tce_coefficient": Decimal("0.30")}
    return AccountingContext(as_of=AS_OF, params=params)


@pytest.mark.parametrize(("method", "expected"), [
    # 6 400 MWh × 0.6096 ÷ 3 000 tce: the residual factor fails Hunan's 1.25 at 36 % renewables
    ("market", Decimal(6400) * Decimal("0.6096") / 3000),
    # 6 400 MWh × 0.5271 ÷ 3 000 tce: green power at zero, the rest at the average factor
    ("location-net", Decimal(6400) * Decimal("0.5271") / 3000),
    # 10 000 MWh × 0.5271 ÷ 3 000 tce: certificates do not count at all
    ("location", Decimal(10000) * Decimal("0.5271") / 3000),
])
def test_carbon_per_energy_takes_scope2_by_the_ruleset_method(method: str, expected: Decimal) -> None:
    metric = balance.carbon_per_energy(_plant(3600), _ctx(method))
    assert metric.value == expected
    assert method in (metric.trace.note or "")


def test_hunan_calibration_keeps_carbon_per_energy_under_the_limit_at_the_renewable_target() -> None:
    assert balance.carbon_per_energy(_plant(3600), _ctx("location-net")).value < Decimal("1.25")
    assert balance.carbon_per_energy(_plant(3600), _ctx("market")).value > Decimal("1.25")


def test_an_unknown_method_is_a_ruleset_error() -> None:
    with pytest.raises(RulesetError, match="intensity_scope2_method"):
        balance.carbon_per_energy(_plant(3600), _ctx("average"))


def test_renewable_energy_counts_renewable_heat_and_biomass() -> None:
    doc = _plant(3000)
    doc["energy"]["purchased_heat"] = [{"amount": q(10000, "GJ"), "renewable": True},
                                       {"amount": q(5000, "GJ")}]
    doc["energy"]["fuels"] = [{"fuel": "other", "name": "biomass", "amount": q(600, "t"),
                               "ncv": q(16, "GJ/t"), "carbon_content": q(0, "tC/TJ"),
                               "oxidation": q(1, "1"), "renewable": True},
                              {"fuel": "diesel", "amount": q(10, "t")}]
    metric = energy.renewable(doc, _ctx("market"))
    # 3 000 MWh × 0.30 + 10 000 GJ × 0.03412 + 600 t × 16 GJ/t ÷ 29.3076 GJ/tce (fossil rows left out)
    heat_tce = Decimal(10000) * Decimal("0.03412")
    assert metric.value == Decimal(900) + heat_tce + Decimal(9600) / Decimal("29.3076")
    assert metric.unit == "tce"
