"""The Excel template: round trip of every example, formulas, unsafe archives, Sheet!Cell in problems, CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("openpyxl")
from openpyxl import load_workbook
from zcf.api import evaluate, read_input, template_workbook
from zcf.cli.app import run
from zcf.errors import SubmissionInvalidError
from zcf.submission.reading import read_submission

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*/*.json"))


def canonical(value: Any) -> Any:
    """The JSON value with its kind kept (number, text, boolean) and numbers compared by value."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    return ("number", Decimal(value).normalize())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_round_trip_json_xlsx_json(path: Path) -> None:
    doc = read_submission(path.read_bytes())
    data = template_workbook(path.parent.name, doc)
    back = read_input(data, source_name="factory.xlsx")
    assert back.workbook is not None and back.workbook.ruleset.startswith(path.parent.name + "@")
    assert canonical(back.doc) == canonical(doc)


def _sheet(wb: Any, pointer: str) -> Any:
    return next(ws for ws in wb.worksheets if ws["A1"].value == "#" + pointer)


def _saved(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_empty_template_has_instructions_validation_and_both_languages() -> None:
    wb = load_workbook(io.BytesIO(template_workbook("zcf-cn-general")))
    assert wb.sheetnames[0] == "说明 Instructions"
    assert wb["说明 Instructions"]["B2"].value == "zcf-cn-general@1.0.0"
    fuels = _sheet(wb, "/energy/fuels")
    assert fuels["D2"].value and fuels["D3"].value == "Fuel consumed"  # zh and en headers
    units = [dv for dv in fuels.data_validations.dataValidation if "E5" in str(dv.sqref)]
    assert units and units[0].type == "list"
    enterprise = _sheet(wb, "/enterprise")
    assert enterprise["B3"].value.endswith("*")  # required field marked


def test_empty_list_is_kept_apart_from_absent() -> None:
    doc = read_submission((ROOT / "examples/zcf-cn-auto/failing.json").read_bytes())
    assert doc["energy"]["purchased_heat"] == []
    back = read_input(template_workbook("zcf-cn-auto", doc)).doc
    assert back["energy"]["purchased_heat"] == []
    assert "claims" not in doc and "claims" not in back


def test_formula_uses_saved_value_or_is_refused() -> None:
    doc = read_submission((ROOT / "examples/zcf-cn-general/zero-carbon.json").read_bytes())
    wb = load_workbook(io.BytesIO(template_workbook("zcf-cn-general", doc)))
    ws = _sheet(wb, "/energy/fuels")
    ws["C5"] = "=1+1"  # openpyxl saves no result for it
    with pytest.raises(SubmissionInvalidError) as err:
        read_input(_saved(wb), source_name="factory.xlsx")
    problem = err.value.problems[0]
    assert problem.code == "xlsx-formula-without-value"
    assert problem.params["cell"] == f"'{ws.title}'!C5" and problem.pointer == "/energy/fuels/0/name"


def test_problems_name_sheet_and_cell() -> None:
    doc = read_submission((ROOT / "examples/zcf-cn-general/zero-carbon.json").read_bytes())
    wb = load_workbook(io.BytesIO(template_workbook("zcf-cn-general", doc)))
    ws = _sheet(wb, "/energy/fuels")
    ws["E5"] = "tonnes"  # not a unit of the list
    received = read_input(_saved(wb), source_name="factory.xlsx")
    with pytest.raises(SubmissionInvalidError) as err:
        evaluate("zcf-cn-general", received.doc, as_of=dt.date(2026, 3, 31))
    located = received.located(err.value)
    problem = next(p for p in located.problems if p.pointer.startswith("/energy/fuels/0/amount"))
    assert problem.params["cell"] == f"'{ws.title}'!E5"
    assert problem.message.startswith(problem.params["cell"])


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_xml_entities_are_refused() -> None:
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(SubmissionInvalidError) as err:
        read_input(_zip({"[Content_Types].xml": evil}), source_name="evil.xlsx")
    assert err.value.problems[0].code == "xlsx-xml-declaration"


def test_zip_bomb_is_refused() -> None:
    with pytest.raises(SubmissionInvalidError) as err:
        read_input(_zip({"xl/worksheets/sheet1.xml": b"<" + b"a" * 30_000_000}), source_name="bomb.xlsx")
    assert err.value.problems[0].code == "xlsx-zip-bomb"


def test_a_workbook_not_made_by_zcf_is_refused() -> None:
    from openpyxl import Workbook

    with pytest.raises(SubmissionInvalidError) as err:
        read_input(_saved(Workbook()), source_name="other.xlsx")
    assert err.value.problems[0].code == "xlsx-not-a-template"


def test_cli_template_then_evaluate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "factory.xlsx"
    assert run(["template", "zcf-cn-general", "-o", str(out), "--example", "near-zero-carbon"]) == 0
    example = ROOT / "examples/zcf-cn-general/near-zero-carbon.json"
    common = ["--as-of", "2026-03-31", "--format", "json", "--no-gaps"]
    from_json = run(["evaluate", str(example), *common])
    json_out = capsys.readouterr().out
    assert run(["evaluate", str(out), *common]) == from_json
    xlsx_out = capsys.readouterr().out
    assert '"near-zero-carbon"' in xlsx_out
    assert json.loads(xlsx_out)["verdict"] == json.loads(json_out)["verdict"]
    assert run(["template", "zcf-cn-general", "-o", str(tmp_path / "x.csv")]) == 2
    converted = tmp_path / "from.xlsx"
    assert run(["template", "zcf-cn-general", "-o", str(converted), "--from", str(example)]) == 0
    assert canonical(read_input(converted.read_bytes()).doc) == canonical(read_submission(example.read_bytes()))
