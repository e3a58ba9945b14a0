"""One fuel row's activity data and parameters (NCV, carbon content, oxidation), measured first.

Measured values override the defaults of `data/fuel_defaults.yaml` row by row; an `other` fuel
without a measured value is missing. Used for fuels burned (scope1.py, energy.py) and for fuels
used as chemical feedstock (process_chemicals.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zcf.accounting.factors import fuel_default
from zcf.accounting.tracing import Trace
from zcf.accounting.units import dimension
from zcf.errors import FactorNotFoundError

#: Canonical unit of each fuel parameter; NCV per mass or per volume picks the amount's unit.
PARAMETER_UNITS = {"carbon_content": "tC/TJ", "oxidation": "1"}
NCV_UNITS = {"ncv_mass": ("GJ/t", "t"), "ncv_volume": ("GJ/10^4 Nm3", "10^4 Nm3")}


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
    """Activity data and NCV, CC, OF of one fuel row, measured values first.

    Examples:
        >>> row = {"fuel": "diesel", "amount": {"value": 2000, "unit": "kg"},
        ...        "oxidation": {"value": 99, "unit": "%"}}
        >>> p = fuel_parameters(row, "/energy/fuels/0", Trace())
        >>> p.amount, p.ncv, p.carbon_content, p.oxidation
        (Decimal('2.000'), Decimal('42.652'), Decimal('20.2'), Decimal('0.99'))
    """
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
