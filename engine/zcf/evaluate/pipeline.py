"""One evaluation: submission -> validate -> facts -> clause statuses -> scores -> grade -> result.

A pure function of (ruleset, submission, as-of date); only `evaluated_at` reads the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from zcf.accounting import FACTOR_TABLES, find_problems
from zcf.accounting.context import AccountingContext
from zcf.accounting.memo import Memo
from zcf.backends.seam import Backend, get_backend
from zcf.errors import SubmissionInvalidError
from zcf.evaluate.clauses import Decision, decide
from zcf.evaluate.facts import Facts, build_facts
from zcf.evaluate.gaps import Trial, find_gaps
from zcf.evaluate.metric_cache import MetricCache
from zcf.evaluate.presentation import ClausePlan, clause_result, plan_clause
from zcf.evaluate.scoring import clause_points, counts_in_maximum, round_points
from zcf.evaluate.verdict import make_verdict
from zcf.model.problem import Problem
from zcf.model.result import (
    ClauseResult,
    ClauseStatus,
    EvaluationResult,
    RulesetRef,
    Score,
    SubmissionRef,
    Verdict,
)
from zcf.model.ruleset import ClauseKind, Provenance, Ruleset
from zcf.rulesets.compiler import CompiledRuleset
from zcf.submission.validation import check as check_submission
from zcf.version import __version__


def submission_digest(doc: Mapping[str, Any], raw: bytes | None = None) -> str:
    """sha256 of the submitted bytes, or of canonical JSON when only a document is given."""
    if raw is None:
        raw = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                         default=str).encode()
    return hashlib.sha256(raw).hexdigest()


def default_as_of(doc: Mapping[str, Any]) -> dt.date:
    """The end of the reporting period: what picks editions and factors unless the caller says.

    Raises:
        SubmissionInvalidError: `/period/end` is missing or not a date (exit 3), so no as-of date
            can be chosen; the message says to add it or to pass one.
    """
    period = doc.get("period") if isinstance(doc, Mapping) else None
    end = period.get("end") if isinstance(period, Mapping) else None
    try:
        return dt.date.fromisoformat(end) if isinstance(end, str) else _no_period(end)
    except ValueError:
        return _no_period(end)


def _no_period(found: object) -> dt.date:
    pointer = "/period/end"
    what = "is missing" if found is None else f"is {found!r}, not a date such as 2025-12-31"
    problem = Problem(code="no-as-of-date", pointer=pointer,
                      message=(f"{pointer} {what}, so no as-of date can be chosen. Give the reporting "
                               "period (period.start and period.end), or pass --as-of YYYY-MM-DD."),
                      params={"found": None if found is None else str(found)})
    raise SubmissionInvalidError(problem.message, (problem,))


#: the ruleset parameter naming the IPCC GWP set of every CO2e total
GWP_SET = "gwp_set"
#: the ruleset parameter that says which date picks `milestone` parameters
MILESTONE_BASIS = "milestone_date_basis"


def milestone_date(compiled: CompiledRuleset, doc: Mapping[str, Any], as_of: dt.date) -> dt.date:
    """The date that picks the ruleset's milestone targets for `doc`.

    The end of the reporting period when `milestone_date_basis` says `period_end` (a 2029
    report is held to the targets for 2029 whenever it is evaluated), else the as-of date.
    """
    basis = compiled.model.parameters.get(MILESTONE_BASIS)
    if basis is None or not any(p.milestone for p in compiled.model.parameters.values()):
        return as_of
    return default_as_of(doc) if basis.at(as_of) == "period_end" else as_of


def parameters_as_of(compiled: CompiledRuleset, as_of: dt.date,
                     milestone_on: dt.date | None = None) -> dict[str, Any]:
    """Each parameter's value in force on `as_of`; milestone parameters on `milestone_on`.

    A milestone date before a series begins takes its first value (a report for a year before
    the scheme is held to its first milestone).
    """
    values = {}
    for name, param in compiled.model.parameters.items():
        if param.milestone and milestone_on is not None:
            value = param.at(max(milestone_on, param.values[0].from_))
        else:
            value = param.at(as_of)
        values[name] = tuple(value) if isinstance(value, list) else value
    return values


@dataclass(frozen=True)
class RulesetAsOf:
    """What every evaluation under one ruleset on one date shares (read-only)."""

    compiled: CompiledRuleset
    #: parameter values in force (lists as tuples) and each parameter's provenance
    params: Mapping[str, Any]
    provenance: Mapping[str, Provenance]
    #: clause id -> the parts of its result the ruleset and the date already decide
    plans: Mapping[str, ClausePlan]


#: (id(compiled), as_of, milestone date) -> RulesetAsOf; the entry keeps its ruleset, checked
#: by identity.
_AS_OF: dict[tuple[int, dt.date, dt.date | None], RulesetAsOf] = {}
_AS_OF_MAX = 64


def ruleset_as_of(compiled: CompiledRuleset, as_of: dt.date,
                  milestone_on: dt.date | None = None) -> RulesetAsOf:
    """Parameters in force and clause plans, derived once per ruleset and dates (-0.6 ms each
    evaluation of examples/zcf-cn-general/zero-carbon.json)."""
    key = (id(compiled), as_of, milestone_on)
    found = _AS_OF.get(key)
    if found is not None and found.compiled is compiled:
        return found
    params = MappingProxyType(parameters_as_of(compiled, as_of, milestone_on))
    derived = RulesetAsOf(
        compiled=compiled,
        params=params,
        provenance=MappingProxyType({n: p.provenance for n, p in compiled.model.parameters.items()}),
        plans=MappingProxyType({cc.clause.id: plan_clause(compiled, cc, params)
                                for cc in compiled.clauses}),
    )
    if len(_AS_OF) >= _AS_OF_MAX:
        _AS_OF.pop(next(iter(_AS_OF)))
    _AS_OF[key] = derived
    return derived


@dataclass(frozen=True)
class Accounted:
    """What accounting makes of one submission: the context, the facts, the data findings."""

    ctx: AccountingContext
    facts: Facts
    problems: tuple[Problem, ...]
    #: the date that picked the milestone parameters (None: the as-of date)
    milestone_on: dt.date | None = None


@dataclass(frozen=True)
class Inferred:
    """Clause outcomes, score and verdict of one submission."""

    clauses: tuple[ClauseResult, ...]
    score: Score
    verdict: Verdict


def account(compiled: CompiledRuleset, doc: Mapping[str, Any], as_of: dt.date,
            metric_cache: MetricCache | None = None) -> Accounted:
    """Stage 3 of DESIGN §2: metrics with traces, facts for the clauses, accounting findings."""
    picked = milestone_date(compiled, doc, as_of)
    milestone_on = None if picked == as_of else picked
    shared = ruleset_as_of(compiled, as_of, milestone_on)
    ctx = AccountingContext(as_of=as_of, params=shared.params, param_provenance=shared.provenance,
                            memo=metric_cache if metric_cache is not None else Memo())
    facts = build_facts(compiled, doc, ctx)
    return Accounted(ctx=ctx, facts=facts, problems=tuple(find_problems(doc, ctx)),
                     milestone_on=milestone_on)


def infer(compiled: CompiledRuleset, accounted: Accounted, backend: Backend) -> Inferred:
    """Stage 4: each clause's status (the backend decides the decidable checks), points, grade."""
    facts = accounted.facts
    plans = ruleset_as_of(compiled, accounted.ctx.as_of, accounted.milestone_on).plans
    decisions: dict[str, Decision] = {c.clause.id: decide(c, facts) for c in compiled.clauses}
    if backend.name != "compiled":
        decidable = [c for c in compiled.clauses
                     if decisions[c.clause.id].status in (ClauseStatus.PASS, ClauseStatus.FAIL)]
        truths = backend.decide(compiled, decidable, facts.values)
        for cid, holds in truths.items():
            decisions[cid] = Decision(ClauseStatus.PASS if holds else ClauseStatus.FAIL)

    results: list[ClauseResult] = []
    total = maximum = Decimal(0)
    groups: dict[str, Decimal] = {}
    for cc in compiled.clauses:
        decision = decisions[cc.clause.id]
        points, most = clause_points(cc, decision.status, facts.values)
        if points is not None and most is not None:
            total += points
            maximum += most if counts_in_maximum(cc) else 0
            group = cc.clause.score.group if cc.clause.score else None
            if group:
                groups[group] = groups.get(group, Decimal(0)) + points
        results.append(clause_result(plans[cc.clause.id], cc, decision, facts, points, most))
    score = Score(total=round_points(total), maximum=round_points(maximum),
                  groups={g: round_points(v) for g, v in groups.items()})
    verdict = make_verdict(compiled, results, score, facts)
    return Inferred(clauses=tuple(results), score=score, verdict=verdict)


def informative(model: Ruleset, as_of: dt.date) -> bool:
    """Draft, informative: a ruleset whose placeholder effective date is still to come."""
    return model.effective_from_provisional and as_of < model.effective_from


def result_model(compiled: CompiledRuleset, doc: Mapping[str, Any], as_of: dt.date,
                 backend: Backend, raw: bytes | None, warnings: tuple[Problem, ...],
                 accounted: Accounted, inferred: Inferred) -> EvaluationResult:
    """The EvaluationResult of the stages above, with the digests that make it replayable."""
    gwp = accounted.ctx.params.get(GWP_SET)
    gwp_set = gwp if isinstance(gwp, str) else None
    metrics = accounted.facts.metrics
    if gwp_set is not None:  # every CO2e total names the GWP set it is expressed in
        metrics = {name: m.model_copy(update={"gwp_set": gwp_set}) if "CO2e" in m.unit else m
                   for name, m in metrics.items()}
    return EvaluationResult(
        engine=__version__,
        backend=backend.name,
        ruleset=RulesetRef(id=compiled.model.id, version=compiled.model.version,
                           digest=compiled.loaded.digest),
        submission=SubmissionRef(sha256=submission_digest(doc, raw)),
        as_of=as_of,
        factor_tables=dict(FACTOR_TABLES),
        gwp_set=gwp_set,
        verdict=(inferred.verdict.model_copy(update={"informative": True})
                 if informative(compiled.model, as_of) else inferred.verdict),
        score=inferred.score,
        metrics=metrics,
        clauses=inferred.clauses,
        problems=(*warnings, *accounted.problems),
        evaluated_at=evaluated_at(),
    )



def evaluated_at() -> dt.datetime:
    """The time stamp of a result: now, or `SOURCE_DATE_EPOCH` when set (reproducible builds'
    convention), so that reruns and batch comparisons can be byte for byte. It decides nothing."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def evaluate_document(
    compiled: CompiledRuleset,
    doc: Mapping[str, Any],
    *,
    as_of: dt.date | None = None,
    backend: Backend | str = "compiled",
    raw: bytes | None = None,
    metric_cache: MetricCache | None = None,
    validate: bool = True,
    gaps: bool = False,
) -> EvaluationResult:
    """Evaluate an already-parsed submission document (Decimals, not floats).

    With `gaps`, also work out the smallest changes that would flip failing gates or reach the
    next grade (re-runs accounting and decisions a few dozen to a few hundred times; meant for self-checks).
    """
    warnings = check_submission(doc, compiled.loaded.schema) if validate else ()
    as_of = as_of or default_as_of(doc)
    backend = get_backend(backend) if isinstance(backend, str) else backend
    accounted = account(compiled, doc, as_of, metric_cache)
    inferred = infer(compiled, accounted, backend)
    result = result_model(compiled, doc, as_of, backend, raw, warnings, accounted, inferred)
    if not gaps:
        return result

    compiled_backend = get_backend("compiled")

    def rerun(trial: Mapping[str, Any]) -> Trial:
        """Accounting and clause decisions of an edited copy: what a gap search needs, no more."""
        inferred = infer(compiled, account(compiled, trial, as_of), compiled_backend)
        return Trial({c.id: c.status for c in inferred.clauses}, inferred.verdict.grade)

    return result.model_copy(update={"gaps": find_gaps(compiled, doc, result, rerun)})


def gate_ids(compiled: CompiledRuleset) -> tuple[str, ...]:
    return tuple(c.clause.id for c in compiled.clauses if c.clause.kind is ClauseKind.GATE)
