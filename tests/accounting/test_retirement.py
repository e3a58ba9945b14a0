"""Retirement date, beneficiary and vintage of certificates and credits (issue 9 items 3, 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from zcf.accounting import green_power, offsets
from zcf.accounting.context import AccountingContext

from .conftest import PARAMS, cert, credit

# The small submission's period is 2025; its grid purchases are 1 000 MWh, so one certificate
# batch of 100 MWh alone is always counted in full when it is valid.


def only_certificate(doc: dict[str, Any], **change: Any) -> dict[str, Any]:
    row = cert("G-9", 100, "2025-06")
    row.update(change)
    electricity = doc["energy"]["electricity"]
    electricity.update(green_power_trades=[], onsite_renewable=[], green_certificates=[row])
    return doc


@pytest.mark.parametrize(("retired_on", "counted"), [
    ("2024-12-31", 0),  # before the period: it backed an earlier claim
    ("2025-01-01", 100),
    ("2026-03-31", 100),  # the last day of the 3-month window after the period
    ("2026-04-01", 0),
])
def test_certificate_retirement_window(retired_on: str, counted: int, doc: dict[str, Any],
                                       ctx: AccountingContext) -> None:
    only_certificate(doc, retired_on=retired_on)
    assert green_power.green_electricity(doc, ctx).value == counted
    assert green_power.unbacked(doc, ctx).value == 100 - counted
    if not counted:
        (problem,) = green_power.find_problems(doc, ctx)
        assert (problem.code, problem.pointer) == (
            "gec-retired-outside-window", "/energy/electricity/green_certificates/0/retired_on")
        assert problem.params["window"] == ["2025-01-01", "2026-03-31"]


def test_the_window_is_the_rulesets_parameter(doc: dict[str, Any]) -> None:
    only_certificate(doc, retired_on="2026-01-15")
    strict = AccountingContext(dt.date(2025, 12, 31),
                               {**PARAMS, "gec_retirement_grace_months": Decimal(0)})
    assert green_power.green_electricity(doc, strict).value == 0


@pytest.mark.parametrize(("beneficiary", "counted"), [
    ("91320412MA1WXPQ12X", 100),  # the enterprise's USCC
    ("示例", 100),  # its registered name
    ("91110000100000000X", 0),  # someone else's code
    ("另一家公司", 0),
])
def test_certificate_beneficiary(beneficiary: str, counted: int, doc: dict[str, Any],
                                 ctx: AccountingContext) -> None:
    only_certificate(doc, beneficiary=beneficiary)
    assert green_power.green_electricity(doc, ctx).value == counted
    if not counted:
        assert [p.code for p in green_power.find_problems(doc, ctx)] == [
            "gec-beneficiary-mismatch"]


def test_an_undated_retirement_does_not_count(doc: dict[str, Any],
                                              ctx: AccountingContext) -> None:
    only_certificate(doc)["energy"]["electricity"]["green_certificates"][0].pop("retired_on")
    assert green_power.green_electricity(doc, ctx).value == 0


def only_credit(doc: dict[str, Any], **change: Any) -> dict[str, Any]:
    row = credit("C-9", 100, 2024)
    row.update(change)
    doc["offsets"] = [row]
    return doc


@pytest.mark.parametrize(("vintage", "eligible"), [
    (2020, 100), (2025, 100),  # the reporting year itself
    (2026, 0), (2027, 0),  # reductions that have not happened in the period
])
def test_credit_vintage_is_not_after_the_period(vintage: int, eligible: int,
                                                doc: dict[str, Any],
                                                ctx: AccountingContext) -> None:
    only_credit(doc, vintage=vintage)
    assert offsets.eligible(doc, ctx).value == eligible
    if not eligible:
        (problem,) = offsets.find_problems(doc, ctx)
        assert "after the reporting period" in problem.params["reason"]


@pytest.mark.parametrize(("retired_on", "eligible"), [
    ("2024-12-31", 0), ("2025-01-01", 100),
    ("2026-12-31", 100),  # 12 months after the period's end
    ("2027-01-01", 0),
])
def test_credit_retirement_window(retired_on: str, eligible: int, doc: dict[str, Any],
                                  ctx: AccountingContext) -> None:
    only_credit(doc, retired_on=retired_on)
    assert offsets.eligible(doc, ctx).value == eligible
    assert offsets.ineligible(doc, ctx).value == 100 - eligible
