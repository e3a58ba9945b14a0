"""The overall verdict: gates failed, requirements failed, what is missing, the grade reached."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from zcf.errors import RulesetError
from zcf.evaluate.facts import Facts
from zcf.model.result import ClauseResult, ClauseStatus, Score, Verdict
from zcf.model.ruleset import ClauseKind, Provision
from zcf.rules.expressions import EvaluationError, MissingValueError
from zcf.rulesets.compiler import CompiledGrade, CompiledRuleset

_OK = (ClauseStatus.PASS, ClauseStatus.NOT_APPLICABLE)


def _reaches(grade: CompiledGrade, by_id: dict[str, ClauseResult], score: Score,
             facts: Facts) -> bool:
    if any(by_id[cid].status is not ClauseStatus.PASS for cid in grade.grade.requires_pass):
        return False
    needed = _cut_off(grade, facts)
    if needed is not None and score.total < needed:
        return False
    if grade.when is None:
        return True
    try:
        return grade.when(facts.values) is True
    except (MissingValueError, EvaluationError):
        return False


def _cut_off(grade: CompiledGrade, facts: Facts) -> Decimal | None:
    """The grade's minimum score: a number, a parameter's value, or None (no cut-off)."""
    needed = grade.grade.min_score
    if not isinstance(needed, str):
        return needed
    value = facts.values.get(needed)  # a parameter name, checked at compile time
    if value is None or isinstance(value, Decimal):
        return value
    raise RulesetError(f"grade {grade.grade.id}: min_score names parameter {needed!r}, whose value "
                       f"{value!r} is not a number", hint="give the parameter a numeric value")


def _grade_unsettled(compiled: CompiledRuleset, grade: CompiledGrade) -> bool:
    """The grade's own conditions (score cut-off, `when`) rest on a provisional number."""
    unsettled = compiled.unsettled_parameters()
    cut_off = grade.grade.min_score
    return (isinstance(cut_off, str) and cut_off in unsettled) or bool(
        grade.when is not None and grade.when.names & unsettled)


def make_verdict(compiled: CompiledRuleset, results: Sequence[ClauseResult], score: Score,
                 facts: Facts) -> Verdict:
    by_id = {r.id: r for r in results}
    gates = [r for r in results if r.kind is ClauseKind.GATE]
    gates_failed = tuple(r.id for r in gates if r.status is ClauseStatus.FAIL)
    requirements_failed = tuple(
        r.id for r in results
        if r.status is ClauseStatus.FAIL and r.kind is not ClauseKind.INFO
        and r.provision is Provision.REQUIREMENT and r.kind is not ClauseKind.GATE
    )
    indeterminate = tuple(r.id for r in results if r.status is ClauseStatus.INDETERMINATE)
    manual = tuple(r.id for r in results if r.status is ClauseStatus.MANUAL_REVIEW)
    gates_ok = all(r.status in _OK for r in gates)
    grade = None
    if gates_ok:
        grade = next((g for g in compiled.grades if _reaches(g, by_id, score, facts)), None)
    deciding = [r for r in results if r.kind is ClauseKind.GATE or r.provision is Provision.REQUIREMENT]
    if grade is not None:
        deciding += [by_id[cid] for cid in grade.grade.requires_pass]
    provisional = any(r.provisional for r in deciding) or (grade is not None and _grade_unsettled(compiled, grade))
    compliant = gates_ok and not requirements_failed and not any(
        by_id[cid].kind is ClauseKind.GATE for cid in indeterminate)
    return Verdict(
        grade=grade.grade.id if grade else None,
        grade_title=grade.grade.title if grade else None,
        compliant=compliant,
        gates_failed=gates_failed,
        requirements_failed=requirements_failed,
        indeterminate=indeterminate,
        manual_review=manual,
        provisional=provisional,
    )
