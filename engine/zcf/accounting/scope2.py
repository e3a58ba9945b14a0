"""Scope 2 (间接排放): purchased electricity and heat, location-based and market-based.

Location-based: all grid MWh × the MEE/NBS average factor at the level the ruleset names
(`grid_factor_level`), falling back to the next broader level when the factor table has none
for the factory's province (GEN-04). Market-based: grid MWh not covered by counted green-power
trades and retired certificates × the national factor excluding market-traded non-fossil
electricity (the "residual" factor; domain §5.1 use rules, GHG Protocol Scope 2 Guidance §6),
plus on-site electricity whose certificates were sold, also at the residual factor: its
renewable attribute went to the buyer (发改能源〔2023〕1044号).
Purchased heat adds GJ × factor to both (measured factor first, else `heat_emission_factor`;
GB/T 32150 §7.5). Units: MWh and GJ in, tCO2 out.

Intensity metrics (carbon per energy, per revenue, per product) take Scope 2 by the method the
ruleset names in `intensity_scope2_method` (`for_intensity`): `market`, `location`, or
`location-net` = grid MWh not covered by counted instruments × the location factor + heat (green
power at zero, the rest at the average grid factor, as some schemes calibrate their limits).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.electricity import grid_electricity
from zcf.accounting.factors import Factor, GridFactorsAsOf, GridLevel, grid_factors, grid_region
from zcf.accounting.green_power import covered_grid, onsite_split
from zcf.accounting.memo import memoised, memoised_part
from zcf.accounting.parameters import param_factor, text_param
from zcf.accounting.tracing import Trace, lookup, rows
from zcf.accounting.units import GJ
from zcf.model.trace import MetricValue

HEAT_FACTOR_UNIT = "tCO2/GJ"
LEVELS = tuple(GridLevel)


def _at_level(table: GridFactorsAsOf, level: GridLevel, province: str,
              trace: Trace) -> tuple[Factor, Factor | None] | None:
    """The average factor at `level` for `province`, with the province-to-grid mapping used."""
    region = None
    if level is GridLevel.PROVINCIAL:
        factor = table.get("average", level, province)
    elif level is GridLevel.REGIONAL:
        region = grid_region(province)
        factor = table.get("average", level, region[0]) if region else None
    else:
        factor = table.get("average", level)
    if factor is None:
        return None
    return factor, (region[1] if region else None)


def _why(wanted: GridLevel, level: GridLevel, province: str, data_year: int) -> str:
    """Why the location factor comes from `level` (GEN-04: the result says which level and why)."""
    asked = f"grid_factor_level asks for the {wanted.value} factor"
    if level is wanted:
        return f"{asked}; the {data_year} MEE/NBS table has one for province {province}"
    missing = ", ".join(lv.value for lv in LEVELS[LEVELS.index(wanted):LEVELS.index(level)])
    return (f"{asked}; the {data_year} MEE/NBS table as zcf holds it has no {missing} factor for "
            f"province {province}, so the next broader level, {level.value}, is used")


def location_factor(doc: Mapping[str, Any], ctx: AccountingContext, trace: Trace) -> Decimal:
    """The location-based grid factor (tCO2/MWh) for the factory's province as of `ctx.as_of`.

    The factor in the trace names its level and why it was chosen (`TraceFactor.level`,
    `.reason`): the level `grid_factor_level` asks for, or the next broader one the table has.

    Raises:
        FactorNotFoundError: no factor year had been published by the as-of date.
    """
    wanted = GridLevel(text_param(ctx, "grid_factor_level", "location-based scope 2",
                                  tuple(level.value for level in LEVELS)))
    table = grid_factors(ctx.as_of)
    province = str(lookup(doc, "enterprise", "province"))
    trace.input("/enterprise/province", province)
    trace.note(f"grid factors of data year {table.data_year} (published {table.published_on}, "
               f"the newest on or before {ctx.as_of})")
    for level in LEVELS[LEVELS.index(wanted):]:
        found = _at_level(table, level, province, trace)
        if found is not None:
            factor, mapping = found
            if mapping is not None:
                trace.factor(mapping)  # the province-to-grid mapping is itself a sourced fact
            if level is not wanted:
                trace.note(f"no {wanted.value} factor for province {province} in "
                           f"{table.data_year}; used the {level.value} factor")
            return trace.factor(factor.trace().model_copy(update={
                "level": level.value, "reason": _why(wanted, level, province, table.data_year)}))
    raise AssertionError("the national average exists in every data year")  # pragma: no cover


def residual_factor(ctx: AccountingContext, trace: Trace) -> Decimal:
    """The national factor excluding market-traded non-fossil electricity (tCO2/MWh)."""
    table = grid_factors(ctx.as_of)
    factor = table.get("residual", GridLevel.NATIONAL)
    if factor is None:  # pragma: no cover - every data year lists it
        raise AssertionError(f"no residual factor in {table.data_year}")
    trace.note(f"residual factor of data year {table.data_year}")
    return trace.factor(factor.trace().model_copy(update={
        "level": GridLevel.NATIONAL.value,
        "reason": ("market-based Scope 2 prices grid power not covered by instruments at the factor "
                   "excluding market-traded non-fossil power, which MEE/NBS publish for the national "
                   "grid only")}))


@memoised_part
def heat_emissions(doc: Mapping[str, Any], ctx: AccountingContext, trace: Trace) -> Decimal | None:
    """Σ purchased heat GJ × factor (tCO2); measured factor per row, else the parameter."""
    if lookup(doc, "energy", "purchased_heat") is None:
        trace.miss("/energy/purchased_heat")
        return None
    total = Decimal(0)
    for base, row in rows(doc, "energy", "purchased_heat"):
        amount = trace.quantity(row, "amount", base, GJ)
        if "emission_factor" in row:
            factor = trace.quantity(row, "emission_factor", base, HEAT_FACTOR_UNIT)
        else:
            factor = trace.factor(param_factor(ctx, "heat_emission_factor", HEAT_FACTOR_UNIT,
                                               "purchased heat emissions"))
        if amount is not None and factor is not None:
            total += amount * factor
    return total


@memoised
def heat(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`scope2_heat`: purchased heat and steam (tCO2).

    Examples:
        >>> import datetime as dt
        >>> params = {"heat_emission_factor": Decimal("0.11")}
        >>> ctx = AccountingContext(dt.date(2025, 12, 31), params)
        >>> doc = {"energy": {"purchased_heat": [{"amount": {"value": 2, "unit": "TJ"}}]}}
        >>> heat(doc, ctx).value  # 2 000 GJ × 0.11 tCO2/GJ
        Decimal('220.00')
    """
    trace = Trace()
    value = heat_emissions(doc, ctx, trace)
    return trace.metric("scope2_heat", value, "tCO2", "Σ heat GJ × heat factor")


@memoised
def location_based(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`scope2_location`: grid MWh × grid average factor + purchased heat (tCO2)."""
    trace = Trace()
    grid = trace.absorb(grid_electricity(doc, ctx))
    factor = location_factor(doc, ctx, trace)
    heat_part = trace.absorb(heat(doc, ctx))
    value = None if grid is None or heat_part is None else grid * factor + heat_part
    return trace.metric("scope2_location", value, "tCO2",
                        "grid MWh × location factor + Σ heat GJ × heat factor")


@memoised
def market_based(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`scope2_market`: (grid − covered + on-site attribute sold) MWh × residual factor +
    purchased heat (tCO2)."""
    trace = Trace()
    covered, _ = covered_grid(doc, ctx, trace)
    grid = trace.absorb(grid_electricity(doc, ctx))
    _, sold = onsite_split(doc, ctx, trace)
    factor = residual_factor(ctx, trace)
    heat_part = trace.absorb(heat(doc, ctx))
    value = None
    if grid is not None and covered is not None and heat_part is not None:
        trace.note(f"grid {grid} MWh, covered by instruments {covered} MWh"
                   + (f"; on-site {sold} MWh whose certificates were sold" if sold else ""))
        value = (grid - covered + sold) * factor + heat_part
    return trace.metric("scope2_market", value, "tCO2",
                        "(grid MWh − covered MWh + on-site MWh whose certificates were sold) × "
                        "residual factor + Σ heat GJ × heat factor")


#: what `intensity_scope2_method` may name
INTENSITY_METHODS = ("market", "location", "location-net")


@memoised
def location_net(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`scope2_location_net`: (grid − covered + on-site attribute sold) MWh × location factor +
    purchased heat (tCO2): counted green power at zero, every other MWh at the average factor."""
    trace = Trace()
    covered, _ = covered_grid(doc, ctx, trace)
    grid = trace.absorb(grid_electricity(doc, ctx))
    _, sold = onsite_split(doc, ctx, trace)
    factor = location_factor(doc, ctx, trace)
    heat_part = trace.absorb(heat(doc, ctx))
    value = None
    if grid is not None and covered is not None and heat_part is not None:
        value = (grid - covered + sold) * factor + heat_part
    return trace.metric("scope2_location_net", value, "tCO2",
                        "(grid MWh − covered MWh + on-site MWh whose certificates were sold) × "
                        "location factor + Σ heat GJ × heat factor")


def for_intensity(doc: Mapping[str, Any], ctx: AccountingContext, trace: Trace) -> Decimal | None:
    """Scope 2 (tCO2) by the ruleset's `intensity_scope2_method`, absorbed into `trace`."""
    method = text_param(ctx, "intensity_scope2_method", "intensity metrics", INTENSITY_METHODS)
    trace.note(f"scope 2 by the {method} method (intensity_scope2_method)")
    chosen = {"market": market_based, "location": location_based,
              "location-net": location_net}[method]
    return trace.absorb(chosen(doc, ctx))
