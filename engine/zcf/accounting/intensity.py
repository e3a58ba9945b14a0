"""Emission intensity per revenue and its trend over the reported history (GEN-11).

Intensity = (scope 1 + scope 2 by the ruleset's `intensity_scope2_method`) ÷ revenue, tCO2e
per 10^4 CNY (万元), the basis of China's carbon-intensity targets. History rows give earlier
years' emissions and revenue on the same basis. The trend metric counts consecutive years,
ending with the current one, in which intensity did not rise: 3 means the current year and the two before it decline.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.balance import for_intensity
from zcf.accounting.context import AccountingContext
from zcf.accounting.memo import memoised
from zcf.accounting.tracing import Trace, lookup, rows
from zcf.accounting.units import TCO2E, WAN_CNY
from zcf.model.trace import MetricValue

UNIT = "tCO2e/10^4 CNY"


@memoised
def intensity(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`emission_intensity`: (scope1 + scope2 by method) ÷ revenue (tCO2e/10^4 CNY)."""
    trace = Trace()
    emitted = for_intensity(doc, ctx, trace)
    production = lookup(doc, "production") or {}
    revenue = trace.quantity(production, "revenue", "/production", WAN_CNY)
    value = None
    if emitted is not None and revenue is not None:
        if revenue:
            value = emitted / revenue
        else:
            trace.note("revenue is zero: intensity is undefined")
    return trace.metric("emission_intensity", value, UNIT,
                        "(scope1 + scope2 (intensity_scope2_method)) / revenue")


def _history(doc: Mapping[str, Any], current_year: int,
             trace: Trace) -> dict[int, tuple[str, Mapping[str, Any]]]:
    years: dict[int, tuple[str, Mapping[str, Any]]] = {}
    for base, row in rows(doc, "history"):
        year = row.get("year")
        if not isinstance(year, int) or year >= current_year:
            trace.note(f"{base} (year {year}) is not before {current_year}; ignored")
        elif year in years:
            trace.note(f"{base} repeats year {year}; the first row is used")
        else:
            years[year] = (base, row)
    return years


@memoised
def declining_years(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`intensity_declining_years`: consecutive year-on-year declines ending in the reporting year.

    A decline is strict (4.6.1 asks for continuously lowering emissions: a flat year breaks the
    run), and the count is of declines, not years: three falling years give 2.

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(dt.date(2025, 12, 31), {"heat_emission_factor": Decimal(0),
        ...                                                  "intensity_scope2_method": "market"})
        >>> def year(y, e): return {"year": y, "emissions": {"value": e, "unit": "tCO2e"},
        ...                         "revenue": {"value": 100, "unit": "10^4 CNY"}}
        >>> doc = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
        ...        "energy": {"fuels": [], "purchased_heat": [], "electricity": {"grid": []}},
        ...        "process_emissions": [{"amount": {"value": 80, "unit": "tCO2e"}}],
        ...        "verification": {"verifier": "某核查机构", "report_id": "V-1"},
        ...        "production": {"revenue": {"value": 100, "unit": "10^4 CNY"}},
        ...        "history": [year(2024, 90), year(2023, 95), year(2022, 94)]}
        >>> declining_years(doc, ctx).value  # 0.80 < 0.90 < 0.95, but 0.95 > 0.94
        Decimal('2')
    """
    trace = Trace()
    current = trace.absorb(intensity(doc, ctx))
    if lookup(doc, "history") is None:
        trace.miss("/history")
    end = lookup(doc, "period", "end")
    if current is None or not trace.complete or not isinstance(end, str):
        return trace.metric("intensity_declining_years", None, "1", "")
    years = _history(doc, int(end[:4]), trace)
    run, later, year = 0, current, int(end[:4]) - 1
    while year in years:
        base, row = years[year]
        emitted = trace.quantity(row, "emissions", base, TCO2E)
        revenue = trace.quantity(row, "revenue", base, WAN_CNY)
        if emitted is None or revenue is None or not revenue:
            break
        earlier = emitted / revenue
        trace.note(f"{year}: {earlier} {UNIT}")
        if later >= earlier:
            break
        run, later, year = run + 1, earlier, year - 1
    return trace.metric("intensity_declining_years", Decimal(run), "1",
                        "count of consecutive year-on-year declines ending now: intensity_y < intensity_(y−1)")
