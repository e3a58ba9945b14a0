"""Unit-product energy use against its reference value (GEN-08, 能效标杆/先进/限定值).

Counts the products whose measured energy use per unit exceeds the reference the enterprise
cites (a benchmark from 发改产业〔2023〕723号 or an energy-consumption limit standard). Both
values must be in the same unit: the consistency check reports `unit-mismatch` before
accounting runs, and `convert` refuses a pair it cannot reconcile.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.tracing import Trace, lookup, rows
from zcf.accounting.units import to_decimal
from zcf.errors import RulesetError, UnitMismatchError
from zcf.model.trace import MetricValue


def _value(row: Mapping[str, Any], key: str, base: str, unit: str, trace: Trace) -> Decimal:
    quantity = row[key]
    found = quantity.get("unit")
    if found != unit:
        raise UnitMismatchError(f"{base}/{key}: unit {found!r} differs from {unit!r}",
                                hint=f"give {base}/reference in {unit}")
    value = to_decimal(quantity.get("value"), f"{base}/{key}/value")
    trace.input(f"{base}/{key}", value, unit)
    return value


def items_over_reference(doc: Mapping[str, Any], ctx: AccountingContext) -> MetricValue:
    """`efficiency_items_over_reference`: products with unit energy above their reference.

    An absent or empty list is missing data: the clause needs at least one product compared.

    Examples:
        >>> import datetime as dt
        >>> def row(v, r): return {"product": "p", "unit_energy": {"value": v, "unit": "kgce/t"},
        ...                        "reference": {"value": r, "unit": "kgce/t"}}
        >>> doc = {"efficiency": [row(95, 100), row(101, 100), row(100, 100)]}
        >>> items_over_reference(doc, AccountingContext(dt.date(2025, 12, 31))).value
        Decimal('1')
    """
    trace = Trace()
    if not lookup(doc, "efficiency"):
        trace.miss("/efficiency")
    # A reference of a kind the scheme does not accept (e.g. the limit value 限定值 where the
    # benchmark or advanced value is required) cannot show conformity, whatever the numbers.
    kinds = ctx.params.get("efficiency_reference_kinds")
    if isinstance(kinds, Decimal | bool | str):  # a scalar would make `in` test substrings or fail
        raise RulesetError(f"parameter efficiency_reference_kinds must be a list of kinds, got {kinds!r}")
    over = 0
    for base, row in rows(doc, "efficiency"):
        unit = str(lookup(row, "unit_energy", "unit"))
        above = _value(row, "unit_energy", base, unit, trace) > _value(row, "reference", base, unit, trace)
        if kinds is not None:
            trace.input(f"{base}/reference_kind", row.get("reference_kind"), None)
            above = above or row.get("reference_kind") not in kinds
        over += above
    formula = "count of products with unit_energy > reference"
    if kinds is not None:
        formula += " or reference_kind not in efficiency_reference_kinds"
    return trace.metric("efficiency_items_over_reference", Decimal(over), "1", formula)
