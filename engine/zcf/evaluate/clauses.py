"""Decide each clause's status from the compiled clause model (shared by every backend).

Not-applicable, missing data and manual review are decided here, once; a backend only says
whether a decidable check holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from zcf.evaluate.facts import Facts
from zcf.model.result import ClauseStatus
from zcf.model.ruleset import ClauseKind
from zcf.rules.expressions import EvaluationError, MissingValueError
from zcf.rulesets.compiler import CompiledClause


@dataclass(frozen=True)
class Decision:
    status: ClauseStatus
    missing: tuple[str, ...] = ()
    error: str | None = None


def _missing(clause: CompiledClause, facts: Facts) -> tuple[str, ...]:
    pointers = facts.missing_pointers(clause.names)
    return pointers or ("(value could not be computed)",)


def decide(clause: CompiledClause, facts: Facts) -> Decision:
    """The compiled (reference) decision for one clause."""
    env = facts.values
    if clause.applies_when is not None:
        try:
            if not clause.applies_when(env):
                return Decision(ClauseStatus.NOT_APPLICABLE)
        except MissingValueError:
            return Decision(ClauseStatus.INDETERMINATE, _missing(clause, facts))
        except EvaluationError as err:
            return Decision(ClauseStatus.INDETERMINATE, _missing(clause, facts), str(err))
    required_missing = [n for n in clause.clause.requires if env.get(n) is None]
    if required_missing:
        return Decision(ClauseStatus.INDETERMINATE, facts.missing_pointers(set(required_missing)))
    if clause.clause.kind is ClauseKind.MANUAL or clause.check is None:
        return Decision(ClauseStatus.MANUAL_REVIEW)
    try:
        holds = clause.check(env)
    except MissingValueError:
        return Decision(ClauseStatus.INDETERMINATE, _missing(clause, facts))
    except EvaluationError as err:
        return Decision(ClauseStatus.INDETERMINATE, _missing(clause, facts), str(err))
    return Decision(ClauseStatus.PASS if holds is True else ClauseStatus.FAIL)
