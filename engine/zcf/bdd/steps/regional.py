"""zh-CN steps for the provincial and group-standard rulesets (Hunan, Zhejiang, Suzhou, SIP, CECA).

Builds on the shared library `zcf.bdd.steps.common` (re-exported here, so a conftest that imports this
module gets both): the same `zcf_case` factory, the same `当 按规则集 "..." 评估` evaluation and
`条款 ... 的结论为 "..."` assertions. The steps added here speak of what the regional schemes ask
about a factory: its titles and management-system certificates, earlier years' emissions and
revenue, the build period and base-year footprints (Hunan), compliance records and declarations
(Zhejiang, Suzhou, the Suzhou Industrial Park), the evaluation type (T/CECA-G 0171), and the
scores, groups and grades the schemes give.

Accounted results (`核算得到工厂的单位能耗碳排放为 1.25 tCO2e/tce`): a boundary scenario needs a
ratio such as carbon per energy exactly at its limit, which no rounded activity data reproduces
(the electricity coefficient makes the quotient non-terminating). Such a premise sets the
accounted value itself: the evaluation runs through the public pipeline unchanged, except that
after accounting the named result is replaced and every expression metric built on it is
recomputed. Values other accounting functions derive from it are not recomputed, so each premise
names the result the clause reads. Premises on the data itself use the shared steps (exact
targets such as `工厂的可再生电力占比为 35%` are met by editing the factory's records).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from zcf.bdd.steps.common import *  # noqa: F403  (shared steps, zcf_case, FactoryCase)
from zcf.bdd.steps.common import (
    DATE,
    NUMBER,
    FactoryCase,
    decimal_text,
    number,
    quantity,
)
from zcf.bdd.steps.common import __all__ as _shared_all
from zcf.errors import ScenarioSetupError
from zcf.evaluate import pipeline
from zcf.evaluate.facts import Facts
from zcf.evaluate.schemes import select
from zcf.model.result import EvaluationResult
from zcf.rules.expressions import EvaluationError, MissingValueError
from zcf.rulesets.compiler import CompiledRuleset

# =============================================================================================
# Accounted results set by the scenario
# =============================================================================================

#: what an evaluator calls an accounted result -> (metric name, unit written after the number)
ACCOUNTED: dict[str, tuple[str, str | None]] = {
    "单位能耗碳排放": ("carbon_per_energy", "tCO2e/tce"),
    "按能源口径的可再生能源使用比例": ("renewable_energy_share", None),
    "可再生电力占比": ("renewable_electricity_share", None),
    "范围一排放": ("scope1", "tCO2e"),
    "化石燃料燃烧排放": ("scope1_fuel", "tCO2"),
    "基于位置的范围二排放": ("scope2_location", "tCO2"),
    "较上年减排率": ("emission_reduction_rate", None),
}


def _with_accounted(compiled: CompiledRuleset, facts: Facts, pins: Mapping[str, Decimal]) -> Facts:
    """`facts` with the pinned results, and the expression metrics that depend on them redone."""
    changed: set[str] = set()
    for name, value in pins.items():
        if name not in facts.metrics:
            raise ScenarioSetupError(f"ruleset {compiled.model.id} computes no {name!r}")
        facts.values[name] = value
        facts.metrics[name] = facts.metrics[name].model_copy(update={"value": value, "missing": ()})
        changed.add(name)
    for name, expr in compiled.metric_exprs:
        if name in pins or not expr.names & changed:
            continue
        computed: Any
        try:
            computed = expr(facts.values)
        except (MissingValueError, EvaluationError):
            computed = None
        if isinstance(computed, bool):
            computed = Decimal(int(computed))
        value = computed
        facts.values[name] = value
        facts.metrics[name] = facts.metrics[name].model_copy(update={"value": value})
        changed.add(name)
    return facts


def _accounted(case: FactoryCase, monkeypatch: pytest.MonkeyPatch) -> dict[str, Decimal]:
    """The scenario's pinned results; the first call routes accounting through them."""
    pins: dict[str, Decimal] | None = getattr(case, "accounted", None)
    if pins is None:
        pins = {}
        case.accounted = pins  # type: ignore[attr-defined]
        original = pipeline.build_facts  # type: ignore[attr-defined]  # the name pipeline imported, patched below

        def build_facts(compiled: CompiledRuleset, doc: Mapping[str, Any], ctx: Any,
                        cache: Any = None) -> Facts:
            return _with_accounted(compiled, original(compiled, doc, ctx, cache), pins)

        monkeypatch.setattr(pipeline, "build_facts", build_facts)
    return pins


@given(parsers.re(rf"核算得到工厂的(?P<label>[^为]+)为 (?P<amount>{NUMBER})(?: (?P<unit>\S+))?$"))
def accounted_result(zcf_case: FactoryCase, monkeypatch: pytest.MonkeyPatch, label: str,
                     amount: str, unit: str | None) -> None:
    if label not in ACCOUNTED:
        raise ScenarioSetupError(f"unknown result {label!r}; use one of {list(ACCOUNTED)}")
    name, expected = ACCOUNTED[label]
    if unit is not None and unit != expected:
        raise ScenarioSetupError(f"{label} is stated in {expected or 'a ratio or %'}, not {unit!r}")
    _accounted(zcf_case, monkeypatch)[name] = number(amount)


# =============================================================================================
# Where the factory is, its titles and certificates
# =============================================================================================

#: GB/T 2260 province and county-level codes (SIP: the statistical division code 320571)
PLACES: dict[str, tuple[str, str]] = {
    "湖南省长沙市长沙县": ("43", "430121"),
    "浙江省杭州市余杭区": ("33", "330110"),
    "江苏省苏州市昆山市": ("32", "320583"),
    "江苏省苏州市吴江区": ("32", "320509"),
    "苏州工业园区": ("32", "320571"),
    "江苏省常州市新北区": ("32", "320411"),
    "江苏省南京市江宁区": ("32", "320115"),
}


@given(parsers.parse('工厂位于 "{place}"'))
def factory_place(zcf_case: FactoryCase, place: str) -> None:
    if place not in PLACES:
        raise ScenarioSetupError(f"unknown place {place!r}; use one of {list(PLACES)}")
    province, city = PLACES[place]
    zcf_case.section("enterprise").update(province=province, city=city)


TITLE_WORDS = {
    "国家级绿色工厂": "green_factory_national",
    "省级绿色工厂": "green_factory_provincial",
    "省级绿色低碳工厂": "green_lowcarbon_factory_provincial",
    "零碳工厂培育名单": "zero_carbon_list",
    "其他称号": "other",
}


def _names(text: str) -> list[str]:
    return [] if text.strip() in ("", "无") else [t.strip() for t in text.split("、")]


@given(parsers.parse('工厂持有的绿色制造称号为 "{titles}"'))
def titles_held(zcf_case: FactoryCase, titles: str) -> None:
    rows = []
    for name in _names(titles):
        if name not in TITLE_WORDS:
            raise ScenarioSetupError(f"unknown title {name!r}; use {list(TITLE_WORDS)} or 无")
        rows.append({"type": TITLE_WORDS[name], "year": zcf_case.period_end.year - 2,
                     "issuer": "示例发证机关"})
    zcf_case.section("enterprise")["titles"] = rows


SYSTEMS = ("ISO 9001", "ISO 14001", "ISO 45001", "ISO 50001", "ISO 14064-1")


@given(parsers.parse('工厂持有有效期内的管理体系认证 "{systems}"'))
def certificates_held(zcf_case: FactoryCase, systems: str) -> None:
    rows = []
    for i, system in enumerate(_names(systems)):
        if system not in SYSTEMS:
            raise ScenarioSetupError(f"unknown system {system!r}; use one of {SYSTEMS}")
        rows.append({"system": system, "number": f"CERT-{i + 1:04d}",
                     "valid_until": str(zcf_case.as_of + dt.timedelta(days=365))})
    zcf_case.section("enterprise")["certificates"] = rows


@given(parsers.re(rf'工厂的 "(?P<system>[^"]+)" 认证有效期至 (?P<day>{DATE})$'))
def certificate_valid_until(zcf_case: FactoryCase, system: str, day: str) -> None:
    rows = zcf_case.section("enterprise").setdefault("certificates", [])
    for row in rows:
        if row.get("system") == system:
            row["valid_until"] = day
            return
    raise ScenarioSetupError(f"the factory holds no {system} certificate")


# =============================================================================================
# Earlier years, revenue, build period, base-year footprints
# =============================================================================================

def _history_row(case: FactoryCase, year: int) -> dict[str, Any]:
    history: list[dict[str, Any]] = case.submission.setdefault("history", [])
    for existing in history:
        if existing.get("year") == year:
            return existing
    row: dict[str, Any] = {"year": year}
    history.append(row)
    return row


@given(parsers.re(rf"工厂 (?P<year>\d{{4}}) 年的排放总量为 (?P<tonnes>{NUMBER}) 吨$"),
       converters={"year": int, "tonnes": number})
def history_emissions(zcf_case: FactoryCase, year: int, tonnes: Decimal) -> None:
    """An earlier year's gross emissions (Scope 1 + market-based Scope 2), as the history row."""
    if year >= zcf_case.period_end.year:
        raise ScenarioSetupError("this year's emissions are accounted: use 工厂核算期排放总量为 ...")
    _history_row(zcf_case, year)["emissions"] = quantity(tonnes, "tCO2e")


@given(parsers.re(r"工厂未申报 (?P<year>\d{4}) 年的排放和营业收入$"), converters={"year": int})
def history_year_missing(zcf_case: FactoryCase, year: int) -> None:
    history = zcf_case.submission.get("history") or []
    zcf_case.submission["history"] = [r for r in history if r.get("year") != year]


@given(parsers.re(rf"工厂 (?P<year>\d{{4}}) 年的主营业务收入为 (?P<amount>{NUMBER}) 万元$"),
       converters={"year": int, "amount": number})
def revenue_of_year(zcf_case: FactoryCase, year: int, amount: Decimal) -> None:
    """The reporting year's revenue goes to the production record, earlier years' to history."""
    money = quantity(amount, "10^4 CNY")
    if year == zcf_case.period_end.year:
        zcf_case.section("production")["revenue"] = money
    elif year < zcf_case.period_end.year:
        _history_row(zcf_case, year)["revenue"] = money
    else:
        raise ScenarioSetupError(f"{year} is after the reporting period")


@given(parsers.re(r"工厂自 (?P<year>\d{4}) 年起列入省零碳工厂建设名单$"), converters={"year": int})
def build_start(zcf_case: FactoryCase, year: int) -> None:
    zcf_case.section("extensions", "hn").update(build_start_year=year, on_construction_list=True)


@given("工厂未说明列入建设名单的年份")
def build_start_unknown(zcf_case: FactoryCase) -> None:
    zcf_case.section("extensions", "hn").pop("build_start_year", None)


@given(parsers.re(rf"工厂重点产品的碳足迹由基准年 (?P<base_year>\d{{4}}) 年的 (?P<before>{NUMBER}) kgCO2e "
                  rf"降至 (?P<after>{NUMBER}) kgCO2e$"),
       converters={"base_year": int, "before": number, "after": number})
def footprint_reduction(zcf_case: FactoryCase, base_year: int, before: Decimal, after: Decimal) -> None:
    """The first key product's footprint now and in the base year (the only baseline declared)."""
    products = zcf_case.submission.setdefault("products", [])
    if not products:
        products.append({"name": "重点产品", "functional_unit": "1 件", "method": "ISO 14067",
                         "verified": True, "disclosed": True})
    products[0]["footprint"] = quantity(after, "kgCO2e")
    zcf_case.section("extensions", "hn")["footprint_baselines"] = [
        {"product": products[0]["name"], "base_year": base_year,
         "footprint": quantity(before, "kgCO2e")}]


@given("工厂未申报重点产品的基准年碳足迹")
def footprint_baseline_missing(zcf_case: FactoryCase) -> None:
    zcf_case.section("extensions", "hn").pop("footprint_baselines", None)


@given("工厂没有适用能耗限额标准或能效标杆的产品")
def no_efficiency_standard(zcf_case: FactoryCase) -> None:
    zcf_case.submission["efficiency"] = []


# =============================================================================================
# Declarations: counts and texts (工厂申报的…为 …) and fixed statements
# =============================================================================================

#: label -> (pointer, kind); kind: count, ratio, text, tonnes
DECLARED: dict[str, tuple[str, str]] = {
    "近三年安全、质量、污染事故次数": ("/extensions/zj/incidents_3y", "count"),
    "近三年行政处罚次数": ("/extensions/zj/administrative_penalties_3y", "count"),
    "主要污染物排放浓度与限值之比": ("/extensions/zj/pollutant_max_ratio_to_limit", "ratio"),
    "近三年未整改到位的检查问题数": ("/extensions/sz/uncorrected_findings_3y", "count"),
    "近三年最长连续停产月数": ("/extensions/sip/compliance/longest_stoppage_months", "count"),
    "近三年事故次数": ("/extensions/sip/compliance/accidents_3y", "count"),
    "近三年税务违法次数": ("/extensions/sip/compliance/tax_violations_3y", "count"),
    "近三年检查发现的严重问题数": ("/extensions/sip/compliance/serious_inspection_findings_3y", "count"),
    "评价类型": ("/extensions/ceca/type", "text"),
    "运输和所用产品的间接排放": ("/extensions/ceca/type2/indirect_emissions", "tonnes"),
    "边界外项目的碳清除量": ("/extensions/ceca/type2/removals", "tonnes"),
    "企业所在区县代码": ("/enterprise/city", "text"),
}


def _set(doc: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = pointer.strip("/").split("/")
    node = doc
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _remove(doc: dict[str, Any], pointer: str) -> None:
    *parents, last = pointer.strip("/").split("/")
    node: Any = doc
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return
    node.pop(last, None)


@given(parsers.re(r"工厂申报的(?P<label>[^为]+)为 (?P<text>.+)$"))
def declared(zcf_case: FactoryCase, label: str, text: str) -> None:
    if label not in DECLARED:
        raise ScenarioSetupError(f"unknown declaration {label!r}; use one of {list(DECLARED)}")
    pointer, kind = DECLARED[label]
    text = text.strip()
    value: Any
    if kind == "count":
        value = int(text.removesuffix("次").removesuffix("个").removesuffix("月").strip())
    elif kind == "ratio":
        value = decimal_text(number(text))
    elif kind == "tonnes":
        value = quantity(number(text.removesuffix("吨").strip()), "tCO2e")
    else:
        value = text.strip('"')
    _set(zcf_case.submission, pointer, value)


#: fixed statements about the factory -> (pointer, value); None removes the value
STATEMENTS: dict[str, tuple[str, Any]] = {
    # Zhejiang basic requirements
    "工厂未正常运营": ("/extensions/zj/normal_operation", False),
    "最高管理者未制定与发展战略一致的方针和目标": ("/extensions/zj/leadership/policy_targets", False),
    "最高管理者未提供实现目标所需的资源": ("/extensions/zj/leadership/resources", False),
    "最高管理者未确定减排和抵销策略": ("/extensions/zj/leadership/reduction_offset_strategy", False),
    "最高管理者未明确职责并落实问责": ("/extensions/zj/leadership/accountability", False),
    "工厂未说明最高管理者职责的落实情况": ("/extensions/zj/leadership", None),
    # Suzhou
    "工厂未列入2023年培育名单": ("/extensions/sz/on_cultivation_list", False),
    "工厂未说明是否列入2023年培育名单": ("/extensions/sz/on_cultivation_list", None),
    "第三方评价未到现场开展": ("/extensions/sz/evaluation_report/onsite", False),
    "工厂未提供第三方评价报告编号": ("/extensions/sz/evaluation_report/report_id", None),
    # Suzhou Industrial Park
    "工厂未设立零碳工作管理机构": ("/extensions/sip/governance/management_body", False),
    "工厂的建设方案未写明目标、重点项目和投资": ("/extensions/sip/governance/plan", False),
    "节能监察要求的整改尚未全部完成": ("/extensions/sip/compliance/energy_supervision_rectified", False),
    "工厂未申报近三年组织管理与合规情况": ("/extensions/sip", None),
    # Hunan
    "工厂未提供自评估报告编号": ("/extensions/hn/self_assessment_report", None),
    # T/CECA-G 0171
    "评价机构认定表B.1基本要求有不符合项": ("/extensions/ceca/basic_requirements_met", False),
    "工厂未提供表B.1基本要求的评价结论": ("/extensions/ceca/basic_requirements_met", None),
    "工厂未声明评价类型": ("/extensions/ceca/type", None),
    # digital and accounting
    "工厂未实现能耗与排放实时监测": ("/digital/realtime_monitoring", False),
    "工厂已核算范围三排放": ("/accounting/scope3_reported", True),
    "工厂未核算范围三排放": ("/accounting/scope3_reported", False),
}


def _statement(pointer: str, value: Any) -> Callable[[FactoryCase], None]:
    def apply(zcf_case: FactoryCase) -> None:
        if value is None:
            _remove(zcf_case.submission, pointer)
        else:
            _set(zcf_case.submission, pointer, value)

    return apply


for _sentence, (_pointer, _value) in STATEMENTS.items():
    given(_sentence)(_statement(_pointer, _value))


@given("厂区边界对应的法人不是申报企业本身")
def other_legal_entity(zcf_case: FactoryCase) -> None:
    name = zcf_case.submission["enterprise"]["name"]
    zcf_case.section("boundary")["legal_entity"] = f"{name}母公司"


@given(parsers.re(r"工厂的评价类型为 II，另有运输和所用产品的间接排放 (?P<tonnes>" + NUMBER
                  + r") 吨，边界外项目清除 (?P<removed>" + NUMBER + r") 吨$"),
       converters={"tonnes": number, "removed": number})
def type_two(zcf_case: FactoryCase, tonnes: Decimal, removed: Decimal) -> None:
    zcf_case.section("extensions", "ceca").update(
        type="II", type2={"indirect_emissions": quantity(tonnes, "tCO2e"),
                          "removals": quantity(removed, "tCO2e")})
    zcf_case.section("accounting")["scope3_reported"] = True


# =============================================================================================
# Scheme readings a tailored evaluation may change (then 当 按在 "..." 基础上剪裁的评价方案评估)
# =============================================================================================

@given('评价方案把可再生能源使用比例目标读作"须高于目标值"')
def exclusive_target(zcf_case: FactoryCase) -> None:
    zcf_case.overrides["renewable_share_min_exclusive"] = True


@given(parsers.re(rf"工厂外购热力 (?P<gj>{NUMBER}) GJ，来自(?P<origin>可再生能源|燃煤锅炉)$"),
       converters={"gj": number})
def heat_of_origin(zcf_case: FactoryCase, gj: Decimal, origin: str) -> None:
    """One purchased heat supply, renewable (biomass, solar-thermal, geothermal plant) or not."""
    zcf_case.section("energy")["purchased_heat"] = [
        {"amount": quantity(gj, "GJ"), "supplier": f"{origin}供热站",
         "renewable": origin == "可再生能源"}]


@given(parsers.re(rf"工厂使用生物质成型燃料 (?P<tonnes>{NUMBER}) 吨，低位发热量 (?P<ncv>{NUMBER}) GJ/t$"),
       converters={"tonnes": number, "ncv": number})
def biomass_fuel(zcf_case: FactoryCase, tonnes: Decimal, ncv: Decimal) -> None:
    """A renewable fuel row; its biogenic CO2 is reported apart, so its carbon content is 0 here."""
    zcf_case.section("energy").setdefault("fuels", []).append(
        {"fuel": "other", "name": "生物质成型燃料", "amount": quantity(tonnes, "t"),
         "ncv": quantity(ncv, "GJ/t"), "carbon_content": quantity(Decimal(0), "tC/TJ"),
         "oxidation": quantity(Decimal(1), "1"), "use": "锅炉", "renewable": True})


@given("评价方案按评价日期（而非核算年度）选取目标年份")
def milestone_by_as_of(zcf_case: FactoryCase) -> None:
    zcf_case.overrides["milestone_date_basis"] = "as_of"


#: keys whose integer value is a calendar year (moved with the reporting year)
_YEAR_KEYS = frozenset({"year", "vintage", "build_start_year", "base_year"})
_DATED = re.compile(r"^(\d{4})(-\d{2}(?:-\d{2})?)$")


def _shift_years(node: Any, years: int, key: str | None = None) -> Any:
    """`node` with every date, month and year moved by `years` (29 February stays valid)."""
    if isinstance(node, dict):
        return {k: _shift_years(v, years, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_shift_years(v, years, key) for v in node]
    if isinstance(node, str) and (found := _DATED.match(node)):
        text = f"{int(found.group(1)) + years}{found.group(2)}"
        return text.replace("-02-29", "-02-28") if len(text) == 10 else text
    if isinstance(node, int | Decimal) and not isinstance(node, bool) and key in _YEAR_KEYS:
        return node + years
    return node


@given(parsers.re(r"工厂按 (?P<year>\d{4}) 年度申报$"), converters={"year": int})
def reporting_year(zcf_case: FactoryCase, year: int) -> None:
    """The example moved to another reporting year (every date with it); evaluated at its end."""
    shift = year - zcf_case.period_end.year
    zcf_case.doc = _shift_years(zcf_case.submission, shift)
    zcf_case.as_of = zcf_case.period_end


@given("评价方案按电力消费量计算可再生能源使用比例")
def electricity_basis(zcf_case: FactoryCase) -> None:
    zcf_case.overrides["renewable_share_basis"] = "electricity"


# =============================================================================================
# Which schemes apply
# =============================================================================================

@when("查询适用于该工厂的规则集", target_fixture="zcf_applicable")
def applicable(zcf_case: FactoryCase) -> list[str]:
    return [entry.id for entry in select(["all"], zcf_case.submission, zcf_case.as_of)]


@then(parsers.parse('适用的规则集包括 "{ruleset_id}"'))
def applies_to(zcf_applicable: list[str], ruleset_id: str) -> None:
    assert ruleset_id in zcf_applicable, f"applicable: {zcf_applicable}"


@then(parsers.parse('适用的规则集不包括 "{ruleset_id}"'))
def applies_not(zcf_applicable: list[str], ruleset_id: str) -> None:
    assert ruleset_id not in zcf_applicable, f"applicable: {zcf_applicable}"


# =============================================================================================
# Outcomes: limits in force, scores, groups, grades
# =============================================================================================

@then(parsers.re(rf"条款 (?P<clause_id>[A-Z][A-Z0-9]*-[0-9A-Z.-]+) 采用的限值为 (?P<limit>{NUMBER})$"),
      converters={"limit": number})
def limit_in_force(zcf_result: EvaluationResult, zcf_case: FactoryCase, clause_id: str,
                   limit: Decimal) -> None:
    """The numeric threshold the clause compared against (the dated value in force) is `limit`."""
    clause = zcf_result.clause(clause_id)
    zcf_case.clause = clause_id
    numeric = {t.parameter: Decimal(str(t.value)) for t in clause.evidence.thresholds
               if isinstance(t.value, Decimal | int) and not isinstance(t.value, bool)}
    assert limit in numeric.values(), f"{clause_id} compared against {numeric}, not {limit}"


@then(parsers.re(rf"条款 (?P<clause_id>[A-Z][A-Z0-9]*-[0-9A-Z.-]+) 的满分为 (?P<points>{NUMBER}) 分$"),
      converters={"points": number})
def clause_maximum(zcf_result: EvaluationResult, clause_id: str, points: Decimal) -> None:
    clause = zcf_result.clause(clause_id)
    assert clause.max_score == points, f"{clause_id} is worth {clause.max_score}"


@then(parsers.re(rf'"(?P<group>[^"]+)" 组得分为 (?P<points>{NUMBER}) 分$'), converters={"points": number})
def group_points(zcf_result: EvaluationResult, group: str, points: Decimal) -> None:
    groups = zcf_result.score.groups
    assert groups.get(group) == points, f"group scores: {dict(groups)}"


@then(parsers.re(rf"总分为 (?P<points>{NUMBER}) 分$"), converters={"points": number})
def total_points(zcf_result: EvaluationResult, points: Decimal) -> None:
    assert zcf_result.score.total == points, f"total {zcf_result.score.total}; groups {dict(zcf_result.score.groups)}"


@then(parsers.re(rf"满分合计为 (?P<points>{NUMBER}) 分$"), converters={"points": number})
def maximum_points(zcf_result: EvaluationResult, points: Decimal) -> None:
    assert zcf_result.score.maximum == points, f"maximum {zcf_result.score.maximum}"


@then(parsers.parse('工厂评定为 "{title}"'))
def graded(zcf_result: EvaluationResult, title: str) -> None:
    verdict = zcf_result.verdict
    got = verdict.grade_title.zh if verdict.grade_title else None
    assert got == title, (f"grade {got!r} ({verdict.grade}); score {zcf_result.score.total}; "
                          f"gates failed {verdict.gates_failed}; undecided {verdict.indeterminate}")


@then("各条款得分之和等于总分，各组得分之和等于计分条款得分之和")
def points_explained(zcf_result: EvaluationResult) -> None:
    scored = [c for c in zcf_result.clauses if c.score is not None]
    total = sum((c.score for c in scored if c.score is not None), Decimal(0))
    assert abs(total - zcf_result.score.total) <= Decimal("0.01") * len(scored), (total, zcf_result.score.total)
    assert abs(sum(zcf_result.score.groups.values(), Decimal(0)) - total) <= Decimal("0.01") * len(scored)
    counted = (c.max_score for c in scored if c.max_score is not None and not c.bonus)  # 加分项 are outside the maximum
    assert sum(counted, Decimal(0)) == zcf_result.score.maximum


__all__ = [*_shared_all, *(name for name in dir() if name.startswith("pytestbdd_") and name not in _shared_all)]
