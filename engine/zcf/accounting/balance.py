"""The carbon balance: gross emissions, net of eligible offsets, and ratios built on them.

Gross = scope 1 + scope 2 market-based (which already includes purchased heat). Net =
gross − eligible offsets (GEN-14: ≤ 0 for zero carbon). Offset ratio = eligible offsets ÷ gross
(GEN-12's cap). Carbon per energy = (scope 1 + scope 2 by the ruleset's
`intensity_scope2_method`) ÷ total energy in tce. Units: tCO2e, ratios "1".
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting import energy, offsets, scope1, scope2
from zcf.accounting.context import AccountingContext
from zcf.accounting.memo import memoised, memoised_part
from zcf.accounting.tracing import Trace
from zcf.accounting.units import TCO2E
from zcf.model.trace import MetricValue


@memoised_part
def gross(doc: Mapping[str, Any], ctx: AccountingContext, trace: Trace) -> Decimal | None:
    """scope1 + scope2_market in tCO2e, absorbing both traces."""
    direct = trace.absorb(scope1.direct(doc, ctx))
    indirect = trace.absorb(scope2.market_based(doc, ctx))
    return None if direct is None or indirect is None else direct + indirect


@memoised
def net(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`net_emissions`: scope1 + scope2_market − offsets_eligible (tCO2e).

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(dt.date(2025, 12, 31), {
        ...     "heat_emission_factor": Decimal("0.11"), "offset_eligible_types": ["CCER"],
        ...     "offset_vintage_max_age_years": Decimal(5),
        ...     "offset_retirement_grace_months": Decimal(12)})
        >>> doc = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
        ...        "energy": {"fuels": [], "purchased_heat": [],
        ...                   "electricity": {"grid": [{"amount": {"value": 100, "unit": "MWh"}}]}},
        ...        "process_emissions": [],
        ...        "offsets": [{"type": "CCER", "serial": "S", "vintage": 2025, "retired": True,
        ...                     "retired_on": "2026-02-01",
        ...                     "amount": {"value": 50, "unit": "tCO2e"}}]}
        >>> net(doc, ctx).value  # 100 MWh × 0.5856 (2022 residual) − 50
        Decimal('8.5600')
    """
    trace = Trace()
    emitted = gross(doc, ctx, trace)
    offset = trace.absorb(offsets.eligible(doc, ctx))
    value = None if emitted is None or offset is None else emitted - offset
    return trace.metric("net_emissions", value, TCO2E,
                        "scope1 + scope2_market − offsets_eligible")


@memoised
def offset_ratio(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`offset_ratio`: offsets_eligible ÷ (scope1 + scope2_market), full precision."""
    trace = Trace()
    emitted = gross(doc, ctx, trace)
    offset = trace.absorb(offsets.eligible(doc, ctx))
    value = trace.ratio(offset, emitted, "gross emissions are zero: the ratio is undefined")
    return trace.metric("offset_ratio", value, "1",
                        "offsets_eligible / (scope1 + scope2_market)")


@memoised_part
def for_intensity(doc: Mapping[str, Any], ctx: AccountingContext, trace: Trace) -> Decimal | None:
    """scope1 + scope 2 by `intensity_scope2_method` (tCO2e), absorbing both traces."""
    direct = trace.absorb(scope1.direct(doc, ctx))
    indirect = scope2.for_intensity(doc, ctx, trace)
    return None if direct is None or indirect is None else direct + indirect


@memoised
def intensity_emissions(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`intensity_emissions`: scope1 + scope 2 by `intensity_scope2_method` (tCO2e)."""
    trace = Trace()
    value = for_intensity(doc, ctx, trace)
    return trace.metric("intensity_emissions", value, TCO2E,
                        "scope1 + scope2 (intensity_scope2_method)")


@memoised
def carbon_per_energy(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`carbon_per_energy`: (scope1 + scope2 by method) ÷ energy_total (tCO2e/tce)."""
    trace = Trace()
    emitted = for_intensity(doc, ctx, trace)
    consumed = trace.absorb(energy.total(doc, ctx))
    value = trace.ratio(emitted, consumed, "no energy consumed: the ratio is undefined")
    return trace.metric("carbon_per_energy", value, "tCO2e/tce",
                        "(scope1 + scope2 (intensity_scope2_method)) / energy_total")
