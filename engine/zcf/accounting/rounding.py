"""Rounding and limit comparison per GB/T 8170-2008 (数值修约规则与极限数值的表示和判定).

The only module in zcf that rounds a Decimal, always with an explicit rounding mode, never the
thread's decimal context: clause and total scores (`round_score`), the ruleset expression
`round(x, n)` and thresholds compared on rounded values (`round_half_even`), and the step of a
gap-analysis search (`steps_to_reach`). Metrics keep full precision; a value is rounded once,
for display or for a threshold that says it compares rounded values (修约值比较法, GB/T 8170
§4.3.3). Never round in steps: 8.53459 to two places is 8.53, not 8.535 then 8.54 (§3.3.1).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Context, Decimal
from typing import Literal

#: Scores (clause points, totals, maxima, group sums) are reported to 0.01.
SCORE_PLACES = 2

#: GB/T 8170 §4.3: compare the full value (全数值比较法) or the value rounded to the limit's
#: last digit (修约值比较法). Standards that are silent are read as `full`.
ComparisonMethod = Literal["full", "rounded"]


def round_half_even(value: Decimal, places: int, context: Context | None = None) -> Decimal:
    """Round once to `places` decimal places (negative: tens, hundreds, ...), half to even.

    GB/T 8170 §3.2: a discarded part of exactly 5 rounds to the even neighbour; anything above
    5 rounds up; negative numbers are rounded on their absolute value.

    Examples:
        >>> [str(round_half_even(Decimal(v), 1)) for v in ("0.35", "1.050", "-0.0365")]
        ['0.4', '1.0', '-0.0']
        >>> round_half_even(Decimal("-0.0365"), 3), round_half_even(Decimal("2500"), -3)
        (Decimal('-0.036'), Decimal('2E+3'))

    `context` sets the precision and traps (default: the thread's); the rounding is always half
    to even. Raises decimal.InvalidOperation when the result needs more digits than its precision.
    """
    return value.quantize(Decimal(1).scaleb(-places, context), rounding=ROUND_HALF_EVEN, context=context)


def round_score(points: Decimal) -> Decimal:
    """Points as a result reports them: once, to 0.01, half to even.

    Examples:
        >>> round_score(Decimal("2.345")), round_score(Decimal("2.355")), round_score(Decimal("7"))
        (Decimal('2.34'), Decimal('2.36'), Decimal('7.00'))
    """
    return round_half_even(points, SCORE_PLACES)


def round_to_increment(value: Decimal, increment: Decimal) -> Decimal:
    """Round to a multiple of `increment` such as 0.5 or 0.2 units (GB/T 8170 §3.4, §3.5).

    Examples:
        >>> round_to_increment(Decimal("60.25"), Decimal("0.5"))
        Decimal('60.0')
        >>> round_to_increment(Decimal("830"), Decimal("20"))
        Decimal('840')
    """
    if increment <= 0:
        raise ValueError(f"increment must be positive, got {increment}")
    steps = (value / increment).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return steps * increment


def steps_to_reach(value: Decimal, step: Decimal) -> int:
    """The fewest whole steps of `step` that reach `value` (a search bound, not a GB/T 8170 rounding).

    Examples:
        >>> steps_to_reach(Decimal("12.01"), Decimal("0.5")), steps_to_reach(Decimal("12"), Decimal("0.5"))
        (25, 24)
    """
    if step <= 0:
        raise ValueError(f"step must be positive, got {step}")
    return int((value / step).to_integral_value(rounding=ROUND_CEILING))


def decimal_places(limit: Decimal) -> int:
    """How many decimal places a limit is written with (negative for 2E+3)."""
    exponent = limit.as_tuple().exponent
    if not isinstance(exponent, int):
        raise ValueError(f"limit must be finite, got {limit}")
    return -exponent


def compare(value: Decimal, limit: Decimal, method: ComparisonMethod = "full") -> int:
    """-1, 0 or 1 as `value` is below, equal to or above `limit` (GB/T 8170 §4.3).

    With `rounded`, the value is first rounded to the digit the limit is written to, so the
    way the limit is written matters: Decimal("0.60") keeps two places, Decimal("0.6") one.

    Examples:
        >>> value, limit = Decimal("0.596"), Decimal("0.60")
        >>> compare(value, limit), compare(value, limit, "rounded")
        (-1, 0)
    """
    if method == "rounded":
        value = round_half_even(value, decimal_places(limit))
    return (value > limit) - (value < limit)
