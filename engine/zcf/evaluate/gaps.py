"""Gap analysis for self-checks: the smallest change, in the submission's own terms, that flips
a failing gate or requirement, or reaches the next grade.

Nothing is guessed: each lever edits a copy of the submission (retire more offsets, retire more
green certificates, burn less fuel, buy less grid power, cut unit energy) and the accounting and
the clause decisions are re-run on it (the result objects are not built for a trial). A bisection
over whole multiples of the lever's natural unit (whole certificates, whole tonnes, 0.1 %) finds
the smallest amount that passes. The trials of one lever are shared by every target, so the
searches for several failing clauses walk the same first steps once.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zcf.accounting.rounding import steps_to_reach
from zcf.errors import AccountingError, RulesetError
from zcf.model.result import ClauseStatus, EvaluationResult, Gap
from zcf.model.ruleset import ClauseKind, Provision
from zcf.model.text import Text
from zcf.rulesets.compiler import CompiledRuleset

Doc = dict[str, Any]


@dataclass(frozen=True)
class Trial:
    """What a target needs to know of an edited submission: each clause's status and the grade."""

    statuses: Mapping[str, ClauseStatus]
    grade: str | None


Evaluate = Callable[[Mapping[str, Any]], Trial]


@dataclass(frozen=True)
class Lever:
    id: str
    unit: str
    step: Decimal  # the amount is rounded up to a multiple of this
    upper: Callable[[EvaluationResult], Decimal]  # search no further than this
    applies: Callable[[Mapping[str, Any]], bool]
    apply: Callable[[Doc, Decimal, CompiledRuleset], None]
    text: tuple[str, str]  # zh-CN / en templates with {amount} and {unit}


def _metric(result: EvaluationResult, name: str) -> Decimal:
    metric = result.metrics.get(name)
    return metric.value if metric is not None and metric.value is not None else Decimal(0)


def _period_end(doc: Mapping[str, Any]) -> dt.date:
    return dt.date.fromisoformat(str(doc["period"]["end"]))


def _add_offsets(doc: Doc, amount: Decimal, compiled: CompiledRuleset) -> None:
    param = compiled.model.parameters.get("offset_eligible_types")
    kinds = param.values[-1].value if param else None
    kind = kinds[0] if isinstance(kinds, list) and kinds else "CCER"
    end = _period_end(doc)
    doc.setdefault("offsets", []).append({
        "type": kind, "serial": "GAP-ANALYSIS-OFFSET", "amount": {"value": amount, "unit": "tCO2e"},
        "vintage": end.year, "retired": True, "retired_on": end.isoformat()})


def _add_certificates(doc: Doc, amount: Decimal, compiled: CompiledRuleset) -> None:
    end = _period_end(doc)
    electricity = doc.setdefault("energy", {}).setdefault("electricity", {})
    electricity.setdefault("green_certificates", []).append({
        "serial": "GAP-ANALYSIS-GEC", "amount": {"value": amount, "unit": "MWh"},
        "vintage": f"{end.year:04d}-{end.month:02d}", "retired": True,
        "retired_on": end.isoformat()})


def _scale(items: list[dict[str, Any]], key: str, factor: Decimal) -> None:
    for item in items:
        quantity = item.get(key)
        if isinstance(quantity, dict) and "value" in quantity:
            quantity["value"] = Decimal(str(quantity["value"])) * factor


def _cut(path: tuple[str, ...], key: str) -> Callable[[Doc, Decimal, CompiledRuleset], None]:
    def apply(doc: Doc, percent: Decimal, compiled: CompiledRuleset) -> None:
        node: Any = doc
        for part in path:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        if isinstance(node, list):
            _scale(node, key, 1 - percent / 100)
    return apply


def _has(*path: str) -> Callable[[Mapping[str, Any]], bool]:
    def applies(doc: Mapping[str, Any]) -> bool:
        node: Any = doc
        for part in path:
            node = node.get(part) if isinstance(node, Mapping) else None
        return bool(node)
    return applies


def _gross(result: EvaluationResult) -> Decimal:
    return _metric(result, "scope1") + _metric(result, "scope2_location") + 1


LEVERS: tuple[Lever, ...] = (
    Lever("retire_offsets", "tCO2e", Decimal(1), lambda r: 2 * _gross(r), lambda d: True,
          _add_offsets, ("再注销 {amount} {unit} 符合条件的减排量（如CCER）",
                         "retire {amount} {unit} more eligible offsets (e.g. CCER)")),
    Lever("retire_certificates", "MWh", Decimal(1),
          lambda r: _metric(r, "electricity_total") + 1, _has("energy", "electricity", "grid"),
          _add_certificates, ("再核销 {amount} 张绿证（{amount} {unit}）覆盖外购电",
                              "retire {amount} more green certificates ({amount} {unit}) for grid power")),
    Lever("cut_fuel", "%", Decimal("0.1"), lambda r: Decimal(100), _has("energy", "fuels"),
          _cut(("energy", "fuels"), "amount"), ("化石燃料消费量降低 {amount}{unit}",
                                                "burn {amount}{unit} less fossil fuel")),
    Lever("cut_grid_electricity", "%", Decimal("0.1"), lambda r: Decimal(100),
          _has("energy", "electricity", "grid"), _cut(("energy", "electricity", "grid"), "amount"),
          ("外购电网电量降低 {amount}{unit}", "buy {amount}{unit} less grid electricity")),
    Lever("cut_unit_energy", "%", Decimal("0.1"), lambda r: Decimal(100), _has("efficiency"),
          _cut(("efficiency",), "unit_energy"), ("单位产品能耗降低 {amount}{unit}",
                                                 "cut unit product energy by {amount}{unit}")),
)


def _passes(clause_id: str) -> Callable[[Trial], bool]:
    return lambda trial: trial.statuses[clause_id] is ClauseStatus.PASS


def _targets(compiled: CompiledRuleset, result: EvaluationResult
             ) -> list[tuple[str, Callable[[Trial], bool]]]:
    targets: list[tuple[str, Callable[[Trial], bool]]] = []
    for clause in result.clauses:
        deciding = clause.kind is ClauseKind.GATE or (
            clause.provision is Provision.REQUIREMENT and clause.kind is not ClauseKind.INFO)
        if clause.status is ClauseStatus.FAIL and deciding:
            targets.append((clause.id, _passes(clause.id)))
    order = [g.grade.id for g in compiled.grades]
    if order:
        reached = result.verdict.grade
        index = order.index(reached) - 1 if reached in order else len(order) - 1
        if index >= 0:
            wanted = set(order[: index + 1])
            targets.append((f"grade:{order[index]}", lambda t: t.grade in wanted))
    return targets


def _search(lever: Lever, outcome: Callable[[Decimal], Trial], holds: Callable[[Trial], bool],
            upper: Decimal, passing: frozenset[str]) -> Decimal | None:
    """The smallest whole multiple of the lever's step (capped at `upper`) after which the target holds.

    The search predicate is "the target holds, or a clause that passed before now fails":
    monotone even where the checks are not (too many offsets breaks the reduction-before-offset
    cap). If another clause breaks first, this lever alone cannot reach the target.
    """
    def settled(trial: Trial) -> bool:
        return holds(trial) or any(trial.statuses[cid] is not ClauseStatus.PASS for cid in passing)

    def amount(n: int) -> Decimal:
        return min(n * lever.step, upper)

    if upper <= 0:
        return None
    high = steps_to_reach(upper, lever.step)
    if not settled(outcome(amount(high))):
        return None
    low = 0  # the target fails as submitted
    while high - low > 1:
        mid = (low + high) // 2
        if settled(outcome(amount(mid))):
            high = mid
        else:
            low = mid
    return amount(high) if holds(outcome(amount(high))) else None


def find_gaps(compiled: CompiledRuleset, doc: Mapping[str, Any], result: EvaluationResult,
              run: Evaluate) -> tuple[Gap, ...]:
    """For each failing gate/requirement and the next grade: the smallest amount per lever."""
    gaps: list[Gap] = []
    passing = frozenset(c.id for c in result.clauses if c.status is ClauseStatus.PASS)
    targets = _targets(compiled, result)
    found: dict[tuple[str, str], Decimal] = {}
    for lever in LEVERS:
        if not targets or not lever.applies(doc):
            continue
        trials: dict[Decimal, Trial] = {}

        def outcome(amount: Decimal, lever: Lever = lever, trials: dict[Decimal, Trial] = trials) -> Trial:
            if amount not in trials:
                trial = copy.deepcopy(dict(doc))
                lever.apply(trial, amount, compiled)
                trials[amount] = run(trial)
            return trials[amount]

        for target, holds in targets:
            try:
                amount = _search(lever, outcome, holds, lever.upper(result), passing)
            except (AccountingError, RulesetError):
                # The ruleset cannot account for what this lever adds (no offset parameters, no
                # factor for the added item): the lever does not apply. Anything else propagates.
                break
            if amount is not None:
                found[(target, lever.id)] = amount
    for target, _ in targets:  # reported target by target, levers in their order, as before
        for lever in LEVERS:
            amount = found.get((target, lever.id))
            if amount is None:
                continue
            zh, en = lever.text
            gaps.append(Gap(target=target, lever=lever.id, amount=amount, unit=lever.unit,
                            message=Text(**{"zh-CN": zh.format(amount=amount, unit=lever.unit),
                                            "en": en.format(amount=amount, unit=lever.unit)})))
    return tuple(gaps)
