"""Scope 1: fuel combustion with defaults and measured overrides; process emissions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from zcf.accounting import scope1
from zcf.accounting.context import AccountingContext
from zcf.errors import UnitMismatchError

# natural gas 5 × 10^4 Nm3: 5 × 389.31 × 15.3 × 0.99 × 44/12 / 1000 = 108.10944045 tCO2
GAS = Decimal(5) * Decimal("389.31") * Decimal("15.3") * Decimal("0.99") * 44 / 12000
# diesel 2 t, measured NCV 43.0 (CC 20.2, OF 0.98 default): 6.242338667 tCO2
DIESEL = Decimal(2) * Decimal("43.0") * Decimal("20.2") * Decimal("0.98") * 44 / 12000
# other fuel 1 t, all measured: 1 × 20 × 15 × 0.98 × 44/12 / 1000 = 1.078 tCO2
OTHER = Decimal("1.078")


def close(value: Decimal | None, expected: Decimal, places: int = 9) -> bool:
    return value is not None and abs(value - expected) < Decimal(10) ** -places


def test_fuel_combustion(doc: dict[str, Any], ctx: AccountingContext) -> None:
    metric = scope1.fuel_combustion(doc, ctx)
    assert close(GAS, Decimal("108.10944045"))
    assert close(DIESEL, Decimal("6.242338667"))
    assert close(metric.value, GAS + DIESEL + OTHER)  # 115.42977912
    assert metric.unit == "tCO2" and metric.missing == ()
    assert metric.provisional  # natural-gas and diesel oxidation rates are single-source
    names = [f.name for f in metric.trace.factors]
    assert names == ["fuel.natural_gas.ncv", "fuel.natural_gas.carbon_content",
                     "fuel.natural_gas.oxidation", "fuel.diesel.carbon_content",
                     "fuel.diesel.oxidation"]
    pointers = [i.pointer for i in metric.trace.inputs]
    assert "/energy/fuels/1/ncv" in pointers and "/energy/fuels/2/oxidation" in pointers
    assert metric.trace.formula.startswith("Σ AD × NCV × CC × OF × 44/12")


def test_process_and_total(doc: dict[str, Any], ctx: AccountingContext) -> None:
    assert scope1.process(doc, ctx).value == Decimal("3.5")  # 3 t + 500 kg
    total = scope1.direct(doc, ctx)
    assert close(total.value, GAS + DIESEL + OTHER + Decimal("3.5"))  # 118.92977912
    assert total.unit == "tCO2e"
    assert "scope1_process = 3.500 tCO2e" in (total.trace.note or "")


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        (lambda d: d["energy"].pop("fuels"), ("/energy/fuels",)),
        (lambda d: d.pop("process_emissions"), ("/process_emissions",)),
        (lambda d: d["energy"]["fuels"][2].pop("carbon_content"),
         ("/energy/fuels/2/carbon_content",)),
        (lambda d: d["energy"]["fuels"][2].pop("ncv"), ("/energy/fuels/2/ncv",)),
    ],
    ids=["no-fuels", "no-process", "other-without-cc", "other-without-ncv"],
)
def test_missing_inputs(change: Any, missing: tuple[str, ...], doc: dict[str, Any],
                        ctx: AccountingContext) -> None:
    change(doc)
    metric = scope1.direct(doc, ctx)
    assert metric.value is None and metric.missing == missing


def test_empty_lists_declare_none(ctx: AccountingContext) -> None:
    metric = scope1.direct({"energy": {"fuels": []}, "process_emissions": []}, ctx)
    assert metric.value == 0 and not metric.provisional


def test_gas_in_tonnes_is_a_unit_mismatch(doc: dict[str, Any], ctx: AccountingContext) -> None:
    doc["energy"]["fuels"][0]["amount"] = {"value": 5, "unit": "t"}
    with pytest.raises(UnitMismatchError, match="/energy/fuels/0/amount: unit 't'"):
        scope1.fuel_combustion(doc, ctx)


def test_measured_volume_ncv_turns_amount_to_volume(ctx: AccountingContext) -> None:
    doc = {"energy": {"fuels": [{"fuel": "natural_gas", "amount": {"value": 10000, "unit": "Nm3"},
                                 "ncv": {"value": "35.544", "unit": "MJ/Nm3"}}]}}
    # 1 × 355.44 × 15.3 × 0.99 × 44/12 / 1000
    expected = Decimal("355.44") * Decimal("15.3") * Decimal("0.99") * 44 / 12000
    assert close(scope1.fuel_combustion(doc, ctx).value, expected)


AMOUNT = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False,
                     allow_infinity=False)


@given(gas=AMOUNT, diesel=AMOUNT, process=AMOUNT)
def test_scope1_is_the_sum_of_its_parts(gas: Decimal, diesel: Decimal,
                                        process: Decimal) -> None:
    import datetime as dt

    ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
    doc = {"energy": {"fuels": [{"fuel": "natural_gas", "amount": {"value": gas, "unit": "Nm3"}},
                                {"fuel": "diesel", "amount": {"value": diesel, "unit": "t"}}]},
           "process_emissions": [{"amount": {"value": process, "unit": "tCO2e"},
                                  "verification": {"verifier": "V", "report_id": "R"}}]}
    parts = scope1.fuel_combustion(doc, ctx).value + scope1.process(doc, ctx).value  # type: ignore[operator]
    assert scope1.direct(doc, ctx).value == parts


def test_the_formula_does_not_attribute_the_defaults_to_gb_t_32150() -> None:
    # issue 9 item 9: the method is GB/T 32150's, the default table is not (its annex was not retrieved)
    from zcf.accounting.scope1 import FUEL_FORMULA

    assert "method of GB/T 32150-2015 §7" in FUEL_FORMULA
    assert "not from GB/T 32150" in FUEL_FORMULA
