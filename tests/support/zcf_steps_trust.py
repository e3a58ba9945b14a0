"""zh-CN steps on what a verdict rests on (DESIGN §10): the provenance of each threshold, the
provision of the source clause, whether a clause is zcf's reading, the factor level and GWP set.

Imported by every BDD suite's conftest next to its own steps; the `zcf_result` and `zcf_case`
fixtures come from the shared `zcf_steps`.
"""

from __future__ import annotations

from pytest_bdd import parsers, then
from zcf.model.result import EvaluationResult
from zcf_steps import FactoryCase, ScenarioSetupError

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
    assert standard is not None, f"{clause_id} names no standard clause"
    assert standard.provision.value == _word(PROVISION_WORDS, word), standard


@then(parsers.re(r'条款 (?P<clause_id>[A-Z][A-Z0-9]*-[0-9A-Z.-]+) 的依据为 "(?P<word>[^"]+)"$'))
def clause_basis(zcf_result: EvaluationResult, zcf_case: FactoryCase, clause_id: str,
                 word: str) -> None:
    clause = zcf_result.clause(clause_id)
    assert clause.basis.value == _word(BASIS_WORDS, word), (clause.basis, clause.basis_note)


__all__ = [name for name in dir() if name.startswith("pytestbdd_")]
