"""Scope 1 (直接排放): fossil-fuel combustion and process emissions.

Fuel combustion uses the calculation method of GB/T 32150-2015 §7 (and the GB/T 32151 sector
standards): E = Σ AD × NCV × CC × OF × 44/12, with measured NCV, CC and OF overriding the
defaults row by row. The defaults are not GB/T 32150's (its annex was not retrieved): they are
the compiled table of `data/fuel_defaults.yaml` (GB/T 2589 NCVs, IPCC 1996 carbon contents,
Chinese oxidation rates; ruleset parameter `fuel_default_set`), each cited in the trace.
Process emissions are computed by the method each row names (process_minerals.py,
process_metals.py, process_chemicals.py) or, for a row without a method, taken as reported in
CO2e when a verifier statement backs the figure. Units: t or 10^4 Nm3 of fuel in, tCO2 out.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting import process_chemicals, process_metals, process_minerals
from zcf.accounting.context import AccountingContext
from zcf.accounting.fuel_parameters import FuelParameters, fuel_parameters
from zcf.accounting.memo import memoised
from zcf.accounting.process_activity import ProcessMethod
from zcf.accounting.rounding import round_half_even
from zcf.accounting.tracing import Trace, lookup, rows
from zcf.accounting.units import TCO2E
from zcf.model.trace import MetricValue

FUEL_FORMULA = ("Σ AD × NCV × CC × OF × 44/12 (method of GB/T 32150-2015 §7; CC in tC/TJ ÷ 1000; "
                "defaults from the compiled GB/T 2589 / IPCC 1996 table, not from GB/T 32150)")


def fuel_row_emissions(params: FuelParameters) -> Decimal | None:
    """tCO2 of one fuel row: AD × NCV × CC × OF × 44/12 with CC converted from tC/TJ to tC/GJ.

    Examples:
        >>> d = Decimal
        >>> p = FuelParameters(d(10), d("42.652"), False, d("20.2"), d("0.98"))
        >>> round(fuel_row_emissions(p), 6)  # 10 t diesel
        Decimal('30.959096')
    """
    amount, ncv, carbon, oxidation = params.amount, params.ncv, params.carbon_content, params.oxidation
    if amount is None or ncv is None or carbon is None or oxidation is None:
        return None
    # Multiply first, divide once: one rounding step at 28 digits instead of several.
    return amount * ncv * carbon * oxidation * 44 / (12 * 1000)


@memoised
def fuel_combustion(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`scope1_fuel`: CO2 from burning fossil fuels (tCO2)."""
    trace = Trace()
    if lookup(doc, "energy", "fuels") is None:
        trace.miss("/energy/fuels")
    total = Decimal(0)
    for base, row in rows(doc, "energy", "fuels"):
        emissions = fuel_row_emissions(fuel_parameters(row, base, trace))
        total += emissions or 0
    return trace.metric("scope1_fuel", total, "tCO2", FUEL_FORMULA)


#: method name -> ProcessMethod; a row without `method` (or with "reported") is taken as reported.
PROCESS_METHODS: dict[str, ProcessMethod] = {
    **process_minerals.METHODS, **process_metals.METHODS, **process_chemicals.METHODS}
REPORTED = "reported"
PROCESS_FORMULA = ("Σ rows: computed by the row's method (cement_clinker, carbonate_use, lime, "
                   "steel_carbon_balance, aluminium_primary, chemical_feedstock), or as reported "
                   "when a verifier statement backs the figure")


def verifier_statement(doc: Mapping[str, Any], row: Mapping[str, Any], base: str,
                       trace: Trace) -> bool:
    """Whether a reported figure is backed by a verifier statement: the row's own `verification`
    (verifier and report number), else the inventory's /verification with both; missing if none."""
    own = row.get("verification")
    if isinstance(own, Mapping) and own.get("verifier") and own.get("report_id"):
        trace.input(f"{base}/verification/report_id", str(own["report_id"]))
        return True
    verifier, report = lookup(doc, "verification", "verifier"), lookup(doc, "verification", "report_id")
    if isinstance(verifier, str) and isinstance(report, str) and verifier and report:
        trace.input("/verification/report_id", report)
        return True
    trace.miss(f"{base}/verification")
    return False


def process_row(doc: Mapping[str, Any], row: Mapping[str, Any], base: str, trace: Trace,
                ctx: AccountingContext) -> tuple[str, Decimal | None]:
    """(method, tCO2e) of one process-emission row."""
    name = str(row.get("method", REPORTED))
    if "method" in row:
        trace.input(f"{base}/method", name)
    method = PROCESS_METHODS.get(name)
    if method is None:
        amount = trace.quantity(row, "amount", base, TCO2E)
        return REPORTED, amount if verifier_statement(doc, row, base, trace) else None
    activity = row.get(name)
    if not isinstance(activity, Mapping):
        trace.miss(f"{base}/{name}")
        return name, None
    return name, method.function(activity, f"{base}/{name}", trace, doc, ctx)


@memoised
def process(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`scope1_process`: process emissions (tCO2e); `[]` declares none.

    Each row is computed by its method from activity data, or taken as reported when a verifier
    statement backs it. The trace notes which method gave each row's figure.

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
        >>> doc = {"process_emissions": [{"method": "lime", "lime": {"products": [
        ...     {"mass": {"value": 100, "unit": "t"}, "cao": "0.9", "mgo": "0"}]}}]}
        >>> metric = process(doc, ctx)
        >>> metric.value, metric.trace.note.split(" (")[0]
        (Decimal('70.63200'), '/process_emissions/0: lime = 70.6320 tCO2e')
        >>> process({"process_emissions": [{"amount": {"value": 5, "unit": "tCO2e"}}]}, ctx).missing
        ('/process_emissions/0/verification',)
    """
    trace = Trace()
    if lookup(doc, "process_emissions") is None:
        trace.miss("/process_emissions")
    total = Decimal(0)
    for base, row in rows(doc, "process_emissions"):
        name, value = process_row(doc, row, base, trace, ctx)
        method = PROCESS_METHODS.get(name)
        how = method.standard if method else "as reported, backed by a verifier statement"
        shown = "missing" if value is None else f"{round_half_even(value, 4)} tCO2e"
        trace.note(f"{base}: {name} = {shown} ({how})")
        total += value or 0
    return trace.metric("scope1_process", total, TCO2E, PROCESS_FORMULA)


@memoised
def computed_rows(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`process_rows_computed`: process-emission rows computed by a method from activity data
    rather than reported as a figure (a sector ruleset may ask for its main process to be
    computed); `[]` gives 0.

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
        >>> rows_ = [{"amount": {"value": 1, "unit": "tCO2e"}}, {"method": "lime", "lime": {}},
        ...          {"method": "reported", "amount": {"value": 2, "unit": "tCO2e"}}]
        >>> computed_rows({"process_emissions": rows_}, ctx).value
        Decimal('1')
    """
    trace = Trace()
    if lookup(doc, "process_emissions") is None:
        trace.miss("/process_emissions")
    count = 0
    for base, row in rows(doc, "process_emissions"):
        name = str(row.get("method", REPORTED))
        trace.input(f"{base}/method", name)
        count += name in PROCESS_METHODS
    return trace.metric("process_rows_computed", Decimal(count), "count",
                        "count of process-emission rows computed by a method")


@memoised
def direct(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`scope1`: fuel combustion + process emissions (tCO2e).

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
        >>> doc = {"energy": {"fuels": [{"fuel": "lpg", "amount": {"value": 2, "unit": "t"}}]},
        ...        "process_emissions": [{"amount": {"value": 500, "unit": "kgCO2e"}}],
        ...        "verification": {"verifier": "某核查机构", "report_id": "V-1"}}
        >>> round(direct(doc, ctx).value, 4)  # 2 × 50.179 × 17.2 × 0.98 × 44/12 / 1000 + 0.5
        Decimal('6.7027')
    """
    trace = Trace()
    fuel = trace.absorb(fuel_combustion(doc, ctx))
    processes = trace.absorb(process(doc, ctx))
    value = None if fuel is None or processes is None else fuel + processes
    return trace.metric("scope1", value, TCO2E, "scope1_fuel + scope1_process")
