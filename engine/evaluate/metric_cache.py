"""Share accounting results between rulesets evaluated on one submission (multi-scheme runs).

An accounting function's result depends on the document, the as-of date and the parameters it
reads. The cache records which parameters each call read, and reuses the result for another
ruleset only when those parameters have the same values there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.accounting.context import AccountingContext, MetricFunction
from engine.model.trace import MetricValue


class _RecordingParams(Mapping[str, Any]):
    """A read-only view of the parameters that remembers which keys were read."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self._params = params
        self.read: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        value = self._params[key]
        self.read[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        found = key in self._params
        if found and isinstance(key, str):
            self.read[key] = self._params[key]
        return found

    def __iter__(self) -> Iterator[str]:
        # Iterating reads everything: record it all so the cache stays correct.
        self.read.update(self._params)
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)


@dataclass
class MetricCache:
    """Per-submission store of accounting results, keyed by function and what it read."""

    entries: dict[tuple[str, dt.date], list[tuple[dict[str, Any], MetricValue]]] = field(
        default_factory=dict)
    hits: int = 0
    misses: int = 0

    def compute(self, name: str, function: MetricFunction, doc: Mapping[str, Any],
                ctx: AccountingContext) -> MetricValue:
        key = (name, ctx.as_of)
        for read, value in self.entries.get(key, ()):
            if all(k in ctx.params and ctx.params[k] == v for k, v in read.items()):
                self.hits += 1
                return value
        recorder = _RecordingParams(ctx.params)
        value = function(doc, AccountingContext(as_of=ctx.as_of, params=recorder,
                                                     param_provenance=ctx.param_provenance))
        self.entries.setdefault(key, []).append((dict(recorder.read), value))
        self.misses += 1
        return value
