"""The shared zh-CN steps of the Gherkin features (`zcf test`, the repository's `tests/bdd*`).

The steps speak of the factory, its boundary, electricity, certificates, credits and records,
never of JSON: each `假如` step edits a deep copy of an example submission held by the
`zcf_case` fixture, `当 按规则集 "..." 评估` evaluates it through the public API
(`engine.load_ruleset` + `evaluate_document`, on the backend of the `backend` fixture), and the
`那么` steps read the `EvaluationResult`. JSON pointers appear only in `需补充的数据包括`, where
the pointer is what the enterprise is told to supply.

Some premises are targets on computed quantities ("可再生电力占比为 30%", "净排放为 0 吨",
"排放总量为 10000 吨"). They cannot be written into the document before every other premise
is known, so they are deferred: the evaluate step applies them in the order they were written,
each measuring the document as it stands through the same public API (compiled backend, whose
metrics both backends share), and then checks that the target was met exactly.

Status words (fixed: `zcf ruleset check` parses them from the features):
符合 pass, 不符合 fail, 不适用 not_applicable, 待补充 indeterminate, 人工评审 manual_review.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from zcf.bdd.plugin import SETTINGS
from zcf.errors import ScenarioSetupError
from zcf.evaluate.pipeline import evaluate_document
from zcf.model.result import ClauseResult, ClauseStatus, EvaluationResult
from zcf.rulesets.compiler import CompiledRuleset
from zcf.rulesets.installed import load_ruleset
from zcf.submission.reading import read_submission

DEFAULT_AS_OF = dt.date(2026, 3, 31)

#: The status words of the features, fixed by the clause-coverage convention.
STATUS_WORDS: dict[str, ClauseStatus] = {
    "符合": ClauseStatus.PASS,
    "不符合": ClauseStatus.FAIL,
    "不适用": ClauseStatus.NOT_APPLICABLE,
    "待补充": ClauseStatus.INDETERMINATE,
    "人工评审": ClauseStatus.MANUAL_REVIEW,
}
WORD_OF_STATUS = {status: word for word, status in STATUS_WORDS.items()}

GRADE_WORDS = {"零碳工厂": "zero-carbon", "近零碳工厂": "near-zero-carbon"}

#: Accounting methods as an expert names them -> the submission's codes.
METHOD_WORDS = {
    "GB/T 32150": "GB/T 32150",
    "GB/T 32151": "GB/T 32151",
    "ISO 14064-1": "ISO 14064-1",
    "碳市场核算与报告指南": "MEE-ETS-guideline",
    "其他方法": "other",
}
#: Efficiency reference kinds (GB energy-consumption limit standards, 2023 benchmark list).
REFERENCE_WORDS = {
    "能效标杆水平": "benchmark",
    "能耗限额标准先进值": "advanced",
    "能耗限额标准限定值": "limit",
}
#: Credit types; codes not listed are written as they are (CCER, CER, VCU, GS-VER, I-REC, CEA).
CREDIT_WORDS = {"绿证": "GEC", "全国碳排放配额": "CEA", "其他碳信用": "other"}
FOOTPRINT_WORDS = {"其他方法": "other"}
CLAIM_WORDS = {"其他标准": "other"}

NUMBER = r"-?\d+(?:\.\d+)?%?"
DATE = r"\d{4}-\d{2}-\d{2}"


def number(text: str) -> Decimal:
    """A decimal from a step: `0.30`, `30%` (= 0.30), `-50`."""
    text = text.strip()
    if text.endswith("%"):
        return Decimal(text[:-1]) / 100
    return Decimal(text)


def decimal_text(value: Decimal) -> str:
    """A decimal string the submission schema accepts (no exponent, no sign for zero)."""
    text = format(value, "f")
    return "0" if Decimal(text) == 0 else text


def quantity(value: Decimal | int | str, unit: str) -> dict[str, str]:
    return {"value": decimal_text(Decimal(value)), "unit": unit}


def metric(result: EvaluationResult, name: str) -> Decimal:
    value = result.metrics[name].value
    if value is None:
        missing = ", ".join(result.metrics[name].missing) or "?"
        raise ScenarioSetupError(f"metric {name} cannot be computed (missing {missing})")
    return Decimal(value)


Adjustment = Callable[["FactoryCase", Callable[[], EvaluationResult]], None]


@dataclass
class FactoryCase:
    """The factory of one scenario: its submission, the evaluation date and deferred targets."""

    doc: dict[str, Any] | None = None
    ruleset_hint: str | None = None
    as_of: dt.date = DEFAULT_AS_OF
    #: parameters a tailored evaluation scheme overrides (name -> value)
    overrides: dict[str, Any] = field(default_factory=dict)
    adjustments: list[tuple[str, Adjustment]] = field(default_factory=list)
    #: the clause of the last status assertion (for 该结论... steps)
    clause: str | None = None

    # -- document access -------------------------------------------------------------------
    @property
    def submission(self) -> dict[str, Any]:
        if self.doc is None:
            raise ScenarioSetupError('start the scenario with 假如 一家按示例 "..." 申报的工厂')
        return self.doc

    def section(self, *path: str) -> dict[str, Any]:
        node = self.submission
        for key in path:
            node = node.setdefault(key, {})
        return node

    @property
    def electricity(self) -> dict[str, Any]:
        return self.section("energy", "electricity")

    @property
    def period_end(self) -> dt.date:
        return dt.date.fromisoformat(str(self.submission["period"]["end"]))

    @property
    def period_start(self) -> dt.date:
        return dt.date.fromisoformat(str(self.submission["period"]["start"]))

    def defer(self, what: str, adjustment: Adjustment) -> None:
        self.adjustments.append((what, adjustment))

    # -- evaluation ------------------------------------------------------------------------
    def evaluate(self, compiled: CompiledRuleset, backend: str) -> EvaluationResult:
        def measure() -> EvaluationResult:
            return evaluate_document(compiled, self.submission, as_of=self.as_of,
                                     backend="compiled")

        for what, adjustment in self.adjustments:
            try:
                adjustment(self, measure)
            except ScenarioSetupError as err:
                raise ScenarioSetupError(f"premise {what!r}: {err}") from err
        self.adjustments.clear()
        result = evaluate_document(compiled, self.submission, as_of=self.as_of, backend=backend)
        assert result.backend == backend, f"evaluated on {result.backend}, not {backend}"
        return result


@pytest.fixture
def zcf_case() -> FactoryCase:
    """The scenario's factory; `假如 一家按示例 ... 申报的工厂` fills it."""
    return FactoryCase()


def _ruleset_of_item(request: pytest.FixtureRequest) -> str | None:
    """The ruleset id named by the feature's `@ruleset_*` tag (dashes written as `_`)."""
    folders = {p.name.replace("-", "_"): p.name
               for root in SETTINGS.examples if root.is_dir() for p in root.iterdir() if p.is_dir()}
    for mark in request.node.iter_markers():
        if mark.name.startswith("ruleset_"):
            return folders.get(mark.name.removeprefix("ruleset_"))
    return None


def _example_file(name: str, ruleset: str | None) -> Path:
    """The example `name`: the ruleset's own first, then the only one of that name anywhere."""
    if ruleset is not None:
        for root in SETTINGS.examples:
            path = root / ruleset / f"{name}.json"
            if path.is_file():
                return path
    for root in SETTINGS.examples:
        found = sorted(root.glob(f"*/{name}.json"))
        if len(found) == 1:
            return found[0]
        if found:
            raise ScenarioSetupError(f"example {name!r}: found {[str(p) for p in found]}; tag the "
                                     "feature with @ruleset_<id> to say which ruleset's example")
    roots = ", ".join(str(r) for r in SETTINGS.examples)
    raise ScenarioSetupError(f"example {name!r}: no {name}.json under {roots}")


# =============================================================================================
# The factory and its period
# =============================================================================================

@given(parsers.parse('一家按示例 "{example}" 申报的工厂'))
def factory_from_example(zcf_case: FactoryCase, request: pytest.FixtureRequest,
                         example: str) -> None:
    zcf_case.ruleset_hint = _ruleset_of_item(request)
    path = _example_file(example, zcf_case.ruleset_hint)
    zcf_case.doc = copy.deepcopy(read_submission(path.read_bytes(), source_name=str(path)))


@given(parsers.re(rf"评估日期为 (?P<day>{DATE})$"))
def as_of_date(zcf_case: FactoryCase, day: str) -> None:
    zcf_case.as_of = dt.date.fromisoformat(day)


@given(parsers.re(rf"核算期为 (?P<start>{DATE}) 至 (?P<end>{DATE})$"))
def reporting_period(zcf_case: FactoryCase, start: str, end: str) -> None:
    zcf_case.submission["period"] = {"start": start, "end": end}


# =============================================================================================
# 4.1 Accounting: boundary, scopes, method
# =============================================================================================

@given("工厂未写明厂区边界对应的法人主体")
def no_legal_entity(zcf_case: FactoryCase) -> None:
    zcf_case.section("boundary").pop("legal_entity", None)


@given("工厂未填写厂区地址")
def no_site_address(zcf_case: FactoryCase) -> None:
    zcf_case.section("boundary").pop("site_address", None)


@given("工厂未说明厂区边界范围")
def no_boundary_description(zcf_case: FactoryCase) -> None:
    zcf_case.section("boundary").pop("description", None)


@given("工厂未申报外购热力情况")
def heat_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.section("energy").pop("purchased_heat", None)


@given("工厂未外购热力")
def no_heat(zcf_case: FactoryCase) -> None:
    zcf_case.section("energy")["purchased_heat"] = []


@given("工厂未申报工业过程排放情况")
def process_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.submission.pop("process_emissions", None)


@given("工厂没有工业过程排放")
def no_process(zcf_case: FactoryCase) -> None:
    zcf_case.submission["process_emissions"] = []


@given("工厂未申报化石燃料消费情况")
def fuels_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.section("energy").pop("fuels", None)


@given("工厂不使用化石燃料")
def no_fuels(zcf_case: FactoryCase) -> None:
    zcf_case.section("energy")["fuels"] = []


def _add_unlisted_fuel(zcf_case: FactoryCase, tonnes: Decimal, **measured: Any) -> None:
    fuels = zcf_case.section("energy").setdefault("fuels", [])
    fuels.append({"fuel": "other", "amount": quantity(tonnes, "t"), "use": "工艺副产燃料", **measured})


@given(parsers.re(rf"工厂还消耗了 (?P<tonnes>{NUMBER}) 吨未列入缺省参数表的燃料，"
                  r"且未提供实测的低位发热量、单位热值含碳量和碳氧化率$"),
       converters={"tonnes": number})
def unlisted_fuel_unmeasured(zcf_case: FactoryCase, tonnes: Decimal) -> None:
    _add_unlisted_fuel(zcf_case, tonnes)


@given(parsers.re(rf"工厂还消耗了 (?P<tonnes>{NUMBER}) 吨未列入缺省参数表的燃料，"
                  rf"并提供了实测低位发热量 (?P<ncv>{NUMBER}) GJ/t、"
                  rf"单位热值含碳量 (?P<cc>{NUMBER}) tC/TJ 和碳氧化率 (?P<of>{NUMBER})$"),
       converters={"tonnes": number, "ncv": number, "cc": number, "of": number})
def unlisted_fuel_measured(zcf_case: FactoryCase, tonnes: Decimal, ncv: Decimal, cc: Decimal,
                           of: Decimal) -> None:
    _add_unlisted_fuel(zcf_case, tonnes, ncv=quantity(ncv, "GJ/t"),
                       carbon_content=quantity(cc, "tC/TJ"), oxidation=quantity(of, "1"))


@given(parsers.parse('工厂采用的核算方法为 "{method}"'))
def accounting_method(zcf_case: FactoryCase, method: str) -> None:
    if method not in METHOD_WORDS:
        raise ScenarioSetupError(f"unknown method {method!r}; use one of {list(METHOD_WORDS)}")
    zcf_case.section("accounting")["method"] = METHOD_WORDS[method]


@given("工厂未说明所采用的核算方法")
def method_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.section("accounting").pop("method", None)


@given("工厂未纳入全国碳市场")
def not_in_ets(zcf_case: FactoryCase) -> None:
    zcf_case.section("enterprise")["ets_covered"] = False


@given("工厂已纳入全国碳市场")
def in_ets(zcf_case: FactoryCase) -> None:
    zcf_case.section("enterprise")["ets_covered"] = True


@given("工厂未说明是否纳入全国碳市场")
def ets_coverage_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.section("enterprise").pop("ets_covered", None)


# =============================================================================================
# 4.1.4 / 4.2 Electricity, green power and certificates
# =============================================================================================

@given(parsers.re(rf"工厂外购电网电量为 (?P<mwh>{NUMBER}) MWh$"), converters={"mwh": number})
def grid_purchases(zcf_case: FactoryCase, mwh: Decimal) -> None:
    zcf_case.electricity["grid"] = [{"meter_id": "关口表-01", "amount": quantity(mwh, "MWh")}]


@given("工厂未外购电网电力")
def no_grid(zcf_case: FactoryCase) -> None:
    zcf_case.electricity["grid"] = []


@given("工厂未申报外购电网电量")
def grid_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.electricity.pop("grid", None)


@given("工厂没有厂内可再生能源发电")
def no_onsite(zcf_case: FactoryCase) -> None:
    zcf_case.electricity["onsite_renewable"] = []


@given(parsers.re(rf"工厂厂内光伏发电自发自用 (?P<mwh>{NUMBER}) MWh$"), converters={"mwh": number})
def onsite_pv(zcf_case: FactoryCase, mwh: Decimal) -> None:
    zcf_case.electricity["onsite_renewable"] = [
        {"source": "pv", "generated": quantity(mwh, "MWh"), "self_consumed": quantity(mwh, "MWh")}]


@given("工厂没有绿电交易")
def no_trades(zcf_case: FactoryCase) -> None:
    zcf_case.electricity["green_power_trades"] = []


@given("工厂未核销绿证")
def no_certificates(zcf_case: FactoryCase) -> None:
    zcf_case.electricity["green_certificates"] = []


@given("工厂未申报任何绿色电力")
def no_green_power(zcf_case: FactoryCase) -> None:
    for key in ("onsite_renewable", "green_power_trades", "green_certificates"):
        zcf_case.electricity[key] = []


def _certificate_batch(zcf_case: FactoryCase, mwh: Decimal, serial: str) -> dict[str, Any]:
    """One retired batch of GECs (1 GEC = 1 MWh) generated in the period's first month."""
    start = zcf_case.period_start
    return {"serial": serial, "amount": quantity(mwh, "MWh"), "vintage": f"{start:%Y-%m}",
            "retired": True, "retired_on": f"{zcf_case.period_end + dt.timedelta(days=15)}",
            "beneficiary": zcf_case.submission["enterprise"]["name"]}


@given(parsers.re(r"工厂核销的绿证共 (?P<count>\d+) 张$"), converters={"count": int})
def certificates_retired(zcf_case: FactoryCase, count: int) -> None:
    zcf_case.electricity["green_certificates"] = (
        [_certificate_batch(zcf_case, Decimal(count), "GEC-BATCH-0001")] if count else [])


@given(parsers.re(r"绿证的生产年月为 (?P<month>\d{4}-\d{2})$"))
def certificate_vintage(zcf_case: FactoryCase, month: str) -> None:
    for cert in zcf_case.electricity.get("green_certificates", []):
        cert["vintage"] = month


@given("绿证尚未注销")
def certificates_not_retired(zcf_case: FactoryCase) -> None:
    for cert in zcf_case.electricity.get("green_certificates", []):
        cert["retired"] = False
        cert.pop("retired_on", None)


@given("同一张绿证被申报两次")
def certificate_twice(zcf_case: FactoryCase) -> None:
    certs = zcf_case.electricity.get("green_certificates") or []
    if not certs:
        raise ScenarioSetupError("the factory has no green certificate to repeat")
    certs.append(copy.deepcopy(certs[0]))


@given("绿电交易捆绑的绿证又被单独申报为绿证")
def bundled_certificate_again(zcf_case: FactoryCase) -> None:
    trades = [t for t in zcf_case.electricity.get("green_power_trades", []) if t.get("gec_serials")]
    if not trades:
        raise ScenarioSetupError("the factory has no green-power trade with bundled certificates")
    certs = zcf_case.electricity.setdefault("green_certificates", [])
    certs.append(_certificate_batch(zcf_case, Decimal(1), trades[0]["gec_serials"][0]))


@given(parsers.re(rf"工厂的可再生电力占比为 (?P<share>{NUMBER})$"), converters={"share": number})
def renewable_share(zcf_case: FactoryCase, share: Decimal) -> None:
    """Green-power trades are dropped and GECs retired so that the share is exactly `share`."""

    def adjust(case: FactoryCase, measure: Callable[[], EvaluationResult]) -> None:
        case.electricity["green_power_trades"] = []
        case.electricity["green_certificates"] = []
        before = measure()
        total = metric(before, "electricity_total")
        own = metric(before, "green_electricity")  # on-site self-consumed
        grid = metric(before, "grid_electricity")
        needed = share * total - own
        if needed < 0 or needed > grid:
            raise ScenarioSetupError(f"share {share}: on-site renewables alone give {own / total}; "
                                     f"certificates can add at most the grid's {grid} MWh")
        if needed:
            case.electricity["green_certificates"] = [
                _certificate_batch(case, needed, "GEC-BATCH-0001")]
        got = metric(measure(), "renewable_electricity_share")
        if got != share:
            raise ScenarioSetupError(f"share came out as {got}, not {share}")

    zcf_case.defer(f"可再生电力占比为 {share}", adjust)


# =============================================================================================
# 4.3 Energy efficiency, 4.4 product footprint, 4.5 metering and platform
# =============================================================================================

@given(parsers.re(rf"工厂主要产品的单位产品能耗为 (?P<used>{NUMBER}) kgce/t，"
                  rf"对标值为 (?P<reference>{NUMBER}) kgce/t$"),
       converters={"used": number, "reference": number})
def unit_energy(zcf_case: FactoryCase, used: Decimal, reference: Decimal) -> None:
    zcf_case.submission["efficiency"] = [{
        "product": "主要产品", "unit_energy": quantity(used, "kgce/t"),
        "reference": quantity(reference, "kgce/t"), "reference_kind": "benchmark",
        "reference_source": "工业重点领域能效标杆水平和基准水平（2023年版）"}]


@given(parsers.parse('对标值采用 "{kind}"'))
def reference_kind(zcf_case: FactoryCase, kind: str) -> None:
    if kind not in REFERENCE_WORDS:
        raise ScenarioSetupError(f"unknown reference {kind!r}; use one of {list(REFERENCE_WORDS)}")
    for row in zcf_case.submission.get("efficiency", []):
        row["reference_kind"] = REFERENCE_WORDS[kind]


@given("工厂未申报单位产品能耗对标数据")
def efficiency_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.submission.pop("efficiency", None)


def _footprint(zcf_case: FactoryCase, standard: str, disclosed: bool) -> None:
    zcf_case.submission["products"] = [{
        "name": "重点产品", "functional_unit": "1 kWh 额定容量",
        "footprint": quantity(Decimal("65.0"), "kgCO2e"),
        "method": FOOTPRINT_WORDS.get(standard, standard), "verified": True, "disclosed": disclosed}]


@given(parsers.parse('工厂重点产品的碳足迹依据 "{standard}" 核算并已公开'))
def footprint_disclosed(zcf_case: FactoryCase, standard: str) -> None:
    _footprint(zcf_case, standard, disclosed=True)


@given(parsers.parse('工厂重点产品的碳足迹依据 "{standard}" 核算但未公开'))
def footprint_not_disclosed(zcf_case: FactoryCase, standard: str) -> None:
    _footprint(zcf_case, standard, disclosed=False)


@given("工厂没有开展产品碳足迹核算")
def no_footprint(zcf_case: FactoryCase) -> None:
    zcf_case.submission["products"] = []


@given("工厂未申报产品碳足迹信息")
def footprint_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.submission.pop("products", None)


@given(parsers.re(rf"工厂的能源计量覆盖率为 (?P<coverage>{NUMBER})$"),
       converters={"coverage": number})
def metering_coverage(zcf_case: FactoryCase, coverage: Decimal) -> None:
    zcf_case.section("digital")["metering_coverage"] = decimal_text(coverage)


@given("工厂未建设能碳管理平台")
def no_platform(zcf_case: FactoryCase) -> None:
    zcf_case.section("digital")["energy_carbon_platform"] = False


@given("工厂未申报能源计量覆盖率")
def metering_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.section("digital").pop("metering_coverage", None)


# =============================================================================================
# 4.6.1 Continuous reduction
# =============================================================================================

@given(parsers.re(r"工厂往年单位营业收入碳排放强度是核算年度的 (?P<ratios>.+)$"))
def intensity_history(zcf_case: FactoryCase, ratios: str) -> None:
    """`2024 年 1.10 倍、2023 年 1.20 倍`: earlier years' intensity relative to this year's.

    The history is replaced by those years, each with this year's revenue and the emissions
    that give the stated intensity.
    """
    pairs = re.findall(r"(\d{4}) 年 (\d+(?:\.\d+)?) 倍", ratios)
    if not pairs:
        raise ScenarioSetupError(f"write the years as '2024 年 1.10 倍、2023 年 1.20 倍', not {ratios!r}")

    def adjust(case: FactoryCase, measure: Callable[[], EvaluationResult]) -> None:
        gross = metric(measure(), "gross_emissions")
        revenue = copy.deepcopy(case.submission["production"]["revenue"])
        case.submission["history"] = [
            {"year": int(year), "emissions": quantity(gross * Decimal(times), "tCO2e"),
             "revenue": copy.deepcopy(revenue)}
            for year, times in pairs]

    zcf_case.defer(f"往年强度 {ratios}", adjust)


@given("工厂没有往年排放数据")
def no_history(zcf_case: FactoryCase) -> None:
    zcf_case.submission["history"] = []


@given("工厂未申报往年排放和营业收入")
def history_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.submission.pop("history", None)


# =============================================================================================
# 4.6.2 - 4.6.4 Reduction first, eligible offsets, net balance
# =============================================================================================

@given(parsers.re(rf"工厂核算期排放总量为 (?P<tonnes>{NUMBER}) 吨二氧化碳当量$"),
       converters={"tonnes": number})
def gross_emissions(zcf_case: FactoryCase, tonnes: Decimal) -> None:
    """The period's gross emissions (Scope 1 + market-based Scope 2) are exactly `tonnes`.

    Realised by restating the site's process and fugitive emissions as one total.
    """

    def adjust(case: FactoryCase, measure: Callable[[], EvaluationResult]) -> None:
        before = measure()
        process = metric(before, "scope1_process") + tonnes - metric(before, "gross_emissions")
        if process < 0:
            raise ScenarioSetupError(f"energy use alone already emits more than {tonnes} t")
        case.submission["process_emissions"] = [
            {"source": "工业过程及逸散排放（合计）", "amount": quantity(process, "tCO2e"),
             # a reported figure counts only with a verifier statement (scope1.process)
             "verification": {"verifier": "过程排放核查机构", "report_id": "PE-0001"}}]
        got = metric(measure(), "gross_emissions")
        if got != tonnes:
            raise ScenarioSetupError(f"gross emissions came out as {got}, not {tonnes}")

    zcf_case.defer(f"排放总量为 {tonnes} 吨", adjust)


def _credit(zcf_case: FactoryCase, tonnes: Decimal, kind: str, serial: str) -> dict[str, Any]:
    return {"type": kind, "serial": serial, "amount": quantity(tonnes, "tCO2e"),
            "vintage": zcf_case.period_end.year - 1, "retired": True,
            "retired_on": f"{zcf_case.period_end + dt.timedelta(days=40)}",
            "registry": "全国温室气体自愿减排注册登记系统"}


@given(parsers.re(rf"工厂注销了 (?P<tonnes>{NUMBER}) 吨 CCER$"), converters={"tonnes": number})
def ccer_retired(zcf_case: FactoryCase, tonnes: Decimal) -> None:
    zcf_case.submission["offsets"] = [_credit(zcf_case, tonnes, "CCER", "CCER-BATCH-0001")]


@given(parsers.re(rf'工厂还注销了 (?P<tonnes>{NUMBER}) 吨 "(?P<kind>[^"]+)" 用于抵销$'),
       converters={"tonnes": number})
def other_credit(zcf_case: FactoryCase, tonnes: Decimal, kind: str) -> None:
    offsets = zcf_case.submission.setdefault("offsets", [])
    code = CREDIT_WORDS.get(kind, kind)
    offsets.append(_credit(zcf_case, tonnes, code, f"{code}-BATCH-{len(offsets) + 1:04d}"))


@given(parsers.re(rf"工厂净排放为 (?P<tonnes>{NUMBER}) 吨$"), converters={"tonnes": number})
def net_emissions(zcf_case: FactoryCase, tonnes: Decimal) -> None:
    """Eligible CCER retired so that gross − offsets is exactly `tonnes` (none when equal)."""

    def adjust(case: FactoryCase, measure: Callable[[], EvaluationResult]) -> None:
        needed = metric(measure(), "gross_emissions") - tonnes
        if needed < 0:
            raise ScenarioSetupError(f"gross emissions are below {tonnes} t without any offset")
        case.submission["offsets"] = (
            [_credit(case, needed, "CCER", "CCER-BATCH-0001")] if needed else [])
        got = metric(measure(), "net_emissions")
        if got != tonnes:
            raise ScenarioSetupError(f"net emissions came out as {got}, not {tonnes}")

    zcf_case.defer(f"净排放为 {tonnes} 吨", adjust)


@given("工厂未使用碳信用抵销")
def no_offsets(zcf_case: FactoryCase) -> None:
    zcf_case.submission["offsets"] = []


@given("工厂未申报碳抵销情况")
def offsets_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.submission.pop("offsets", None)


@given(parsers.re(r"抵销所用碳信用的减排年份为 (?P<year>\d{4})$"), converters={"year": int})
def credit_vintage(zcf_case: FactoryCase, year: int) -> None:
    for credit in zcf_case.submission.get("offsets", []):
        credit["vintage"] = year


@given("抵销所用碳信用尚未注销")
def credits_not_retired(zcf_case: FactoryCase) -> None:
    for credit in zcf_case.submission.get("offsets", []):
        credit["retired"] = False
        credit.pop("retired_on", None)


@given("同一笔碳信用被申报两次")
def credit_twice(zcf_case: FactoryCase) -> None:
    offsets = zcf_case.submission.get("offsets") or []
    if not offsets:
        raise ScenarioSetupError("the factory has no credit to repeat")
    offsets.append(copy.deepcopy(offsets[0]))


@given("工厂未制定自身减排方案")
def no_reduction_plan(zcf_case: FactoryCase) -> None:
    zcf_case.submission["reduction_plan"] = {"exists": False, "executed": False, "measures": []}


@given("工厂制定了自身减排方案但尚未实施")
def plan_not_executed(zcf_case: FactoryCase) -> None:
    zcf_case.section("reduction_plan").update(exists=True, executed=False)


@given("工厂未申报减排方案情况")
def plan_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.submission.pop("reduction_plan", None)


# =============================================================================================
# 4.6.5 Disclosure, 5.1 verification
# =============================================================================================

@given("工厂未公开披露排放数据")
def not_published(zcf_case: FactoryCase) -> None:
    zcf_case.section("disclosure")["published"] = False
    zcf_case.section("disclosure").pop("url", None)


@given("工厂公开了排放数据但未公开核算方法")
def method_not_disclosed(zcf_case: FactoryCase) -> None:
    zcf_case.section("disclosure").update(published=True, method_disclosed=False)


@given("工厂未申报信息披露情况")
def disclosure_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.submission.pop("disclosure", None)


@given("工厂未提供第三方核查报告")
def no_verification(zcf_case: FactoryCase) -> None:
    """No inventory verification report. Reported process-emission figures keep a verifier
    statement of their own (else they would not count at all, which is not this premise)."""
    zcf_case.submission.pop("verification", None)
    for row in zcf_case.submission.get("process_emissions") or []:
        if "amount" in row:
            row.setdefault("verification", {"verifier": "过程排放核查机构", "report_id": "PE-0001"})


@given("核查机构不具备温室气体核查能力")
def verifier_not_competent(zcf_case: FactoryCase) -> None:
    zcf_case.section("verification")["competent"] = False


@given("评价方案在通用规则基础上取消了第三方核查要求")
def scheme_without_verification(zcf_case: FactoryCase) -> None:
    zcf_case.overrides["third_party_verification_required"] = False


# =============================================================================================
# 5.2 Compliance record, 5.3 ETS compliance
# =============================================================================================

@given(parsers.re(r"近三年发生重大安全、质量或环境事故 (?P<count>\d+) 起$"), converters={"count": int})
def major_incidents(zcf_case: FactoryCase, count: int) -> None:
    zcf_case.section("enterprise", "compliance")["major_incidents_3y"] = count


@given(parsers.re(r"近三年受到环境行政处罚 (?P<count>\d+) 次$"), converters={"count": int})
def penalties(zcf_case: FactoryCase, count: int) -> None:
    zcf_case.section("enterprise", "compliance")["environmental_penalties_3y"] = count


@given("工厂被列入失信名单")
def dishonesty_listed(zcf_case: FactoryCase) -> None:
    zcf_case.section("enterprise", "compliance")["dishonesty_listed"] = True


@given("工厂未申报近三年合规情况")
def compliance_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.section("enterprise").pop("compliance", None)


@given(parsers.re(r"工厂最近 (?P<years>\d+) 个履约年度连续足额清缴配额$"), converters={"years": int})
def ets_years(zcf_case: FactoryCase, years: int) -> None:
    """Records for the `years` compliance years before the period's year, all in full."""
    last = zcf_case.period_end.year - 1
    zcf_case.section("enterprise")["ets_compliance"] = [
        {"year": last - i, "surrendered_in_full": True} for i in range(years)]


@given(parsers.re(r"工厂 (?P<year>\d{4}) 年度未足额清缴配额$"), converters={"year": int})
def ets_year_short(zcf_case: FactoryCase, year: int) -> None:
    records = zcf_case.section("enterprise").setdefault("ets_compliance", [])
    for record in records:
        if record.get("year") == year:
            record["surrendered_in_full"] = False
            return
    records.append({"year": year, "surrendered_in_full": False})


@given("工厂未提供碳市场履约记录")
def ets_records_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.section("enterprise").pop("ets_compliance", None)


# =============================================================================================
# 3 Sector phase, 5.4 neutrality claims
# =============================================================================================

@given(parsers.parse('工厂所属行业代码为 "{code}"'))
def industry_code(zcf_case: FactoryCase, code: str) -> None:
    zcf_case.section("enterprise")["industry_code"] = code


@given(parsers.re(rf'工厂持有依据 "(?P<standard>[^"]+)" 作出的碳中和声明，覆盖期截至 (?P<end>{DATE})$'))
def neutrality_claim(zcf_case: FactoryCase, standard: str, end: str) -> None:
    zcf_case.submission["claims"] = [{
        "standard": CLAIM_WORDS.get(standard, standard), "period_end": end,
        "certificate": "CN-CLAIM-0001", "certifier": "示例认证机构"}]


@given("工厂未作出碳中和声明")
def no_claims(zcf_case: FactoryCase) -> None:
    zcf_case.submission["claims"] = []


# =============================================================================================
# Evaluation
# =============================================================================================

@lru_cache(maxsize=32)
def ruleset_in_force(ruleset_id: str, as_of: dt.date) -> CompiledRuleset:
    """`load_ruleset(id, as_of=...)`, cached: finding the edition re-reads every
    installed ruleset (0.15-0.5 s), and hundreds of scenarios ask for the same one."""
    return load_ruleset(ruleset_id, as_of=as_of)


def _tailored(base: CompiledRuleset, overrides: dict[str, Any], root: Path) -> CompiledRuleset:
    """A ruleset that extends `base` and overrides parameters (the engine's tailoring)."""
    model = base.model
    name = "-".join(sorted(overrides)).replace("_", "-")
    rid = f"{model.id}-tailored-{name}"[:60].rstrip("-")
    folder = root / rid / model.version
    folder.mkdir(parents=True, exist_ok=True)
    params = {
        key: {"unit": model.parameters[key].unit, "provenance": "published",
              "source": "tailored evaluation scheme (BDD features)",
              "values": [{"from": str(model.effective_from), "value": value}]}
        for key, value in overrides.items()}
    text = {
        "id": rid, "version": model.version,
        "title": {"zh-CN": "剪裁后的评价方案", "en": "Tailored evaluation scheme"},
        "publisher": "zcf BDD features", "status": "draft",
        "effective_from": str(model.effective_from),
        "extends": f"{model.id}@{model.version}",
        "standard": {"document": model.standard.document, "edition": model.standard.edition},
        "parameters": params,
    }
    (folder / "ruleset.yaml").write_text(json.dumps(text, ensure_ascii=False, indent=1),
                                         encoding="utf-8")
    return load_ruleset(folder)


@when(parsers.parse('按规则集 "{ruleset_id}" 评估'), target_fixture="zcf_result")
def evaluate(zcf_case: FactoryCase, backend: str, ruleset_id: str) -> EvaluationResult:
    if zcf_case.overrides:
        raise ScenarioSetupError("the scheme is tailored: evaluate with 当 按在 \"...\" 基础上剪裁的评价方案评估")
    compiled = ruleset_in_force(SETTINGS.aliases.get(ruleset_id, ruleset_id), zcf_case.as_of)
    return zcf_case.evaluate(compiled, backend)


@when(parsers.parse('按在 "{ruleset_id}" 基础上剪裁的评价方案评估'), target_fixture="zcf_result")
def evaluate_tailored(zcf_case: FactoryCase, backend: str, ruleset_id: str,
                      tmp_path_factory: pytest.TempPathFactory) -> EvaluationResult:
    base = ruleset_in_force(SETTINGS.aliases.get(ruleset_id, ruleset_id), zcf_case.as_of)
    compiled = _tailored(base, zcf_case.overrides, tmp_path_factory.getbasetemp() / "tailored")
    return zcf_case.evaluate(compiled, backend)


# =============================================================================================
# Outcomes
# =============================================================================================

def _explain(clause: ClauseResult) -> str:
    values = ", ".join(f"{v.name}={v.value}" for v in clause.evidence.values)
    limits = ", ".join(f"{t.parameter}={t.value}" for t in clause.evidence.thresholds)
    return (f"{clause.id} is {WORD_OF_STATUS[clause.status]} ({clause.status.value}): "
            f"{clause.message.get('zh-CN')} | values: {values} | thresholds: {limits} | "
            f"missing: {list(clause.missing)}")


@then(parsers.re(r'条款 (?P<clause_id>[A-Z][A-Z0-9]*-[0-9A-Z.-]+) 的结论为 "(?P<expected>[^"]+)"$'))
def clause_status(zcf_result: EvaluationResult, zcf_case: FactoryCase, clause_id: str,
                  expected: str) -> None:
    if expected not in STATUS_WORDS:
        raise ScenarioSetupError(f"status word {expected!r}: use one of {list(STATUS_WORDS)}")
    clause = zcf_result.clause(clause_id)
    zcf_case.clause = clause_id
    assert clause.status is STATUS_WORDS[expected], (
        f"expected {clause_id} {expected}; got {_explain(clause)}; problems: "
        f"{[p.code + ' ' + p.pointer for p in zcf_result.problems]}")


def _last_clause(zcf_result: EvaluationResult, zcf_case: FactoryCase) -> ClauseResult:
    if zcf_case.clause is None:
        raise ScenarioSetupError("say first which clause: 那么 条款 ... 的结论为 ...")
    return zcf_result.clause(zcf_case.clause)


@then("该结论依赖暂定阈值")
def rests_on_provisional(zcf_result: EvaluationResult, zcf_case: FactoryCase) -> None:
    clause = _last_clause(zcf_result, zcf_case)
    assert clause.provisional, f"{clause.id} is not marked provisional"


@then("该结论不依赖暂定阈值")
def rests_on_published(zcf_result: EvaluationResult, zcf_case: FactoryCase) -> None:
    clause = _last_clause(zcf_result, zcf_case)
    assert not clause.provisional, f"{clause.id} is marked provisional"


@then(parsers.parse('需补充的数据包括 "{pointer}"'))
def missing_data(zcf_result: EvaluationResult, zcf_case: FactoryCase, pointer: str) -> None:
    clause = _last_clause(zcf_result, zcf_case)
    assert pointer in clause.missing, f"{clause.id} asks for {list(clause.missing)}"


@then(parsers.re(r'条款 (?P<clause_id>[A-Z][A-Z0-9]*-[0-9A-Z.-]+) 得分为 (?P<points>\d+(?:\.\d+)?) 分$'),
      converters={"points": Decimal})
def clause_points(zcf_result: EvaluationResult, zcf_case: FactoryCase, clause_id: str,
                  points: Decimal) -> None:
    clause = zcf_result.clause(clause_id)
    zcf_case.clause = clause_id
    assert clause.score == points, f"{clause_id} scored {clause.score} of {clause.max_score}"


@then(parsers.parse('工厂达到 "{grade}" 等级'))
def grade_reached(zcf_result: EvaluationResult, grade: str) -> None:
    if grade not in GRADE_WORDS:
        raise ScenarioSetupError(f"grade {grade!r}: use one of {list(GRADE_WORDS)}")
    verdict = zcf_result.verdict
    assert verdict.grade == GRADE_WORDS[grade], (
        f"grade {verdict.grade}; gates failed {verdict.gates_failed}, "
        f"undecided {verdict.indeterminate}")


@then("工厂未达到任何等级")
def no_grade(zcf_result: EvaluationResult) -> None:
    assert zcf_result.verdict.grade is None, f"grade {zcf_result.verdict.grade} was reached"


@then(parsers.re(r"否决项包括条款 (?P<clause_id>[A-Z][A-Z0-9]*-[0-9A-Z.-]+)$"))
def gate_failed(zcf_result: EvaluationResult, clause_id: str) -> None:
    assert clause_id in zcf_result.verdict.gates_failed, (
        f"gates failed: {zcf_result.verdict.gates_failed}")


@then("评价结论依赖暂定阈值")
def verdict_provisional(zcf_result: EvaluationResult) -> None:
    assert zcf_result.verdict.provisional


@then(parsers.re(rf"计入的绿色电力为 (?P<mwh>{NUMBER}) MWh$"), converters={"mwh": number})
def green_electricity_counted(zcf_result: EvaluationResult, mwh: Decimal) -> None:
    assert metric(zcf_result, "green_electricity") == mwh


@then(parsers.parse('工厂所属行业的推进阶段为 "{phase}"'))
def sector_phase(zcf_result: EvaluationResult, phase: str) -> None:
    expected = {"2027 年": Decimal(2027), "2030 年": Decimal(2030), "未列入": Decimal(0)}[phase]
    assert metric(zcf_result, "sector_phase_year") == expected


__all__ = [name for name in dir() if name.startswith("pytestbdd_")] + [
    "STATUS_WORDS", "FactoryCase", "ScenarioSetupError", "zcf_case"]
