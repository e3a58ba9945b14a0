"""zh-CN steps on what a verdict rests on (DESIGN §10): the provenance of each threshold, the
provision of the source clause, whether a clause is zcf's reading, the factor level and GWP set.

Imported by every BDD suite's conftest next to its own steps; the `zcf_result` and `zcf_case`
fixtures come from the shared `zcf.bdd.steps.common`.
"""

from __future__ import annotations

from pytest_bdd import given, parsers, then
from zcf.bdd.steps.common import FactoryCase
from zcf.errors import ScenarioSetupError
from zcf.model.result import EvaluationResult

#: what an evaluator calls a provenance -> its value in results
PROVENANCE_WORDS = {"已公布": "published", "已确认": "confirmed", "暂定": "provisional",
                    "推导": "derived", "未经核实": "unverified"}
#: what an evaluator calls a source provision -> its value in results
PROVISION_WORDS = {"要求": "requirement", "推荐": "recommendation", "允许": "permission",
                   "资料性": "informative"}
#: what an evaluator calls a clause's basis -> its value in results
BASIS_WORDS = {"所引文件的规定": "source", "zcf 的解读": "reading", "通行做法": "practice"}


def _word(table: dict[str, str], word: str) -> str:
    if word not in table:
        raise ScenarioSetupError(f"{word!r}: use one of {list(table)}")
    return table[word]


@then(parsers.re(r'条款 (?P<clause_id>[A-Z][A-Z0-9]*-[0-9A-Z.-]+) 的阈值 "(?P<name>[a-z0-9_]+)" '
                 r'的来源性质为 "(?P<word>[^"]+)"$'))
def threshold_provenance(zcf_result: EvaluationResult, clause_id: str, name: str, word: str) -> None:
    clause = zcf_result.clause(clause_id)
    shown = {t.parameter: t.provenance.value for t in clause.evidence.thresholds}
    assert name in shown, f"{clause_id} compares against {sorted(shown)}, not {name}"
    assert shown[name] == _word(PROVENANCE_WORDS, word), f"{name}: {shown[name]}"


@then(parsers.re(r'条款 (?P<clause_id>[A-Z][A-Z0-9]*-[0-9A-Z.-]+) 所引条文的性质为 "(?P<word>[^"]+)"$'))
def source_provision(zcf_result: EvaluationResult, clause_id: str, word: str) -> None:
    standard = zcf_result.clause(clause_id).standard
    assert standard is not None and standard.provision is not None, f"{clause_id} names no standard clause"
    assert standard.provision.value == _word(PROVISION_WORDS, word), standard


@then(parsers.re(r'条款 (?P<clause_id>[A-Z][A-Z0-9]*-[0-9A-Z.-]+) 的依据为 "(?P<word>[^"]+)"$'))
def clause_basis(zcf_result: EvaluationResult, zcf_case: FactoryCase, clause_id: str,
                 word: str) -> None:
    clause = zcf_result.clause(clause_id)
    assert clause.basis.value == _word(BASIS_WORDS, word), (clause.basis, clause.basis_note)


#: what an evaluator calls a level of the MEE/NBS electricity factor series
LEVEL_WORDS = {"省级": "provincial", "区域": "regional", "全国": "national"}


@then(parsers.re(r'核算指标 (?P<metric>[a-z0-9_]+) 所用因子 "(?P<factor>[^"]+)" 的来源性质为 "(?P<word>[^"]+)"$'))
def factor_provenance(zcf_result: EvaluationResult, metric: str, factor: str, word: str) -> None:
    factors = {f.name: f for f in zcf_result.metrics[metric].trace.factors}
    assert factor in factors, f"{metric} uses {sorted(factors)}"
    assert factors[factor].provenance.value == _word(PROVENANCE_WORDS, word), factors[factor]


@then(parsers.re(r'核算指标 (?P<metric>[a-z0-9_]+) 所用电网排放因子取自"(?P<word>省级|区域|全国)"层级，'
                 r'理由包括 "(?P<because>[^"]+)"$'))
def grid_factor_level(zcf_result: EvaluationResult, metric: str, word: str, because: str) -> None:
    grid = [f for f in zcf_result.metrics[metric].trace.factors if f.level is not None]
    assert len(grid) == 1, f"{metric} has grid factors {grid}"
    assert grid[0].level == _word(LEVEL_WORDS, word), grid[0]
    assert because in (grid[0].reason or ""), grid[0].reason


@then(parsers.re(r'结果中的每个二氧化碳当量总量都注明 GWP 取值 "(?P<gwp>[A-Z0-9]+)"$'))
def gwp_named(zcf_result: EvaluationResult, gwp: str) -> None:
    assert zcf_result.gwp_set == gwp
    co2e = {n: m.gwp_set for n, m in zcf_result.metrics.items() if "CO2e" in m.unit}
    assert co2e and all(v == gwp for v in co2e.values()), co2e


@given(parsers.re(r'工厂申报的二氧化碳当量按 "(?P<gwp>[A-Z0-9]+)" 换算$'))
def gwp_stated(zcf_case: FactoryCase, gwp: str) -> None:
    zcf_case.section("accounting")["gwp_set"] = gwp


@given("工厂未说明二氧化碳当量所用的 GWP 取值")
def gwp_unstated(zcf_case: FactoryCase) -> None:
    zcf_case.section("accounting").pop("gwp_set", None)


@then(parsers.re(r'数据问题包括 "(?P<code>[a-z0-9-]+)"(?:，位置 "(?P<pointer>[^"]*)")?$'))
def problem_found(zcf_result: EvaluationResult, code: str, pointer: str | None) -> None:
    found = [(p.code, p.pointer) for p in zcf_result.problems]
    assert any(c == code and (pointer is None or p == pointer) for c, p in found), found


@then(parsers.re(r'数据问题不包括 "(?P<code>[a-z0-9-]+)"$'))
def problem_absent(zcf_result: EvaluationResult, code: str) -> None:
    assert code not in [p.code for p in zcf_result.problems]


__all__ = [name for name in dir() if name.startswith("pytestbdd_")]
