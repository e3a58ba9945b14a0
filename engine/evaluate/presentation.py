"""Turn a clause decision into a ClauseResult: evidence, thresholds with provenance, messages."""

from __future__ import annotations

from decimal import Decimal

from engine.model.result import (
    ClauseResult,
    ClauseStatus,
    Evidence,
    EvidenceValue,
    StandardClauseRef,
    Threshold,
)
from engine.model.text import Text
from engine.rulesets.compiler import UNSETTLED, CompiledClause, CompiledRuleset

from .clauses import Decision
from .facts import Facts

_DEFAULT = {
    ClauseStatus.PASS: ("符合：{t}", "Met: {t}"),
    ClauseStatus.FAIL: ("不符合：{t}", "Not met: {t}"),
    ClauseStatus.NOT_APPLICABLE: ("不适用：{t}", "Not applicable: {t}"),
    ClauseStatus.INDETERMINATE: ("数据不足，无法判定：{t}", "Cannot decide, data missing: {t}"),
    ClauseStatus.MANUAL_REVIEW: ("需人工评审：{t}", "Needs a reviewer's judgement: {t}"),
}


def _message(cc: CompiledClause, decision: Decision) -> Text:
    messages = cc.clause.messages
    chosen = {
        ClauseStatus.PASS: messages.pass_,
        ClauseStatus.FAIL: messages.fail,
        ClauseStatus.NOT_APPLICABLE: messages.not_applicable,
        ClauseStatus.INDETERMINATE: messages.indeterminate,
        ClauseStatus.MANUAL_REVIEW: messages.manual_review,
    }[decision.status]
    if chosen is None:
        zh, en = _DEFAULT[decision.status]
        chosen = Text(**{"zh-CN": zh.format(t=cc.clause.title.zh), "en": en.format(t=cc.clause.title.en)})
    if decision.missing:
        where = ", ".join(decision.missing)
        chosen = Text(**{"zh-CN": f"{chosen.zh}（请补充：{where}）",
                         "en": f"{chosen.en} (supply: {where})"})
    if decision.error:
        chosen = Text(**{"zh-CN": f"{chosen.zh}（{decision.error}）",
                         "en": f"{chosen.en} ({decision.error})"})
    return chosen


def is_provisional(cc: CompiledClause, facts: Facts) -> bool:
    """True when the clause's verdict rests on a provisional/unverified number."""
    if any(facts.parameters[p].provenance in UNSETTLED for p in cc.parameters):
        return True
    return any(facts.metrics[n].provisional for n in cc.names if n in facts.metrics)


def _evidence(compiled: CompiledRuleset, cc: CompiledClause, facts: Facts) -> Evidence:
    model = compiled.model
    values = []
    for name in sorted(cc.names - set(cc.parameters)):
        value = facts.values.get(name)
        if isinstance(value, tuple):
            value = [str(v) for v in value]
        if name in model.inputs:
            values.append(EvidenceValue(name=name, value=value, pointer=model.inputs[name].pointer))
        elif name in facts.metrics:
            values.append(EvidenceValue(name=name, value=value, unit=facts.metrics[name].unit))
    thresholds = []
    for name in cc.parameters:
        param = facts.parameters[name]
        value = facts.values.get(name)
        if isinstance(value, tuple):
            value = list(value)
        thresholds.append(Threshold(parameter=name, value=value, unit=param.unit,
                                    provenance=param.provenance, source=param.source))
    return Evidence(check=cc.clause.check, values=tuple(values), thresholds=tuple(thresholds))


def clause_result(compiled: CompiledRuleset, cc: CompiledClause, decision: Decision,
                  facts: Facts, points: Decimal | None, most: Decimal | None) -> ClauseResult:
    clause = cc.clause
    document, edition, text_sha256 = compiled.sources[clause.id]
    decided = decision.status in (ClauseStatus.PASS, ClauseStatus.FAIL)
    return ClauseResult(
        id=clause.id,
        ref=clause.ref,
        title=clause.title,
        kind=clause.kind,
        provision=clause.provision,
        status=decision.status,
        provisional=decided and is_provisional(cc, facts),
        evidence=_evidence(compiled, cc, facts),
        missing=decision.missing if decision.status is ClauseStatus.INDETERMINATE else (),
        score=None if points is None else points.quantize(Decimal("0.01")),
        max_score=most,
        message=_message(cc, decision),
        remediation=clause.remediation if decision.status is not ClauseStatus.PASS else None,
        standard=StandardClauseRef(document=document, edition=edition, label=clause.ref,
                                   provision=clause.provision, text_sha256=text_sha256),
    )
