"""Offsets: eligibility by retirement, type and vintage; repeated serials."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from zcf.accounting import offsets
from zcf.accounting.context import AccountingContext
from zcf.model.problem import Severity

from .conftest import PARAMS, credit


def test_eligible_and_ineligible(doc: dict[str, Any], ctx: AccountingContext) -> None:
    # C-1 300 eligible; C-2 100 (2019 < 2020), V-1 50 (VCU), C-3 20 (not retired); C-1 again
    assert offsets.eligible(doc, ctx).value == Decimal(300)
    assert offsets.ineligible(doc, ctx).value == Decimal(170 + 300)  # the repeated C-1 counts as ineligible
    assert not offsets.eligible(doc, ctx).provisional


def test_problems(doc: dict[str, Any], ctx: AccountingContext) -> None:
    found = {(p.code, p.pointer): p for p in offsets.find_problems(doc, ctx)}
    assert set(found) == {("offset-ineligible", "/offsets/1"), ("offset-ineligible", "/offsets/2"),
                          ("offset-ineligible", "/offsets/3"),
                          ("offset-double-count", "/offsets/4/serial")}
    double = found[("offset-double-count", "/offsets/4/serial")]
    assert double.severity is Severity.ERROR
    assert double.params["pointers"] == ["/offsets/0/serial", "/offsets/4/serial"]
    assert found[("offset-ineligible", "/offsets/1")].params["reason"] == (
        "vintage 2019 is older than 2020")


@pytest.mark.parametrize(("types", "eligible"), [(["CCER", "VCU"], 350), ([], 0)])
def test_accepted_types_are_a_parameter(types: list[str], eligible: int,
                                        doc: dict[str, Any]) -> None:
    ctx = AccountingContext(dt.date(2025, 12, 31), {**PARAMS, "offset_eligible_types": types})
    assert offsets.eligible(doc, ctx).value == Decimal(eligible)


def test_absent_is_missing_and_empty_is_zero(doc: dict[str, Any], ctx: AccountingContext) -> None:
    doc["offsets"] = []
    assert offsets.eligible(doc, ctx).value == 0
    # without credits the parameters are not needed
    bare = AccountingContext(dt.date(2025, 12, 31), {})
    assert offsets.ineligible(doc, bare).value == 0
    del doc["offsets"]
    metric = offsets.eligible(doc, ctx)
    assert metric.value is None and metric.missing == ("/offsets",)


def test_vintage_boundary(ctx: AccountingContext) -> None:
    doc = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
           "offsets": [credit("A", 1, 2020), credit("B", 2, 2019)]}
    assert offsets.eligible(doc, ctx).value == 1  # 2025 − 5 = 2020 still counts
