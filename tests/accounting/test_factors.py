"""Factor tables: every value sourced, status mapped to provenance, latest-available rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from zcf.accounting import FACTOR_TABLES
from zcf.accounting.factors import (
    CONVERSION_TABLE,
    FUEL_TABLE,
    GRID_TABLE,
    FactorStatus,
    GridLevel,
    conversion_constant,
    fuel_default,
    fuel_ncv_dimension,
    fuel_tce_coefficient,
    grid_factors,
    grid_region,
    load_table,
)
from zcf.accounting.rounding import round_half_even
from zcf.errors import FactorNotFoundError
from zcf.model.ruleset import Provenance


def rows(node: Any) -> list[dict[str, Any]]:
    """Every mapping with a `value` in a table (the factor rows)."""
    if isinstance(node, dict):
        found = [node] if "value" in node and "status" in node else []
        return found + [r for v in node.values() for r in rows(v)]
    if isinstance(node, list):
        return [r for v in node for r in rows(v)]
    return []


@pytest.mark.parametrize("name", [FUEL_TABLE, CONVERSION_TABLE, GRID_TABLE])
def test_every_row_has_decimal_value_status_and_known_sources(name: str) -> None:
    table = load_table(name)
    assert table["table_id"] and table["version"]
    found = rows(table)
    assert found
    for row in found:
        assert isinstance(row["value"], Decimal | int), row
        FactorStatus(row["status"])
        assert row["source"] and set(row["source"]) <= set(table["sources"]), row


def test_factor_table_versions_are_recorded() -> None:
    assert FACTOR_TABLES == {
        "fuel-defaults-cn": "2026.1",
        "energy-conversion-gbt2589": "2026.1",
        "grid-factors-cn-mee-nbs": "2026.1",
        "process-factors-cn": "2026.1",
    }


@pytest.mark.parametrize(
    ("fuel", "ef"),
    [("raw_coal", "1.9003"), ("fuel_oil", "3.1705"), ("gasoline", "2.9251"),
     ("diesel", "3.0959"), ("kerosene", "3.0334"), ("jet_kerosene", "3.0179"),
     ("lpg", "3.1013"), ("natural_gas", "21.622")],
)
def test_defaults_reproduce_the_derived_emission_factors(fuel: str, ef: str) -> None:
    # factors-verified §1.1: EF = NCV × CC × OF × 44/12, tCO2/t (natural gas per 10^4 Nm3).
    ncv, cc, of = (fuel_default(fuel, p).value for p in ("ncv", "carbon_content", "oxidation"))
    derived = ncv * cc * of * 44 / 12 / 1000
    assert round_half_even(derived, -Decimal(ef).as_tuple().exponent) == Decimal(ef)


@pytest.mark.parametrize(
    ("fuel", "parameter", "status", "provenance"),
    [("diesel", "ncv", "confirmed", Provenance.CONFIRMED),  # two reposts agree: not "published"
     ("raw_coal", "carbon_content", "single_source", Provenance.UNVERIFIED),
     ("crude_oil", "carbon_content", "contradicted", Provenance.UNVERIFIED)],
)
def test_status_maps_to_provenance(fuel: str, parameter: str, status: str,
                                   provenance: Provenance) -> None:
    factor = fuel_default(fuel, parameter)
    assert factor.status == status and factor.provenance is provenance
    trace = factor.trace()
    assert trace.provenance is provenance and trace.name == f"fuel.{fuel}.{parameter}"
    assert trace.source.startswith("fuel-defaults-cn 2026.1: ")


def test_other_fuel_has_no_default() -> None:
    with pytest.raises(FactorNotFoundError, match="no default ncv for fuel 'other'"):
        fuel_default("other", "ncv")
    assert fuel_ncv_dimension("other") is None
    assert fuel_ncv_dimension("natural_gas") == "ncv_volume"
    assert fuel_ncv_dimension("coke") == "ncv_mass"
    assert fuel_ncv_dimension(3) is None


def test_conversion_constants() -> None:
    assert conversion_constant("tce_energy").value == Decimal("29.3076")  # 7 000 kcal × 4.1868 kJ/kcal
    assert conversion_constant("heat").value == Decimal("0.03412")
    assert conversion_constant("electricity_calorific").value == Decimal("0.1229")
    assert fuel_tce_coefficient("raw_coal").value == Decimal("0.7143")  # type: ignore[union-attr]
    assert fuel_tce_coefficient("other") is None


@pytest.mark.parametrize(
    ("as_of", "year"),
    [(dt.date(2024, 4, 12), 2021), (dt.date(2024, 12, 19), 2021), (dt.date(2024, 12, 20), 2022),
     (dt.date(2025, 12, 31), 2022), (dt.date(2026, 1, 30), 2022), (dt.date(2026, 1, 31), 2023),
     (dt.date(2030, 1, 1), 2023)],
    ids=str,
)
def test_latest_available_rule(as_of: dt.date, year: int) -> None:
    assert grid_factors(as_of).data_year == year


def test_nothing_published_yet() -> None:
    with pytest.raises(FactorNotFoundError, match="on or before 2024-04-11"):
        grid_factors(dt.date(2024, 4, 11))


@pytest.mark.parametrize(
    ("year", "kind", "value"),
    [("2021", "average", "0.5568"), ("2021", "residual", "0.5942"), ("2021", "fossil", "0.8426"),
     ("2022", "average", "0.5366"), ("2022", "residual", "0.5856"), ("2022", "fossil", "0.8325"),
     ("2023", "average", "0.5306"), ("2023", "residual", "0.6096"), ("2023", "fossil", "0.8273")],
)
def test_national_series(year: str, kind: str, value: str) -> None:
    as_of = {"2021": dt.date(2024, 5, 1), "2022": dt.date(2025, 1, 1),
             "2023": dt.date(2026, 2, 1)}[year]
    factor = grid_factors(as_of).get(kind, GridLevel.NATIONAL)
    assert factor is not None and factor.value == Decimal(value) and factor.unit == "tCO2/MWh"


REGIONAL = {"north": ("0.6776", "0.6361"), "northeast": ("0.5564", "0.5122"),
            "east": ("0.5617", "0.5500"), "central": ("0.5395", "0.5271"),
            "northwest": ("0.5857", "0.5543"), "south": ("0.3869", "0.4042"),
            "southwest": ("0.2268", "0.2472")}


@pytest.mark.parametrize("region", sorted(REGIONAL))
def test_regional_series(region: str) -> None:
    for as_of, expected in zip((dt.date(2025, 1, 1), dt.date(2026, 2, 1)), REGIONAL[region],
                               strict=True):
        factor = grid_factors(as_of).get("average", GridLevel.REGIONAL, region)
        assert factor is not None and factor.value == Decimal(expected)
        assert factor.provenance is Provenance.UNVERIFIED


def test_provincial_examples_2022() -> None:
    table = grid_factors(dt.date(2025, 6, 1))
    expected = {"13": "0.7252", "14": "0.7096", "12": "0.7041", "15": "0.6849", "34": "0.6782",
                "35": "0.4092", "45": "0.4044", "63": "0.1567", "51": "0.1404", "53": "0.1073"}
    for code, value in expected.items():
        factor = table.get("average", GridLevel.PROVINCIAL, code)
        assert factor is not None and factor.value == Decimal(value), code
    assert table.get("average", GridLevel.PROVINCIAL, "32") is None
    assert table.get("residual", GridLevel.PROVINCIAL, "13") is None


def test_ets_reporting_factor_is_kept_apart() -> None:
    (row,) = load_table(GRID_TABLE)["ets_reporting"]
    assert row["value"] == Decimal("0.5703") and row["status"] == "single_source"


def test_regions_partition_the_mainland() -> None:
    mainland = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
                "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
                "61", "62", "63", "64", "65"]
    members = [p for m in load_table(GRID_TABLE)["regions"]["members"].values()
               for p in m["provinces"]]
    assert sorted(members) == mainland
    region = grid_region("32")
    assert region is not None and region[0] == "east"
    assert region[1].provenance is Provenance.UNVERIFIED
    assert grid_region("81") is None
