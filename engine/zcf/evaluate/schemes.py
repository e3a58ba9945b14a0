"""Multi-scheme evaluation: one submission against every applicable ruleset in one run.

Enterprises apply under national, industry and provincial schemes at once. Accounting results are
computed once and shared wherever the schemes' accounting parameters agree (`MetricCache`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from zcf.errors import UsageError
from zcf.evaluate.metric_cache import MetricCache
from zcf.evaluate.pipeline import default_as_of, evaluate_document
from zcf.model.problem import Problem, Severity
from zcf.model.result import EvaluationResult
from zcf.rulesets import registry
from zcf.rulesets.compiler import CompiledRuleset


def scope_facts(doc: Mapping[str, Any]) -> dict[str, str]:
    """The submission facts scope filters look at."""
    enterprise = doc.get("enterprise", {}) if isinstance(doc, Mapping) else {}
    return {k: str(enterprise[k]) for k in ("industry_code", "province", "city") if k in enterprise}


def select(specs: Sequence[str], doc: Mapping[str, Any],
           as_of: dt.date) -> list[registry.RulesetEntry]:
    """Resolve `all` (every ruleset whose scope matches) or a list of ID[@VERSION]."""
    if list(specs) == ["all"]:
        facts = scope_facts(doc)
        chosen = []
        everything = registry.discover()  # once: each discovery reads the search path
        for rid in sorted({e.id for e in everything}):
            try:
                entry = registry.find_in(everything, rid, as_of=as_of)
            except UsageError:
                continue  # no edition in force on the as-of date
            if registry.applies(entry, facts):
                chosen.append(entry)
        return chosen
    return [registry.find(spec, as_of=as_of) for spec in specs]


#: Code of the warning a result carries when an older edition was chosen over a newer signed one.
ROLLBACK_CODE = "older-edition-chosen"


def with_rollback_warning(result: EvaluationResult, entry: registry.RulesetEntry,
                          as_of: dt.date) -> EvaluationResult:
    """`result`, with a warning among its problems if `entry` is older than a signed edition in force."""
    warning = registry.rollback_warning(entry, as_of)
    if warning is None:
        return result
    problem = Problem(code=ROLLBACK_CODE, pointer="", severity=Severity.WARNING, message=warning,
                      params={"ruleset": entry.ref})
    return result.model_copy(update={"problems": (*result.problems, problem)})


def evaluate_schemes(
    specs: Sequence[str],
    doc: Mapping[str, Any],
    load: Callable[[registry.RulesetEntry], CompiledRuleset],
    *,
    as_of: dt.date | None = None,
    backend: str = "compiled",
    raw: bytes | None = None,
    gaps: bool = False,
) -> tuple[list[EvaluationResult], MetricCache]:
    """Evaluate `doc` under each selected ruleset, sharing accounting work between them."""
    as_of_date = as_of or default_as_of(doc)
    cache = MetricCache()
    results = [
        with_rollback_warning(evaluate_document(load(entry), doc, as_of=as_of, backend=backend, raw=raw,
                                                metric_cache=cache, gaps=gaps), entry, as_of_date)
        for entry in select(specs, doc, as_of_date)
    ]
    if not results:
        raise UsageError("no ruleset applies to this submission",
                         hint="check enterprise.industry_code and province, or name rulesets")
    return results, cache
