"""Process emissions of metal industries: iron and steel (plant carbon balance) and primary
aluminium (anode consumption, perfluorocarbons from anode effects).

The GB/T 32151 steel and aluminium texts were not seen: the formulas are the carbon balance and
the anode and slope methods those standards and the IPCC 2006 Guidelines (Vol. 3 Ch. 4) are
reported to use. Defaults come from `data/process_factors.yaml` (coke and coal carbon from the
fuel table), each with its provenance; tests reproduce every function by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.factors import fuel_default, process_default
from zcf.accounting.process_activity import (
    ProcessMethod,
    co2_from_carbon,
    fraction,
    items,
    mass,
    number,
)
from zcf.accounting.tracing import Trace, lookup
from zcf.errors import FactorNotFoundError

#: Materials of a carbon balance whose carbon per tonne comes from the fuel table (NCV × CC).
FUEL_MATERIALS = frozenset({"coke", "raw_coal"})


def material_carbon(item: Mapping[str, Any], pointer: str, trace: Trace) -> Decimal | None:
    """tC per tonne of one balance item: measured `carbon_content`, else the default."""
    kind = str(item.get("material"))
    trace.input(f"{pointer}/material", kind)
    if "carbon_content" in item or kind == "other":
        return fraction(item, "carbon_content", pointer, trace)
    if kind in FUEL_MATERIALS:
        ncv = trace.factor(fuel_default(kind, "ncv"))  # GJ/t
        per_heat = trace.factor(fuel_default(kind, "carbon_content"))  # tC/TJ
        return ncv * per_heat / 1000
    try:
        return trace.factor(process_default("carbon", kind))
    except FactorNotFoundError:
        trace.miss(f"{pointer}/carbon_content")
        return None


def carbon_flow(row: Mapping[str, Any], key: str, base: str, trace: Trace) -> Decimal | None:
    """tC carried by the items of `row[key]` (inputs or outputs): Σ mass × carbon fraction."""
    total: Decimal | None = Decimal(0)
    for pointer, item in items(row, key, base):
        amount = mass(item, "mass", pointer, trace)
        carbon = material_carbon(item, pointer, trace)
        if amount is None or carbon is None or total is None:
            total = None
            continue
        total += amount * carbon
    return total


def steel_carbon_balance(row: Mapping[str, Any], base: str, trace: Trace,
                         doc: Mapping[str, Any], ctx: AccountingContext) -> Decimal | None:
    """Iron and steel plant carbon balance.

    E = (Σ M_in × C_in − Σ M_out × C_out) × 44/12 over the carbon entering as reductants
    (coke, coal), fluxes (limestone, dolomite), electrodes and purchased carbon-bearing iron
    (pig iron, DRI), less the carbon leaving in crude steel, sold pig iron and by-products. A
    negative balance is reported as 0 with a note. Coke and coal listed here must not also be
    listed under /energy/fuels, or their carbon is counted twice.

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
        >>> row = {"inputs": [{"material": "electrode", "mass": {"value": 10, "unit": "t"}}],
        ...        "outputs": []}
        >>> steel_carbon_balance(row, "/p/0/steel_carbon_balance", Trace(), {}, ctx)  # 10×0.99×44/12
        Decimal('36.30')
    """
    if lookup(row, "inputs") is None:
        trace.miss(f"{base}/inputs")
    carbon_in = carbon_flow(row, "inputs", base, trace)
    carbon_out = carbon_flow(row, "outputs", base, trace)
    if carbon_in is None or carbon_out is None:
        return None
    if carbon_out > carbon_in:
        trace.note(f"{base}: more carbon leaves than enters; the balance counts as 0 "
                   "(check the carbon contents)")
        return Decimal(0)
    return co2_from_carbon(carbon_in - carbon_out)


def gwp(gas: str, trace: Trace, doc: Mapping[str, Any], ctx: AccountingContext) -> Decimal | None:
    """The GWP of `gas` in the set the ruleset names (`gwp_set`), else the submission's
    /accounting/gwp_set; missing when neither names a set the table has."""
    chosen = ctx.params.get("gwp_set")
    if not isinstance(chosen, str):
        chosen = lookup(doc, "accounting", "gwp_set")
        if isinstance(chosen, str):
            trace.input("/accounting/gwp_set", chosen)
    if not isinstance(chosen, str):
        trace.miss("/accounting/gwp_set")
        return None
    try:
        return trace.factor(process_default(f"gwp.{chosen}", gas))
    except FactorNotFoundError:
        trace.note(f"no {gas} GWP for the set {chosen}: name AR4, AR5 or AR6")
        trace.miss("/accounting/gwp_set")
        return None


def aluminium_primary(row: Mapping[str, Any], base: str, trace: Trace,
                      doc: Mapping[str, Any], ctx: AccountingContext) -> Decimal | None:
    """Primary aluminium smelting: CO2 from prebaked-anode consumption and PFCs from anode effects.

    E_CO2 = P × NAC × (1 − S − Ash) × 44/12;  E_CF4 = SEF × AEM × P / 1000 (t);
    E_C2F6 = E_CF4 × F_C2F6/CF4;  E = E_CO2 + E_CF4 × GWP_CF4 + E_C2F6 × GWP_C2F6 (tCO2e).
    P: aluminium tapped (t); NAC: net anode consumption (t/t Al); AEM: anode-effect minutes per
    cell-day; SEF: slope coefficient ((kg CF4/t Al)/(AE-min/cell-day)).

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31), params={"gwp_set": "AR5"})
        >>> row = {"aluminium": {"value": 1000, "unit": "t"}, "net_anode_consumption": "0.4",
        ...        "anode_sulphur": "0.02", "anode_ash": "0.004", "anode_effect_minutes": "0"}
        >>> aluminium_primary(row, "/p/0/aluminium_primary", Trace(), {}, ctx)  # 1000×0.4×0.976×44/12
        Decimal('1431.466666666666666666666667')
    """
    produced = mass(row, "aluminium", base, trace)
    consumption = fraction(row, "net_anode_consumption", base, trace)
    sulphur = fraction(row, "anode_sulphur", base, trace,
                       default=process_default("aluminium", "anode_sulphur"))
    ash = fraction(row, "anode_ash", base, trace, default=process_default("aluminium", "anode_ash"))
    minutes = number(row, "anode_effect_minutes", base, trace)
    slope = (number(row, "cf4_slope", base, trace) if "cf4_slope" in row
             else trace.factor(process_default("aluminium", "cf4_slope")))
    ratio = (fraction(row, "c2f6_ratio", base, trace) if "c2f6_ratio" in row
             else trace.factor(process_default("aluminium", "c2f6_ratio")))
    gwp_cf4, gwp_c2f6 = gwp("cf4", trace, doc, ctx), gwp("c2f6", trace, doc, ctx)
    parts = (produced, consumption, sulphur, ash, minutes, slope, ratio, gwp_cf4, gwp_c2f6)
    if any(p is None for p in parts):
        return None
    assert produced is not None and consumption is not None and sulphur is not None
    assert ash is not None and minutes is not None and slope is not None and ratio is not None
    assert gwp_cf4 is not None and gwp_c2f6 is not None
    co2 = co2_from_carbon(produced * consumption * (1 - sulphur - ash))
    cf4 = slope * minutes * produced / 1000
    c2f6 = cf4 * ratio
    trace.note(f"{base}: CO2 {co2} t, CF4 {cf4} t, C2F6 {c2f6} t")
    return co2 + cf4 * gwp_cf4 + c2f6 * gwp_c2f6


_METALS = "GB/T 32151 metal-industry method family (text not seen); IPCC 2006 Vol. 3 Ch. 4"

METHODS: dict[str, ProcessMethod] = {
    "steel_carbon_balance": ProcessMethod(
        "steel_carbon_balance", steel_carbon_balance, "(Σ M_in × C_in − Σ M_out × C_out) × 44/12",
        f"iron and steel carbon balance: {_METALS}"),
    "aluminium_primary": ProcessMethod(
        "aluminium_primary", aluminium_primary,
        "P × NAC × (1 − S − Ash) × 44/12 + SEF × AEM × P / 1000 × (GWP_CF4 + F × GWP_C2F6)",
        f"primary aluminium, anode consumption and anode-effect PFCs: {_METALS}"),
}
