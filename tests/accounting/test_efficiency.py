"""Products whose unit energy exceeds their reference."""

from __future__ import annotations

from typing import Any

import pytest
from zcf.accounting import efficiency
from zcf.accounting.context import AccountingContext
from zcf.errors import UnitMismatchError


def test_count(doc: dict[str, Any], ctx: AccountingContext) -> None:
    metric = efficiency.items_over_reference(doc, ctx)
    assert metric.value == 1  # 0.96 > 0.95 kgce/kWh; 21.4 ≤ 25 kWh/kWh
    assert len(metric.trace.inputs) == 4


@pytest.mark.parametrize("value", [None, []], ids=["absent", "empty"])
def test_no_products_is_missing(value: Any, doc: dict[str, Any], ctx: AccountingContext) -> None:
    doc["efficiency"] = value
    assert efficiency.items_over_reference(doc, ctx).missing == ("/efficiency",)


def test_units_must_match(doc: dict[str, Any], ctx: AccountingContext) -> None:
    doc["efficiency"][0]["reference"]["unit"] = "kWh/pcs"
    with pytest.raises(UnitMismatchError, match="/efficiency/0/reference"):
        efficiency.items_over_reference(doc, ctx)
