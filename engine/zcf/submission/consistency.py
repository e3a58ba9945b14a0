"""Checks a JSON Schema cannot express: check digits, date order, evidence listed twice, unit pairs.

Each check reads the document defensively (a value of the wrong type is skipped: the schema
pass has already reported it) and yields `Problem`s with the pointer of the offending value.
Accounting-level findings (double counting across lists, certificate eligibility) are in
`zcf.accounting.find_problems`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from zcf.accounting.factors import fuel_ncv_dimension
from zcf.accounting.units import MWH, UNITS, convert, dimension
from zcf.errors import AccountingError
from zcf.model.problem import Problem, Severity, pointer_join
from zcf.submission.evidence import iter_duplicate_evidence
from zcf.submission.uscc import check_character

#: Longest reporting period accepted, in days counted inclusively (a leap year).
MAX_PERIOD_DAYS = 366


def iter_consistency_problems(doc: Any) -> Iterator[Problem]:
    """Every semantic problem in `doc`, in document order of the checks."""
    if not isinstance(doc, Mapping):
        return
    yield from _uscc(doc)
    yield from _period(doc)
    yield from _trade_periods(doc)
    yield from iter_duplicate_evidence(doc)
    yield from _fuel_units(doc)
    yield from _efficiency_units(doc)
    yield from _onsite_balance(doc)
    yield from _onsite_certificates(doc)


def _get(doc: Any, *path: str | int) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(doc, list) or part >= len(doc):
                return None
        elif not isinstance(doc, Mapping):
            return None
        doc = doc[part] if isinstance(part, int) else doc.get(part)
    return doc


def _rows(doc: Any, *path: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    rows = _get(doc, *path)
    if isinstance(rows, list):
        yield from ((i, row) for i, row in enumerate(rows) if isinstance(row, Mapping))


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _uscc(doc: Mapping[str, Any]) -> Iterator[Problem]:
    code = _get(doc, "enterprise", "uscc")
    if not isinstance(code, str) or len(code) != 18:
        return
    pointer = "/enterprise/uscc"
    try:
        expected = check_character(code[:17])
    except ValueError:
        return  # alphabet errors are the schema's `pattern`
    if code[17] != expected:  # is_valid_uscc(code) without computing it twice: 14 -> 7 us
        yield Problem(
            code="uscc-check-digit",
            pointer=pointer,
            message=(
                f"The unified social credit code {code} fails its check digit (GB 32100-2015): "
                f"the 18th character should be {expected!r}, not {code[17]!r}. Copy the code "
                "from the business licence again; one of the 18 characters is mistyped."
            ),
            params={"uscc": code, "expected": expected, "found": code[17]},
        )
    province = _get(doc, "enterprise", "province")
    if isinstance(province, str) and code[2:4] != province:
        yield Problem(
            code="uscc-province-mismatch",
            pointer=pointer,
            severity=Severity.WARNING,
            message=(
                f"The code {code} was registered in division {code[2:8]}, but "
                f"/enterprise/province is {province}. This is normal after a move; otherwise "
                "correct the province."
            ),
            params={"uscc_division": code[2:8], "province": province},
        )


def _period(doc: Mapping[str, Any]) -> Iterator[Problem]:
    start, end = _date(_get(doc, "period", "start")), _date(_get(doc, "period", "end"))
    if start is None or end is None:
        return
    if end < start:
        yield Problem(
            code="period-end-before-start",
            pointer="/period/end",
            message=(
                f"The period ends on {end} before it starts on {start}. "
                "Swap the dates or correct the year."
            ),
            params={"start": str(start), "end": str(end)},
        )
    elif (days := (end - start).days + 1) > MAX_PERIOD_DAYS:
        yield Problem(
            code="period-too-long",
            pointer="/period/end",
            message=(
                f"The period {start} to {end} covers {days} days; at most {MAX_PERIOD_DAYS} "
                "are allowed (one reporting year). Submit one period per year."
            ),
            params={"days": days, "limit": MAX_PERIOD_DAYS},
        )


def _trade_periods(doc: Mapping[str, Any]) -> Iterator[Problem]:
    for i, trade in _rows(doc, "energy", "electricity", "green_power_trades"):
        start, end = _date(trade.get("period_start")), _date(trade.get("period_end"))
        if start and end and end < start:
            yield Problem(
                code="trade-period-reversed",
                pointer=pointer_join("energy", "electricity", "green_power_trades", i,
                                     "period_end"),
                message=(
                    f"Trade {trade.get('contract_id')!r} ends on {end} before it starts on "
                    f"{start}. Correct the delivery dates from the settlement statement."
                ),
                params={"start": str(start), "end": str(end)},
            )


def _unit(quantity: Any) -> str | None:
    unit = _get(quantity, "unit")
    return unit if isinstance(unit, str) else None


def _fuel_units(doc: Mapping[str, Any]) -> Iterator[Problem]:
    for i, fuel in _rows(doc, "energy", "fuels"):
        base = ("energy", "fuels", i)
        amount_unit = _unit(fuel.get("amount"))
        ncv_unit = _unit(fuel.get("ncv"))
        needed = dimension(ncv_unit) if ncv_unit else fuel_ncv_dimension(fuel.get("fuel"))
        if amount_unit is None or needed is None or amount_unit not in UNITS:
            continue
        wanted = "mass" if needed == "ncv_mass" else "gas_volume"
        if dimension(amount_unit) != wanted:
            what = "a mass (t, kg)" if wanted == "mass" else "a gas volume (Nm3, 10^4 Nm3)"
            yield Problem(
                code="unit-mismatch",
                pointer=pointer_join(*base, "amount", "unit"),
                message=(
                    f"Fuel {fuel.get('fuel')!r} is given in {amount_unit}, but its calorific "
                    f"value is per {'tonne' if wanted == 'mass' else 'normal cubic metre'}; "
                    f"expected {what}. Report the amount as metered, in a matching unit, or "
                    "supply a measured `ncv` in the amount's unit."
                ),
                params={"found": amount_unit, "expected_dimension": wanted},
            )
        if "oxidation" in fuel:  # no pointer to build for the usual row without: -1 us a row
            yield from _oxidation(fuel["oxidation"], pointer_join(*base, "oxidation"))


def _oxidation(quantity: Any, pointer: str) -> Iterator[Problem]:
    value, unit = _get(quantity, "value"), _unit(quantity)
    if unit not in ("1", "%") or isinstance(value, bool):
        return
    try:
        ratio = convert(quantity, "1", pointer)
    except (AccountingError, ArithmeticError):
        return
    if ratio > 1:
        yield Problem(
            code="oxidation-out-of-range",
            pointer=pointer + "/value",
            message=(
                f"The oxidation rate {value} (unit {unit!r}) is above 100 %. Give it as a fraction "
                "(e.g. 0.98 with unit \"1\") or as a percentage (98 with unit \"%\")."
            ),
            params={"value": str(value), "unit": unit},
        )


def _efficiency_units(doc: Mapping[str, Any]) -> Iterator[Problem]:
    for i, row in _rows(doc, "efficiency"):
        measured, reference = _unit(row.get("unit_energy")), _unit(row.get("reference"))
        if measured and reference and measured != reference:
            yield Problem(
                code="unit-mismatch",
                pointer=pointer_join("efficiency", i, "reference", "unit"),
                message=(
                    f"Product {row.get('product')!r}: the measured energy use is in {measured} "
                    f"but the reference is in {reference}; they cannot be compared. Convert the "
                    "reference to the unit of the measured value."
                ),
                params={"found": reference, "expected": measured},
            )


def _onsite_balance(doc: Mapping[str, Any]) -> Iterator[Problem]:
    for i, row in _rows(doc, "energy", "electricity", "onsite_renewable"):
        base = f"/energy/electricity/onsite_renewable/{i}"  # pointers by f-string: 17 -> 10 us
        try:
            generated = convert(row["generated"], MWH, f"{base}/generated")
            used = convert(row["self_consumed"], MWH, f"{base}/self_consumed")
            exported = (convert(row["exported"], MWH, f"{base}/exported")
                        if "exported" in row else 0)
        except (KeyError, TypeError, AttributeError, AccountingError, ArithmeticError):  # wrong types: the schema says
            continue
        if used + exported > generated:
            yield Problem(
                code="onsite-energy-balance",
                pointer=f"{base}/self_consumed",
                severity=Severity.WARNING,
                message=(
                    f"On-site {row.get('source')} generation: self-consumed ({used} MWh) plus "
                    f"exported ({exported} MWh) exceeds generated ({generated} MWh). Check the "
                    "meter readings; self-consumption is counted as reported."
                ),
                params={"generated": str(generated), "self_consumed": str(used),
                        "exported": str(exported)},
            )


def _onsite_certificates(doc: Mapping[str, Any]) -> Iterator[Problem]:
    for i, row in _rows(doc, "energy", "electricity", "onsite_renewable"):
        issued, sold, own = (row.get(k) for k in ("gec_issued", "gec_sold", "gec_retired_own"))
        if not isinstance(issued, int):
            continue
        parts = [n for n in (sold, own) if isinstance(n, int)]
        if sum(parts) > issued:
            yield Problem(
                code="onsite-gec-balance",
                pointer=f"/energy/electricity/onsite_renewable/{i}/gec_issued",
                message=(
                    f"On-site {row.get('source')} generation: certificates sold ({sold or 0}) "
                    f"plus retired for own use ({own or 0}) exceed those issued ({issued}). "
                    "Copy the three counts from the GEC system's account statement."
                ),
                params={"issued": issued, "sold": sold, "retired_own": own},
            )
