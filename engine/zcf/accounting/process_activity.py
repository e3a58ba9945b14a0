"""Reading process activity data into a trace, and the table of process-emission methods.

A process-emission row (`/process_emissions/N`) names its `method`; the activity data sits under
the key of the same name (`/process_emissions/N/cement_clinker`). Each method is a
`ProcessMethod`: a function from that activity object to tCO2e, with the formula and the
standard it follows. Masses are read in tonnes, fractions as plain decimals between 0 and 1, and
each value the row leaves out is either a default of `data/process_factors.yaml` (recorded as a
factor with its provenance) or missing (the row's pointer is reported).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zcf.accounting.context import AccountingContext
from zcf.accounting.factors import Factor
from zcf.accounting.tracing import Trace, lookup
from zcf.accounting.units import TONNE, to_decimal

#: (activity object, its pointer, the trace, the whole submission, the context) -> tCO2e or None
MethodFunction = Callable[[Mapping[str, Any], str, Trace, Mapping[str, Any], AccountingContext],
                          Decimal | None]


@dataclass(frozen=True)
class ProcessMethod:
    """One process-emission method: its function, its formula and the standard it follows."""

    name: str
    function: MethodFunction
    formula: str
    standard: str


def mass(row: Mapping[str, Any], key: str, base: str, trace: Trace,
         required: bool = True) -> Decimal | None:
    """`row[key]` ({value, unit}) in tonnes; missing when required and absent, else 0 if absent."""
    if key not in row and not required:
        return Decimal(0)
    return trace.quantity(row, key, base, TONNE)


def fraction(row: Mapping[str, Any], key: str, base: str, trace: Trace,
             default: Factor | None = None) -> Decimal | None:
    """A plain decimal `row[key]` (a mass fraction or a ratio), else `default`, else missing."""
    pointer = f"{base}/{key}"
    if key in row:
        value = to_decimal(row[key], pointer)
        trace.input(pointer, value)
        return value
    if default is not None:
        return trace.factor(default)
    trace.miss(pointer)
    return None


def number(row: Mapping[str, Any], key: str, base: str, trace: Trace) -> Decimal | None:
    """A plain non-negative decimal `row[key]` (e.g. anode-effect minutes); missing if absent."""
    return fraction(row, key, base, trace)


def items(row: Mapping[str, Any], key: str, base: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(pointer, item) for each object in the list `row[key]`."""
    found = lookup(row, key)
    for i, item in enumerate(found if isinstance(found, list) else []):
        if isinstance(item, Mapping):
            yield f"{base}/{key}/{i}", item


def co2_from_carbon(carbon: Decimal) -> Decimal:
    """tCO2 from tC: × 44/12, the factor GB/T 32150 uses for fuels (multiplied before dividing).

    Examples:
        >>> co2_from_carbon(Decimal(12))
        Decimal('44')
    """
    return carbon * 44 / 12
