"""What every accounting function receives besides the submission: the as-of date and parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.model.ruleset import Provenance
from engine.model.trace import MetricValue

ParameterValue = Decimal | bool | str | list[str]


@dataclass(frozen=True)
class AccountingContext:
    """The as-of date (selects dated factors) and the ruleset parameters in force on it."""

    as_of: dt.date
    params: Mapping[str, ParameterValue] = field(default_factory=dict)
    #: each parameter's provenance, so a factor taken from a parameter carries it into traces
    param_provenance: Mapping[str, Provenance] = field(default_factory=dict)


#: A vetted accounting function: validated submission document (Decimals) -> one metric.
MetricFunction = Callable[[Mapping[str, Any], AccountingContext], MetricValue]
