"""zh-CN steps for the industry rulesets (zcf-cn-dc, zcf-cn-pv, zcf-cn-lib, zcf-cn-auto).

Built on the shared library `zcf.bdd.steps.common` (the `zcf_case` fixture, the evaluate and outcome steps):
each `假如` step here edits the `extensions.<industry>` section of the scenario's submission, in
the words of the industry (PUE, racks, wafers, cells, traceability, vehicles), never in JSON.
Figures per unit of product are realised as round outputs and the electricity that gives the
stated figure exactly, so that boundary outlines compare the very value written in the step.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pytest_bdd import given, parsers, then
from zcf.bdd.steps.common import FactoryCase, decimal_text, metric, number, quantity
from zcf.errors import ScenarioSetupError
from zcf.model.result import EvaluationResult

#: a decimal or a percentage, written with [0-9] as everywhere in zcf
NUM = r"-?[0-9]+(?:\.[0-9]+)?%?"


def extension(zcf_case: FactoryCase, industry: str) -> dict[str, Any]:
    """The scenario's `extensions.<industry>` section (created when absent)."""
    return zcf_case.section("extensions", industry)


def _names(text: str, words: dict[str, str], what: str) -> list[str]:
    """`"单晶硅片"、"N 型电池"` -> codes, in order."""
    found = re.findall(r'"([^"]+)"', text)
    if not found:
        raise ScenarioSetupError(f'write the {what} in quotes, e.g. "{next(iter(words))}"')
    unknown = [w for w in found if w not in words]
    if unknown:
        raise ScenarioSetupError(f"unknown {what} {unknown}; use {list(words)}")
    return [words[w] for w in found]


# =============================================================================================
# Data centres (zcf-cn-dc)
# =============================================================================================

DC_SCALES = {"小型": "small", "中型": "medium", "大型": "large", "超大型": "hyperscale"}


def _dc(zcf_case: FactoryCase) -> dict[str, Any]:
    return extension(zcf_case, "dc")


@given("数据中心为既有数据中心")
def dc_existing(zcf_case: FactoryCase) -> None:
    _dc(zcf_case)["new_build"] = False


@given("数据中心为新建数据中心")
def dc_new(zcf_case: FactoryCase) -> None:
    _dc(zcf_case)["new_build"] = True


@given("未说明数据中心是否为新建")
def dc_new_unreported(zcf_case: FactoryCase) -> None:
    _dc(zcf_case).pop("new_build", None)


@given("数据中心位于国家枢纽节点")
def dc_in_hub(zcf_case: FactoryCase) -> None:
    _dc(zcf_case)["hub_node"] = True


@given("数据中心不在国家枢纽节点")
def dc_not_in_hub(zcf_case: FactoryCase) -> None:
    _dc(zcf_case)["hub_node"] = False
    _dc(zcf_case).pop("hub_node_name", None)


@given(parsers.re(r'数据中心规模为 "(?P<scale>小型|中型|大型|超大型)"$'))
def dc_scale(zcf_case: FactoryCase, scale: str) -> None:
    _dc(zcf_case)["scale"] = DC_SCALES[scale]


@given(parsers.re(rf"数据中心 IT 设备全年耗电 (?P<it>{NUM}) MWh，数据中心总耗电 (?P<total>{NUM}) MWh$"),
       converters={"it": number, "total": number})
def dc_energy(zcf_case: FactoryCase, it: Decimal, total: Decimal) -> None:
    _dc(zcf_case).update(it_energy=quantity(it, "MWh"), facility_energy=quantity(total, "MWh"))


@given(parsers.re(rf"数据中心的 PUE 为 (?P<pue>{NUM})$"), converters={"pue": number})
def dc_pue(zcf_case: FactoryCase, pue: Decimal) -> None:
    """Total electricity = IT electricity × PUE (the IT figure of the example is kept)."""
    dc = _dc(zcf_case)
    if "it_energy" not in dc:
        raise ScenarioSetupError("the data centre has no IT electricity to scale; give both figures")
    it = Decimal(str(dc["it_energy"]["value"]))
    dc["facility_energy"] = quantity(it * pue, "MWh")


@given("数据中心未申报 IT 设备耗电量")
def dc_it_unreported(zcf_case: FactoryCase) -> None:
    _dc(zcf_case).pop("it_energy", None)


@given(parsers.re(rf"数据中心上一年的可再生电力占比为 (?P<share>{NUM})$"), converters={"share": number})
def dc_prior_share(zcf_case: FactoryCase, share: Decimal) -> None:
    _dc(zcf_case)["renewable_share_prior_year"] = decimal_text(share)


@given("数据中心未申报上一年的可再生电力占比")
def dc_prior_share_unreported(zcf_case: FactoryCase) -> None:
    _dc(zcf_case).pop("renewable_share_prior_year", None)


@given(parsers.re(r"数据中心的 GB 40879 能效等级为 (?P<grade>[1-3]) 级$"), converters={"grade": int})
def dc_grade(zcf_case: FactoryCase, grade: int) -> None:
    _dc(zcf_case)["gb40879_grade"] = grade


@given("数据中心未达到 GB 40879 的 3 级限定值")
def dc_below_limit(zcf_case: FactoryCase) -> None:
    _dc(zcf_case)["gb40879_grade"] = 4


@given("数据中心未申报 GB 40879 能效等级")
def dc_grade_unreported(zcf_case: FactoryCase) -> None:
    _dc(zcf_case).pop("gb40879_grade", None)


@given(parsers.re(r"数据中心已建成标准机架 (?P<installed>[0-9]+) 个，已上架 (?P<used>[0-9]+) 个$"),
       converters={"installed": int, "used": int})
def dc_racks(zcf_case: FactoryCase, installed: int, used: int) -> None:
    _dc(zcf_case).update(racks_installed=installed, racks_in_use=used)


@given("数据中心未申报已上架机架数")
def dc_racks_unreported(zcf_case: FactoryCase) -> None:
    _dc(zcf_case).pop("racks_in_use", None)


@given(parsers.re(rf"数据中心全年用水 (?P<m3>{NUM}) 立方米$"), converters={"m3": number})
def dc_water(zcf_case: FactoryCase, m3: Decimal) -> None:
    _dc(zcf_case)["water_use"] = quantity(m3, "m3")


@given("数据中心未申报用水量")
def dc_water_unreported(zcf_case: FactoryCase) -> None:
    _dc(zcf_case).pop("water_use", None)


@given("数据中心的节能审查包含可再生能源利用方案")
def dc_review_with_plan(zcf_case: FactoryCase) -> None:
    _dc(zcf_case)["energy_review_renewable_plan"] = True


@given("数据中心的节能审查未包含可再生能源利用方案")
def dc_review_without_plan(zcf_case: FactoryCase) -> None:
    _dc(zcf_case)["energy_review_renewable_plan"] = False


@given("未说明节能审查是否包含可再生能源利用方案")
def dc_review_unreported(zcf_case: FactoryCase) -> None:
    _dc(zcf_case).pop("energy_review_renewable_plan", None)


@then(parsers.re(rf"数据中心的 PUE 计算为 (?P<pue>{NUM})$"), converters={"pue": number})
def dc_pue_is(zcf_result: EvaluationResult, pue: Decimal) -> None:
    assert metric(zcf_result, "pue") == pue, f"PUE {metric(zcf_result, 'pue')}"


# =============================================================================================
# Photovoltaic manufacturing (zcf-cn-pv)
# =============================================================================================

PV_PRODUCTS = {
    "多晶硅": "polysilicon", "硅锭": "ingot", "单晶硅棒": "mono_rod", "多晶硅片": "multi_wafer",
    "单晶硅片": "mono_wafer", "P 型电池": "p_cell", "N 型电池": "n_cell", "晶硅组件": "csi_module",
    "薄膜组件": "thin_film_module",
}
#: unit words of the conditions -> (output unit, MWh per (figure x output unit), round output)
PV_UNITS = {
    "千瓦时/千克": ("t", Decimal(1), Decimal(10000)),
    "万千瓦时/百万片": ("10^6 pcs", Decimal(10), Decimal(1000)),
    "万千瓦时/兆瓦": ("MWp", Decimal(10), Decimal(1000)),
}
PV_PRODUCT_UNIT = {
    "polysilicon": "千瓦时/千克", "ingot": "千瓦时/千克", "mono_rod": "千瓦时/千克",
    "multi_wafer": "万千瓦时/百万片", "mono_wafer": "万千瓦时/百万片",
    "p_cell": "万千瓦时/兆瓦", "n_cell": "万千瓦时/兆瓦", "csi_module": "万千瓦时/兆瓦",
    "thin_film_module": "万千瓦时/兆瓦",
}
PV_TECH = {"多晶": "multi", "P 型单晶": "p_mono", "N 型单晶": "n_mono"}
_PRODUCT_RE = "|".join(re.escape(w) for w in PV_PRODUCTS)
_UNIT_RE = "|".join(re.escape(w) for w in PV_UNITS)
_TECH_RE = "|".join(re.escape(w) for w in PV_TECH)


def _pv(zcf_case: FactoryCase) -> dict[str, Any]:
    return extension(zcf_case, "pv")


def _pv_step(zcf_case: FactoryCase, product: str, figure: Decimal, unit_word: str,
             key: str = "electricity") -> None:
    """Output and electricity of one step such that electricity per unit is exactly `figure`."""
    if PV_PRODUCT_UNIT[product] != unit_word:
        raise ScenarioSetupError(f"{product} is measured in {PV_PRODUCT_UNIT[product]}, not {unit_word}")
    unit, factor, output = PV_UNITS[unit_word]
    pv = _pv(zcf_case)
    products = pv.setdefault("products", [])
    if product not in products:
        products.append(product)
    step = pv.setdefault(product, {})
    step["output"] = quantity(output, unit)
    step[key] = quantity(figure * factor * output, "MWh")


@given("光伏工厂为现有项目")
def pv_existing(zcf_case: FactoryCase) -> None:
    _pv(zcf_case)["new_plant"] = False


@given("光伏工厂为新建项目")
def pv_new(zcf_case: FactoryCase) -> None:
    _pv(zcf_case)["new_plant"] = True


@given("未说明光伏工厂是新建还是现有项目")
def pv_new_unreported(zcf_case: FactoryCase) -> None:
    _pv(zcf_case).pop("new_plant", None)


@given(parsers.re(r"工厂生产的光伏产品只有 (?P<products>.+)$"))
def pv_products_only(zcf_case: FactoryCase, products: str) -> None:
    """The product list is replaced; step data of products no longer made is removed."""
    codes = _names(products, PV_PRODUCTS, "PV products")
    pv = _pv(zcf_case)
    for code in PV_PRODUCTS.values():
        if code not in codes:
            pv.pop(code, None)
    pv["products"] = codes


@given(parsers.re(rf"(?P<product>{_PRODUCT_RE})电耗为 (?P<figure>{NUM}) (?P<unit>{_UNIT_RE})$"),
       converters={"figure": number})
def pv_step_electricity(zcf_case: FactoryCase, product: str, figure: Decimal, unit: str) -> None:
    if product == "多晶硅":
        raise ScenarioSetupError("polysilicon has two figures: 多晶硅综合电耗为 …，还原电耗为 …")
    _pv_step(zcf_case, PV_PRODUCTS[product], figure, unit)


@given(parsers.re(rf"多晶硅综合电耗为 (?P<overall>{NUM}) 千瓦时/千克，还原电耗为 (?P<reduction>{NUM}) 千瓦时/千克$"),
       converters={"overall": number, "reduction": number})
def pv_polysilicon(zcf_case: FactoryCase, overall: Decimal, reduction: Decimal) -> None:
    _pv_step(zcf_case, "polysilicon", overall, "千瓦时/千克")
    _pv_step(zcf_case, "polysilicon", reduction, "千瓦时/千克", key="reduction_electricity")


@given(parsers.re(rf'工厂未申报 "(?P<product>{_PRODUCT_RE})" 的产量和耗电量$'))
def pv_step_unreported(zcf_case: FactoryCase, product: str) -> None:
    code = PV_PRODUCTS[product]
    pv = _pv(zcf_case)
    pv.pop(code, None)
    if code not in pv.setdefault("products", []):
        pv["products"].append(code)


def _pv_efficiency(zcf_case: FactoryCase, kind: str, tech: str, share: Decimal, *, replace: bool) -> None:
    pv = _pv(zcf_case)
    techs = [] if replace else list(pv.get(f"{kind}_technologies", []))
    efficiency = {} if replace else dict(pv.get(f"{kind}_efficiency", {}))
    code = PV_TECH[tech]
    if code not in techs:
        techs.append(code)
    efficiency[code] = decimal_text(share)
    pv[f"{kind}_technologies"] = techs
    pv[f"{kind}_efficiency"] = efficiency


@given(parsers.re(rf"工厂只生产 ?(?P<tech>{_TECH_RE})电池，平均转换效率为 (?P<share>{NUM})$"),
       converters={"share": number})
def pv_cell_efficiency(zcf_case: FactoryCase, tech: str, share: Decimal) -> None:
    _pv_efficiency(zcf_case, "cell", tech, share, replace=True)


@given(parsers.re(rf"工厂还生产 ?(?P<tech>{_TECH_RE})电池，平均转换效率为 (?P<share>{NUM})$"),
       converters={"share": number})
def pv_more_cell_efficiency(zcf_case: FactoryCase, tech: str, share: Decimal) -> None:
    _pv_efficiency(zcf_case, "cell", tech, share, replace=False)


@given(parsers.re(rf"工厂只生产 ?(?P<tech>{_TECH_RE})组件，平均转换效率为 (?P<share>{NUM})$"),
       converters={"share": number})
def pv_module_efficiency(zcf_case: FactoryCase, tech: str, share: Decimal) -> None:
    _pv_efficiency(zcf_case, "module", tech, share, replace=True)


@given(parsers.re(rf"工厂还生产 ?(?P<tech>{_TECH_RE})组件，平均转换效率为 (?P<share>{NUM})$"),
       converters={"share": number})
def pv_more_module_efficiency(zcf_case: FactoryCase, tech: str, share: Decimal) -> None:
    _pv_efficiency(zcf_case, "module", tech, share, replace=False)


@given(parsers.re(r"工厂未申报(?P<kind>电池|组件)的平均转换效率$"))
def pv_efficiency_unreported(zcf_case: FactoryCase, kind: str) -> None:
    key = "cell" if kind == "电池" else "module"
    _pv(zcf_case).pop(f"{key}_efficiency", None)


@given(parsers.re(rf"新建项目资本金比例为 (?P<share>{NUM})$"), converters={"share": number})
def pv_equity(zcf_case: FactoryCase, share: Decimal) -> None:
    _pv(zcf_case)["equity_ratio"] = decimal_text(share)


# =============================================================================================
# Lithium batteries (zcf-cn-lib)
# =============================================================================================

LIB_CHEMISTRIES = {"磷酸铁锂": "lfp", "三元": "ncm", "其他": "other"}
FOOTPRINT_METHODS = {"其他方法": "other"}


def _lib(zcf_case: FactoryCase) -> dict[str, Any]:
    return extension(zcf_case, "lib")


TITLE_WORDS = {"国家级绿色工厂": "green_factory_national", "省级绿色工厂": "green_factory_provincial",
               "省级绿色低碳工厂": "green_lowcarbon_factory_provincial", "零碳工厂培育名单": "zero_carbon_list",
               "其他荣誉": "other"}


@given(parsers.re(r'企业持有的荣誉称号只有 (?P<titles>.+)$'))
def enterprise_titles(zcf_case: FactoryCase, titles: str) -> None:
    """The enterprise's titles (/enterprise/titles) are replaced by the ones named."""
    zcf_case.section("enterprise")["titles"] = [
        {"type": code, "year": zcf_case.period_end.year - 1, "issuer": "示例发布机关"}
        for code in _names(titles, TITLE_WORDS, "titles")]


@given("企业没有任何荣誉称号")
def no_titles(zcf_case: FactoryCase) -> None:
    zcf_case.section("enterprise")["titles"] = []


@given("评价方案不把绿色工厂称号作为前置条件")
def scheme_without_title(zcf_case: FactoryCase) -> None:
    zcf_case.overrides["green_factory_title_required"] = False


@given("工厂已实行产品编码并建立覆盖全生命周期的溯源体系")
def lib_traceable(zcf_case: FactoryCase) -> None:
    _lib(zcf_case).update(product_coding=True, lifecycle_traceability=True)


@given("工厂未实行产品编码")
def lib_no_coding(zcf_case: FactoryCase) -> None:
    _lib(zcf_case)["product_coding"] = False


@given("工厂的溯源体系未覆盖产品全生命周期")
def lib_partial_tracing(zcf_case: FactoryCase) -> None:
    _lib(zcf_case)["lifecycle_traceability"] = False


@given("工厂未说明产品编码和溯源体系情况")
def lib_tracing_unreported(zcf_case: FactoryCase) -> None:
    for key in ("product_coding", "lifecycle_traceability"):
        _lib(zcf_case).pop(key, None)


@given(parsers.re(rf'代表性电池产品的碳足迹为 (?P<kg>{NUM}) kgCO2e/kWh，依据 "(?P<method>[^"]+)" 核算$'),
       converters={"kg": number})
def lib_footprint(zcf_case: FactoryCase, kg: Decimal, method: str) -> None:
    _lib(zcf_case).update(battery_footprint=quantity(kg, "kgCO2e/kWh"),
                          footprint_method=FOOTPRINT_METHODS.get(method, method))


@given("工厂未申报电池产品碳足迹")
def lib_footprint_unreported(zcf_case: FactoryCase) -> None:
    _lib(zcf_case).pop("battery_footprint", None)


@given(parsers.re(rf"研发投入占主营业务收入的 (?P<share>{NUM})$"), converters={"share": number})
def lib_rd(zcf_case: FactoryCase, share: Decimal) -> None:
    _lib(zcf_case)["rd_share"] = decimal_text(share)


@given(parsers.re(rf"上一年实际产量 (?P<output>{NUM}) GWh，产能 (?P<capacity>{NUM}) GWh$"),
       converters={"output": number, "capacity": number})
def lib_capacity(zcf_case: FactoryCase, output: Decimal, capacity: Decimal) -> None:
    _lib(zcf_case).update(output_prior_year=quantity(output, "GWh"), capacity_prior_year=quantity(capacity, "GWh"))


@given(parsers.re(r"电池单体化学体系只有 (?P<chemistries>.+)$"))
def lib_chemistries(zcf_case: FactoryCase, chemistries: str) -> None:
    codes = _names(chemistries, LIB_CHEMISTRIES, "chemistries")
    lib = _lib(zcf_case)
    lib["cell_chemistries"] = codes
    for code in ("lfp", "ncm"):
        if code not in codes:
            lib.pop(f"{code}_energy_density", None)


@given(parsers.re(rf"(?P<chemistry>磷酸铁锂|三元)电池单体能量密度为 (?P<density>{NUM}) Wh/kg$"),
       converters={"density": number})
def lib_density(zcf_case: FactoryCase, chemistry: str, density: Decimal) -> None:
    code = LIB_CHEMISTRIES[chemistry]
    lib = _lib(zcf_case)
    chemistries = lib.setdefault("cell_chemistries", [])
    if code not in chemistries:
        chemistries.append(code)
    lib[f"{code}_energy_density"] = quantity(density, "Wh/kg")


# =============================================================================================
# Vehicle assembly (zcf-cn-auto)
# =============================================================================================

def _auto(zcf_case: FactoryCase) -> dict[str, Any]:
    return extension(zcf_case, "auto")


@given(parsers.re(r"工厂核算期整车产量为 (?P<vehicles>[0-9]+) 辆$"), converters={"vehicles": int})
def auto_vehicles(zcf_case: FactoryCase, vehicles: int) -> None:
    _auto(zcf_case)["vehicles_produced"] = vehicles


@given("工厂未申报整车产量")
def auto_vehicles_unreported(zcf_case: FactoryCase) -> None:
    _auto(zcf_case).pop("vehicles_produced", None)


@given("工厂提供了对照整车制造工厂指南的评价报告")
def auto_report(zcf_case: FactoryCase) -> None:
    _auto(zcf_case)["guide_assessment"] = {"report_id": "TJEC-ZCF-AUTO-2026-BDD", "assessor": "示例认证机构",
                                           "date": "2026-03-20"}


@given("工厂未提供对照整车制造工厂指南的评价报告")
def auto_no_report(zcf_case: FactoryCase) -> None:
    _auto(zcf_case).pop("guide_assessment", None)


@then(parsers.re(rf"单车碳排放为 (?P<tonnes>{NUM}) 吨二氧化碳当量$"), converters={"tonnes": number})
def auto_per_vehicle(zcf_result: EvaluationResult, tonnes: Decimal) -> None:
    assert metric(zcf_result, "carbon_per_vehicle") == tonnes, metric(zcf_result, "carbon_per_vehicle")


# =============================================================================================
# Any industry
# =============================================================================================

@given("工厂的申报数据不作改动")
def unchanged(zcf_case: FactoryCase) -> None:
    """A no-op premise, for Examples rows that keep the example as it is."""
    zcf_case.submission  # noqa: B018  (raises if no example was loaded)


__all__ = [name for name in dir() if name.startswith("pytestbdd_")] + ["extension"]
