"""Compute each accounting result once per submission, however many metrics build on it.

Metric functions call each other (net -> gross -> scope1 + scope2_market -> grid total ...):
without a memo, one evaluation summed the grid meter rows 20 times. An `AccountingContext`
carrying a `Memo` makes every `@memoised` metric function and `@memoised_part` trace helper
compute once; later calls get the same (immutable) result, and a helper's trace is replayed
into the caller's, so traces come out exactly as if everything had been computed afresh.

A `Memo` serves one evaluation: one submission under one parameter set. A `SharedMemo` may
serve several rulesets: each entry remembers which parameters (and parameter provenances) it
read, with their values, and is reused only where they are the same; a reuse reads them again,
so an enclosing computation still records everything it depends on
(`zcf.evaluate.metric_cache.MetricCache`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from zcf.accounting.tracing import Trace

if TYPE_CHECKING:
    from zcf.accounting.context import AccountingContext
    from zcf.model.trace import MetricValue

T = TypeVar("T")
Doc = Mapping[str, Any]

#: Recorded for a key that was looked up and not found (its absence is a dependency too).
_ABSENT = object()


class RecordingParams(Mapping[str, Any]):
    """A read-only view of a mapping that remembers which keys were read, and their values."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self._params = params
        self.read: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        try:
            value = self._params[key]
        except KeyError:
            self.read[key] = _ABSENT
            raise
        self.read[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        # Iterating reads everything: record it all so reuse stays correct.
        for key in self._params:
            self[key]
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)


def _same(a: Any, b: Any) -> bool:
    """Equal and written alike: 0.11 and 0.110 are equal Decimals, but traces show them apart."""
    if type(a) is not type(b):
        return False
    return a.as_tuple() == b.as_tuple() if isinstance(a, Decimal) else bool(a == b)


def _unchanged(read: Mapping[str, Any], current: Mapping[str, Any]) -> bool:
    # Reading through `current` (maybe itself a RecordingParams) records these reads there.
    return all(_same(current.get(key, _ABSENT), value) for key, value in read.items())


@dataclass
class Memo:
    """Accounting results of one evaluation: one submission, one as-of date, one parameter set."""

    #: (computation, as-of date) -> result
    results: dict[tuple[str, dt.date], Any] = field(default_factory=dict)
    #: the submission the results belong to; another document starts the memo afresh
    doc: Doc | None = field(default=None, repr=False)

    def compute(self, key: str, function: Callable[[Doc, AccountingContext], T], doc: Doc,
                ctx: AccountingContext) -> T:
        """`function(doc, ctx)`, computed on the first call only.

        Examples:
            >>> from zcf.accounting.context import AccountingContext
            >>> calls = []
            >>> def rows(doc, ctx):
            ...     calls.append(ctx.as_of)
            ...     return len(doc["grid"])
            >>> memo = Memo()
            >>> ctx = AccountingContext(dt.date(2025, 12, 31), memo=memo)
            >>> doc = {"grid": [1, 2, 3]}
            >>> memo.compute("rows", rows, doc, ctx), memo.compute("rows", rows, doc, ctx)
            (3, 3)
            >>> len(calls)
            1
        """
        if doc is not self.doc:
            self.doc = doc
            self.results.clear()
        slot = (key, ctx.as_of)
        if slot not in self.results:
            self.results[slot] = function(doc, ctx)
        return self.results[slot]  # type: ignore[no-any-return]


@dataclass
class _Entry:
    value: Any
    #: the parameters and parameter provenances the computation read, with their values
    params: Mapping[str, Any]
    provenance: Mapping[str, Any]


@dataclass
class SharedMemo(Memo):
    """Accounting results of one submission shared by several rulesets (parameter sets).

    Each result is kept with the parameters (and provenances) its computation read, and reused
    where they have the same values; a reuse reads them again, so that an enclosing computation
    records them as its own reads.
    """

    entries: dict[tuple[str, dt.date], list[_Entry]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def compute(self, key: str, function: Callable[[Doc, AccountingContext], T], doc: Doc,
                ctx: AccountingContext) -> T:
        """`function(doc, ctx)`, reused while the parameters it read are unchanged."""
        if doc is not self.doc:
            self.doc = doc
            self.entries.clear()
        found = self.entries.setdefault((key, ctx.as_of), [])
        for entry in found:
            if (_unchanged(entry.params, ctx.params)
                    and _unchanged(entry.provenance, ctx.param_provenance)):
                self.hits += 1
                return entry.value  # type: ignore[no-any-return]
        self.misses += 1
        params = RecordingParams(ctx.params)
        provenance = RecordingParams(ctx.param_provenance)
        value = function(doc, dataclasses.replace(ctx, params=params, param_provenance=provenance))
        found.append(_Entry(value, dict(params.read), dict(provenance.read)))
        return value


def _key(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def memoised(function: Callable[[Doc, AccountingContext], MetricValue]
             ) -> Callable[[Doc, AccountingContext], MetricValue]:
    """A metric function computed once per `ctx.memo` (every call, when there is none).

    Idempotent: a function that is already memoised is returned as it is.
    """
    if getattr(function, "memoised", False):
        return function
    key = _key(function)

    @functools.wraps(function)
    def metric(doc: Doc, ctx: AccountingContext) -> MetricValue:
        if ctx.memo is None:
            return function(doc, ctx)
        return ctx.memo.compute(key, function, doc, ctx)

    metric.memoised = True  # type: ignore[attr-defined]
    return metric


def memoised_part(helper: Callable[[Doc, AccountingContext, Trace], T]
                  ) -> Callable[[Doc, AccountingContext, Trace], T]:
    """A trace helper (doc, ctx, trace) -> value computed once per `ctx.memo`.

    The first call records into a trace of its own; every call then replays that trace into
    the caller's. Trace records are insert-if-absent, so the caller's trace is the same as if
    the helper had recorded into it directly.
    """
    key = _key(helper)

    def part(doc: Doc, ctx: AccountingContext) -> tuple[T, Trace]:
        own = Trace()
        return helper(doc, ctx, own), own

    @functools.wraps(helper)
    def shared(doc: Doc, ctx: AccountingContext, trace: Trace) -> T:
        if ctx.memo is None:
            return helper(doc, ctx, trace)
        value, own = ctx.memo.compute(key, part, doc, ctx)
        trace.replay(own)
        return value

    return shared
