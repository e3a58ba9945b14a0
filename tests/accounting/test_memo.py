"""Memoised accounting: each result computed once, and never reused where it would differ."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from zcf.accounting import METRICS, find_problems
from zcf.accounting.context import AccountingContext
from zcf.accounting.memo import Memo, RecordingParams, SharedMemo
from zcf.model.ruleset import Provenance

from .conftest import PARAMS

AS_OF = dt.date(2025, 12, 31)


def dumped(metric: Any) -> str:
    return metric.model_dump_json()  # exact: Decimal('1.0') and Decimal('1.00') differ here


def test_every_metric_equals_its_unmemoised_value(doc: dict[str, Any]) -> None:
    memoised = AccountingContext(AS_OF, dict(PARAMS), memo=Memo())
    afresh = AccountingContext(AS_OF, dict(PARAMS))
    for name in ("net_emissions", "offset_ratio", "carbon_per_energy", "scope2_location",
                 "scope2_market", "renewable_electricity_share", "intensity_declining_years",
                 "grid_electricity", "energy_total", "double_counted_mwh", "offsets_ineligible"):
        assert dumped(METRICS[name](doc, memoised)) == dumped(METRICS[name](doc, afresh)), name
    assert find_problems(doc, memoised) == find_problems(doc, afresh)


def test_a_memo_computes_each_result_once(doc: dict[str, Any]) -> None:
    memo = Memo()
    ctx = AccountingContext(AS_OF, dict(PARAMS), memo=memo)
    first = METRICS["net_emissions"](doc, ctx)
    computed = len(memo.results)
    assert METRICS["net_emissions"](doc, ctx) is first
    METRICS["scope1"](doc, ctx)  # already computed on the way to net_emissions
    assert len(memo.results) == computed


def test_a_memo_starts_afresh_for_another_document(doc: dict[str, Any]) -> None:
    ctx = AccountingContext(AS_OF, dict(PARAMS), memo=Memo())
    before = METRICS["grid_electricity"](doc, ctx).value
    other = {**doc, "energy": {**doc["energy"], "electricity": {"grid": []}}}
    assert METRICS["grid_electricity"](other, ctx).value == Decimal(0) != before


def test_a_shared_memo_reuses_only_where_the_parameters_read_agree(doc: dict[str, Any]) -> None:
    shared = SharedMemo()
    one = AccountingContext(AS_OF, dict(PARAMS), memo=shared)
    other = AccountingContext(AS_OF, {**PARAMS, "heat_emission_factor": Decimal("0.2")},
                              memo=shared)
    assert METRICS["scope2_heat"](doc, one).value != METRICS["scope2_heat"](doc, other).value
    # grid electricity reads no parameter: computed once for both rulesets
    assert METRICS["grid_electricity"](doc, one) is METRICS["grid_electricity"](doc, other)
    # net emissions reads the heat factor through scope2_market, computed inside it: the
    # nested reads count, so the second ruleset gets its own value
    for ctx in (one, other):
        afresh = dataclasses.replace(ctx, memo=None)
        assert dumped(METRICS["net_emissions"](doc, ctx)) == dumped(
            METRICS["net_emissions"](doc, afresh))


def test_a_shared_memo_tells_equal_decimals_written_differently_apart(doc: dict[str, Any]) -> None:
    shared = SharedMemo()
    for factor in (Decimal("0.11"), Decimal("0.110"), Decimal("0.11")):
        ctx = AccountingContext(AS_OF, {**PARAMS, "heat_emission_factor": factor}, memo=shared)
        afresh = dataclasses.replace(ctx, memo=None)
        assert dumped(METRICS["scope2_heat"](doc, ctx)) == dumped(METRICS["scope2_heat"](doc, afresh))
    assert shared.hits == 1


def test_a_shared_memo_tells_parameter_provenances_apart(doc: dict[str, Any]) -> None:
    shared = SharedMemo()
    declared = AccountingContext(AS_OF, dict(PARAMS),
                                 {"heat_emission_factor": Provenance.PUBLISHED}, memo=shared)
    undeclared = AccountingContext(AS_OF, dict(PARAMS), memo=shared)
    assert not METRICS["scope2_heat"](doc, declared).provisional
    assert METRICS["scope2_heat"](doc, undeclared).provisional


def test_a_hit_replays_its_reads_into_an_enclosing_recording(doc: dict[str, Any]) -> None:
    shared = SharedMemo()
    METRICS["scope2_market"](doc, AccountingContext(AS_OF, dict(PARAMS), memo=shared))
    recorder = RecordingParams(dict(PARAMS))
    METRICS["scope2_market"](doc, AccountingContext(AS_OF, recorder, memo=shared))
    assert "heat_emission_factor" in recorder.read


def test_recording_params_records_absent_keys_too() -> None:
    recorder = RecordingParams({"a": 1})
    assert recorder.get("b") is None and "a" in recorder
    assert set(recorder.read) == {"a", "b"}
