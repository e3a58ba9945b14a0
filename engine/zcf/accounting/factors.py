"""Dated factor tables: fuel defaults, standard-coal coefficients, grid electricity factors,
process-emission defaults.

The numbers live in `data/*.yaml`, each row with its unit, source and status (research/
factors-verified.md). This module loads them (numbers as Decimal, through `zcf.formats.yaml_io`, which refuses a
duplicate key), maps status to the
provenance users see, and applies the latest-available rule for grid factors. Which factor a
calculation needs is the calculation's business (`scope1.py`, `scope2.py`, `energy.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

from zcf.errors import FactorNotFoundError
from zcf.formats.yaml_io import parse_yaml
from zcf.model.ruleset import Provenance
from zcf.model.trace import TraceFactor

FUEL_TABLE = "fuel_defaults"
CONVERSION_TABLE = "energy_conversion"
GRID_TABLE = "grid_factors"
PROCESS_TABLE = "process_factors"


class FactorStatus(StrEnum):
    #: two or more independent sources agree
    CONFIRMED = "confirmed"
    #: one source only; usable, review before release
    SINGLE_SOURCE = "single_source"
    #: sources disagree
    CONTRADICTED = "contradicted"
    #: no usable public source
    NOT_FOUND = "not_found"
    #: computed from other values by a stated derivation (e.g. stoichiometry)
    DERIVED = "derived"


#: What users are shown for each research status (DESIGN §4: unpublished never passes as law).
PROVENANCE: dict[FactorStatus, Provenance] = {
    FactorStatus.CONFIRMED: Provenance.CONFIRMED,
    FactorStatus.SINGLE_SOURCE: Provenance.UNVERIFIED,
    FactorStatus.CONTRADICTED: Provenance.UNVERIFIED,
    FactorStatus.NOT_FOUND: Provenance.PROVISIONAL,
    FactorStatus.DERIVED: Provenance.DERIVED,
}


class GridLevel(StrEnum):
    PROVINCIAL = "provincial"
    REGIONAL = "regional"
    NATIONAL = "national"


@dataclass(frozen=True)
class Factor:
    """One factor value with its unit, citation and research status."""

    name: str
    value: Decimal
    unit: str
    source: str
    status: FactorStatus

    @property
    def provenance(self) -> Provenance:
        return PROVENANCE[self.status]

    def trace(self) -> TraceFactor:
        return self._trace

    @cached_property
    def _trace(self) -> TraceFactor:
        # Factors are looked up once and cached (below), so each TraceFactor is built once.
        return TraceFactor(name=self.name, value=self.value, unit=self.unit,
                           source=self.source, provenance=self.provenance)


@cache
def load_table(name: str) -> Mapping[str, Any]:
    """The parsed data file `data/<name>.yaml` (cached; treat as read-only)."""
    source = resources.files("zcf.accounting").joinpath("data", f"{name}.yaml")
    table: Mapping[str, Any] = parse_yaml(source.read_text(encoding="utf-8"), str(source), dates=True)[0]
    return table


def table_versions() -> dict[str, str]:
    """table_id -> version of every factor table (recorded in each result for replay)."""
    tables = (load_table(n) for n in (FUEL_TABLE, CONVERSION_TABLE, GRID_TABLE, PROCESS_TABLE))
    return {t["table_id"]: str(t["version"]) for t in tables}


def _factor(table: Mapping[str, Any], name: str, row: Mapping[str, Any],
            unit: str | None = None) -> Factor:
    ids = row.get("source", [])
    citation = "; ".join(" ".join(table["sources"][i].split()) for i in ids)
    where = f"{table['table_id']} {table['version']}"
    note = f" ({row['note']})" if row.get("note") else ""
    return Factor(name=name, value=Decimal(row["value"]), unit=unit or row["unit"],
                  source=f"{where}: {citation}{note}", status=FactorStatus(row["status"]))


# The lookups below are cached: building a Factor (citation text, TraceFactor) costs about
# 10 us, and one evaluation needs ~30 (-0.28 ms). Bounded, as `fuel` and `province` come from
# submissions; a lookup that raises is not cached.
@lru_cache(maxsize=1024)
def fuel_default(fuel: str, parameter: str) -> Factor:
    """Default `ncv`, `carbon_content` or `oxidation` of a fuel.

    Raises:
        FactorNotFoundError: no public default (e.g. `other`); the row must carry a measured value.

    Examples:
        >>> fuel_default("diesel", "ncv").value, fuel_default("diesel", "ncv").unit
        (Decimal('42.652'), 'GJ/t')
    """
    table = load_table(FUEL_TABLE)
    row = table["fuels"].get(fuel, {}).get(parameter)
    if row is None:
        raise FactorNotFoundError(
            f"no default {parameter} for fuel {fuel!r} in {table['table_id']}",
            hint=f"supply a measured {parameter} for this fuel",
        )
    return _factor(table, f"fuel.{fuel}.{parameter}", row)


def fuel_ncv_dimension(fuel: object) -> str | None:
    """`ncv_mass` or `ncv_volume` for a fuel with a default NCV, else None."""
    if not isinstance(fuel, str):
        return None
    try:
        unit = fuel_default(fuel, "ncv").unit
    except FactorNotFoundError:
        return None
    return "ncv_volume" if unit.endswith("Nm3") else "ncv_mass"


@lru_cache(maxsize=256)
def process_default(group: str, key: str) -> Factor:
    """A default of `data/process_factors.yaml`: `carbonates`, `oxides`, `carbon`, `aluminium`,
    or `gwp.<set>` (e.g. `gwp.AR5`, key `cf4`).

    Raises:
        FactorNotFoundError: the table has no such row; the submission must carry a measured value.

    Examples:
        >>> process_default("carbonates", "calcite").value
        Decimal('0.4397')
        >>> process_default("gwp.AR5", "cf4").provenance.value
        'provisional'
    """
    table = load_table(PROCESS_TABLE)
    rows: Any = table
    for part in group.split("."):
        rows = rows.get(part, {}) if isinstance(rows, Mapping) else {}
    row = rows.get(key) if isinstance(rows, Mapping) else None
    if not isinstance(row, Mapping) or "value" not in row:
        raise FactorNotFoundError(f"no default {group}.{key} in {table['table_id']}",
                                  hint="supply a measured value for it")
    return _factor(table, f"process.{group}.{key}", row)


@lru_cache(maxsize=64)
def conversion_constant(name: str) -> Factor:
    """A GB/T 2589 constant: `tce_energy` (GJ/tce), `heat` (tce/GJ), `electricity_calorific`."""
    table = load_table(CONVERSION_TABLE)
    return _factor(table, f"conversion.{name}", table["constants"][name])


@lru_cache(maxsize=256)
def fuel_tce_coefficient(fuel: str) -> Factor | None:
    """The printed tce coefficient of a fuel (tce/t or tce/10^4 Nm3), if GB/T 2589 prints one."""
    table = load_table(CONVERSION_TABLE)
    row = table["fuel_coefficients"].get(fuel)
    return None if row is None else _factor(table, f"conversion.{fuel}.tce", row)


@lru_cache(maxsize=256)
def grid_region(province: str) -> tuple[str, Factor] | None:
    """The regional grid of a province, with the mapping's own status as a pseudo-factor.

    Returns None for divisions outside the seven grids (Hong Kong, Macao, Taiwan).
    """
    table = load_table(GRID_TABLE)
    regions = table["regions"]
    for region, member in regions["members"].items():
        if province in member["provinces"]:
            row = {"value": 1, "status": regions["status"], "source": regions["source"],
                   "note": member.get("note")}
            return region, _factor(table, f"grid.region.{province}.{region}", row, unit="1")
    return None


@dataclass(frozen=True)
class GridFactorsAsOf:
    """The grid factors of the newest data year published on or before an as-of date."""

    data_year: int
    published_on: dt.date
    year: Mapping[str, Any]
    _found: dict[tuple[str, GridLevel, str], Factor | None] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def get(self, kind: str, level: GridLevel, code: str = "") -> Factor | None:
        """One factor; `code` is the region key or the province code; None when not listed."""
        key = (kind, level, code)
        if key not in self._found:
            if len(self._found) > 1024:  # codes come from submissions: stay bounded
                self._found.clear()
            self._found[key] = self._lookup(kind, level, code)
        return self._found[key]

    def _lookup(self, kind: str, level: GridLevel, code: str) -> Factor | None:
        table = load_table(GRID_TABLE)
        if level is GridLevel.NATIONAL:
            row = self.year.get("national", {}).get(kind)
        elif kind != "average":
            row = None  # regional and provincial series are averages only
        else:
            row = self.year.get(level.value, {}).get(code)
        if row is None:
            return None
        name = f"grid.{self.data_year}.{level.value}{'.' + code if code else ''}.{kind}"
        return _factor(table, name, row, unit=table["unit"])


@lru_cache(maxsize=256)
def grid_factors(as_of: dt.date) -> GridFactorsAsOf:
    """Apply the latest-available rule: newest data year with `published_on <= as_of`.

    Raises:
        FactorNotFoundError: nothing was published by `as_of`.

    Examples:
        >>> grid_factors(dt.date(2025, 12, 31)).data_year
        2022
        >>> grid_factors(dt.date(2026, 1, 31)).data_year
        2023
    """
    years = [y for y in load_table(GRID_TABLE)["years"] if y["published_on"] <= as_of]
    if not years:
        raise FactorNotFoundError(
            f"no MEE/NBS grid factor was published on or before {as_of}",
            hint="evaluate as of a later date, or supply factors through the ruleset",
        )
    newest = max(years, key=lambda y: y["published_on"])
    return GridFactorsAsOf(data_year=int(newest["data_year"]),
                           published_on=newest["published_on"], year=newest)
