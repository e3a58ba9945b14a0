"""GB/T 8170-2008 rounding and limit comparison."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from zcf.accounting.rounding import (
    compare,
    decimal_places,
    round_half_even,
    round_to_increment,
)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("12.1498", 1, "12.1"),  # §3.2.1 discarded part < 5
        ("1268", -2, "1.3E+3"),  # §3.2.2 > 5 (to hundreds)
        ("10.5002", 0, "11"),  # §3.2.2 5 followed by non-zero digits
        ("1.050", 1, "1.0"),  # §3.2.3 exactly 5, keep even
        ("0.35", 1, "0.4"),  # §3.2.3 exactly 5, round to even
        ("2500", -3, "2E+3"),
        ("3500", -3, "4E+3"),
        ("-355", -1, "-3.6E+2"),  # §3.2.4 negatives on the absolute value
        ("-0.0365", 3, "-0.036"),
    ],
    ids=lambda v: str(v),
)
def test_round_half_even(value: str, places: int, expected: str) -> None:
    result = round_half_even(Decimal(value), places)
    assert result == Decimal(expected)
    assert str(result) == expected


def test_no_cascaded_rounding() -> None:
    # §3.3.1: 15.4546 to a whole number is 15, never 15.455 -> 15.46 -> 15.5 -> 16.
    assert round_half_even(Decimal("15.4546"), 0) == 15
    stepwise = Decimal("15.4546")
    for places in (3, 2, 1, 0):
        stepwise = round_half_even(stepwise, places)
    assert stepwise == 16  # what the standard forbids


@pytest.mark.parametrize(
    ("value", "increment", "expected"),
    [("60.25", "0.5", "60.0"), ("60.38", "0.5", "60.5"), ("60.75", "0.5", "61.0"),
     ("830", "20", "840"), ("842", "20", "840"), ("-930", "20", "-920")],
    ids=lambda v: str(v),
)
def test_round_to_increment(value: str, increment: str, expected: str) -> None:
    assert round_to_increment(Decimal(value), Decimal(increment)) == Decimal(expected)


def test_round_to_increment_rejects_non_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        round_to_increment(Decimal(1), Decimal(0))


@pytest.mark.parametrize(
    ("value", "limit", "method", "expected"),
    [
        ("0.596", "0.60", "full", -1),
        ("0.596", "0.60", "rounded", 0),  # 修约值比较法: 0.596 -> 0.60
        ("0.596", "0.6", "rounded", 0),
        ("0.594", "0.60", "rounded", -1),
        ("0.6049", "0.60", "rounded", 0),
        ("0.6051", "0.60", "rounded", 1),
        ("80", "80", "full", 0),
    ],
    ids=lambda v: str(v),
)
def test_compare(value: str, limit: str, method: str, expected: int) -> None:
    assert compare(Decimal(value), Decimal(limit), method) == expected  # type: ignore[arg-type]


def test_decimal_places() -> None:
    assert decimal_places(Decimal("0.60")) == 2
    assert decimal_places(Decimal("2E+3")) == -3
    with pytest.raises(ValueError, match="finite"):
        decimal_places(Decimal("Infinity"))


@given(value=st.decimals(min_value=-10**9, max_value=10**9, places=8, allow_nan=False,
                         allow_infinity=False),
       places=st.integers(min_value=-3, max_value=6))
def test_rounding_error_is_at_most_half_a_unit(value: Decimal, places: int) -> None:
    rounded = round_half_even(value, places)
    assert abs(rounded - value) <= Decimal(1).scaleb(-places) / 2
