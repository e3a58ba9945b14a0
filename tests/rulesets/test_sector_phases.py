"""GEN-19's sector map (GB/T 4754-2017 prefixes of the 2027 and 2030 phases), read from the ruleset."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import zcf
from zcf.accounting.context import AccountingContext
from zcf.accounting.records import sector_phase_year
from zcf.evaluate.pipeline import parameters_as_of

AS_OF = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def ctx() -> AccountingContext:
    params = parameters_as_of(zcf.load_ruleset("zcf-cn-general"), AS_OF)
    return AccountingContext(as_of=AS_OF, params={k: params[k] for k in
                                                  ("phase_2027_sectors", "phase_2030_sectors")})


@pytest.mark.parametrize(("code", "phase"), [
    # machinery: metal products, general and special equipment, transport equipment, instruments
    ("C3311", 2027), ("C3441", 2027), ("C3511", 2027), ("C3731", 2027), ("C3763", 2027),
    ("C4011", 2027),
    # light industry, including the parts nested in 2030 divisions (longer prefix decides)
    ("C1391", 2027), ("C1512", 2027), ("C1921", 2027), ("C2221", 2027), ("C2411", 2027),
    ("C2682", 2027), ("C2927", 2027), ("C3054", 2027), ("C3055", 2027), ("C3074", 2027),
    ("C4111", 2027),
    # the 2030 divisions around them keep their phase
    ("C2612", 2030), ("C3011", 2030), ("C3061", 2030), ("C3071", 2030), ("C2911", 2030),
    # neither: tobacco, repair services, power generation
    ("C1610", 0), ("C4310", 0), ("D4411", 0),
])
def test_phase_of_industry_code(ctx: AccountingContext, code: str, phase: int) -> None:
    doc = {"enterprise": {"industry_code": code}}
    assert sector_phase_year(doc, ctx).value == Decimal(phase)
