"""Counts over the submission's records that clauses need but expressions cannot compute
(dates, prefixes, filtered counts): reporting-period length, ETS compliance years, sector
phase, conforming product footprints, PAS 2060 claims after its withdrawal.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.errors import RulesetError
from zcf.model.problem import pointer_join
from zcf.model.trace import MetricTrace, MetricValue, TraceInput


def _param(ctx: AccountingContext, name: str) -> Any:
    if name not in ctx.params:
        raise RulesetError(f"the ruleset must declare parameter {name!r} (read by accounting)")
    return ctx.params[name]


def _missing(name: str, formula: str, *pointers: str) -> MetricValue:
    return MetricValue(name=name, value=None, unit="count", trace=MetricTrace(formula=formula),
                       missing=pointers)


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_months(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """Calendar months the period covers, both ends counted: whole months plus the share of the
    next month for any days left over (so 12 months and a day is more than 12, never 12).

    >>> def months(start, end):
    ...     doc = {"period": {"start": start, "end": end}}
    ...     return period_months(doc, AccountingContext(as_of=dt.date(2026, 6, 30))).value
    >>> months("2025-07-01", "2026-06-30"), months("2025-01-01", "2026-01-01")
    (Decimal('12'), Decimal('12.03225806451612903225806452'))
    >>> months("2025-01-10", "2026-01-09"), months("2025-01-01", "2025-11-30")
    (Decimal('12'), Decimal('11'))
    """
    formula = "whole months from period.start to the day after period.end, plus the part-month left"
    period = doc.get("period") or {}
    if "start" not in period or "end" not in period:
        return _missing("period_months", formula, "/period/start", "/period/end")
    start = dt.date.fromisoformat(str(period["start"]))
    end = dt.date.fromisoformat(str(period["end"]))
    after_end = end + dt.timedelta(days=1)
    # The most whole months that still end on or before `after_end`: the calendar months
    # between them, or one fewer (a month-end clamp, or a later day of the month) - instead of
    # counting up a month at a time: 26 -> 15 us a period of a year.
    whole = max(0, (after_end.year - start.year) * 12 + after_end.month - start.month)
    if whole and _add_months(start, whole) > after_end:
        whole -= 1
    reached = _add_months(start, whole)
    left = (after_end - reached).days
    month_days = (_add_months(start, whole + 1) - reached).days
    value = Decimal(whole)
    if left:
        value += Decimal(left) / Decimal(month_days)  # kept exact to 28 digits: no intermediate rounding
    return MetricValue(
        name="period_months", value=value, unit="month",
        trace=MetricTrace(formula=formula, inputs=(
            TraceInput(pointer="/period/start", value=str(start)),
            TraceInput(pointer="/period/end", value=str(end)))))


def ets_years_surrendered(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """Consecutive compliance years, counting back from the period's year, surrendered in full."""
    formula = "consecutive years back from the period end year with surrendered_in_full"
    records = (doc.get("enterprise") or {}).get("ets_compliance")
    if records is None:
        return _missing("ets_years_surrendered", formula, "/enterprise/ets_compliance")
    by_year = {int(r["year"]): (i, r) for i, r in enumerate(records) if "year" in r}
    year = dt.date.fromisoformat(str(doc["period"]["end"])).year
    count, inputs = 0, []
    # The compliance year of the reporting period itself is often not closed yet; start there
    # if it is recorded, else with the year before.
    if year not in by_year:
        year -= 1
    while year in by_year and by_year[year][1].get("surrendered_in_full") is True:
        index = by_year[year][0]
        inputs.append(TraceInput(pointer=pointer_join("enterprise", "ets_compliance", index,
                                                      "surrendered_in_full"), value=True))
        count += 1
        year -= 1
    return MetricValue(name="ets_years_surrendered", value=Decimal(count), unit="count",
                       trace=MetricTrace(formula=formula, inputs=tuple(inputs)))


def sector_phase_year(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """2027 or 2030 when the GB/T 4754 industry code falls in that phase's sectors, else 0."""
    formula = ("the phase (2027 or 2030) whose list holds the longest prefix of industry_code; "
               "0 when neither list holds one")
    code = (doc.get("enterprise") or {}).get("industry_code")
    if code is None:
        return _missing("sector_phase_year", formula, "/enterprise/industry_code")
    value, longest = 0, 0
    for year, name in ((2027, "phase_2027_sectors"), (2030, "phase_2030_sectors")):
        for prefix in _param(ctx, name):
            if str(code).startswith(prefix) and len(prefix) > longest:
                value, longest = year, len(prefix)
    return MetricValue(name="sector_phase_year", value=Decimal(value), unit="year",
                       trace=MetricTrace(formula=formula, inputs=(
                           TraceInput(pointer="/enterprise/industry_code", value=str(code)),)))


def products_footprint_conforming(doc: Mapping[str, Any],
                                  ctx: AccountingContext) -> MetricValue:
    """Key products whose footprint study follows an accepted method and is disclosed."""
    formula = "count(products where method in footprint_methods and disclosed)"
    products = doc.get("products")
    if products is None:
        return _missing("products_footprint_conforming", formula, "/products")
    methods = set(_param(ctx, "footprint_methods"))
    inputs, count = [], 0
    for i, product in enumerate(products):
        ok = product.get("method") in methods and product.get("disclosed") is True
        count += ok
        inputs.append(TraceInput(pointer=pointer_join("products", i, "method"),
                                 value=str(product.get("method"))))
    return MetricValue(name="products_footprint_conforming", value=Decimal(count), unit="count",
                       trace=MetricTrace(formula=formula, inputs=tuple(inputs)))


def pas2060_claims_after_cutoff(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """PAS 2060 claims for periods ending after the scheme's end (superseded by ISO 14068-1)."""
    formula = "count(claims where standard == 'PAS 2060' and period_end > pas2060_last_period_end)"
    cutoff = dt.date.fromisoformat(str(_param(ctx, "pas2060_last_period_end")))
    inputs, count = [], 0
    for i, claim in enumerate(doc.get("claims") or ()):
        if claim.get("standard") == "PAS 2060" and "period_end" in claim:
            late = dt.date.fromisoformat(str(claim["period_end"])) > cutoff
            count += late
            inputs.append(TraceInput(pointer=pointer_join("claims", i, "period_end"),
                                     value=str(claim["period_end"])))
    return MetricValue(name="pas2060_claims_after_cutoff", value=Decimal(count), unit="count",
                       trace=MetricTrace(formula=formula, inputs=tuple(inputs)))


RECORD_METRICS = {
    "period_months": period_months,
    "ets_years_surrendered": ets_years_surrendered,
    "sector_phase_year": sector_phase_year,
    "products_footprint_conforming": products_footprint_conforming,
    "pas2060_claims_after_cutoff": pas2060_claims_after_cutoff,
}
