"""Evidence listed twice: the same trade, certificate, credit or meter in two rows of one list.

A claim counts once (DESIGN §10; GHG Protocol Scope 2 quality criteria: no double counting), so
a second row for the same piece of evidence is refused as a submission problem naming both
pointers, never counted. What identifies a piece of evidence:

- green-power trade: contract id + counterparty (`seller`) + delivery period; two rows of one
  contract whose delivery periods overlap claim the same MWh twice (a contract never delivers
  more than once), so an overlap is refused like an exact repeat;
- green certificate (GEC): its serial;
- carbon credit: registry + serial (serial numbers are unique within one registry);
- on-site generation: the meter id; grid purchases: meter id + month.

A counterparty or registry left out matches any: without it the two rows cannot be told apart.
The same certificate claimed through two *different* instruments (bundled with a trade and
listed again, or retired as an offset) is a double claim the accounting counts once and
GEN-06 fails on (`gec-double-count`), not a repeated row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from zcf.model.problem import Problem

ELECTRICITY = "/energy/electricity"


def _rows(doc: Mapping[str, Any], *path: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    node: Any = doc
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    if isinstance(node, list):
        yield from ((i, row) for i, row in enumerate(node) if isinstance(row, Mapping))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _same(a: str | None, b: str | None) -> bool:
    """Two optional identifiers name the same party unless both are given and differ."""
    return a is None or b is None or a == b


def _duplicate(code: str, what: str, first: str, again: str, fix: str,
               **params: Any) -> Problem:
    return Problem(
        code=code, pointer=again,
        message=(f"{what} is listed at {first} and again at {again}; evidence counts once. "
                 f"{fix}"),
        params={**params, "pointers": [first, again]})


def _trades(doc: Mapping[str, Any]) -> Iterator[Problem]:
    seen: list[tuple[str, str | None, dt.date, dt.date, str]] = []
    for i, trade in _rows(doc, "energy", "electricity", "green_power_trades"):
        contract, seller = _text(trade.get("contract_id")), _text(trade.get("seller"))
        start, end = _date(trade.get("period_start")), _date(trade.get("period_end"))
        if contract is None or start is None or end is None or end < start:
            continue  # the schema or the date-order check reports these
        base = f"{ELECTRICITY}/green_power_trades/{i}"
        for other, other_seller, other_start, other_end, first in seen:
            if other != contract or not _same(seller, other_seller):
                continue
            if start <= other_end and other_start <= end:
                exact = (start, end) == (other_start, other_end)
                what = (f"Green-power contract {contract!r}"
                        + (f" with {seller}" if seller else "")
                        + (f" for {start} to {end}" if exact else
                           f" delivering {start} to {end}, overlapping {other_start} to "
                           f"{other_end},"))
                yield _duplicate(
                    "trade-duplicate", what, first, base,
                    "A contract delivers each MWh once: remove the repeated row, or split the "
                    "settlement into rows whose delivery periods do not overlap.",
                    contract_id=contract, seller=seller)
                break
        else:
            seen.append((contract, seller, start, end, base))


def _certificates(doc: Mapping[str, Any]) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for i, cert in _rows(doc, "energy", "electricity", "green_certificates"):
        serial = _text(cert.get("serial"))
        if serial is None:
            continue
        pointer = f"{ELECTRICITY}/green_certificates/{i}/serial"
        if serial in seen:
            yield _duplicate("gec-duplicate-serial", f"Green certificate {serial}", seen[serial],
                             pointer, "Remove the repeated row.", serial=serial)
        else:
            seen[serial] = pointer


def _credits(doc: Mapping[str, Any]) -> Iterator[Problem]:
    seen: list[tuple[str, str | None, str]] = []
    for i, credit in _rows(doc, "offsets"):
        serial, registry = _text(credit.get("serial")), _text(credit.get("registry"))
        if serial is None:
            continue
        pointer = f"/offsets/{i}/serial"
        first = next((p for s, r, p in seen if s == serial and _same(registry, r)), None)
        if first is not None:
            yield _duplicate("offset-duplicate", f"Credit {serial}"
                             + (f" of {registry}" if registry else ""), first, pointer,
                             "A credit is retired once: remove the repeated row.",
                             serial=serial, registry=registry)
        else:
            seen.append((serial, registry, pointer))


def _meters(doc: Mapping[str, Any]) -> Iterator[Problem]:
    onsite: dict[str, str] = {}
    for i, row in _rows(doc, "energy", "electricity", "onsite_renewable"):
        meter = _text(row.get("meter_id"))
        pointer = f"{ELECTRICITY}/onsite_renewable/{i}/meter_id"
        if meter is None:
            continue
        if meter in onsite:
            yield _duplicate("meter-duplicate", f"On-site generation meter {meter}",
                             onsite[meter], pointer,
                             "Report each meter once, with the period's totals.", meter_id=meter)
        else:
            onsite[meter] = pointer
    grid: dict[tuple[str, str], str] = {}
    for i, row in _rows(doc, "energy", "electricity", "grid"):
        meter, month = _text(row.get("meter_id")), _text(row.get("month"))
        if meter is None or month is None:
            continue
        pointer = f"{ELECTRICITY}/grid/{i}/meter_id"
        if (meter, month) in grid:
            yield _duplicate("meter-duplicate", f"Grid meter {meter} in {month}",
                             grid[meter, month], pointer,
                             "Report each meter's month once.", meter_id=meter, month=month)
        else:
            grid[meter, month] = pointer


def iter_duplicate_evidence(doc: Mapping[str, Any]) -> Iterator[Problem]:
    """Every piece of evidence listed twice, as errors naming both pointers.

    Examples:
        >>> row = {"contract_id": "C-1", "seller": "S", "period_start": "2025-01-01",
        ...        "period_end": "2025-03-31", "amount": {"value": 1, "unit": "MWh"}}
        >>> doc = {"energy": {"electricity": {"green_power_trades": [row, dict(row)]}}}
        >>> [p.params["pointers"] for p in iter_duplicate_evidence(doc)]
        [['/energy/electricity/green_power_trades/0', '/energy/electricity/green_power_trades/1']]
    """
    yield from _trades(doc)
    yield from _certificates(doc)
    yield from _credits(doc)
    yield from _meters(doc)
