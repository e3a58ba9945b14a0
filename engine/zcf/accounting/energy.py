"""Total energy consumption in standard coal (综合能耗, tce), GB/T 2589.

Fuels: the printed GB/T 2589 coefficient (tce/t, tce/10^4 Nm3) when the default NCV applies;
with a measured NCV, NCV ÷ 29.3076 GJ/tce. The printed coefficients are preferred because the
printed NCVs use 4.1816 kJ/kcal while the kgce definition uses 4.1868, so recomputing gives
0.7134 instead of the printed 0.7143 for raw coal (research/factors-verified.md §1, §2).
Electricity (grid + on-site self-consumed) × `electricity_tce_coefficient`: calorific (当量值)
or generation-equivalent (等价值) value is the scheme's choice, not a unit conversion.
Purchased heat × 0.03412 tce/GJ.

Renewable energy (`renewable_energy`, the numerator of an energy-basis renewable share, 可再生能源
使用量): counted green electricity × `electricity_tce_coefficient`, plus fuel rows marked
`renewable` (biomass, biogas) and purchased heat rows marked `renewable` (heat from biomass,
solar thermal or geothermal plants), each in tce as in the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.electricity import grid_electricity, onsite_self_consumed
from zcf.accounting.factors import conversion_constant, fuel_tce_coefficient
from zcf.accounting.fuel_parameters import net_calorific_value
from zcf.accounting.green_power import green_electricity
from zcf.accounting.memo import memoised
from zcf.accounting.parameters import param_factor
from zcf.accounting.tracing import Trace, lookup, rows
from zcf.accounting.units import GJ, TCE
from zcf.model.trace import MetricValue

FORMULA = ("Σ fuel × tce coefficient (or × NCV ÷ 29.3076 GJ/tce) + electricity MWh × "
           "electricity_tce_coefficient + heat GJ × 0.03412 tce/GJ (GB/T 2589)")


def fuel_tce(row: Mapping[str, Any], base: str, trace: Trace) -> Decimal | None:
    """Standard coal of one fuel row (tce).

    Examples:
        >>> fuel_tce({"fuel": "diesel", "amount": {"value": 10, "unit": "t"}}, "/f/0", Trace())
        Decimal('14.5710')
        >>> row = {"fuel": "diesel", "amount": {"value": 10, "unit": "t"},
        ...        "ncv": {"value": "43.0", "unit": "GJ/t"}}
        >>> round(fuel_tce(row, "/f/0", Trace()), 4)  # 10 × 43.0 ÷ 29.3076
        Decimal('14.6720')
    """
    coefficient = None if "ncv" in row else fuel_tce_coefficient(str(row.get("fuel")))
    if coefficient is not None:
        unit = "t" if coefficient.unit == "tce/t" else "10^4 Nm3"
        amount = trace.quantity(row, "amount", base, unit)
        value = trace.factor(coefficient)
        return None if amount is None else amount * value
    ncv, amount_unit = net_calorific_value(row, base, trace)
    amount = trace.quantity(row, "amount", base, amount_unit) if amount_unit else None
    if amount is None or ncv is None:
        return None
    return amount * ncv / trace.factor(conversion_constant("tce_energy"))


def _fuels(doc: Mapping[str, Any], trace: Trace) -> Decimal:
    if lookup(doc, "energy", "fuels") is None:
        trace.miss("/energy/fuels")
    return sum((fuel_tce(row, base, trace) or Decimal(0)
                for base, row in rows(doc, "energy", "fuels")), Decimal(0))


def _heat(doc: Mapping[str, Any], trace: Trace) -> Decimal:
    if lookup(doc, "energy", "purchased_heat") is None:
        trace.miss("/energy/purchased_heat")
    heat = sum((trace.quantity(row, "amount", base, GJ) or Decimal(0)
                for base, row in rows(doc, "energy", "purchased_heat")), Decimal(0))
    return heat * trace.factor(conversion_constant("heat")) if heat else Decimal(0)


@memoised
def total(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`energy_total`: fuels + electricity + purchased heat, in tce."""
    trace = Trace()
    fuels = _fuels(doc, trace)
    grid = trace.absorb(grid_electricity(doc, ctx))
    onsite = onsite_self_consumed(doc, ctx, trace)
    heat = _heat(doc, trace)
    value = None
    if grid is not None:
        coefficient = trace.factor(param_factor(ctx, "electricity_tce_coefficient", "tce/MWh",
                                                "energy consumption in tce"))
        value = fuels + (grid + onsite) * coefficient + heat
    return trace.metric("energy_total", value, TCE, FORMULA)


RENEWABLE_FORMULA = ("green_electricity MWh × electricity_tce_coefficient + Σ renewable fuel tce "
                     "+ Σ renewable heat GJ × 0.03412 tce/GJ")


@memoised
def renewable(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`renewable_energy`: renewable electricity, fuels and heat, in tce."""
    trace = Trace()
    green = trace.absorb(green_electricity(doc, ctx))
    fuels = sum((fuel_tce(row, base, trace) or Decimal(0)
                 for base, row in rows(doc, "energy", "fuels") if row.get("renewable") is True),
                Decimal(0))
    heat = sum((trace.quantity(row, "amount", base, GJ) or Decimal(0)
                for base, row in rows(doc, "energy", "purchased_heat") if row.get("renewable") is True),
               Decimal(0))
    value = None
    if green is not None:
        coefficient = trace.factor(param_factor(ctx, "electricity_tce_coefficient", "tce/MWh",
                                                "renewable energy in tce"))
        heat_tce = heat * trace.factor(conversion_constant("heat")) if heat else Decimal(0)
        value = green * coefficient + fuels + heat_tce
    return trace.metric("renewable_energy", value, TCE, RENEWABLE_FORMULA)
