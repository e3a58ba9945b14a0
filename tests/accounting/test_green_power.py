"""Green electricity: counting rules, deduplication across lists, problems with pointers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from zcf.accounting import green_power
from zcf.accounting.context import AccountingContext
from zcf.errors import RulesetError
from zcf.model.problem import Severity

from .conftest import PARAMS, cert

CERTS = "/energy/electricity/green_certificates"


def test_counted_claims(doc: dict[str, Any], ctx: AccountingContext) -> None:
    # trades: T1 300 MWh counted; T2 starts before the period. certificates: G-2 150 MWh;
    # G-1 (bundled with T1), G-3 (not retired), G-4 (2023-12, out of window), G-2 again: none.
    metric = green_power.green_electricity(doc, ctx)
    assert metric.value == Decimal(700)  # 250 on site + min(1 000, 300 + 150)
    share = green_power.renewable_share(doc, ctx)
    assert share.value == Decimal("0.56")  # 700 / 1 250
    assert share.unit == "1" and share.missing == ()


def test_double_counted_mwh(doc: dict[str, Any], ctx: AccountingContext) -> None:
    # G-1: 1 MWh already claimed through T1; G-2 repeated: 150 MWh
    assert green_power.double_counted(doc, ctx).value == Decimal(151)


def test_problems_name_both_pointers(doc: dict[str, Any], ctx: AccountingContext) -> None:
    problems = {(p.code, p.pointer): p for p in green_power.find_problems(doc, ctx)}
    assert set(problems) == {
        ("trade-outside-period", "/energy/electricity/green_power_trades/1/period_start"),
        ("gec-double-count", f"{CERTS}/0/serial"),
        ("gec-not-retired", f"{CERTS}/2/retired"),
        ("gec-out-of-window", f"{CERTS}/3/vintage"),
        ("gec-double-count", f"{CERTS}/4/serial"),
    }
    bundled = problems[("gec-double-count", f"{CERTS}/0/serial")]
    assert bundled.params["pointers"] == [
        "/energy/electricity/green_power_trades/0/gec_serials/0", f"{CERTS}/0/serial"]
    assert bundled.severity is Severity.ERROR
    assert bundled.message == (
        "Green certificate G-1 is claimed at /energy/electricity/green_power_trades/0/"
        "gec_serials/0 and again at /energy/electricity/green_certificates/0/serial; it is "
        "counted once (1 MWh not counted again). Remove the second claim.")
    assert problems[("gec-not-retired", f"{CERTS}/2/retired")].severity is Severity.WARNING


def test_duplicate_of_an_uncounted_certificate_is_only_a_warning(
        doc: dict[str, Any], ctx: AccountingContext) -> None:
    doc["energy"]["electricity"]["green_certificates"] = [cert("X", 5, "2025-01", False)] * 2
    (problem, *_) = [p for p in green_power.find_problems(doc, ctx)
                     if p.code == "gec-double-count"]
    assert problem.severity is Severity.WARNING
    assert green_power.double_counted(doc, ctx).value == 0


def test_trade_serial_repeated_in_another_trade(doc: dict[str, Any],
                                                ctx: AccountingContext) -> None:
    trades = doc["energy"]["electricity"]["green_power_trades"]
    trades[1].update(period_start="2025-07-01", period_end="2025-09-30", gec_serials=["G-1"])
    doc["energy"]["electricity"]["green_certificates"] = []
    # 300 + 100 − 1 MWh claimed twice through the bundled certificate
    assert green_power.green_electricity(doc, ctx).value == Decimal(250 + 399)
    assert green_power.double_counted(doc, ctx).value == Decimal(1)


def test_gec_also_retired_as_offset(doc: dict[str, Any], ctx: AccountingContext) -> None:
    doc["offsets"].append({"type": "GEC", "serial": "G-2", "amount": {"value": 1, "unit": "tCO2e"},
                           "vintage": 2025, "retired": True})
    codes = [(p.code, p.pointer) for p in green_power.find_problems(doc, ctx)]
    assert ("gec-double-count", "/offsets/5/serial") in codes


def test_instruments_are_capped_at_grid_purchases(doc: dict[str, Any],
                                                  ctx: AccountingContext) -> None:
    doc["energy"]["electricity"]["grid"] = [{"amount": {"value": 200, "unit": "MWh"}}]
    metric = green_power.green_electricity(doc, ctx)
    assert metric.value == Decimal(450)  # 250 + min(200, 450)
    assert "exceed grid purchases" in (metric.trace.note or "")
    assert green_power.renewable_share(doc, ctx).value == 1


@pytest.mark.parametrize(("months", "counted"), [(0, 150), (12, 150), (13, 170)])
def test_vintage_window(months: int, counted: int, doc: dict[str, Any]) -> None:
    ctx = AccountingContext(dt.date(2025, 12, 31), {**PARAMS, "gec_vintage_window_months": months})
    # G-4 is from 2023-12: inside a 13-month window starting 2023-12
    assert green_power.green_electricity(doc, ctx).value == Decimal(250 + 300 + counted)


def test_window_parameter_is_required_only_with_certificates(doc: dict[str, Any]) -> None:
    params = {k: v for k, v in PARAMS.items() if k != "gec_vintage_window_months"}
    ctx = AccountingContext(dt.date(2025, 12, 31), params)
    with pytest.raises(RulesetError, match="'gec_vintage_window_months' is needed"):
        green_power.green_electricity(doc, ctx)
    doc["energy"]["electricity"]["green_certificates"] = []
    assert green_power.green_electricity(doc, ctx).value == Decimal(550)


def test_absent_claims_are_none_but_absent_grid_is_missing(
        doc: dict[str, Any], ctx: AccountingContext) -> None:
    for key in ("green_power_trades", "green_certificates", "onsite_renewable"):
        del doc["energy"]["electricity"][key]
    assert green_power.renewable_share(doc, ctx).value == 0
    del doc["energy"]["electricity"]["grid"]
    metric = green_power.renewable_share(doc, ctx)
    assert metric.value is None and metric.missing == ("/energy/electricity/grid",)


def test_zero_consumption_leaves_the_share_undefined(ctx: AccountingContext) -> None:
    doc = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
           "energy": {"electricity": {"grid": []}}}
    metric = green_power.renewable_share(doc, ctx)
    assert metric.value is None and "undefined" in (metric.trace.note or "")


SERIALS = st.sampled_from(["A", "B", "C", "D"])


@given(certificates=st.lists(st.tuples(SERIALS, st.integers(1, 50)), max_size=12),
       bundles=st.lists(st.lists(SERIALS, max_size=3), max_size=3))
def test_no_serial_is_ever_counted_twice(certificates: list[tuple[str, int]],
                                         bundles: list[list[str]]) -> None:
    ctx = AccountingContext(dt.date(2025, 12, 31), PARAMS)
    trades = [{"contract_id": f"T{i}", "amount": {"value": 10, "unit": "MWh"},
               "period_start": "2025-01-01", "period_end": "2025-12-31", "gec_serials": serials}
              for i, serials in enumerate(bundles)]
    doc = {"period": {"start": "2025-01-01", "end": "2025-12-31"},
           "enterprise": {"uscc": "91320412MA1WXPQ12X"},
           "energy": {"electricity": {
               "grid": [{"amount": {"value": 10**6, "unit": "MWh"}}],
               "green_power_trades": trades,
               "green_certificates": [cert(s, mwh, "2025-06") for s, mwh in certificates]}}}
    in_trades = [s for serials in bundles for s in serials]
    first: dict[str, int] = {}
    for serial, mwh in certificates:
        first.setdefault(serial, mwh)
    # Each trade counts its MWh once; a serial seen again in a trade loses its 1 MWh; a
    # certificate counts only at its first appearance and only if no trade bundled it.
    expected_trades = 10 * len(bundles) - (len(in_trades) - len(set(in_trades)))
    expected_certs = sum(mwh for s, mwh in first.items() if s not in in_trades)
    assert green_power.green_electricity(doc, ctx).value == expected_trades + expected_certs
    total_claimed = 10 * len(bundles) + sum(mwh for _, mwh in certificates)
    double = green_power.double_counted(doc, ctx).value
    assert double == total_claimed - expected_trades - expected_certs
