"""Renewable electricity claims: on-site, green-power trades and green certificates (GEC).

GEC is the sole proof of renewable electricity's environmental attribute (发改能源〔2023〕1044号);
1 GEC = 1 MWh. A claim counts once: a serial listed twice, or a certificate also bundled with a
green-power trade, is counted at its first appearance and reported as `gec-double-count` with
both pointers (GEN-06; GHG Protocol Scope 2 quality criteria). Certificates count only when
retired for this enterprise (beneficiary = its unified social credit code or registered name),
retired inside the retirement window (from the period's start to `gec_retirement_grace_months`
after its end) and generated within the vintage window. Trades count when their delivery lies
inside the period. Contractual claims cover grid electricity only, so they are capped at grid
purchases.

On-site renewable electricity consumed on site is green only as far as the enterprise kept its
environmental attribute: when an installation reports certificates issued (`gec_issued`), its
green MWh are at most the certificates it still holds or retired for itself (issued − sold);
the attribute of the rest was sold with the certificates, and that electricity is priced at the
residual factor in market-based scope 2. An installation that reports no certificate data
counts in full, as declared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.electricity import ONSITE, electricity_total, grid_electricity
from zcf.accounting.memo import memoised, memoised_part
from zcf.accounting.parameters import decimal_param
from zcf.accounting.periods import retirement_window
from zcf.accounting.tracing import Trace, lookup, rows
from zcf.accounting.units import MWH
from zcf.model.problem import Problem, Severity
from zcf.model.trace import MetricValue

TRADES = ("energy", "electricity", "green_power_trades")
CERTIFICATES = ("energy", "electricity", "green_certificates")
GEC_MWH = Decimal(1)  # one certificate per MWh (国家能源局 GEC rules)


@dataclass
class Claims:
    """Counted renewable-electricity instruments of one submission, MWh."""

    trades: Decimal = Decimal(0)
    certificates: Decimal = Decimal(0)
    double_counted: Decimal = Decimal(0)
    #: MWh claimed but not counted: trades outside the period, unretired or out-of-window GECs
    unbacked: Decimal = Decimal(0)
    problems: list[Problem] = field(default_factory=list)
    #: serial -> pointer of its first appearance
    seen: dict[str, str] = field(default_factory=dict)

    @property
    def instruments(self) -> Decimal:
        return self.trades + self.certificates


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _month_index(text: Any) -> int | None:
    if not isinstance(text, str) or len(text) != 7:
        return None
    return int(text[:4]) * 12 + int(text[5:]) - 1


def _double(claims: Claims, serial: str, first: str, again: str, claimed: Decimal) -> None:
    claims.double_counted += claimed
    claims.problems.append(Problem(
        code="gec-double-count",
        pointer=again,
        severity=Severity.ERROR if claimed else Severity.WARNING,
        message=(
            f"Green certificate {serial} is claimed at {first} and again at {again}; it is "
            f"counted once ({claimed} MWh not counted again). Remove the second claim."
        ),
        params={"serial": serial, "pointers": [first, again], "mwh": str(claimed)},
    ))


def _count_trades(doc: Mapping[str, Any], start: dt.date, end: dt.date,
                  claims: Claims, trace: Trace) -> None:
    for base, trade in rows(doc, *TRADES):
        amount = trace.quantity(trade, "amount", base, MWH)
        first, last = _date(trade.get("period_start")), _date(trade.get("period_end"))
        if first is None or last is None or first < start or last > end:
            claims.problems.append(Problem(
                code="trade-outside-period", pointer=f"{base}/period_start",
                severity=Severity.WARNING,
                message=(f"Green-power trade {trade.get('contract_id')!r} delivers "
                         f"{first} to {last}, not inside the reporting period {start} to {end}; "
                         "it is not counted. Report the settled amount of the period only."),
                params={"contract_id": trade.get("contract_id")}))
            claims.unbacked += amount or 0
            continue
        claims.trades += amount or 0
        for j, serial in enumerate(trade.get("gec_serials") or []):
            pointer = f"{base}/gec_serials/{j}"
            if serial in claims.seen:
                claims.trades -= GEC_MWH
                _double(claims, serial, claims.seen[serial], pointer, GEC_MWH)
            else:
                claims.seen[serial] = pointer


@dataclass(frozen=True)
class CertificateRules:
    """What a certificate must show to count for one period and enterprise."""

    vintage: tuple[int, int]  # first and last month index of production
    retired: tuple[dt.date, dt.date]  # first and last retirement day
    beneficiaries: frozenset[str]  # the enterprise's USCC and registered name


def _skip(claims: Claims, code: str, pointer: str, serial: Any, message: str,
          **params: Any) -> bool:
    claims.problems.append(Problem(code=code, pointer=pointer, severity=Severity.WARNING,
                                   message=message, params={"serial": serial, **params}))
    return False


def _certificate_counts(cert: Mapping[str, Any], base: str, rules: CertificateRules,
                        claims: Claims, trace: Trace) -> bool:
    """Whether a first-seen certificate counts; warns why when it does not."""
    trace.input(f"{base}/retired", bool(cert.get("retired")))
    trace.input(f"{base}/vintage", cert.get("vintage"))
    serial = cert.get("serial")
    if cert.get("retired") is not True:
        return _skip(claims, "gec-not-retired", f"{base}/retired", serial,
                     f"Green certificate {serial} is not retired for this enterprise, so it "
                     "does not count. Retire it in the GEC system and report retired: true.")
    vintage = _month_index(cert.get("vintage"))
    if vintage is None or not rules.vintage[0] <= vintage <= rules.vintage[1]:
        return _skip(claims, "gec-out-of-window", f"{base}/vintage", serial,
                     f"Green certificate {serial} was generated in {cert.get('vintage')}, "
                     "outside the vintage window of the reporting period; it does not count. "
                     "Use certificates generated in or shortly before the period.",
                     vintage=cert.get("vintage"))
    retired_on = _date(cert.get("retired_on"))
    trace.input(f"{base}/retired_on", cert.get("retired_on"))
    first, last = rules.retired
    if retired_on is None or not first <= retired_on <= last:
        return _skip(claims, "gec-retired-outside-window", f"{base}/retired_on", serial,
                     f"Green certificate {serial} was retired on {cert.get('retired_on')}, "
                     f"outside the retirement window {first} to {last} of this period; it does "
                     "not count. Retire certificates for the period within that window.",
                     retired_on=cert.get("retired_on"), window=[str(first), str(last)])
    beneficiary = cert.get("beneficiary")
    trace.input(f"{base}/beneficiary", beneficiary)
    if not isinstance(beneficiary, str) or beneficiary.strip() not in rules.beneficiaries:
        return _skip(claims, "gec-beneficiary-mismatch", f"{base}/beneficiary", serial,
                     f"Green certificate {serial} was retired for {beneficiary!r}, not for this "
                     "enterprise (its unified social credit code or registered name); it does "
                     "not count. Only certificates retired for the enterprise itself back its "
                     "green electricity.", beneficiary=beneficiary)
    return True


def _rules(doc: Mapping[str, Any], ctx: AccountingContext, start: dt.date,
           end: dt.date) -> CertificateRules:
    months = int(decimal_param(ctx, "gec_vintage_window_months", "green certificates"))
    grace = int(decimal_param(ctx, "gec_retirement_grace_months", "green certificates"))
    names = {lookup(doc, "enterprise", "uscc"), lookup(doc, "enterprise", "name")}
    return CertificateRules(
        vintage=(start.year * 12 + start.month - 1 - months, end.year * 12 + end.month - 1),
        retired=retirement_window(start, end, grace),
        beneficiaries=frozenset(n.strip() for n in names if isinstance(n, str) and n.strip()))


def _count_certificates(doc: Mapping[str, Any], ctx: AccountingContext, start: dt.date,
                        end: dt.date, claims: Claims, trace: Trace) -> None:
    certs = list(rows(doc, *CERTIFICATES))
    if not certs:
        return
    rules = _rules(doc, ctx, start, end)
    for base, cert in certs:
        amount = trace.quantity(cert, "amount", base, MWH) or Decimal(0)
        serial = str(cert.get("serial"))
        trace.input(f"{base}/serial", serial)
        counts = _certificate_counts(cert, base, rules, claims, trace)
        if serial in claims.seen:
            _double(claims, serial, claims.seen[serial], f"{base}/serial",
                    amount if counts else Decimal(0))
            continue
        claims.seen[serial] = f"{base}/serial"
        if counts:
            claims.certificates += amount
        else:
            claims.unbacked += amount


def _offsets_reusing_certificates(doc: Mapping[str, Any], claims: Claims) -> None:
    # A GEC is not a carbon credit (domain §5.3): the same certificate cannot also be retired
    # as an offset against scope 1.
    for base, offset in rows(doc, "offsets"):
        serial = offset.get("serial")
        if offset.get("type") == "GEC" and serial in claims.seen:
            _double(claims, str(serial), claims.seen[serial], f"{base}/serial", Decimal(0))


@memoised_part
def assess(doc: Mapping[str, Any], ctx: AccountingContext, trace: Trace) -> Claims:
    """Count trades and certificates once each, recording inputs and problems."""
    claims = Claims()
    start, end = _date(lookup(doc, "period", "start")), _date(lookup(doc, "period", "end"))
    if start is None or end is None:
        trace.miss("/period")
        return claims
    _count_trades(doc, start, end, claims, trace)
    _count_certificates(doc, ctx, start, end, claims, trace)
    _offsets_reusing_certificates(doc, claims)
    return claims


def _onsite_row(row: Mapping[str, Any], base: str, trace: Trace) -> tuple[Decimal, Decimal]:
    """(green, attribute sold) MWh of one installation's self-consumed electricity."""
    used = trace.quantity(row, "self_consumed", base, MWH) or Decimal(0)
    issued = row.get("gec_issued")
    if not isinstance(issued, int | Decimal):
        return used, Decimal(0)
    trace.input(f"{base}/gec_issued", str(issued))
    sold = row.get("gec_sold", 0)
    trace.input(f"{base}/gec_sold", str(sold))
    if "gec_retired_own" in row:
        trace.input(f"{base}/gec_retired_own", str(row["gec_retired_own"]))
    held = max(Decimal(issued) - Decimal(sold), Decimal(0)) * GEC_MWH
    green = min(used, held)
    if green < used:
        trace.note(f"{base}: {used - green} MWh self-consumed without a certificate the "
                   "enterprise holds or retired for itself; not green")
    return green, used - green


@memoised_part
def onsite_split(doc: Mapping[str, Any], ctx: AccountingContext,
                 trace: Trace) -> tuple[Decimal, Decimal]:
    """On-site self-consumed MWh split into (green, attribute sold with its certificates)."""
    if lookup(doc, *ONSITE) is None:
        trace.note("no on-site renewable generation declared "
                   "(/energy/electricity/onsite_renewable)")
        return Decimal(0), Decimal(0)
    green = sold = Decimal(0)
    for base, row in rows(doc, *ONSITE):
        row_green, row_sold = _onsite_row(row, base, trace)
        green, sold = green + row_green, sold + row_sold
    return green, sold


@memoised_part
def covered_grid(doc: Mapping[str, Any], ctx: AccountingContext,
                 trace: Trace) -> tuple[Decimal | None, Claims]:
    """Grid MWh covered by counted trades and certificates, at most the grid purchases."""
    grid = trace.absorb(grid_electricity(doc, ctx))
    claims = assess(doc, ctx, trace)
    if grid is None:
        return None, claims
    if claims.instruments > grid:
        trace.note(f"instruments ({claims.instruments} MWh) exceed grid purchases ({grid} MWh); "
                   "the excess is not counted")
    return min(grid, claims.instruments), claims


@memoised
def green_electricity(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`green_electricity`: on-site self-consumed with its attribute kept + min(grid, trades +
    certificates), MWh."""
    trace = Trace()
    covered, _ = covered_grid(doc, ctx, trace)
    onsite, _ = onsite_split(doc, ctx, trace)
    value = None if covered is None else onsite + covered
    return trace.metric("green_electricity", value, MWH,
                        "on-site self-consumed backed by certificates held or retired (all when "
                        "none reported) + min(grid, counted trades + retired GEC in window)")


@memoised
def renewable_share(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`renewable_electricity_share`: green_electricity ÷ electricity_total, full precision.

    Examples:
        >>> def mwh(v): return {"value": v, "unit": "MWh"}
        >>> doc = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
        ...        "energy": {"electricity": {
        ...            "grid": [{"amount": mwh(800)}],
        ...            "onsite_renewable": [{"source": "pv", "self_consumed": mwh(200)}],
        ...            "green_power_trades": [{"contract_id": "T1", "amount": mwh(400),
        ...                "period_start": "2025-03-01", "period_end": "2025-03-31"}]}}}
        >>> ctx = AccountingContext(as_of=dt.date(2025, 12, 31))
        >>> renewable_share(doc, ctx).value  # (200 + 400) / (800 + 200)
        Decimal('0.6')
    """
    trace = Trace()
    green = trace.absorb(green_electricity(doc, ctx))
    total = trace.absorb(electricity_total(doc, ctx))
    value = trace.ratio(green, total, "no electricity consumed: the share is undefined")
    return trace.metric("renewable_electricity_share", value, "1",
                        "green_electricity / electricity_total")


@memoised
def double_counted(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`double_counted_mwh`: MWh whose certificate was claimed a second time."""
    trace = Trace()
    claims = assess(doc, ctx, trace)
    for problem in claims.problems:
        if problem.code == "gec-double-count":
            trace.note(problem.message)
    return trace.metric("double_counted_mwh", claims.double_counted, MWH,
                        "Σ MWh of repeated GEC serials that would otherwise have counted")


@memoised
def unbacked(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`green_claims_unbacked_mwh`: green electricity claimed without valid evidence (GEN-06):
    trades delivering outside the period; certificates not retired, outside the vintage or
    retirement window, or retired for someone else.
    """
    trace = Trace()
    claims = assess(doc, ctx, trace)
    return trace.metric("green_claims_unbacked_mwh", claims.unbacked, MWH,
                        "Σ MWh of trades outside the period and of GECs not retired for this "
                        "enterprise inside the vintage and retirement windows")


def find_problems(doc: Mapping[str, Any], ctx: AccountingContext) -> list[Problem]:
    """Double counting, certificates that do not count and why, trades outside the period."""
    return list(assess(doc, ctx, Trace()).problems)
