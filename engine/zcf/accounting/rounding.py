"""Rounding and limit comparison per GB/T 8170-2008 (数值修约规则与极限数值的表示和判定).

The only place in the engine that rounds. Metrics keep full precision; a value is rounded once,
for display or for a threshold that says it compares rounded values (修约值比较法, GB/T 8170
§4.3.3). Never round in steps: 8.53459 to two places is 8.53, not 8.535 then 8.54 (§3.3.1).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

#: GB/T 8170 §4.3: compare the full value (全数值比较法) or the value rounded to the limit's
#: last digit (修约值比较法). Standards that are silent are read as `full`.
ComparisonMethod = Literal["full", "rounded"]


def round_half_even(value: Decimal, places: int) -> Decimal:
    """Round once to `places` decimal places (negative: tens, hundreds, ...), half to even.

    GB/T 8170 §3.2: a discarded part of exactly 5 rounds to the even neighbour; anything above
    5 rounds up; negative numbers are rounded on their absolute value.

    Examples:
        >>> [str(round_half_even(Decimal(v), 1)) for v in ("0.35", "1.050", "-0.0365")]
        ['0.4', '1.0', '-0.0']
        >>> round_half_even(Decimal("-0.0365"), 3), round_half_even(Decimal("2500"), -3)
        (Decimal('-0.036'), Decimal('2E+3'))
    """
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


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
