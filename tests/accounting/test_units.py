"""units.convert: explicit Decimal table, exact round trips, mismatch names pointer and units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from zcf.accounting.units import UNITS, convert, dimension, to_decimal, units_of
from zcf.errors import AccountingError, UnitMismatchError


@pytest.mark.parametrize(
    ("value", "unit", "to", "expected"),
    [
        ("1250", "kWh", "MWh", "1.25"),
        (3, "GWh", "MWh", "3000"),
        ("2.5", "TJ", "GJ", "2500"),
        (750, "kg", "t", "0.75"),
        (3, "10^4 Nm3", "Nm3", "30000"),
        (500, "kgCO2e", "tCO2e", "0.5"),
        (7, "tCO2", "tCO2e", "7"),
        (1000000, "CNY", "10^4 CNY", "100"),
        ("1.5", "10^8 CNY", "10^4 CNY", "15000"),
        (98, "%", "1", "0.98"),
        (20908, "kJ/kg", "GJ/t", "20.908"),
        ("38.931", "MJ/Nm3", "GJ/10^4 Nm3", "389.31"),
        ("0.0153", "tC/GJ", "tC/TJ", "15.3"),
        (110, "kgCO2/GJ", "tCO2/GJ", "0.11"),
        ("1229", "kgce", "tce", "1.229"),
    ],
    ids=lambda v: str(v),
)
def test_convert(value: object, unit: str, to: str, expected: str) -> None:
    assert convert({"value": value, "unit": unit}, to, "/x") == Decimal(expected)


def test_mismatch_names_pointer_and_allowed_units() -> None:
    with pytest.raises(UnitMismatchError) as info:
        convert({"value": 1, "unit": "GJ"}, "MWh", "/energy/electricity/grid/3/amount")
    assert str(info.value) == (
        "/energy/electricity/grid/3/amount: unit 'GJ' cannot be converted to MWh; this value "
        "needs one of: kWh, MWh, GWh\n  hint: correct /energy/electricity/grid/3/amount/unit"
    )
    assert info.value.code == "unit-mismatch"


def test_unknown_units_are_mismatches() -> None:
    with pytest.raises(UnitMismatchError, match="'m3' cannot be converted to Nm3"):
        convert({"value": 1, "unit": "m3"}, "Nm3", "/p")  # Nm3 is never an alias of m3
    with pytest.raises(UnitMismatchError, match="unknown target unit"):
        convert({"value": 1, "unit": "t"}, "ton", "/p")


@pytest.mark.parametrize("value", [1.5, True, "1,5", "1e3", " 1", None],
                         ids=["float", "bool", "comma", "exponent", "space", "none"])
def test_only_decimal_values(value: object) -> None:
    with pytest.raises(AccountingError, match="/p/value: expected a decimal number"):
        convert({"value": value, "unit": "t"}, "t", "/p")


def test_to_decimal_accepts_int_decimal_and_decimal_text() -> None:
    assert to_decimal(7, "/p") == Decimal(7)
    assert to_decimal(Decimal("0.1"), "/p") == Decimal("0.1")
    assert to_decimal("-12.50", "/p") == Decimal("-12.50")


def test_every_factor_is_a_power_of_ten() -> None:
    # Exactness of every conversion rests on this.
    for unit, (_, size) in UNITS.items():
        assert size.normalize().as_tuple().digits == (1,), unit


def test_dimensions() -> None:
    assert dimension("kWh") == "electricity" and dimension("furlong") is None
    assert units_of("money") == ("CNY", "10^4 CNY", "10^8 CNY")


PAIRS = [(a, b) for a, (da, _) in UNITS.items() for b, (db, _) in UNITS.items() if da == db]
VALUES = st.decimals(min_value=-10**12, max_value=10**12, places=6, allow_nan=False,
                     allow_infinity=False)


@given(pair=st.sampled_from(PAIRS), value=VALUES)
def test_round_trip_is_exact(pair: tuple[str, str], value: Decimal) -> None:
    a, b = pair
    there = convert({"value": value, "unit": a}, b, "/p")
    assert convert({"value": there, "unit": b}, a, "/p") == value


@given(value=VALUES, a=st.sampled_from(units_of("electricity")),
       b=st.sampled_from(units_of("electricity")), c=st.sampled_from(units_of("electricity")))
def test_conversion_composes(value: Decimal, a: str, b: str, c: str) -> None:
    direct = convert({"value": value, "unit": a}, c, "/p")
    via = convert({"value": convert({"value": value, "unit": a}, b, "/p"), "unit": b}, c, "/p")
    assert direct == via
