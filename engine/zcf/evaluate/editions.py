"""Evaluating across editions: transition windows, and one factory under two editions.

When a new edition takes effect before the old one ends, both are in force and a factory may be
assessed under either: `evaluate_transition` runs both and reports both verdicts, so nobody learns
of the new edition's stricter threshold from the certificate body. `compare_editions` runs one
submission under two editions (for `zcf diff --submission`) and lists the clause statuses that move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from zcf.authoring.diff import EditionOutcome, OutcomeDiff, StatusChange
from zcf.evaluate.pipeline import default_as_of, evaluate_document
from zcf.model.result import EvaluationResult
from zcf.model.ruleset import Ruleset
from zcf.rulesets import registry
from zcf.rulesets.compiler import CompiledRuleset

Loader = Callable[[registry.RulesetEntry], CompiledRuleset]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EditionVerdict(_Frozen):
    version: str
    effective_from: dt.date
    effective_until: dt.date | None
    status: str
    grade: str | None
    compliant: bool


class Transition(_Frozen):
    """Two or more editions of one ruleset in force on the as-of date, each with its verdict."""

    id: str
    as_of: dt.date
    editions: tuple[EditionVerdict, ...]

    @property
    def compliant(self) -> bool:
        """Compliant under at least one edition in force: either may be applied during the window."""
        return any(e.compliant for e in self.editions)

    def notice(self) -> str:
        """One line for a person: which editions, until when, and where the verdicts differ."""
        parts = [f"{e.version} ({e.effective_from} → {e.effective_until or '…'}): "
                 f"{'compliant' if e.compliant else 'not compliant'}, grade {e.grade or 'none'}"
                 for e in self.editions]
        return (f"transition window: {len(self.editions)} editions of {self.id} are in force on "
                f"{self.as_of}; evaluated under each — " + "; ".join(parts))


@dataclass(frozen=True)
class TransitionEvaluation:
    transition: Transition
    results: tuple[EvaluationResult, ...]  #: oldest edition first, as in `transition.editions`


def _default_loader(entry: registry.RulesetEntry) -> CompiledRuleset:
    from zcf.rulesets.installed import load_entry  # the API module caches compiled rulesets

    return load_entry(entry)


def evaluate_transition(
    rid: str,
    doc: Mapping[str, Any],
    *,
    as_of: dt.date | None = None,
    load: Loader = _default_loader,
    backend: str = "compiled",
    raw: bytes | None = None,
    gaps: bool = False,
) -> TransitionEvaluation | None:
    """Evaluate `doc` under every edition of `rid` in force on the as-of date; None if only one is.

    The as-of date defaults to the end of the reporting period, as for any evaluation.
    """
    on = as_of or default_as_of(doc)
    editions = registry.editions_in_force(rid, on)
    if len(editions) < 2:
        return None
    # No shared MetricCache: each result must be exactly what a single-edition run (and replay) gives.
    results = tuple(evaluate_document(load(e), doc, as_of=on, backend=backend, raw=raw, gaps=gaps)
                    for e in editions)
    verdicts = tuple(EditionVerdict(version=e.version, effective_from=e.effective_from, effective_until=e.until,
                                    status=e.status, grade=r.verdict.grade, compliant=r.verdict.compliant)
                     for e, r in zip(editions, results, strict=True))
    return TransitionEvaluation(Transition(id=rid, as_of=on, editions=verdicts), results)


def edition_date(model: Ruleset, period_end: dt.date) -> dt.date:
    """The in-force date nearest the period end: the period end itself if the edition is in force then.

    Lets `zcf diff --submission` evaluate an old and a new edition each on a day it applies.
    """
    day = max(period_end, model.effective_from)
    if model.effective_until is not None and day >= model.effective_until:
        day = max(model.effective_from, model.effective_until - dt.timedelta(days=1))
    return day


def compare_editions(
    a: CompiledRuleset,
    b: CompiledRuleset,
    doc: Mapping[str, Any],
    *,
    as_of: dt.date | None = None,
    raw: bytes | None = None,
    backend: str = "compiled",
) -> OutcomeDiff:
    """Evaluate `doc` under both editions (a common `as_of`, else each on its own in-force date)."""
    period_end = default_as_of(doc)
    day_a = as_of or edition_date(a.model, period_end)
    day_b = as_of or edition_date(b.model, period_end)
    ra = evaluate_document(a, doc, as_of=day_a, raw=raw, backend=backend)
    rb = evaluate_document(b, doc, as_of=day_b, raw=raw, backend=backend)
    before = {c.id: c.status for c in ra.clauses}
    after = {c.id: c.status for c in rb.clauses}
    order = [*after, *(cid for cid in before if cid not in after)]
    changes = tuple(StatusChange(clause=cid, before=before.get(cid), after=after.get(cid))
                    for cid in order if before.get(cid) != after.get(cid))
    return OutcomeDiff(before=_outcome(ra), after=_outcome(rb), statuses=changes)


def _outcome(result: EvaluationResult) -> EditionOutcome:
    return EditionOutcome(ruleset=f"{result.ruleset.id}@{result.ruleset.version}", as_of=result.as_of,
                          grade=result.verdict.grade, compliant=result.verdict.compliant)
