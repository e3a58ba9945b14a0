"""Total energy in tce (GB/T 2589)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from zcf.accounting import energy
from zcf.accounting.context import AccountingContext
from zcf.errors import RulesetError

from .conftest import PARAMS

# natural gas: 5 × 10^4 Nm3 × 13.300 tce/10^4 Nm3 (printed)      = 66.5
# diesel, measured NCV: 2 t × 43.0 GJ/t ÷ 29.3076 GJ/tce           = 2.934452520...
# other, measured NCV: 1 t × 20 GJ/t ÷ 29.3076                     = 0.682430818...
# electricity: (1 000 grid + 250 on site) MWh × 0.1229 tce/MWh    = 153.625
# heat: 1 500 GJ × 0.03412 tce/GJ                                 = 51.18
EXPECTED = (Decimal("66.5") + Decimal(86) / Decimal("29.3076") + Decimal(20) / Decimal("29.3076")
            + Decimal("153.625") + Decimal("51.18"))


def test_total(doc: dict[str, Any], ctx: AccountingContext) -> None:
    metric = energy.total(doc, ctx)
    assert abs(metric.value - EXPECTED) < Decimal("1e-20")  # type: ignore[operator]
    assert round(metric.value, 4) == Decimal("274.9218")  # type: ignore[arg-type]
    assert metric.unit == "tce"
    names = [f.name for f in metric.trace.factors]
    assert names == ["conversion.natural_gas.tce", "conversion.tce_energy", "conversion.heat",
                     "param.electricity_tce_coefficient"]


@pytest.mark.parametrize(
    ("fuel", "amount", "unit", "expected"),
    [("raw_coal", 100, "t", "71.43"), ("natural_gas", 10000, "Nm3", "13.3"),
     ("lpg", 500, "kg", "0.85715")],
)
def test_printed_coefficients_are_preferred(fuel: str, amount: int, unit: str,
                                            expected: str) -> None:
    from zcf.accounting.tracing import Trace

    row = {"fuel": fuel, "amount": {"value": amount, "unit": unit}}
    assert energy.fuel_tce(row, "/f", Trace()) == Decimal(expected)


def test_electricity_coefficient_is_a_named_parameter(doc: dict[str, Any]) -> None:
    ctx = AccountingContext(dt.date(2025, 12, 31),
                            {k: v for k, v in PARAMS.items() if k != "electricity_tce_coefficient"})
    with pytest.raises(RulesetError, match="'electricity_tce_coefficient'"):
        energy.total(doc, ctx)


def test_missing_lists(doc: dict[str, Any], ctx: AccountingContext) -> None:
    del doc["energy"]["purchased_heat"], doc["energy"]["fuels"]
    metric = energy.total(doc, ctx)
    assert metric.value is None
    assert metric.missing == ("/energy/fuels", "/energy/purchased_heat")
