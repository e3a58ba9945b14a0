"""Record metrics the provincial and group-standard rulesets need but expressions cannot compute.

Expressions see numbers, strings, booleans and flat lists; they cannot pick a history row by
year, match a product to its base-year footprint, filter titles or certificates, or take a
prefix of a code. Each function here does one such step and nothing else; the clause logic stays
in the rulesets:

- `reporting_year`: the year of `/period/end` (the year trend clauses count back from);
- `prior_year_emissions`, `prior_year2_emissions`: emissions of the history rows one and two
  years before it (Suzhou SZ-01, SZ-03; reduction-rate scores of Zhejiang and T/CECA-G 0171);
- `revenue_growth_years`: consecutive years of revenue growth ending with the reporting year
  (Hunan HN-02);
- `key_product_footprint_reduction`: the smallest reduction of a key product's footprint
  against its base year (Hunan HN-04, base-year values under `/extensions/hn`);
- `prerequisite_titles`, `management_systems_missing`: titles and certificates against the lists
  a scheme names in its parameters (Zhejiang ZJ-B3, Suzhou SZ-02/SZ-04, SIP-03);
- `efficiency_items_wrong_reference`: products compared with a reference of a kind the scheme
  does not accept, e.g. the consumption-limit value (ZJ-B2, SIP-02, HN-05).

History rows give Scope 1 + market-based Scope 2 emissions on the basis of the current year's
`gross_emissions` (docs/submission-shape.md); revenue is converted to 10^4 CNY.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.tracing import Trace, lookup, rows
from zcf.accounting.units import TCO2E, WAN_CNY
from zcf.errors import RulesetError
from zcf.model.trace import MetricValue

KG_CO2E = "kgCO2e"


def _param(ctx: AccountingContext, name: str) -> Any:
    if name not in ctx.params:
        raise RulesetError(f"the ruleset must declare parameter {name!r} (read by accounting)",
                           hint="see engine/accounting/regional.py")
    return ctx.params[name]


def _year_of_period_end(doc: Mapping[str, Any], trace: Trace) -> int | None:
    end = lookup(doc, "period", "end")
    if not isinstance(end, str) or len(end) < 4 or not end[:4].isdigit():
        trace.miss("/period/end")
        return None
    trace.input("/period/end", end)
    return int(end[:4])


def reporting_year(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`reporting_year`: the calendar year in which the reporting period ends.

    Examples:
        >>> ctx = AccountingContext(dt.date(2027, 12, 31))
        >>> reporting_year({"period": {"start": "2027-01-01", "end": "2027-12-31"}}, ctx).value
        Decimal('2027')
        >>> reporting_year({}, ctx).missing
        ('/period/end',)
    """
    trace = Trace()
    year = _year_of_period_end(doc, trace)
    return trace.metric("reporting_year", None if year is None else Decimal(year), "year",
                        "year of period.end")


def _history_by_year(doc: Mapping[str, Any], trace: Trace) -> dict[int, tuple[str, Mapping[str, Any]]]:
    """History rows by year (the first row of a repeated year wins, with a note)."""
    found: dict[int, tuple[str, Mapping[str, Any]]] = {}
    for base, row in rows(doc, "history"):
        year = row.get("year")
        if not isinstance(year, int):
            continue
        if year in found:
            trace.note(f"{base} repeats year {year}; the first row is used")
            continue
        found[year] = (base, row)
    return found


def _emissions_years_before(doc: Mapping[str, Any], lag: int, name: str) -> MetricValue:
    trace = Trace()
    formula = f"history[year = reporting year − {lag}].emissions"
    current = _year_of_period_end(doc, trace)
    if lookup(doc, "history") is None:
        trace.miss("/history")
    if current is None or not trace.complete:
        return trace.metric(name, None, TCO2E, formula)
    wanted = current - lag
    row = _history_by_year(doc, trace).get(wanted)
    if row is None:
        trace.note(f"no history row for {wanted}: add one with that year's emissions")
        trace.miss("/history")
        return trace.metric(name, None, TCO2E, formula)
    base, found = row
    value = trace.quantity(found, "emissions", base, TCO2E)
    return trace.metric(name, value, TCO2E, formula)


def prior_year_emissions(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`prior_year_emissions`: emissions of the year before the reporting year (tCO2e).

    Examples:
        >>> ctx = AccountingContext(dt.date(2025, 12, 31))
        >>> doc = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
        ...        "history": [{"year": 2023, "emissions": {"value": 900, "unit": "tCO2e"}},
        ...                    {"year": 2024, "emissions": {"value": "850.5", "unit": "tCO2e"}}]}
        >>> prior_year_emissions(doc, ctx).value
        Decimal('850.5')
        >>> prior_year2_emissions(doc, ctx).value
        Decimal('900')
        >>> prior_year_emissions({**doc, "history": doc["history"][:1]}, ctx).missing
        ('/history',)
    """
    return _emissions_years_before(doc, 1, "prior_year_emissions")


def prior_year2_emissions(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`prior_year2_emissions`: emissions of the year two years before the reporting year."""
    return _emissions_years_before(doc, 2, "prior_year2_emissions")


def revenue_growth_years(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`revenue_growth_years`: consecutive years, ending with the reporting year, whose revenue
    is higher than the year before's (10^4 CNY; equal revenue is not growth).

    The run stops at the first year without growth or without a history row; the row of the
    year before the reporting year is required (missing otherwise).

    Examples:
        >>> ctx = AccountingContext(dt.date(2027, 12, 31))
        >>> def year(y, v): return {"year": y, "revenue": {"value": v, "unit": "10^4 CNY"}}
        >>> doc = {"period": {"start": "2027-01-01", "end": "2027-12-31"},
        ...        "production": {"revenue": {"value": "1.2", "unit": "10^8 CNY"}},
        ...        "history": [year(2026, 11000), year(2025, 10000), year(2024, 10000)]}
        >>> revenue_growth_years(doc, ctx).value  # 12000 > 11000 > 10000, but 10000 = 10000
        Decimal('2')
        >>> revenue_growth_years({**doc, "history": [year(2025, 10000)]}, ctx).missing
        ('/history',)
    """
    trace = Trace()
    formula = "count of consecutive years ending now with revenue_y > revenue_(y−1)"
    current_year = _year_of_period_end(doc, trace)
    production = lookup(doc, "production") or {}
    revenue = trace.quantity(production, "revenue", "/production", WAN_CNY)
    if lookup(doc, "history") is None:
        trace.miss("/history")
    if current_year is None or revenue is None or not trace.complete:
        return trace.metric("revenue_growth_years", None, "year", formula)
    history = _history_by_year(doc, trace)
    if current_year - 1 not in history:
        trace.note(f"no history row for {current_year - 1}")
        trace.miss("/history")
        return trace.metric("revenue_growth_years", None, "year", formula)
    run, later, year = 0, revenue, current_year - 1
    while year in history:
        base, row = history[year]
        earlier = trace.quantity(row, "revenue", base, WAN_CNY)
        if earlier is None or later <= earlier:
            break
        run, later, year = run + 1, earlier, year - 1
    if not trace.complete:  # a row without revenue inside the run
        return trace.metric("revenue_growth_years", None, "year", formula)
    return trace.metric("revenue_growth_years", Decimal(run), "year", formula)


def key_product_footprint_reduction(doc: Mapping[str, Any],
                                    ctx: AccountingContext) -> MetricValue:
    """`key_product_footprint_reduction`: min over key products of (base − now) ÷ base.

    Base-year footprints come from `/extensions/hn/footprint_baselines` ({product, base_year,
    footprint}); the current one from the `/products` row of the same name. A negative value
    means the footprint grew.

    Examples:
        >>> ctx = AccountingContext(dt.date(2027, 12, 31))
        >>> def fp(v, u="kgCO2e"): return {"value": v, "unit": u}
        >>> doc = {"products": [{"name": "A", "footprint": fp(94)},
        ...                     {"name": "B", "footprint": fp("0.0475", "tCO2e")}],
        ...        "extensions": {"hn": {"footprint_baselines": [
        ...            {"product": "A", "base_year": 2025, "footprint": fp(100)},
        ...            {"product": "B", "base_year": 2025, "footprint": fp(50)}]}}}
        >>> key_product_footprint_reduction(doc, ctx).value  # A −6 %, B −5 %: the smaller
        Decimal('0.05')
        >>> key_product_footprint_reduction({"products": []}, ctx).missing
        ('/extensions/hn/footprint_baselines',)
    """
    trace = Trace()
    formula = "min over key products of (base-year footprint − footprint) / base-year footprint"
    name = "key_product_footprint_reduction"
    baselines = list(rows(doc, "extensions", "hn", "footprint_baselines"))
    if not baselines:
        trace.miss("/extensions/hn/footprint_baselines")
        return trace.metric(name, None, "1", formula)
    products = {str(row.get("name")): (base, row) for base, row in rows(doc, "products")}
    reductions: list[Decimal] = []
    for base, baseline in baselines:
        product = str(baseline.get("product"))
        trace.input(f"{base}/product", product)
        before = trace.quantity(baseline, "footprint", base, KG_CO2E)
        if product not in products:
            trace.note(f"{base}: no product named {product!r} under /products")
            trace.miss("/products")
            continue
        pbase, prow = products[product]
        now = trace.quantity(prow, "footprint", pbase, KG_CO2E)
        if before is None or now is None:
            continue
        if not before:
            trace.note(f"{base}: the base-year footprint is zero; no reduction can be computed")
            trace.miss(f"{base}/footprint")
            continue
        reductions.append((before - now) / before)
    value = min(reductions) if reductions else None
    return trace.metric(name, value, "1", formula)


def prerequisite_titles(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`prerequisite_titles`: titles held whose type is in `prerequisite_title_types`.

    Examples:
        >>> ctx = AccountingContext(dt.date(2026, 3, 31), {"prerequisite_title_types":
        ...     ["green_factory_national", "green_lowcarbon_factory_provincial"]})
        >>> doc = {"enterprise": {"titles": [{"type": "green_factory_provincial"},
        ...                                  {"type": "green_factory_national"}]}}
        >>> prerequisite_titles(doc, ctx).value
        Decimal('1')
        >>> prerequisite_titles({"enterprise": {}}, ctx).value  # no titles listed: none held
        Decimal('0')
    """
    trace = Trace()
    accepted = set(_param(ctx, "prerequisite_title_types"))
    count = 0
    for base, row in rows(doc, "enterprise", "titles"):
        kind = row.get("type")
        trace.input(f"{base}/type", str(kind))
        count += kind in accepted
    return trace.metric("prerequisite_titles", Decimal(count), "count",
                        "count(titles where type in prerequisite_title_types)")


def management_systems_missing(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`management_systems_missing`: systems in `management_systems_required` without a
    certificate valid on the as-of date (no `valid_until` counts as valid, with a note).

    Examples:
        >>> ctx = AccountingContext(dt.date(2026, 3, 31), {"management_systems_required":
        ...     ["ISO 9001", "ISO 14001", "ISO 50001"]})
        >>> doc = {"enterprise": {"certificates": [
        ...     {"system": "ISO 9001", "valid_until": "2027-05-31"},
        ...     {"system": "ISO 14001", "valid_until": "2026-03-30"}]}}
        >>> management_systems_missing(doc, ctx).value  # ISO 14001 expired, no ISO 50001
        Decimal('2')
    """
    trace = Trace()
    required = list(_param(ctx, "management_systems_required"))
    valid: set[str] = set()
    for base, row in rows(doc, "enterprise", "certificates"):
        system = str(row.get("system"))
        until = row.get("valid_until")
        trace.input(f"{base}/system", system)
        if until is None:
            trace.note(f"{base}: no valid_until given; taken as valid")
            valid.add(system)
            continue
        trace.input(f"{base}/valid_until", str(until))
        if dt.date.fromisoformat(str(until)) >= ctx.as_of:
            valid.add(system)
    lacking = [s for s in required if s not in valid]
    if lacking:
        trace.note(f"no certificate valid on {ctx.as_of}: {', '.join(lacking)}")
    return trace.metric("management_systems_missing", Decimal(len(lacking)), "count",
                        "count(management_systems_required without a certificate valid on the as-of date)")


def efficiency_items_wrong_reference(doc: Mapping[str, Any],
                                     ctx: AccountingContext) -> MetricValue:
    """`efficiency_items_wrong_reference`: efficiency rows whose `reference_kind` is not in
    `efficiency_reference_kinds` (a row without a kind counts). Absent or empty list: missing.

    Examples:
        >>> ctx = AccountingContext(dt.date(2026, 3, 31),
        ...                         {"efficiency_reference_kinds": ["benchmark", "advanced"]})
        >>> doc = {"efficiency": [{"reference_kind": "advanced"}, {"reference_kind": "limit"}]}
        >>> efficiency_items_wrong_reference(doc, ctx).value
        Decimal('1')
        >>> efficiency_items_wrong_reference({"efficiency": []}, ctx).missing
        ('/efficiency',)
    """
    trace = Trace()
    accepted = set(_param(ctx, "efficiency_reference_kinds"))
    if not lookup(doc, "efficiency"):
        trace.miss("/efficiency")
    wrong = 0
    for base, row in rows(doc, "efficiency"):
        kind = row.get("reference_kind")
        trace.input(f"{base}/reference_kind", None if kind is None else str(kind))
        wrong += kind not in accepted
    return trace.metric("efficiency_items_wrong_reference", Decimal(wrong), "count",
                        "count(efficiency rows where reference_kind not in efficiency_reference_kinds)")


REGIONAL_METRICS = {
    "reporting_year": reporting_year,
    "prior_year_emissions": prior_year_emissions,
    "prior_year2_emissions": prior_year2_emissions,
    "revenue_growth_years": revenue_growth_years,
    "key_product_footprint_reduction": key_product_footprint_reduction,
    "prerequisite_titles": prerequisite_titles,
    "management_systems_missing": management_systems_missing,
    "efficiency_items_wrong_reference": efficiency_items_wrong_reference,
}
