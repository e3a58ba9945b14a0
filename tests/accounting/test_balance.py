"""Net emissions, offset ratio, carbon per energy."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zcf.accounting import balance
from zcf.accounting.context import AccountingContext

from .test_energy import EXPECTED as ENERGY
from .test_scope1 import DIESEL, GAS, OTHER

# gross = scope1 118.92977912 + scope2_market 477.08 = 596.00977912 tCO2e
GROSS = GAS + DIESEL + OTHER + Decimal("3.5") + Decimal("477.08")


def near(value: Decimal | None, expected: Decimal) -> bool:
    return value is not None and abs(value - expected) < Decimal("1e-20")


def test_net(doc: dict[str, Any], ctx: AccountingContext) -> None:
    metric = balance.net(doc, ctx)
    assert near(metric.value, GROSS - 300)  # 296.00977912
    assert metric.unit == "tCO2e" and metric.trace.formula == (
        "scope1 + scope2_market − offsets_eligible")
    # It cites the metrics it builds on instead of copying their inputs and factors.
    assert metric.trace.uses == ("scope1", "scope2_market", "offsets_eligible")
    assert metric.trace.inputs == () and metric.trace.factors == ()
    assert metric.provisional  # scope1's fuel oxidation rates are single-source


def test_cited_metrics_carry_the_inputs(doc: dict[str, Any], ctx: AccountingContext) -> None:
    from zcf.accounting import METRICS

    def reachable(name: str) -> set[str]:
        metric = METRICS[name](doc, ctx)
        found = {i.pointer for i in metric.trace.inputs}
        for used in metric.trace.uses:
            found |= reachable(used)
        return found

    assert {"/energy/fuels/0/amount", "/offsets/0/amount",
            "/energy/electricity/grid/1/amount"} <= reachable("net_emissions")


def test_a_provisional_component_makes_the_composite_provisional(
        doc: dict[str, Any], ctx: AccountingContext) -> None:
    from zcf.accounting import scope1
    assert scope1.fuel_combustion(doc, ctx).provisional
    assert scope1.direct(doc, ctx).trace.factors == ()
    assert scope1.direct(doc, ctx).provisional
    assert balance.carbon_per_energy(doc, ctx).provisional


def test_offset_ratio_and_carbon_per_energy(doc: dict[str, Any], ctx: AccountingContext) -> None:
    assert near(balance.offset_ratio(doc, ctx).value, 300 / GROSS)  # 0.50335
    assert near(balance.carbon_per_energy(doc, ctx).value, GROSS / ENERGY)  # 2.1679


def test_missing_offsets_block_the_net(doc: dict[str, Any], ctx: AccountingContext) -> None:
    del doc["offsets"]
    metric = balance.net(doc, ctx)
    assert metric.value is None and metric.missing == ("/offsets",)


def test_zero_emissions(ctx: AccountingContext) -> None:
    doc = {"period": {"start": "2025-01-01", "end": "2025-12-31"}, "process_emissions": [],
           "offsets": [], "energy": {"fuels": [], "purchased_heat": [],
                                     "electricity": {"grid": []}}}
    assert balance.net(doc, ctx).value == 0
    ratio = balance.offset_ratio(doc, ctx)
    assert ratio.value is None and "undefined" in (ratio.trace.note or "")
    assert balance.carbon_per_energy(doc, ctx).value is None
