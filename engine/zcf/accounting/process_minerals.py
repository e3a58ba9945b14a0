"""Process CO2 of mineral industries: cement clinker, carbonate use (glass, ceramics, soda ash
in textile dyeing, ...) and lime.

All three release the CO2 bound in carbonates. The stoichiometric factors are `derived` rows of
`data/process_factors.yaml` (standard atomic weights). The GB/T 32151 cement and lime texts were
not seen: the formulas are the oxide-based and carbonate-based mass balances those standards and
the IPCC 2006 Guidelines (Vol. 3 Ch. 2) are reported to use, and each is reproduced by hand in
tests/accounting/test_process_methods.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.factors import process_default
from zcf.accounting.process_activity import (
    ProcessMethod,
    co2_from_carbon,
    fraction,
    items,
    mass,
    number,
)
from zcf.accounting.tracing import Trace

ONE = Decimal(1)


def _oxide_co2(row: Mapping[str, Any], base: str, trace: Trace) -> Decimal | None:
    """tCO2 per tonne of product from its carbonate-derived CaO and MgO (non-carbonate part off)."""
    cao, mgo = fraction(row, "cao", base, trace), fraction(row, "mgo", base, trace)
    cao_0 = fraction(row, "cao_non_carbonate", base, trace) if "cao_non_carbonate" in row else 0
    mgo_0 = fraction(row, "mgo_non_carbonate", base, trace) if "mgo_non_carbonate" in row else 0
    r_cao = trace.factor(process_default("oxides", "cao"))
    r_mgo = trace.factor(process_default("oxides", "mgo"))
    if cao is None or mgo is None or cao_0 is None or mgo_0 is None:
        return None
    if cao_0 > cao or mgo_0 > mgo:
        trace.note(f"{base}: non-carbonate oxide above the total oxide; that oxide counts as 0")
    return max(cao - cao_0, Decimal(0)) * r_cao + max(mgo - mgo_0, Decimal(0)) * r_mgo


def cement_clinker(row: Mapping[str, Any], base: str, trace: Trace,
                   doc: Mapping[str, Any], ctx: AccountingContext) -> Decimal | None:
    """Calcination CO2 of clinker, kiln dust and bypass dust, plus organic carbon of raw meal.

    E = (Q_clinker + d × (Q_kiln_dust + Q_bypass_dust)) × EF_clinker + Q_raw_meal × TOC × 44/12,
    EF_clinker = (CaO − CaO_nc) × 44.009/56.077 + (MgO − MgO_nc) × 44.009/40.304.
    Dust leaving the kiln system counts with the clinker factor, times its calcination degree d
    (1 when not given: as fully calcined as clinker, which never under-states).

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
        >>> row = {"clinker": {"value": 1000, "unit": "t"}, "cao": "0.65", "mgo": "0.02"}
        >>> cement_clinker(row, "/p/0/cement_clinker", Trace(), {}, ctx)  # 1000 × (0.65×0.7848 + 0.02×1.0919)
        Decimal('531.958000')
    """
    clinker = mass(row, "clinker", base, trace)
    dust = [mass(row, key, base, trace, required=False) for key in ("kiln_dust", "bypass_dust")]
    calcined = (fraction(row, "dust_calcination", base, trace)
                if "dust_calcination" in row else ONE)
    factor = _oxide_co2(row, base, trace)
    organic = Decimal(0)
    if "raw_meal" in row:
        meal = mass(row, "raw_meal", base, trace)
        toc = fraction(row, "raw_meal_organic_carbon", base, trace)
        organic = None if meal is None or toc is None else co2_from_carbon(meal * toc)  # type: ignore[assignment]
    if clinker is None or factor is None or calcined is None or organic is None or None in dust:
        return None
    dust_mass = sum((d for d in dust if d is not None), Decimal(0))
    return (clinker + calcined * dust_mass) * factor + organic


def carbonate_use(row: Mapping[str, Any], base: str, trace: Trace,
                  doc: Mapping[str, Any], ctx: AccountingContext) -> Decimal | None:
    """CO2 from carbonates used as raw material or flux (glass batch, ceramics, dyeing soda ash).

    E = Σ M_i × purity_i × F_i × EF_i; EF_i is the stoichiometric factor of the carbonate (or the
    row's `emission_factor` for `other`), purity and the decomposed fraction F default to 1.

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
        >>> row = {"carbonates": [{"carbonate": "soda_ash", "mass": {"value": 100, "unit": "t"}}]}
        >>> carbonate_use(row, "/p/0/carbonate_use", Trace(), {}, ctx)  # 100 × 0.4152
        Decimal('41.5200')
    """
    total: Decimal | None = Decimal(0)
    found = False
    for pointer, item in items(row, "carbonates", base):
        found = True
        amount = mass(item, "mass", pointer, trace)
        kind = str(item.get("carbonate"))
        trace.input(f"{pointer}/carbonate", kind)
        if kind == "other" or "emission_factor" in item:
            factor = number(item, "emission_factor", pointer, trace)
        else:
            factor = trace.factor(process_default("carbonates", kind))
        purity = fraction(item, "purity", pointer, trace) if "purity" in item else ONE
        decomposed = fraction(item, "calcination", pointer, trace) if "calcination" in item else ONE
        if None in (amount, factor, purity, decomposed) or total is None:
            total = None
            continue
        total += amount * purity * decomposed * factor  # type: ignore[operator]
    if not found:
        trace.miss(f"{base}/carbonates")
    return total


def lime(row: Mapping[str, Any], base: str, trace: Trace,
         doc: Mapping[str, Any], ctx: AccountingContext) -> Decimal | None:
    """Calcination CO2 of lime (quicklime, dolomitic lime) from the oxide content of each product.

    E = Σ Q_i × ((CaO_i − CaO_nc,i) × 44.009/56.077 + (MgO_i − MgO_nc,i) × 44.009/40.304).

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
        >>> row = {"products": [{"mass": {"value": 200, "unit": "t"}, "cao": "0.90", "mgo": "0.01"}]}
        >>> lime(row, "/p/0/lime", Trace(), {}, ctx)  # 200 × (0.90×0.7848 + 0.01×1.0919)
        Decimal('143.447800')
    """
    total: Decimal | None = Decimal(0)
    found = False
    for pointer, item in items(row, "products", base):
        found = True
        amount = mass(item, "mass", pointer, trace)
        factor = _oxide_co2(item, pointer, trace)
        if amount is None or factor is None or total is None:
            total = None
            continue
        total += amount * factor
    if not found:
        trace.miss(f"{base}/products")
    return total


_MINERALS = "GB/T 32151 mineral-industry method family (text not seen); IPCC 2006 Vol. 3 Ch. 2"

METHODS: dict[str, ProcessMethod] = {
    "cement_clinker": ProcessMethod(
        "cement_clinker", cement_clinker,
        "(Q_clinker + d × (Q_kiln_dust + Q_bypass_dust)) × ((CaO − CaO_nc) × 0.7848 + "
        "(MgO − MgO_nc) × 1.0919) + Q_raw_meal × TOC × 44/12",
        f"cement clinker calcination: {_MINERALS}"),
    "carbonate_use": ProcessMethod(
        "carbonate_use", carbonate_use, "Σ M × purity × F × EF_carbonate",
        f"carbonate use (glass, ceramics, other): {_MINERALS}"),
    "lime": ProcessMethod(
        "lime", lime, "Σ Q_lime × ((CaO − CaO_nc) × 0.7848 + (MgO − MgO_nc) × 1.0919)",
        f"lime calcination: {_MINERALS}"),
}
