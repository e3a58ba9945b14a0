"""What every accounting function receives besides the submission: the as-of date and parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from zcf.model.ruleset import Provenance
from zcf.model.trace import MetricValue

if TYPE_CHECKING:
    from zcf.accounting.memo import Memo

ParameterValue = Decimal | bool | str | list[str]


@dataclass(frozen=True)
class AccountingContext:
    """The as-of date (selects dated factors) and the ruleset parameters in force on it."""

    as_of: dt.date
    params: Mapping[str, ParameterValue] = field(default_factory=dict)
    #: each parameter's provenance, so a factor taken from a parameter carries it into traces
    param_provenance: Mapping[str, Provenance] = field(default_factory=dict)
    #: results already computed for this submission (`zcf.accounting.memo`); None computes
    #: every metric afresh on every call
    memo: Memo | None = field(default=None, compare=False, repr=False)


#: A vetted accounting function: validated submission document (Decimals) -> one metric.
MetricFunction = Callable[[Mapping[str, Any], AccountingContext], MetricValue]
