"""Schema and consistency validation; jsonschema-rs and python-jsonschema must agree."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from zcf.errors import SubmissionInvalidError
from zcf.model.problem import Severity
from zcf.submission import check, is_valid, iter_problems, load_schema, read_submission
from zcf.submission.validation import iter_schema_problems

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "rulesets/zcf-cn-general/1.0.0/submission.schema.json"
CORPUS = ROOT / "tests/submissions"
EXAMPLES = ROOT / "examples/zcf-cn-general"

#: file -> (code, pointer) of its one defect (reading or validation).
INVALID: dict[str, tuple[str, str]] = {
    "bad_date.json": ("schema-format", "/period/end"),
    "bad_uscc.json": ("uscc-check-digit", "/enterprise/uscc"),
    "bare_number_quantity.json": ("schema-type", "/energy/electricity/grid/0/amount"),
    "decimal_string_with_newline.json": (
        "schema-any-of", "/energy/purchased_heat/0/amount/value"),
    "deep_nesting.json": ("too-deep", ""),
    "duplicate_key.json": ("duplicate-key", ""),
    "fuel_unit_mismatch.json": ("unit-mismatch", "/energy/fuels/0/amount/unit"),
    "malformed.json": ("malformed-json", ""),
    "missing_period.json": ("schema-required", "/period"),
    "nan.json": ("not-a-number", ""),
    "negative_energy.json": ("schema-any-of", "/energy/electricity/grid/0/amount/value"),
    "oxidation_above_one.json": ("oxidation-out-of-range", "/energy/fuels/0/oxidation/value"),
    "period_reversed.json": ("period-end-before-start", "/period/end"),
    "province_as_number.json": ("schema-enum", "/enterprise/province"),
    "ratio_above_one.json": ("schema-any-of", "/digital/metering_coverage"),
    "string_where_number.json": ("schema-type", "/enterprise/compliance/major_incidents_3y"),
    "too_many_digits.json": ("number-out-of-range", ""),
    "unknown_field.json": ("schema-additional-properties", "/energy/electricity/grid_total"),
    "wrong_unit.json": ("schema-enum", "/energy/electricity/grid/0/amount/unit"),
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return load_schema(SCHEMA_PATH)


def parsed(path: Path) -> Any:
    try:
        return read_submission(path)
    except SubmissionInvalidError:
        return None


def valid_files() -> list[Path]:
    return sorted(CORPUS.glob("valid/*.json")) + sorted(EXAMPLES.glob("*.json"))


def test_schema_is_valid_draft_2020_12(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "urn:zcf:schema:zcf-cn-general:1.0.0:submission"
    assert "\\d" not in SCHEMA_PATH.read_text(encoding="utf-8")


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.glob("invalid/*.json")}
    assert files == set(INVALID)
    assert len(files) >= 10


@pytest.mark.parametrize("name", sorted(INVALID), ids=lambda n: n.removesuffix(".json"))
def test_invalid_corpus(name: str, schema: dict[str, Any]) -> None:
    code, pointer = INVALID[name]
    path = CORPUS / "invalid" / name
    try:
        doc = read_submission(path)
    except SubmissionInvalidError as err:
        found = [(p.code, p.pointer) for p in err.problems]
    else:
        with pytest.raises(SubmissionInvalidError) as info:
            check(doc, schema)
        found = [(p.code, p.pointer) for p in info.value.problems
                 if p.severity is Severity.ERROR]
    assert found == [(code, pointer)]


def json_files() -> list[Path]:
    """Every corpus file the reader accepts (the others never reach a validator)."""
    files = sorted(CORPUS.glob("*/*.json")) + sorted(EXAMPLES.glob("*.json"))
    return [p for p in files if parsed(p) is not None]


def test_parity_corpus_is_large_enough() -> None:
    invalid = [p for p in json_files() if p.parent.name == "invalid"]
    assert len(invalid) >= 10


@pytest.mark.parametrize("path", json_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fast_and_reference_validators_agree(path: Path, schema: dict[str, Any]) -> None:
    doc = read_submission(path)
    fast = list(iter_schema_problems(doc, schema, validator="fast"))
    reference = list(iter_schema_problems(doc, schema, validator="reference"))
    assert [p.model_dump() for p in fast] == [p.model_dump() for p in reference]


@pytest.mark.parametrize("path", valid_files(), ids=lambda p: p.stem)
def test_valid_files_pass(path: Path, schema: dict[str, Any]) -> None:
    doc = read_submission(path)
    assert is_valid(doc, schema)
    assert all(p.severity is Severity.WARNING for p in check(doc, schema))


def minimal() -> dict[str, Any]:
    return read_submission(CORPUS / "valid/minimal.json")


def codes(doc: Any, schema: dict[str, Any], validator: str = "fast") -> list[tuple[str, str]]:
    return [(p.code, p.pointer) for p in iter_problems(doc, schema, validator=validator)]


@pytest.mark.parametrize("validator", ["fast", "reference"])
def test_several_defects_are_all_reported(schema: dict[str, Any], validator: str) -> None:
    doc = minimal()
    del doc["enterprise"]["name"]
    doc["enterprise"]["industry_code"] = "3841"
    doc["energy"]["fuels"][0]["fuel"] = "coal"
    doc["surplus"] = 1
    doc["period"]["end"] = "2026-06-30"
    assert codes(doc, schema, validator) == [
        ("schema-enum", "/energy/fuels/0/fuel"),
        ("schema-pattern", "/enterprise/industry_code"),
        ("schema-required", "/enterprise/name"),
        ("schema-additional-properties", "/surplus"),
        ("period-too-long", "/period/end"),
    ]
    with pytest.raises(SubmissionInvalidError) as info:
        check(doc, schema, validator=validator)  # type: ignore[arg-type]
    assert len(info.value.problems) == 5
    assert "and 4 more" in str(info.value)


def test_messages_say_found_expected_and_what_to_do(schema: dict[str, Any]) -> None:
    doc = minimal()
    doc["energy"]["electricity"]["grid"][0]["amount"]["unit"] = "kwh"
    doc["energy"]["purchased_heat"][0]["amount"]["value"] = Decimal("-1")
    del doc["period"]
    messages = {p.pointer: p.message for p in iter_problems(doc, schema)}
    assert messages == {
        "/energy/electricity/grid/0/amount/unit": (
            "Found 'kwh'; expected one of: kWh, MWh, GWh. Use one of these exactly as written "
            "(letter case matters)."),
        "/energy/purchased_heat/0/amount/value": (
            "Found the number -1; expected a non-negative decimal: a JSON number >= 0 or a "
            'decimal string such as "1234.5" (非负数). Correct the value.'),
        "/period": (
            "The required field 'period' (Reporting period, normally 12 months (核算期)) is "
            "missing from the top level. Add it; without it the submission cannot be "
            "identified or placed in time."),
    }


def test_schema_pointer_names_the_rule(schema: dict[str, Any]) -> None:
    doc = minimal()
    doc["energy"]["electricity"]["grid"][0]["amount"]["unit"] = "kwh"
    for validator in ("fast", "reference"):
        (problem,) = iter_problems(doc, schema, validator=validator)  # type: ignore[arg-type]
        assert problem.schema_pointer == "/$defs/electricity/properties/unit/enum"


def test_missing_optional_data_is_not_an_error(schema: dict[str, Any]) -> None:
    doc = {key: minimal()[key] for key in ("schema_version", "enterprise", "period")}
    assert codes(doc, schema) == []


def test_decimal_strings_and_integral_decimals(schema: dict[str, Any]) -> None:
    doc = minimal()
    doc["energy"]["electricity"]["grid"][0]["amount"]["value"] = "0012.500"
    doc["history"] = [{"year": Decimal("2024.0")}]
    assert codes(doc, schema) == []
    doc["history"] = [{"year": Decimal("2024.5")}]
    assert codes(doc, schema) == [("schema-type", "/history/0/year")]
    assert codes(doc, schema, "reference") == [("schema-type", "/history/0/year")]


def test_extensions_are_free_form(schema: dict[str, Any]) -> None:
    doc = minimal()
    doc["extensions"] = {"anything": [1, {"deep": True}]}
    assert codes(doc, schema) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["enterprise"].update(province="31"),
         [("uscc-province-mismatch", "/enterprise/uscc")]),
        (lambda d: d["period"].update(start="2024-01-01", end="2024-12-31"), []),
        (lambda d: d["period"].update(start="2024-01-01", end="2025-01-01"),
         [("period-too-long", "/period/end")]),
        (lambda d: d["energy"]["electricity"].update(green_certificates=[
            {"serial": "A", "amount": {"value": 1, "unit": "MWh"}, "vintage": "2025-01",
             "retired": False}] * 2),
         [("gec-duplicate-serial", "/energy/electricity/green_certificates/1/serial")]),
        (lambda d: d["energy"]["electricity"].update(green_power_trades=[
            {"contract_id": "C", "amount": {"value": 1, "unit": "MWh"},
             "period_start": "2025-06-01", "period_end": "2025-05-01"}]),
         [("trade-period-reversed", "/energy/electricity/green_power_trades/0/period_end")]),
        (lambda d: d["energy"]["fuels"][0].update(
            amount={"value": 5, "unit": "t"}, ncv={"value": 48, "unit": "GJ/t"}), []),
        (lambda d: d["energy"]["fuels"][0].update(oxidation={"value": 99, "unit": "%"}), []),
        (lambda d: d.update(efficiency=[{
            "product": "pack", "unit_energy": {"value": 1, "unit": "kgce/kWh"},
            "reference": {"value": 2, "unit": "tce/kWh"}}]),
         [("unit-mismatch", "/efficiency/0/reference/unit")]),
        (lambda d: d["energy"]["electricity"].update(onsite_renewable=[{
            "source": "pv", "generated": {"value": 10, "unit": "MWh"},
            "self_consumed": {"value": 9, "unit": "MWh"},
            "exported": {"value": 2000, "unit": "kWh"}}]),
         [("onsite-energy-balance", "/energy/electricity/onsite_renewable/0/self_consumed")]),
    ],
    ids=["province-mismatch", "leap-year", "367-days", "gec-dup", "trade-reversed",
         "measured-ncv", "percent-oxidation", "efficiency-units", "onsite-balance"],
)
def test_consistency_checks(change: Any, expected: list[tuple[str, str]],
                            schema: dict[str, Any]) -> None:
    doc = minimal()
    change(doc)
    assert codes(doc, schema) == expected


def test_warnings_do_not_raise(schema: dict[str, Any]) -> None:
    doc = minimal()
    doc["enterprise"]["province"] = "31"
    (warning,) = check(doc, schema)
    assert warning.severity is Severity.WARNING


def test_consistency_checks_survive_wrong_types(schema: dict[str, Any]) -> None:
    doc = minimal()
    doc["period"] = {"start": 5, "end": None}
    doc["energy"]["fuels"] = [{"fuel": 1, "amount": "x", "oxidation": {"value": True}}]
    doc["energy"]["electricity"]["green_certificates"] = [{"serial": 3}, "x"]
    doc["efficiency"] = "none"
    problems = codes(doc, schema)
    assert problems and all(code.startswith("schema-") for code, _ in problems)


def test_schema_loaded_with_decimals_keeps_multiple_of_exact() -> None:
    # The trap from ecosystem §4.3: a float-loaded schema breaks Decimal instances.
    schema = json.loads('{"multipleOf": 0.01}', parse_float=Decimal)
    assert codes(Decimal("1234.56"), schema) == []
    assert codes(Decimal("0.07"), copy.deepcopy(schema), "reference") == []
