"""Points for scored clauses: full weight on pass, or linear between baseline and leading value.

Scores are kept exact and rounded once, at the end, to 0.01 (GB/T 8170, half to even).
"""

from __future__ import annotations

from decimal import Decimal

from zcf.accounting.rounding import round_score
from zcf.evaluate.facts import Value
from zcf.model.result import ClauseStatus
from zcf.rules.expressions import EvaluationError, MissingValueError
from zcf.rulesets.compiler import CompiledClause

ZERO = Decimal(0)
ONE = Decimal(1)


def linear_fraction(value: Decimal, baseline: Decimal, leading: Decimal) -> Decimal:
    """Share of full points: 0 at the baseline, 1 at the leading value, clamped to [0, 1].

    Works in both directions: when leading < baseline, lower values score higher.

    >>> linear_fraction(Decimal("0.65"), Decimal("0.3"), Decimal("1"))
    Decimal('0.5')
    >>> linear_fraction(Decimal("1.2"), Decimal("1.5"), Decimal("1.25"))
    Decimal('1')
    """
    if leading == baseline:
        return ONE if value >= baseline else ZERO
    fraction = (value - baseline) / (leading - baseline)
    return max(ZERO, min(ONE, fraction))


def clause_points(clause: CompiledClause, status: ClauseStatus,
                  env: dict[str, Value]) -> tuple[Decimal | None, Decimal | None]:
    """(points, maximum) for one clause; (None, None) when it carries no score or is N/A.

    An optional item (`bonus`) is worth its weight, but the ruleset total leaves it out of the
    maximum (see `counts_in_maximum`).
    """
    score = clause.clause.score
    if score is None or status is ClauseStatus.NOT_APPLICABLE:
        return None, None
    return _points(clause, status, env, score.weight)


def counts_in_maximum(clause: CompiledClause) -> bool:
    """Optional items (加分项) raise the total but never the maximum."""
    return clause.clause.score is None or not clause.clause.score.bonus


def _points(clause: CompiledClause, status: ClauseStatus, env: dict[str, Value],
            weight: Decimal) -> tuple[Decimal, Decimal]:
    if status is not ClauseStatus.PASS:
        return ZERO, weight
    # The compiler sets the three linear-score expressions together or not at all.
    if clause.score_value is None or clause.score_baseline is None or clause.score_leading is None:
        return weight, weight
    try:
        value = clause.score_value(env)
        baseline = clause.score_baseline(env)
        leading = clause.score_leading(env)
    except (MissingValueError, EvaluationError):
        return ZERO, weight
    if not (isinstance(value, Decimal) and isinstance(baseline, Decimal) and isinstance(leading, Decimal)):
        return ZERO, weight
    return weight * linear_fraction(value, baseline, leading), weight


def round_points(value: Decimal) -> Decimal:
    """A score as the result reports it (`zcf.accounting.rounding.round_score`: 0.01, half to even)."""
    return round_score(value)
