"""Grid and total electricity."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zcf.accounting import electricity
from zcf.accounting.context import AccountingContext


def test_grid_and_total(doc: dict[str, Any], ctx: AccountingContext) -> None:
    grid = electricity.grid_electricity(doc, ctx)
    assert grid.value == Decimal(1000) and grid.unit == "MWh"  # 600 000 kWh + 0.4 GWh
    assert [i.unit for i in grid.trace.inputs] == ["kWh", "GWh"]
    assert electricity.electricity_total(doc, ctx).value == Decimal(1250)  # + 250 on site


def test_absent_grid_is_missing_but_absent_onsite_is_none(doc: dict[str, Any],
                                                          ctx: AccountingContext) -> None:
    del doc["energy"]["electricity"]["onsite_renewable"]
    total = electricity.electricity_total(doc, ctx)
    assert total.value == Decimal(1000)
    assert "no on-site renewable generation declared" in (total.trace.note or "")
    del doc["energy"]["electricity"]["grid"]
    total = electricity.electricity_total(doc, ctx)
    assert total.value is None and total.missing == ("/energy/electricity/grid",)


def test_onsite_row_without_self_consumption_is_missing(doc: dict[str, Any],
                                                        ctx: AccountingContext) -> None:
    del doc["energy"]["electricity"]["onsite_renewable"][0]["self_consumed"]
    total = electricity.electricity_total(doc, ctx)
    assert total.missing == ("/energy/electricity/onsite_renewable/0/self_consumed",)
