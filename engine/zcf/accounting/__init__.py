"""Carbon and energy accounting: derived metrics with units, traces and provenance.

`METRICS` is the one table from the metric names a ruleset may use (`metrics: {function: ...}`)
to the vetted functions computing them; each is a pure function of the validated submission
(Decimal numbers) and an `AccountingContext`. `find_problems` reports what accounting finds
wrong in the data (double counting, ineligible instruments). `FACTOR_TABLES` records the
factor-table versions every result cites, so an evaluation can be replayed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zcf.accounting import (
    balance,
    efficiency,
    electricity,
    energy,
    green_power,
    intensity,
    offsets,
    scope1,
    scope2,
)
from zcf.accounting.context import AccountingContext, MetricFunction
from zcf.accounting.factors import table_versions
from zcf.accounting.memo import memoised
from zcf.accounting.records import RECORD_METRICS
from zcf.accounting.regional import REGIONAL_METRICS
from zcf.model.problem import Problem, Severity

#: metric name -> function. Units in the comment are those of the returned MetricValue.
#: Every entry is `memoised` (below): computed once per evaluation, and shared between
#: rulesets by a MetricCache, even where its module does not decorate it.
METRICS: dict[str, MetricFunction] = {
    "scope1_fuel": scope1.fuel_combustion,  # tCO2
    "scope1_process": scope1.process,  # tCO2e
    "scope1": scope1.direct,  # tCO2e
    "scope2_heat": scope2.heat,  # tCO2
    "scope2_location": scope2.location_based,  # tCO2, electricity + heat
    "scope2_market": scope2.market_based,  # tCO2, electricity + heat
    "grid_electricity": electricity.grid_electricity,  # MWh
    "electricity_total": electricity.electricity_total,  # MWh
    "green_electricity": green_power.green_electricity,  # MWh, deduplicated
    "renewable_electricity_share": green_power.renewable_share,  # 1, full precision
    "double_counted_mwh": green_power.double_counted,  # MWh
    "green_claims_unbacked_mwh": green_power.unbacked,  # MWh
    "energy_total": energy.total,  # tce
    "carbon_per_energy": balance.carbon_per_energy,  # tCO2e/tce
    "offsets_eligible": offsets.eligible,  # tCO2e
    "offsets_ineligible": offsets.ineligible,  # tCO2e
    "net_emissions": balance.net,  # tCO2e
    "offset_ratio": balance.offset_ratio,  # 1
    "emission_intensity": intensity.intensity,  # tCO2e/10^4 CNY
    "intensity_declining_years": intensity.declining_years,  # years (count)
    "efficiency_items_over_reference": efficiency.items_over_reference,  # count
    "process_rows_computed": scope1.computed_rows,  # count of rows computed by a method
    "scope2_location_net": scope2.location_net,  # tCO2, uncovered grid at the average factor
    "intensity_emissions": balance.intensity_emissions,  # tCO2e, scope 2 by the ruleset's method
    "renewable_energy": energy.renewable,  # tce: renewable electricity, fuels and heat
    **RECORD_METRICS,  # counts over records: period months, ETS years, sector phase, claims
    **REGIONAL_METRICS,  # history rows by year, titles, certificates, base-year footprints
}
METRICS = {name: memoised(function) for name, function in METRICS.items()}

#: table_id -> version of every factor table the metrics read.
FACTOR_TABLES: dict[str, str] = table_versions()


def find_problems(doc: Mapping[str, Any], ctx: AccountingContext) -> list[Problem]:
    """Accounting findings about the data, sorted by pointer: double counting, unretired or
    out-of-window certificates, trades outside the period, ineligible or repeated credits.

    They never stop an evaluation: the clauses that depend on them fail or stay indeterminate.
    """
    found = green_power.find_problems(doc, ctx) + offsets.find_problems(doc, ctx) + _gwp_problems(doc, ctx)
    return sorted(found, key=lambda p: (p.pointer, p.code))


def _gwp_problems(doc: Mapping[str, Any], ctx: AccountingContext) -> list[Problem]:
    """CO2e submitted without naming its GWP set, or in another set than the ruleset's."""
    wanted = ctx.params.get("gwp_set")
    if not isinstance(wanted, str) or not (doc.get("process_emissions") or []):
        return []
    stated = (doc.get("accounting") or {}).get("gwp_set")
    if stated == wanted:
        return []
    if stated is None:
        message = (f"process emissions are given in CO2e but /accounting/gwp_set does not say which GWP "
                   f"set converted them; the ruleset reports CO2e in {wanted}: state the set you used")
        code = "gwp-set-undeclared"
    else:
        message = (f"process emissions were converted to CO2e with {stated}, the ruleset reports CO2e in "
                   f"{wanted}: convert them with {wanted} (non-CO2 gases only) or say why not")
        code = "gwp-set-mismatch"
    return [Problem(code=code, pointer="/accounting/gwp_set", severity=Severity.WARNING, message=message,
                    params={"stated": stated, "ruleset": wanted})]


__all__ = ["FACTOR_TABLES", "METRICS", "AccountingContext", "MetricFunction", "find_problems"]
