"""Units of submitted quantities: the explicit conversion table and `convert`.

Every quantity is converted once, at the input boundary, to the unit its calculation needs
(DESIGN §6). Conversions here are exact powers of ten in `Decimal`, so they round-trip. What is
not a unit conversion stays out: electricity or fuel to tce (a dated coefficient, `energy.py`),
CH4 to CO2e (a GWP set), Nm3 to m3 (reference conditions; `Nm3` is its own unit).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.errors import AccountingError, UnitMismatchError

#: Canonical units (ecosystem §4): electricity MWh, energy GJ, mass t, emissions tCO2e,
#: standard coal tce, gas volume Nm3, money 10^4 CNY.
MWH, GJ, TONNE, TCO2E, TCE, NM3, WAN_CNY = "MWh", "GJ", "t", "tCO2e", "tce", "Nm3", "10^4 CNY"

_E = Decimal
#: unit -> (dimension, size in the dimension's canonical unit). Only powers of ten, so every
#: conversion is exact and reversible.
UNITS: dict[str, tuple[str, Decimal]] = {
    "kWh": ("electricity", _E("0.001")),
    "MWh": ("electricity", _E(1)),
    "GWh": ("electricity", _E(1000)),
    "MJ": ("energy", _E("0.001")),
    "GJ": ("energy", _E(1)),
    "TJ": ("energy", _E(1000)),
    "kg": ("mass", _E("0.001")),
    "t": ("mass", _E(1)),
    "Nm3": ("gas_volume", _E(1)),
    "10^4 Nm3": ("gas_volume", _E(10000)),
    # A tonne of CO2 is a tonne of CO2e (GWP of CO2 is 1 in every IPCC set).
    "gCO2e": ("emissions", _E("0.000001")),
    "kgCO2e": ("emissions", _E("0.001")),
    "kgCO2": ("emissions", _E("0.001")),
    "tCO2e": ("emissions", _E(1)),
    "tCO2": ("emissions", _E(1)),
    "kgce": ("standard_coal", _E("0.001")),
    "tce": ("standard_coal", _E(1)),
    "10^4 tce": ("standard_coal", _E(10000)),
    "CNY": ("money", _E("0.0001")),
    "10^4 CNY": ("money", _E(1)),
    "10^8 CNY": ("money", _E(10000)),
    "m2": ("area", _E(1)),
    "1": ("ratio", _E(1)),
    "%": ("ratio", _E("0.01")),
    # Net calorific value per mass (GB/T 2589 prints kJ/kg) and per volume (kJ/m3).
    "kJ/kg": ("ncv_mass", _E("0.001")),
    "MJ/kg": ("ncv_mass", _E(1)),
    "GJ/t": ("ncv_mass", _E(1)),
    "kJ/Nm3": ("ncv_volume", _E("0.01")),
    "MJ/Nm3": ("ncv_volume", _E(10)),
    "GJ/10^4 Nm3": ("ncv_volume", _E(1)),
    # Carbon content per unit heat: 1 tC/TJ = 1 kgC/GJ.
    "kgC/GJ": ("carbon_content", _E(1)),
    "tC/TJ": ("carbon_content", _E(1)),
    "tC/GJ": ("carbon_content", _E(1000)),
    "kgCO2/GJ": ("heat_factor", _E("0.001")),
    "tCO2/GJ": ("heat_factor", _E(1)),
    "kgCO2/kWh": ("grid_factor", _E(1)),
    "tCO2/MWh": ("grid_factor", _E(1)),
}

_DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def dimension(unit: str) -> str | None:
    """The dimension a unit measures (`None` for a unit not in the table)."""
    entry = UNITS.get(unit)
    return entry[0] if entry else None


def units_of(dim: str) -> tuple[str, ...]:
    """Every unit of one dimension, in table order."""
    return tuple(u for u, (d, _) in UNITS.items() if d == dim)


def _decimal_or_none(value: Any) -> Decimal | None:
    kind = type(value)  # exact types first (what the reader returns), then subclasses
    if kind is str or (kind is not bool and isinstance(value, str)):
        return Decimal(value) if _DECIMAL_TEXT.fullmatch(value) else None
    if kind is Decimal or isinstance(value, Decimal):
        return value  # type: ignore[no-any-return]
    if isinstance(value, int) and kind is not bool:
        return Decimal(value)
    return None


def to_decimal(value: Any, pointer: str) -> Decimal:
    """A submitted number as `Decimal`: `Decimal`, `int` or a decimal string; never a float.

    Raises:
        AccountingError: a float (the document was parsed without `parse_float=Decimal`),
            a bool, or a string that is not a plain decimal.
    """
    found = _decimal_or_none(value)
    if found is not None:
        return found
    raise AccountingError(
        f"{pointer}: expected a decimal number, found {type(value).__name__} {value!r}",
        hint="parse submissions with zcf.submission.read_submission (Decimal numbers)",
    )


def convert(quantity: Mapping[str, Any], to_unit: str, pointer: str) -> Decimal:
    """The magnitude of `quantity` ({value, unit}) expressed in `to_unit`.

    Raises:
        UnitMismatchError: the units measure different things, or one is unknown; the message
            names the pointer and the units that would be accepted.

    Examples:
        >>> convert({"value": "1250", "unit": "kWh"}, "MWh", "/energy/electricity/grid/0/amount")
        Decimal('1.250')
        >>> convert({"value": 3, "unit": "10^4 Nm3"}, "Nm3", "/energy/fuels/0/amount")
        Decimal('30000')
    """
    unit = quantity.get("unit")
    # The pointer of the value is spelt out only for the error: 4.1 -> 3.9 us a grid row.
    raw = quantity.get("value")
    value = _decimal_or_none(raw)
    if value is None:
        value = to_decimal(raw, pointer + "/value")  # raises, naming the pointer
    target = UNITS.get(to_unit)
    if target is None:
        raise UnitMismatchError(f"{pointer}: unknown target unit {to_unit!r}")
    source = UNITS.get(unit) if isinstance(unit, str) else None
    if source is None or source[0] != target[0]:
        allowed = ", ".join(units_of(target[0]))
        raise UnitMismatchError(
            f"{pointer}: unit {unit!r} cannot be converted to {to_unit}; "
            f"this value needs one of: {allowed}",
            hint=f"correct {pointer}/unit",
        )
    if source[1] == target[1]:
        return value
    return value * source[1] / target[1]
