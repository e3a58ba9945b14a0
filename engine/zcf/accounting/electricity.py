"""Electricity consumed: grid purchases and on-site renewable self-consumption, in MWh.

Grid electricity is what scope 2 multiplies by a grid factor; on-site self-consumed renewable
electricity is consumed but not purchased (GHG Protocol Scope 2 Guidance §6; domain §5.3), so
it enters the totals and the renewable share but never scope 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.memo import memoised, memoised_part
from zcf.accounting.tracing import Trace, lookup, rows
from zcf.accounting.units import MWH
from zcf.model.trace import MetricValue

GRID = ("energy", "electricity", "grid")
ONSITE = ("energy", "electricity", "onsite_renewable")


@memoised_part
def grid_total(doc: Mapping[str, Any], ctx: AccountingContext, trace: Trace) -> Decimal | None:
    """Σ grid meter rows in MWh; None (and missing) when the grid list is absent."""
    if lookup(doc, *GRID) is None:
        trace.miss("/energy/electricity/grid")
        return None
    return sum((trace.quantity(row, "amount", base, MWH) or Decimal(0)
                for base, row in rows(doc, *GRID)), Decimal(0))


@memoised_part
def onsite_self_consumed(doc: Mapping[str, Any], ctx: AccountingContext,
                         trace: Trace) -> Decimal:
    """Σ on-site renewable electricity consumed on site, MWh (absent list: none declared)."""
    if lookup(doc, *ONSITE) is None:
        trace.note("no on-site renewable generation declared "
                   "(/energy/electricity/onsite_renewable)")
        return Decimal(0)
    return sum((trace.quantity(row, "self_consumed", base, MWH) or Decimal(0)
                for base, row in rows(doc, *ONSITE)), Decimal(0))


@memoised
def grid_electricity(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`grid_electricity`: electricity purchased from the grid (MWh).

    Examples:
        >>> import datetime as dt
        >>> doc = {"energy": {"electricity": {"grid": [
        ...     {"amount": {"value": "1500", "unit": "kWh"}},
        ...     {"amount": {"value": "2.5", "unit": "MWh"}}]}}}
        >>> grid_electricity(doc, AccountingContext(as_of=dt.date(2025, 12, 31))).value
        Decimal('4.000')
    """
    trace = Trace()
    value = grid_total(doc, ctx, trace)
    return trace.metric("grid_electricity", value, MWH, "Σ grid meter readings")


@memoised
def electricity_total(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`electricity_total`: grid + on-site self-consumed renewable electricity (MWh)."""
    trace = Trace()
    grid = trace.absorb(grid_electricity(doc, ctx))
    onsite = onsite_self_consumed(doc, ctx, trace)
    value = None if grid is None else grid + onsite
    return trace.metric("electricity_total", value, MWH,
                        "Σ grid + Σ on-site renewable self-consumed")
