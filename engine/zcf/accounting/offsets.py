"""Carbon credits retired against the period's emissions (碳抵消), eligible and not.

A credit is eligible when it is retired, its type is one the ruleset accepts
(`offset_eligible_types`, e.g. CCER under the 2026 national Opinions; GEN-13), its vintage is
at most `offset_vintage_max_age_years` before the period's end year and not after it (a
reduction that has not happened yet cannot neutralise this period's emissions), and it was
retired inside the retirement window: from the period's start to
`offset_retirement_grace_months` after its end. A serial retired twice counts once (its repeats
count as ineligible) and is reported as `offset-double-count`; validation refuses such a
submission before accounting (`offset-duplicate`). Units: tCO2e.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.memo import memoised, memoised_part
from zcf.accounting.parameters import decimal_param, list_param
from zcf.accounting.periods import retirement_window
from zcf.accounting.tracing import Trace, lookup, rows
from zcf.accounting.units import TCO2E
from zcf.model.problem import Problem, Severity
from zcf.model.trace import MetricValue


@dataclass
class Tally:
    """Offsets of one submission, each serial counted once."""

    eligible: Decimal = Decimal(0)
    ineligible: Decimal = Decimal(0)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class CreditRules:
    """What a credit must show to count against one period's emissions."""

    types: tuple[str, ...]
    vintages: tuple[int, int]  # oldest and newest accepted vintage year
    retired: tuple[dt.date, dt.date]  # first and last retirement day


def _retired_on(offset: Mapping[str, Any]) -> dt.date | None:
    try:
        value = offset.get("retired_on")
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _reason(offset: Mapping[str, Any], rules: CreditRules) -> str | None:
    """Why a credit is not eligible, or None when it is."""
    if offset.get("retired") is not True:
        return "it is not retired"
    if offset.get("type") not in rules.types:
        return f"type {offset.get('type')} is not accepted (accepted: {', '.join(rules.types)})"
    vintage, (oldest, newest) = offset.get("vintage"), rules.vintages
    if not isinstance(vintage, int) or vintage < oldest:
        return f"vintage {vintage} is older than {oldest}"
    if vintage > newest:
        return f"vintage {vintage} is after the reporting period ({newest})"
    retired_on, (first, last) = _retired_on(offset), rules.retired
    if retired_on is None or not first <= retired_on <= last:
        return (f"it was retired on {offset.get('retired_on')}, outside the retirement window "
                f"{first} to {last}")
    return None


def _rules(doc: Mapping[str, Any], ctx: AccountingContext) -> CreditRules | None:
    start, end = lookup(doc, "period", "start"), lookup(doc, "period", "end")
    try:
        first, last = dt.date.fromisoformat(str(start)), dt.date.fromisoformat(str(end))
    except ValueError:
        return None
    types = list_param(ctx, "offset_eligible_types", "eligible offsets")
    max_age = int(decimal_param(ctx, "offset_vintage_max_age_years", "eligible offsets"))
    grace = int(decimal_param(ctx, "offset_retirement_grace_months", "eligible offsets"))
    return CreditRules(types=types, vintages=(last.year - max_age, last.year),
                       retired=retirement_window(first, last, grace))


@memoised_part
def assess(doc: Mapping[str, Any], ctx: AccountingContext, trace: Trace) -> Tally:
    """Split retired credits into eligible and ineligible tCO2e, recording each input."""
    tally = Tally()
    if lookup(doc, "offsets") is None:
        trace.miss("/offsets")
        return tally
    credits = list(rows(doc, "offsets"))
    if not credits:
        return tally
    rules = _rules(doc, ctx)
    if rules is None:
        trace.miss("/period")
        return tally
    (oldest, newest), (first, last) = rules.vintages, rules.retired
    trace.note(f"eligible: retired from {first} to {last}, type in {list(rules.types)}, "
               f"vintage {oldest} to {newest}")
    seen: dict[str, str] = {}
    for base, offset in credits:
        amount = trace.quantity(offset, "amount", base, TCO2E) or Decimal(0)
        serial = str(offset.get("serial"))
        for key in ("serial", "type", "vintage", "retired", "retired_on"):
            value = offset.get(key)
            if value is not None or key != "retired_on":
                trace.input(f"{base}/{key}",
                            value if isinstance(value, str | bool) else str(value))
        if serial in seen:
            # A repeated claim is not a credit: it counts once as eligible and the repeat as
            # ineligible, so GEN-13 ("not double-claimed") fails as the standard asks.
            tally.ineligible += amount
            tally.problems.append(_double(serial, seen[serial], f"{base}/serial", amount))
            continue
        seen[serial] = f"{base}/serial"
        reason = _reason(offset, rules)
        if reason is None:
            tally.eligible += amount
        else:
            tally.ineligible += amount
            tally.problems.append(_ineligible(serial, base, reason, amount))
    return tally


def _double(serial: str, first: str, again: str, amount: Decimal) -> Problem:
    return Problem(
        code="offset-double-count", pointer=again,
        message=(f"Credit {serial} is claimed at {first} and again at {again}; it is counted "
                 f"once ({amount} tCO2e not counted again). Remove the repeated row."),
        params={"serial": serial, "pointers": [first, again], "tco2e": str(amount)})


def _ineligible(serial: str, base: str, reason: str, amount: Decimal) -> Problem:
    return Problem(
        code="offset-ineligible", pointer=base, severity=Severity.WARNING,
        message=(f"Credit {serial} ({amount} tCO2e) does not count against emissions: "
                 f"{reason}. Retire an accepted, recent credit instead."),
        params={"serial": serial, "reason": reason})


@memoised
def eligible(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`offsets_eligible`: retired credits of accepted type and vintage (tCO2e).

    Examples:
        >>> import datetime as dt
        >>> ctx = AccountingContext(dt.date(2025, 12, 31), {
        ...     "offset_eligible_types": ["CCER"], "offset_vintage_max_age_years": Decimal(5),
        ...     "offset_retirement_grace_months": Decimal(12)})
        >>> credit = {"type": "CCER", "serial": "S1", "amount": {"value": 100, "unit": "tCO2e"},
        ...           "vintage": 2024, "retired": True, "retired_on": "2026-02-01"}
        >>> doc = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
        ...        "offsets": [credit, credit,
        ...        {**credit, "serial": "S2", "vintage": 2019}]}
        >>> eligible(doc, ctx).value, ineligible(doc, ctx).value  # S1 once, its repeat and S2 not
        (Decimal('100'), Decimal('200'))
    """
    trace = Trace()
    value = assess(doc, ctx, trace).eligible
    return trace.metric("offsets_eligible", value, TCO2E,
                        "Σ retired credits with accepted type and vintage, each serial once")


@memoised
def ineligible(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`offsets_ineligible`: credits submitted that do not count (tCO2e)."""
    trace = Trace()
    value = assess(doc, ctx, trace).ineligible
    return trace.metric("offsets_ineligible", value, TCO2E,
                        "Σ credits not retired in the window, of another type, of a vintage "
                        "outside the window, or claimed again")


def find_problems(doc: Mapping[str, Any], ctx: AccountingContext) -> list[Problem]:
    """Repeated serials and ineligible credits."""
    return list(assess(doc, ctx, Trace()).problems)
