"""zh-CN steps for the sector rulesets of the national phases (2027: zcf-cn-electronics,
zcf-cn-light, zcf-cn-machinery; 2030 drafts: zcf-cn-steel, -nonferrous, -petchem, -buildmat,
-textile): green-factory assessment, revenue, each sector's key process measure, process
emissions computed by a method, and the "draft, informative" verdict.

The sector of a step is the ruleset of the feature (`@ruleset_<id>` tag), so one sentence serves
every sector ruleset; its data goes under that ruleset's `/extensions/<sector>`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pytest_bdd import given, parsers, then
from zcf.bdd.steps.common import NUMBER, FactoryCase, metric, number, quantity
from zcf.errors import ScenarioSetupError
from zcf.evaluate.batch import Outcome
from zcf.model.result import EvaluationResult

#: ruleset id -> its extension key
SECTOR_EXTENSIONS = {
    "zcf-cn-electronics": "electronics",
    "zcf-cn-light": "light",
    "zcf-cn-machinery": "machinery",
    "zcf-cn-steel": "steel",
    "zcf-cn-nonferrous": "nonferrous",
    "zcf-cn-petchem": "petchem",
    "zcf-cn-buildmat": "buildmat",
    "zcf-cn-textile": "textile",
}


def sector(zcf_case: FactoryCase) -> dict[str, Any]:
    """The `extensions.<sector>` section of the feature's ruleset (created when absent)."""
    key = SECTOR_EXTENSIONS.get(zcf_case.ruleset_hint or "")
    if key is None:
        raise ScenarioSetupError(f"tag the feature with one of {sorted(SECTOR_EXTENSIONS)}")
    return zcf_case.section("extensions", key)


@given("工厂提供了对照行业绿色工厂评价标准的评价报告")
def green_factory_report(zcf_case: FactoryCase) -> None:
    sector(zcf_case)["green_factory_assessment"] = {
        "standard": "GB/T 36132-2025", "report_id": "GFA-BDD-0001", "assessor": "示例认证机构",
        "date": "2026-03-20"}


@given("工厂未提供对照行业绿色工厂评价标准的评价报告")
def no_green_factory_report(zcf_case: FactoryCase) -> None:
    sector(zcf_case).pop("green_factory_assessment", None)


@given(parsers.re(rf"工厂核算期营业收入为 (?P<wan>{NUMBER}) 万元$"), converters={"wan": number})
def revenue(zcf_case: FactoryCase, wan: Decimal) -> None:
    zcf_case.section("production")["revenue"] = quantity(wan, "10^4 CNY")


@given("工厂未申报营业收入")
def revenue_unreported(zcf_case: FactoryCase) -> None:
    zcf_case.section("production").pop("revenue", None)


@then(parsers.re(rf"单位营业收入碳排放为 (?P<value>{NUMBER}) 吨二氧化碳当量/万元$"),
      converters={"value": number})
def intensity_is(zcf_result: EvaluationResult, value: Decimal) -> None:
    assert metric(zcf_result, "emission_intensity") == value, metric(zcf_result, "emission_intensity")


# Electronics: fluorinated process gases ----------------------------------------------------

@given(parsers.re(rf"工厂使用含氟工艺气体，经尾气处理的比例为 (?P<share>{NUMBER})$"),
       converters={"share": number})
def fgas_abated(zcf_case: FactoryCase, share: Decimal) -> None:
    sector(zcf_case)["fluorinated_gases"] = {"used": True, "abatement_share": str(share)}


@given("工厂不使用含氟工艺气体")
def no_fgas(zcf_case: FactoryCase) -> None:
    sector(zcf_case)["fluorinated_gases"] = {"used": False}


@given("工厂使用含氟工艺气体但未申报尾气处理比例")
def fgas_unreported(zcf_case: FactoryCase) -> None:
    sector(zcf_case)["fluorinated_gases"] = {"used": True}


# Light industry: coal-fired boilers --------------------------------------------------------

@given(parsers.re(r"工厂核算期在用燃煤锅炉 (?P<count>[0-9]+) 台$"), converters={"count": int})
def coal_boilers(zcf_case: FactoryCase, count: int) -> None:
    sector(zcf_case)["coal_fired_boilers"] = count


@given("工厂未申报在用燃煤锅炉数量")
def coal_boilers_unreported(zcf_case: FactoryCase) -> None:
    sector(zcf_case).pop("coal_fired_boilers", None)


# Machinery: electrified process heat -------------------------------------------------------

@given(parsers.re(rf"工厂热加工工序用热中电能占比为 (?P<share>{NUMBER})$"), converters={"share": number})
def electric_heat(zcf_case: FactoryCase, share: Decimal) -> None:
    sector(zcf_case)["process_heat"] = {"used": True, "electric_share": str(share)}


@given("工厂没有热加工工序")
def no_process_heat(zcf_case: FactoryCase) -> None:
    sector(zcf_case)["process_heat"] = {"used": False}


@given("工厂有热加工工序但未申报用热中电能占比")
def process_heat_unreported(zcf_case: FactoryCase) -> None:
    sector(zcf_case)["process_heat"] = {"used": True}


# 2030 sectors: process emissions computed by a method, draft and informative ----------------

@given("工厂的工业生产过程排放全部直接填报排放量")
def process_reported_only(zcf_case: FactoryCase) -> None:
    """Every computed row is replaced by a reported figure with a verifier statement."""
    rows = zcf_case.submission.get("process_emissions") or []
    zcf_case.submission["process_emissions"] = [
        row if "method" not in row else
        {"source": row.get("source", "过程排放"), "amount": quantity(Decimal(100), "tCO2e"),
         "verification": {"verifier": "过程排放核查机构", "report_id": "PE-0002"}}
        for row in rows]


@then("评价结论为草案，仅供参考")
def informative(zcf_result: EvaluationResult) -> None:
    assert zcf_result.verdict.informative, "the verdict is not marked informative"


@then("评价结论不是草案")
def not_informative(zcf_result: EvaluationResult) -> None:
    assert not zcf_result.verdict.informative, "the verdict is marked informative"


@then(parsers.re(r"退出码为 (?P<code>[0-9])$"), converters={"code": int})
def exit_code(zcf_result: EvaluationResult, code: int) -> None:
    """The exit code `zcf evaluate` gives for this one result."""
    assert Outcome((zcf_result,)).exit_code == code, Outcome((zcf_result,)).exit_code


__all__ = [name for name in dir() if name.startswith("pytestbdd_")] + ["SECTOR_EXTENSIONS"]
