"""zh-CN steps for the sector rulesets of the national phases (zcf-cn-electronics, zcf-cn-light,
zcf-cn-machinery): green-factory assessment, revenue, and each sector's key process measure.

The sector of a step is the ruleset of the feature (`@ruleset_<id>` tag), so one sentence serves
every sector ruleset; its data goes under that ruleset's `/extensions/<sector>`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pytest_bdd import given, parsers, then
from zcf.model.result import EvaluationResult
from zcf_steps import NUMBER, FactoryCase, ScenarioSetupError, metric, number, quantity

#: ruleset id -> its extension key
SECTOR_EXTENSIONS = {
    "zcf-cn-electronics": "electronics",
    "zcf-cn-light": "light",
    "zcf-cn-machinery": "machinery",
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


__all__ = [name for name in dir() if name.startswith("pytestbdd_")] + ["SECTOR_EXTENSIONS"]
