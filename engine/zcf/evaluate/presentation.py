"""Turn a clause decision into a ClauseResult: evidence, thresholds with provenance, messages.

What does not depend on the submission (the standard reference, which names are evidence, the
thresholds in force, default messages) is worked out once per ruleset and date in a
`ClausePlan`; each evaluation then adds the submitted values and the decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zcf.accounting.rounding import round_score
from zcf.evaluate.clauses import Decision
from zcf.evaluate.facts import Facts
from zcf.model.result import (
    Basis,
    ClauseResult,
    ClauseStatus,
    Evidence,
    EvidenceValue,
    SourceProvision,
    StandardClauseRef,
    Threshold,
)
from zcf.model.ruleset import BasisKind, provision_strength
from zcf.model.text import Text
from zcf.model.trusted import trusted
from zcf.rulesets.compiler import UNSETTLED, CompiledClause, CompiledRuleset

_DEFAULT = {
    ClauseStatus.PASS: ("符合：{t}", "Met: {t}"),
    ClauseStatus.FAIL: ("不符合：{t}", "Not met: {t}"),
    ClauseStatus.NOT_APPLICABLE: ("不适用：{t}", "Not applicable: {t}"),
    ClauseStatus.INDETERMINATE: ("数据不足，无法判定：{t}", "Cannot decide, data missing: {t}"),
    ClauseStatus.MANUAL_REVIEW: ("需人工评审：{t}", "Needs a reviewer's judgement: {t}"),
}

#: fields an evidence value of an input / of a metric is given (the others keep their default)
_INPUT_FIELDS = frozenset({"name", "value", "pointer"})
_METRIC_FIELDS = frozenset({"name", "value", "unit"})
#: value types an EvidenceValue keeps as they are (a list is one of str made here)
_KEPT = frozenset({Decimal, str, bool, type(None), list})


@dataclass(frozen=True)
class ClausePlan:
    """The parts of one clause's result fixed by the ruleset and the as-of date."""

    standard: StandardClauseRef
    #: names shown as evidence, sorted, each with its input pointer (None: a metric)
    evidence: tuple[tuple[str, str | None], ...]
    #: name -> (the parameter value in force, its Threshold)
    thresholds: tuple[tuple[str, Any, Threshold], ...]
    #: a compared parameter is provisional or unverified
    unsettled_parameter: bool
    #: metric names whose provisional flag makes the clause's verdict provisional
    metrics: tuple[str, ...]
    #: status -> message when the decision adds nothing (no missing pointers, no error)
    messages: dict[ClauseStatus, Text] = field(default_factory=dict)
    #: whether the clause is stronger than its source, and why (DESIGN §10)
    basis: Basis = Basis.SOURCE
    basis_note: Text | None = None


def _base_message(cc: CompiledClause, status: ClauseStatus) -> Text:
    messages = cc.clause.messages
    chosen = {
        ClauseStatus.PASS: messages.pass_,
        ClauseStatus.FAIL: messages.fail,
        ClauseStatus.NOT_APPLICABLE: messages.not_applicable,
        ClauseStatus.INDETERMINATE: messages.indeterminate,
        ClauseStatus.MANUAL_REVIEW: messages.manual_review,
    }[status]
    if chosen is None:
        zh, en = _DEFAULT[status]
        chosen = Text(**{"zh-CN": zh.format(t=cc.clause.title.zh), "en": en.format(t=cc.clause.title.en)})
    return chosen


_UNDECLARED = Text(**{
    "zh-CN": "本条的条文性质或否决作用强于所引文件的规定，规则集未说明理由（zcf ruleset check 会报错）。",
    "en": "This clause is stronger than the cited document's provision and the ruleset gives no reason "
          "(zcf ruleset check reports it)."})


def _basis(cc: CompiledClause, found: bool, provision: str | None) -> tuple[Basis, Text | None]:
    """SOURCE unless the clause is stronger than the paragraph it cites (a gate counts as 应)."""
    if not found or cc.clause.strength() <= provision_strength(provision):
        return Basis.SOURCE, None
    declared = cc.clause.basis
    if declared is None:
        return Basis.READING, _UNDECLARED
    kind = Basis.PRACTICE if declared.kind is BasisKind.PRACTICE else Basis.READING
    return kind, declared.note


def plan_clause(compiled: CompiledRuleset, cc: CompiledClause,
                params: Mapping[str, Any]) -> ClausePlan:
    """Everything about `cc`'s result that `params` (the values in force) already decide."""
    model = compiled.model
    source = compiled.sources[cc.clause.id]
    own = source.provision.value if source.provision else None
    cited = (SourceProvision(own) if own else SourceProvision.INFORMATIVE) if source.found else None
    basis, basis_note = _basis(cc, source.found, own)
    evidence = tuple((name, model.inputs[name].pointer if name in model.inputs else None)
                     for name in sorted(cc.names - set(cc.parameters))
                     if name in model.inputs or name in model.metrics)
    thresholds = []
    for name in cc.parameters:
        param = model.parameters[name]
        value = params.get(name)
        shown = list(value) if isinstance(value, tuple) else value
        thresholds.append((name, value, Threshold(parameter=name, value=shown, unit=param.unit,
                                                  provenance=param.provenance,
                                                  source=param.source)))
    return ClausePlan(
        standard=StandardClauseRef(document=source.document, edition=source.edition,
                                   label=cc.clause.ref, provision=cited,
                                   text_sha256=source.text_sha256),
        evidence=evidence,
        thresholds=tuple(thresholds),
        unsettled_parameter=any(model.parameters[p].provenance in UNSETTLED
                                for p in cc.parameters),
        metrics=tuple(sorted(n for n in cc.names if n in model.metrics)),
        messages={status: _base_message(cc, status) for status in ClauseStatus},
        basis=basis,
        basis_note=basis_note,
    )


def _message(plan: ClausePlan, decision: Decision) -> Text:
    chosen = plan.messages[decision.status]
    if decision.missing:
        where = ", ".join(decision.missing)
        chosen = Text(**{"zh-CN": f"{chosen.zh}（请补充：{where}）",
                         "en": f"{chosen.en} (supply: {where})"})
    if decision.error:
        chosen = Text(**{"zh-CN": f"{chosen.zh}（{decision.error}）",
                         "en": f"{chosen.en} ({decision.error})"})
    return chosen


def is_provisional(plan: ClausePlan, facts: Facts) -> bool:
    """True when the clause's verdict rests on a provisional/unverified number."""
    return plan.unsettled_parameter or any(facts.metrics[n].provisional for n in plan.metrics
                                           if n in facts.metrics)


def _evidence_value(fields: dict[str, Any], given: frozenset[str]) -> EvidenceValue:
    value = fields["value"]
    kind = type(value)
    if kind in _KEPT and (kind is not Decimal or value.is_finite()) and (
            kind is not list or all(type(v) is str for v in value)):
        return trusted(EvidenceValue, fields, given)
    return EvidenceValue.model_validate({name: fields[name] for name in given})


def _evidence(cc: CompiledClause, plan: ClausePlan, facts: Facts) -> Evidence:
    values = []
    for name, pointer in plan.evidence:
        found = facts.values.get(name)
        value = [str(v) for v in found] if isinstance(found, tuple) else found
        if pointer is not None:
            values.append(_evidence_value({"name": name, "value": value, "unit": None,
                                           "pointer": pointer}, _INPUT_FIELDS))
        elif name in facts.metrics:
            values.append(_evidence_value({"name": name, "value": value,
                                           "unit": facts.metrics[name].unit, "pointer": None},
                                          _METRIC_FIELDS))
    thresholds = []
    for name, in_force, threshold in plan.thresholds:
        current = facts.values.get(name)
        if current is in_force:  # the usual case: the parameter value the plan was made with
            thresholds.append(threshold)
        else:
            shown = list(current) if isinstance(current, tuple) else current
            thresholds.append(Threshold.model_validate({**dict(threshold), "value": shown}))
    return trusted(Evidence, {"check": cc.clause.check, "values": tuple(values),
                              "thresholds": tuple(thresholds)})


def _decimal_or_none(value: Any) -> bool:
    return value is None or (type(value) is Decimal and value.is_finite())


def clause_result(plan: ClausePlan, cc: CompiledClause, decision: Decision, facts: Facts,
                  points: Decimal | None, most: Decimal | None) -> ClauseResult:
    clause = cc.clause
    decided = decision.status in (ClauseStatus.PASS, ClauseStatus.FAIL)
    fields = {
        "id": clause.id,
        "ref": clause.ref,
        "title": clause.title,
        "kind": clause.kind,
        "provision": clause.provision,
        "status": decision.status,
        "provisional": decided and is_provisional(plan, facts),
        "evidence": _evidence(cc, plan, facts),
        "missing": decision.missing if decision.status is ClauseStatus.INDETERMINATE else (),
        "score": None if points is None else round_score(points),
        "max_score": most,
        "bonus": bool(cc.clause.score and cc.clause.score.bonus),
        "message": _message(plan, decision),
        "remediation": clause.remediation if decision.status is not ClauseStatus.PASS else None,
        "standard": plan.standard,
        "basis": plan.basis,
        "basis_note": plan.basis_note,
    }
    if (type(fields["missing"]) is tuple and _decimal_or_none(fields["score"])
            and _decimal_or_none(fields["max_score"])):
        # Built from the ruleset's own models and values of the field types (checked by
        # tests/evaluate/test_trusted.py): 9.9 -> 7.3 us a clause.
        return trusted(ClauseResult, fields)
    return ClauseResult.model_validate(fields)
