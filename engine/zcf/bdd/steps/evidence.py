"""zh-CN steps about evidence: repeated rows, retirement dates and beneficiaries, certificates of
on-site generation, the basis of history, a verified inventory (issue 9 items 1-4, 7, 12).

A repeated piece of evidence is refused before any clause is decided: `当 向规则集 "..." 提交该申报`
evaluates like `当 按规则集 "..." 评估` but keeps the refusal (`SubmissionInvalidError`) for the
`申报被退回` steps instead of raising it.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

from pytest_bdd import given, parsers, then, when
from zcf.accounting.rounding import round_half_even
from zcf.bdd.steps.common import (
    DATE,
    NUMBER,
    FactoryCase,
    metric,
    number,
    quantity,
    ruleset_in_force,
)
from zcf.errors import ScenarioSetupError, SubmissionInvalidError
from zcf.model.problem import Severity
from zcf.model.result import EvaluationResult

# =============================================================================================
# Evidence listed twice (item 1)
# =============================================================================================


def _trades(zcf_case: FactoryCase) -> list[dict[str, Any]]:
    trades = zcf_case.electricity.get("green_power_trades") or []
    if not trades:
        raise ScenarioSetupError("the factory has no green-power trade")
    return trades


@given("同一份绿电交易合同被原样申报两次")
def trade_twice(zcf_case: FactoryCase) -> None:
    trades = _trades(zcf_case)
    trades.append(copy.deepcopy(trades[0]))


@given("同一份绿电交易合同中某个月的交割电量又被单独申报一次")
def trade_month_again(zcf_case: FactoryCase) -> None:
    trades = _trades(zcf_case)
    month = copy.deepcopy(trades[0])
    start = dt.date.fromisoformat(month["period_start"])
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    month.update(period_end=str(end), amount=quantity(Decimal(100), "MWh"))
    trades.append(month)


@given("同一份绿电交易合同按互不重叠的交割期分两行申报")
def trade_split(zcf_case: FactoryCase) -> None:
    trades = _trades(zcf_case)
    first = trades[0]
    start = dt.date.fromisoformat(first["period_start"])
    end = dt.date.fromisoformat(first["period_end"])
    middle = start + (end - start) / 2
    total = Decimal(str(first["amount"]["value"]))
    half = round_half_even(total / 2, 0)
    second = copy.deepcopy(first)
    second.update(period_start=str(middle + dt.timedelta(days=1)),
                  amount=quantity(total - half, first["amount"]["unit"]))
    first.update(period_end=str(middle), amount=quantity(half, first["amount"]["unit"]))
    serials = first.pop("gec_serials", [])  # each bundled certificate stays with one row
    if serials:
        first["gec_serials"], second["gec_serials"] = serials[:1], serials[1:]
    trades.insert(1, second)


@given("厂内同一块发电计量表被申报两次")
def onsite_meter_twice(zcf_case: FactoryCase) -> None:
    rows = zcf_case.electricity.get("onsite_renewable") or []
    if not rows:
        raise ScenarioSetupError("the factory has no on-site generation")
    rows[0]["meter_id"] = "PV-METER-01"
    rows.append(copy.deepcopy(rows[0]))


@when(parsers.parse('向规则集 "{ruleset_id}" 提交该申报'), target_fixture="zcf_refusal")
def submit(zcf_case: FactoryCase, backend: str, ruleset_id: str) -> SubmissionInvalidError | None:
    compiled = ruleset_in_force(ruleset_id, zcf_case.as_of)
    try:
        zcf_case.evaluate(compiled, backend)
    except SubmissionInvalidError as err:
        return err
    return None


def _errors(zcf_refusal: SubmissionInvalidError | None) -> list[Any]:
    assert zcf_refusal is not None, "the submission was accepted"
    assert zcf_refusal.exit_code == 3
    return [p for p in zcf_refusal.problems if p.severity is Severity.ERROR]


@then(parsers.parse('申报被退回，问题为 "{code}"'))
def refused_for(zcf_refusal: SubmissionInvalidError | None, code: str) -> None:
    found = [p.code for p in _errors(zcf_refusal)]
    assert code in found, f"refused for {found}"


@then(parsers.parse('退回理由同时指出 "{first}" 和 "{again}"'))
def refusal_names_both(zcf_refusal: SubmissionInvalidError | None, first: str,
                       again: str) -> None:
    pointers = [p.params.get("pointers") for p in _errors(zcf_refusal)]
    assert [first, again] in pointers, f"pointers named: {pointers}"


@then("申报被受理")
def accepted(zcf_refusal: SubmissionInvalidError | None) -> None:
    assert zcf_refusal is None, f"refused: {[p.message for p in zcf_refusal.problems]}"

# =============================================================================================
# Retirement dates and beneficiaries (items 3, 4)
# =============================================================================================


@given(parsers.re(rf"绿证的注销日期为 (?P<day>{DATE})$"))
def certificate_retired_on(zcf_case: FactoryCase, day: str) -> None:
    for cert in zcf_case.electricity.get("green_certificates", []):
        cert["retired_on"] = day


BENEFICIARY_WORDS = {"本企业的统一社会信用代码": "uscc", "本企业的登记名称": "name"}


@given(parsers.re(r"绿证的使用主体为(?P<who>.+)$"))
def certificate_beneficiary(zcf_case: FactoryCase, who: str) -> None:
    key = BENEFICIARY_WORDS.get(who)
    value = zcf_case.submission["enterprise"][key] if key else who
    for cert in zcf_case.electricity.get("green_certificates", []):
        cert["beneficiary"] = value


@given(parsers.re(rf"抵销所用碳信用的注销日期为 (?P<day>{DATE})$"))
def credit_retired_on(zcf_case: FactoryCase, day: str) -> None:
    for credit in zcf_case.submission.get("offsets", []):
        credit["retired_on"] = day


# =============================================================================================
# Certificates of on-site generation (item 2)
# =============================================================================================


@given(parsers.re(r"厂内光伏发电核发绿证 (?P<issued>\d+) 张，其中出售 (?P<sold>\d+) 张、"
                  r"为自身消费核销 (?P<own>\d+) 张$"),
       converters={"issued": int, "sold": int, "own": int})
def onsite_certificates(zcf_case: FactoryCase, issued: int, sold: int, own: int) -> None:
    rows = zcf_case.electricity.get("onsite_renewable") or []
    if len(rows) != 1:
        raise ScenarioSetupError("say first: 工厂厂内光伏发电自发自用 N MWh")
    rows[0].update(gec_issued=issued, gec_sold=sold, gec_retired_own=own)


@then(parsers.re(rf"基于市场的范围二按剩余排放因子计价的电量为 (?P<mwh>{NUMBER}) MWh$"),
      converters={"mwh": number})
def residual_priced(zcf_result: EvaluationResult, mwh: Decimal) -> None:
    market = zcf_result.metrics["scope2_market"]
    (factor,) = [f for f in market.trace.factors if f.name.endswith(".residual")]
    priced = (metric(zcf_result, "scope2_market") - metric(zcf_result, "scope2_heat")) / factor.value
    assert priced == mwh, f"{priced} MWh priced at the residual factor {factor.value}"



__all__ = [name for name in dir() if name.startswith("pytestbdd_")]
