"""Carbon credits retired against the period's emissions (碳抵消), eligible and not.

A credit is eligible when it is retired, its type is one the ruleset accepts
(`offset_eligible_types`, e.g. CCER under the 2026 national Opinions; GEN-13) and its vintage
is at most `offset_vintage_max_age_years` before the period's end year. A serial retired twice
counts once (its repeats count as ineligible) and is reported as `offset-double-count`. Units: tCO2e.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.memo import memoised, memoised_part
from zcf.accounting.parameters import decimal_param, list_param
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


def _reason(offset: Mapping[str, Any], types: tuple[str, ...], oldest: int) -> str | None:
    """Why a credit is not eligible, or None when it is."""
    if offset.get("retired") is not True:
        return "it is not retired"
    if offset.get("type") not in types:
        return f"type {offset.get('type')} is not accepted (accepted: {', '.join(types)})"
    vintage = offset.get("vintage")
    if not isinstance(vintage, int) or vintage < oldest:
        return f"vintage {vintage} is older than {oldest}"
    return None


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
    types = list_param(ctx, "offset_eligible_types", "eligible offsets")
    max_age = decimal_param(ctx, "offset_vintage_max_age_years", "eligible offsets")
    end = lookup(doc, "period", "end")
    oldest = int(str(end)[:4]) - int(max_age)
    trace.note(f"eligible: retired, type in {list(types)}, vintage >= {oldest}")
    seen: dict[str, str] = {}
    for base, offset in credits:
        amount = trace.quantity(offset, "amount", base, TCO2E) or Decimal(0)
        serial = str(offset.get("serial"))
        for key in ("serial", "type", "vintage", "retired"):
            value = offset.get(key)
            trace.input(f"{base}/{key}", value if isinstance(value, str | bool) else str(value))
        if serial in seen:
            # A repeated claim is not a credit: it counts once as eligible and the repeat as
            # ineligible, so GEN-13 ("not double-claimed") fails as the standard asks.
            tally.ineligible += amount
            tally.problems.append(_double(serial, seen[serial], f"{base}/serial", amount))
            continue
        seen[serial] = f"{base}/serial"
        reason = _reason(offset, types, oldest)
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
        ...     "offset_eligible_types": ["CCER"], "offset_vintage_max_age_years": Decimal(5)})
        >>> credit = {"type": "CCER", "serial": "S1", "amount": {"value": 100, "unit": "tCO2e"},
        ...           "vintage": 2024, "retired": True}
        >>> doc = {"period": {"end": "2025-12-31"}, "offsets": [credit, credit,
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
                        "Σ credits not retired, of another type, too old, or claimed again")


def find_problems(doc: Mapping[str, Any], ctx: AccountingContext) -> list[Problem]:
    """Repeated serials and ineligible credits."""
    return list(assess(doc, ctx, Trace()).problems)
