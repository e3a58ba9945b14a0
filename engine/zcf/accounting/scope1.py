"""Scope 1 (直接排放): fossil-fuel combustion and process emissions.

Fuel combustion uses the calculation method of GB/T 32150-2015 §7 (and the GB/T 32151 sector
standards): E = Σ AD × NCV × CC × OF × 44/12, with measured NCV, CC and OF overriding the
defaults row by row. The defaults are not GB/T 32150's (its annex was not retrieved): they are
the compiled table of `data/fuel_defaults.yaml` (GB/T 2589 NCVs, IPCC 1996 carbon contents,
Chinese oxidation rates; ruleset parameter `fuel_default_set`), each cited in the trace.
Process emissions are taken as reported in CO2e (the submitter applies the GWP set named in
/accounting/gwp_set, which should be the ruleset's `gwp_set`). Units: t or 10^4 Nm3 of fuel
in, tCO2 out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.factors import fuel_default
from zcf.accounting.memo import memoised
from zcf.accounting.tracing import Trace, lookup, rows
from zcf.accounting.units import TCO2E, dimension
from zcf.errors import FactorNotFoundError
from zcf.model.trace import MetricValue

#: Canonical unit of each fuel parameter; NCV per mass or per volume picks the amount's unit.
PARAMETER_UNITS = {"carbon_content": "tC/TJ", "oxidation": "1"}
NCV_UNITS = {"ncv_mass": ("GJ/t", "t"), "ncv_volume": ("GJ/10^4 Nm3", "10^4 Nm3")}
FUEL_FORMULA = ("Σ AD × NCV × CC × OF × 44/12 (method of GB/T 32150-2015 §7; CC in tC/TJ ÷ 1000; "
                "defaults from the compiled GB/T 2589 / IPCC 1996 table, not from GB/T 32150)")


@dataclass(frozen=True)
class FuelParameters:
    """One fuel row's activity data and parameters in calculation units (None = missing)."""

    amount: Decimal | None
    ncv: Decimal | None
    ncv_measured: bool
    carbon_content: Decimal | None
    oxidation: Decimal | None


def _default(fuel: str, name: str, pointer: str, trace: Trace) -> Decimal | None:
    try:
        return trace.factor(fuel_default(fuel, name))
    except FactorNotFoundError:
        trace.miss(pointer)  # `other` fuels: the row must carry the measured value
        return None


def net_calorific_value(row: Mapping[str, Any], base: str,
                        trace: Trace) -> tuple[Decimal | None, str | None]:
    """NCV in GJ/t or GJ/10^4 Nm3, and the unit the fuel amount must be converted to."""
    measured = row.get("ncv")
    if isinstance(measured, Mapping):
        units = NCV_UNITS.get(dimension(str(measured.get("unit"))) or "")
        if units is None:
            # Let convert() raise UnitMismatchError naming the pointer and the allowed units.
            return trace.quantity(row, "ncv", base, "GJ/t"), None
        return trace.quantity(row, "ncv", base, units[0]), units[1]
    fuel = str(row.get("fuel"))
    try:
        factor = fuel_default(fuel, "ncv")
    except FactorNotFoundError:
        trace.miss(f"{base}/ncv")
        return None, None
    units = NCV_UNITS["ncv_volume" if factor.unit.endswith("Nm3") else "ncv_mass"]
    return trace.factor(factor), units[1]


def fuel_parameters(row: Mapping[str, Any], base: str, trace: Trace) -> FuelParameters:
    """Activity data and NCV, CC, OF of one fuel row, measured values first."""
    ncv, amount_unit = net_calorific_value(row, base, trace)
    amount = trace.quantity(row, "amount", base, amount_unit) if amount_unit else None
    values: dict[str, Decimal | None] = {}
    for name, unit in PARAMETER_UNITS.items():
        if name in row:
            values[name] = trace.quantity(row, name, base, unit)
        else:
            values[name] = _default(str(row.get("fuel")), name, f"{base}/{name}", trace)
    return FuelParameters(amount=amount, ncv=ncv, ncv_measured="ncv" in row,
                          carbon_content=values["carbon_content"], oxidation=values["oxidation"])


def fuel_row_emissions(params: FuelParameters) -> Decimal | None:
    """tCO2 of one fuel row: AD × NCV × CC × OF × 44/12 with CC converted from tC/TJ to tC/GJ.

    Examples:
        >>> d = Decimal
        >>> p = FuelParameters(d(10), d("42.652"), False, d("20.2"), d("0.98"))
        >>> round(fuel_row_emissions(p), 6)  # 10 t diesel
        Decimal('30.959096')
    """
    amount, ncv, carbon, oxidation = params.amount, params.ncv, params.carbon_content, params.oxidation
    if amount is None or ncv is None or carbon is None or oxidation is None:
        return None
    # Multiply first, divide once: one rounding step at 28 digits instead of several.
    return amount * ncv * carbon * oxidation * 44 / (12 * 1000)


@memoised
def fuel_combustion(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`scope1_fuel`: CO2 from burning fossil fuels (tCO2)."""
    trace = Trace()
    if lookup(doc, "energy", "fuels") is None:
        trace.miss("/energy/fuels")
    total = Decimal(0)
    for base, row in rows(doc, "energy", "fuels"):
        emissions = fuel_row_emissions(fuel_parameters(row, base, trace))
        total += emissions or 0
    return trace.metric("scope1_fuel", total, "tCO2", FUEL_FORMULA)


@memoised
def process(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`scope1_process`: process emissions as reported (tCO2e); `[]` declares none."""
    trace = Trace()
    if lookup(doc, "process_emissions") is None:
        trace.miss("/process_emissions")
    total = Decimal(0)
    for base, row in rows(doc, "process_emissions"):
        total += trace.quantity(row, "amount", base, TCO2E) or 0
    return trace.metric("scope1_process", total, TCO2E, "Σ process emissions as reported")


@memoised
def direct(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`scope1`: fuel combustion + process emissions (tCO2e).

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
        >>> doc = {"energy": {"fuels": [{"fuel": "lpg", "amount": {"value": 2, "unit": "t"}}]},
        ...        "process_emissions": [{"amount": {"value": 500, "unit": "kgCO2e"}}]}
        >>> round(direct(doc, ctx).value, 4)  # 2 × 50.179 × 17.2 × 0.98 × 44/12 / 1000 + 0.5
        Decimal('6.7027')
    """
    trace = Trace()
    fuel = trace.absorb(fuel_combustion(doc, ctx))
    processes = trace.absorb(process(doc, ctx))
    value = None if fuel is None or processes is None else fuel + processes
    return trace.metric("scope1", value, TCO2E, "scope1_fuel + scope1_process")
