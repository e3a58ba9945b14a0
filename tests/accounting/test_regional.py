"""Record metrics of the provincial and group-standard rulesets (engine/accounting/regional.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from zcf.accounting import METRICS
from zcf.accounting.context import AccountingContext
from zcf.accounting.regional import (
    REGIONAL_METRICS,
    efficiency_items_wrong_reference,
    key_product_footprint_reduction,
    management_systems_missing,
    prerequisite_titles,
    prior_year2_emissions,
    prior_year_emissions,
    reporting_year,
    revenue_growth_years,
)
from zcf.errors import RulesetError
from zcf.submission import read_submission

from .conftest import q

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CTX = AccountingContext(as_of=dt.date(2027, 12, 31))


def history(*rows: tuple[int, str | None, str | None]) -> list[dict[str, Any]]:
    out = []
    for year, emissions, revenue in rows:
        row: dict[str, Any] = {"year": year}
        if emissions is not None:
            row["emissions"] = q(emissions, "tCO2e")
        if revenue is not None:
            row["revenue"] = q(revenue, "10^4 CNY")
        out.append(row)
    return out


def doc_2027(**more: Any) -> dict[str, Any]:
    return {"period": {"start": "2027-01-01", "end": "2027-12-31"}, **more}


# --- the table -----------------------------------------------------------------------------

def test_regional_metrics_are_registered_after_the_contract() -> None:
    assert set(REGIONAL_METRICS) <= set(METRICS)
    assert list(METRICS)[-len(REGIONAL_METRICS):] == list(REGIONAL_METRICS)


@pytest.mark.parametrize("name", sorted(REGIONAL_METRICS))
def test_each_metric_names_itself(name: str) -> None:
    ctx = AccountingContext(as_of=dt.date(2027, 3, 31), params={
        "prerequisite_title_types": ["green_factory_national"],
        "management_systems_required": ["ISO 9001"],
        "efficiency_reference_kinds": ["benchmark", "advanced"]})
    doc = read_submission(EXAMPLES / "zcf-zj-2023" / "zero-carbon.json")
    doc["extensions"]["hn"] = {"footprint_baselines": [
        {"product": doc["products"][0]["name"], "base_year": 2025, "footprint": q("70", "kgCO2e")}]}
    metric = REGIONAL_METRICS[name](doc, ctx)
    assert metric.name == name
    assert metric.value is not None, metric.missing
    assert metric.trace.formula


# --- reporting year and emissions of earlier years ---------------------------------------------

def test_reporting_year_is_the_year_of_the_period_end() -> None:
    doc = {"period": {"start": "2026-07-01", "end": "2027-06-30"}}
    assert reporting_year(doc, CTX).value == Decimal(2027)


def test_prior_year_emissions_pick_rows_by_year_not_by_position() -> None:
    doc = doc_2027(history=history((2026, "900", None), (2024, "1100", None), (2025, "1000", None)))
    assert prior_year_emissions(doc, CTX).value == Decimal(900)
    assert prior_year2_emissions(doc, CTX).value == Decimal(1000)


def test_prior_year_emissions_convert_units_and_trace_the_row() -> None:
    doc = doc_2027(history=[{"year": 2026, "emissions": q("850000", "kgCO2e")}])
    metric = prior_year_emissions(doc, CTX)
    assert metric.value == Decimal("850.000")
    assert metric.trace.inputs[-1].pointer == "/history/0/emissions"


def test_first_row_of_a_repeated_year_wins_with_a_note() -> None:
    doc = doc_2027(history=history((2026, "900", None), (2026, "700", None)))
    metric = prior_year_emissions(doc, CTX)
    assert metric.value == Decimal(900)
    assert "repeats year 2026" in (metric.trace.note or "")


@pytest.mark.parametrize("doc", [doc_2027(), doc_2027(history=history((2025, "1", None)))])
def test_prior_year_emissions_missing_points_to_history(doc: dict[str, Any]) -> None:
    metric = prior_year_emissions(doc, CTX)
    assert metric.value is None and metric.missing == ("/history",)


def test_a_history_row_without_emissions_is_missing_its_field() -> None:
    doc = doc_2027(history=history((2026, None, "10")))
    assert prior_year_emissions(doc, CTX).missing == ("/history/0/emissions",)


# --- revenue growth ------------------------------------------------------------------------

@pytest.mark.parametrize(("revenues", "expected"), [
    (("12000", "11000", "10000", "9000"), 3),
    (("12000", "11000", "11000", "9000"), 1),  # equal revenue is not growth
    (("11000", "11000", "10000", "9000"), 0),
    (("10999.99", "11000", "10000", "9000"), 0),
])
def test_revenue_growth_years_count_back_from_the_reporting_year(revenues: tuple[str, ...],
                                                                 expected: int) -> None:
    now, *earlier = revenues
    doc = doc_2027(production={"revenue": q(now, "10^4 CNY")},
                   history=history(*((2026 - i, None, r) for i, r in enumerate(earlier))))
    assert revenue_growth_years(doc, CTX).value == Decimal(expected)


def test_revenue_growth_converts_yuan_and_hundred_millions() -> None:
    doc = doc_2027(production={"revenue": q("1.2", "10^8 CNY")},
                   history=[{"year": 2026, "revenue": q("110000000", "CNY")}])
    assert revenue_growth_years(doc, CTX).value == Decimal(1)


def test_revenue_growth_stops_at_a_gap_in_history() -> None:
    doc = doc_2027(production={"revenue": q("3", "10^4 CNY")},
                   history=history((2026, None, "2"), (2024, None, "1")))
    assert revenue_growth_years(doc, CTX).value == Decimal(1)


def test_revenue_growth_needs_last_years_revenue() -> None:
    doc = doc_2027(production={"revenue": q("3", "10^4 CNY")}, history=history((2025, None, "1")))
    assert revenue_growth_years(doc, CTX).missing == ("/history",)
    doc = doc_2027(production={"revenue": q("3", "10^4 CNY")}, history=history((2026, "5", None)))
    assert revenue_growth_years(doc, CTX).missing == ("/history/0/revenue",)
    assert revenue_growth_years(doc_2027(history=[]), CTX).missing == ("/production/revenue",)


# --- key-product footprint against its base year -------------------------------------------

def footprint_doc(*pairs: tuple[str, dict[str, Any], dict[str, Any] | None]) -> dict[str, Any]:
    products = [{"name": name, "footprint": now} for name, _, now in pairs if now is not None]
    baselines = [{"product": name, "base_year": 2025, "footprint": base} for name, base, _ in pairs]
    return {"products": products, "extensions": {"hn": {"footprint_baselines": baselines}}}


def test_footprint_reduction_is_exactly_six_percent_at_the_boundary() -> None:
    doc = footprint_doc(("A", q("100", "kgCO2e"), q("94", "kgCO2e")))
    assert key_product_footprint_reduction(doc, CTX).value == Decimal("0.06")


def test_footprint_reduction_takes_the_worst_product_across_units() -> None:
    doc = footprint_doc(("A", q("0.1", "tCO2e"), q("90000", "gCO2e")),
                        ("B", q("50", "kgCO2e"), q("51", "kgCO2e")))
    assert key_product_footprint_reduction(doc, CTX).value == Decimal("-0.02")


def test_footprint_reduction_needs_the_product_and_a_nonzero_base() -> None:
    doc = footprint_doc(("A", q("100", "kgCO2e"), None))
    assert key_product_footprint_reduction(doc, CTX).missing == ("/products",)
    doc = footprint_doc(("A", q("0", "kgCO2e"), q("1", "kgCO2e")))
    metric = key_product_footprint_reduction(doc, CTX)
    assert metric.value is None
    assert metric.missing == ("/extensions/hn/footprint_baselines/0/footprint",)


# --- titles, certificates, efficiency references -------------------------------------------

def test_prerequisite_titles_needs_its_parameter() -> None:
    with pytest.raises(RulesetError, match="prerequisite_title_types"):
        prerequisite_titles({"enterprise": {"titles": []}}, CTX)


@pytest.mark.parametrize(("valid_until", "missing"), [
    ("2027-12-30", 1), ("2027-12-31", 0), ("2028-01-01", 0), (None, 0)])
def test_certificates_count_when_valid_on_the_as_of_date(valid_until: str | None, missing: int) -> None:
    ctx = AccountingContext(as_of=dt.date(2027, 12, 31),
                            params={"management_systems_required": ["ISO 9001", "ISO 50001"]})
    row: dict[str, Any] = {"system": "ISO 50001"}
    if valid_until:
        row["valid_until"] = valid_until
    doc = {"enterprise": {"certificates": [{"system": "ISO 9001"}, row]}}
    assert management_systems_missing(doc, ctx).value == Decimal(missing)


def test_an_efficiency_row_without_a_reference_kind_is_not_accepted() -> None:
    ctx = AccountingContext(as_of=CTX.as_of, params={"efficiency_reference_kinds": ["benchmark"]})
    doc = {"efficiency": [{"reference_kind": "benchmark"}, {}, {"reference_kind": "limit"}]}
    assert efficiency_items_wrong_reference(doc, ctx).value == Decimal(2)
    assert efficiency_items_wrong_reference({}, ctx).missing == ("/efficiency",)


# --- the regional examples -----------------------------------------------------------------

def test_suzhou_example_history_falls_over_three_years() -> None:
    doc = read_submission(EXAMPLES / "zcf-sz-2023" / "near-zero-carbon.json")
    ctx = AccountingContext(as_of=dt.date(2027, 3, 31))
    assert prior_year2_emissions(doc, ctx).value == Decimal(17600)
    assert prior_year_emissions(doc, ctx).value == Decimal(16500)


def test_hunan_example_revenue_and_footprints() -> None:
    doc = read_submission(EXAMPLES / "zcf-hn-2025" / "net-zero.json")
    assert revenue_growth_years(doc, CTX).value == Decimal(3)
    reduction = key_product_footprint_reduction(doc, CTX).value
    assert reduction is not None and reduction > Decimal("0.08")
