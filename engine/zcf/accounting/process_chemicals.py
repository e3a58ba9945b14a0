"""Process emissions of chemicals from fossil feedstock: ammonia, methanol, ethylene (and other
products made from carbon-bearing feedstock), by feedstock carbon balance.

E = (Σ feedstock carbon − Σ carbon in products and by-products) × 44/12 − CO2 recovered.
Feedstock rows have the shape of fuel rows (`fuel`, `amount`, optional measured `ncv` and
`carbon_content` per unit heat): their carbon is AD × NCV × CC, with the fuel table's defaults
(no oxidation factor: feedstock carbon is not burned). Product carbon is a mass fraction:
measured, or the `derived` molecular value of `data/process_factors.yaml`. The GB/T 32151
chemical text was not seen; tests reproduce the function by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.factors import process_default
from zcf.accounting.fuel_parameters import fuel_parameters
from zcf.accounting.process_activity import ProcessMethod, co2_from_carbon, fraction, items, mass
from zcf.accounting.tracing import Trace, lookup
from zcf.accounting.units import TCO2E
from zcf.errors import FactorNotFoundError


def feedstock_carbon(row: Mapping[str, Any], base: str, trace: Trace) -> Decimal | None:
    """tC entering as feedstock: Σ AD × NCV × CC (CC in tC/TJ ÷ 1000)."""
    total: Decimal | None = Decimal(0)
    for pointer, item in items(row, "feedstocks", base):
        trace.input(f"{pointer}/fuel", str(item.get("fuel")))
        params = fuel_parameters(item, pointer, trace)
        if params.amount is None or params.ncv is None or params.carbon_content is None:
            total = None
            continue
        if total is not None:
            total += params.amount * params.ncv * params.carbon_content / 1000
    return total


def product_carbon(row: Mapping[str, Any], base: str, trace: Trace) -> Decimal | None:
    """tC leaving in products and by-products: Σ mass × carbon fraction."""
    total: Decimal | None = Decimal(0)
    for pointer, item in items(row, "products", base):
        amount = mass(item, "mass", pointer, trace)
        kind = str(item.get("material"))
        trace.input(f"{pointer}/material", kind)
        if "carbon_content" in item or kind == "other":
            carbon = fraction(item, "carbon_content", pointer, trace)
        else:
            try:
                carbon = trace.factor(process_default("carbon", kind))
            except FactorNotFoundError:
                trace.miss(f"{pointer}/carbon_content")
                carbon = None
        if amount is None or carbon is None or total is None:
            total = None
            continue
        total += amount * carbon
    return total


def chemical_feedstock(row: Mapping[str, Any], base: str, trace: Trace,
                       doc: Mapping[str, Any], ctx: AccountingContext) -> Decimal | None:
    """Feedstock carbon balance of ammonia, methanol, ethylene and similar plants (tCO2).

    A negative balance counts as 0 with a note.

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
        >>> row = {"product": "ammonia", "feedstocks": [
        ...     {"fuel": "natural_gas", "amount": {"value": 100, "unit": "10^4 Nm3"}}],
        ...     "products": [{"material": "ammonia", "mass": {"value": 800, "unit": "t"}}]}
        >>> round(chemical_feedstock(row, "/p/0/chemical_feedstock", Trace(), {}, ctx), 4)
        Decimal('2184.0291')
    """
    product = row.get("product")
    if isinstance(product, str):
        trace.input(f"{base}/product", product)
    if lookup(row, "feedstocks") is None:
        trace.miss(f"{base}/feedstocks")
    carbon_in = feedstock_carbon(row, base, trace)
    carbon_out = product_carbon(row, base, trace)
    recovered = (trace.quantity(row, "co2_recovered", base, TCO2E)
                 if "co2_recovered" in row else Decimal(0))
    if carbon_in is None or carbon_out is None or recovered is None:
        return None
    emissions = co2_from_carbon(carbon_in - carbon_out) - recovered
    if emissions < 0:
        trace.note(f"{base}: more carbon leaves than enters; the balance counts as 0 "
                   "(check the carbon contents)")
        return Decimal(0)
    return emissions


METHODS: dict[str, ProcessMethod] = {
    "chemical_feedstock": ProcessMethod(
        "chemical_feedstock", chemical_feedstock,
        "(Σ AD × NCV × CC − Σ M_product × C_product) × 44/12 − CO2 recovered",
        "feedstock carbon balance (ammonia, methanol, ethylene): GB/T 32151 chemical-industry "
        "method family (text not seen); IPCC 2006 Vol. 3 Ch. 3"),
}
