"""The Excel data template: write a submission schema (and optionally a document) as .xlsx, read it back.

The only module importing openpyxl. Layout (which sheet, row and column holds each field) comes from
`sheet_layout.py`. Each data sheet names its place in the submission in cell A1 (`#/energy/fuels`),
and each row (forms) or column (tables, row 4) names its field by JSON pointer, so the reader
finds fields by name, not position. Reading is lenient about cell types (a code typed as a number
is read as text when the schema wants text) and leaves judging to schema validation; `locate` then
names the `Sheet!Cell` of every problem beside its JSON pointer.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from zcf.errors import SubmissionInvalidError, UsageError
from zcf.model.problem import Problem, pointer_join
from zcf.submission.archive_safety import check_archive
from zcf.submission.reading import read_submission
from zcf.submission.sheet_layout import Field, Kind, Layout, Sheet, layout

#: The media type of .xlsx files.
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: What a table's first cell or a list cell holds for "present, and empty" (no purchased heat).
NONE_MARK = "无 none"
_NONE_WORDS = {"无", "none", "无 none", "(none)", "无/none"}
_MARKER = "zcf-submission-workbook"
_INSTRUCTIONS = "说明 Instructions"
_LISTS = "lists"
_FIRST_TABLE_ROW = 5
_TABLE_ROWS_VALIDATED = 500
_BOOL_TEXT = {"true": True, "false": False, "是": True, "否": False, "yes": True, "no": False,
              "1": True, "0": False}
_DECIMAL_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
_HEADER = Font(bold=True)
_KEY = Font(color="808080", size=9)
_FILL = PatternFill("solid", fgColor="E8F0E0")


@dataclass(frozen=True)
class WorkbookSubmission:
    """A submission read from a workbook: the document, the ruleset it was made for, and cells."""

    doc: dict[str, Any]
    ruleset: str
    cells: dict[str, str]  # JSON pointer -> "Sheet!Cell"

    def cell_of(self, pointer: str) -> str | None:
        """The cell holding `pointer`, or its nearest ancestor's (a row, a sheet)."""
        while True:
            if pointer in self.cells:
                return self.cells[pointer]
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]


# ---------------------------------------------------------------- writing


def build_workbook(schema: Mapping[str, Any], ruleset: str, doc: Mapping[str, Any] | None = None,
                   *, title: tuple[str, str] = ("", "")) -> bytes:
    """The .xlsx template for `schema` (filled with `doc` when given), as bytes.

    `ruleset` (ID@VERSION) is recorded on the instructions sheet; the reader uses it to find the
    schema again. Raises UsageError naming the pointer of a value the grid cannot hold.
    """
    plan = layout(schema)
    wb = Workbook()
    instructions = wb.active
    assert instructions is not None
    instructions.title = _INSTRUCTIONS
    lists = wb.create_sheet(_LISTS)
    lists.sheet_state = "hidden"
    choices = _ChoiceLists(lists)
    titles = _sheet_titles(plan.sheets)
    for sheet in plan.sheets:
        ws = wb.create_sheet(titles[sheet.pointer])
        value = _get(doc, sheet.pointer) if doc is not None else None
        if sheet.table:
            _write_table(ws, sheet, value, choices)
        else:
            _write_form(ws, sheet, value if isinstance(value, Mapping) else None, choices)
    _write_instructions(instructions, plan, ruleset, title, titles)
    if doc is not None:
        _check_placed(doc, plan)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class _ChoiceLists:
    """Enumerations for data validation, one column each on the hidden `lists` sheet."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.columns: dict[tuple[str, ...], str] = {}

    def validation(self, values: Sequence[Any]) -> DataValidation:
        key = tuple(_display(v) for v in values)
        if key not in self.columns:
            col = get_column_letter(len(self.columns) + 1)
            for row, text in enumerate(key, start=1):
                self.ws[f"{col}{row}"] = text
                self.ws[f"{col}{row}"].data_type = "s"
            self.columns[key] = f"{_LISTS}!${col}$1:${col}${len(key)}"
        return DataValidation(type="list", formula1=self.columns[key], allow_blank=True,
                              showErrorMessage=True, errorTitle="zcf",
                              error="选择列表中的值 / choose a value from the list")


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _sheet_titles(sheets: Iterable[Sheet]) -> dict[str, str]:
    titles: dict[str, str] = {}
    used = {_INSTRUCTIONS.lower(), _LISTS}
    for sheet in sheets:
        key = sheet.pointer.rsplit("/", 1)[-1] or "submission"
        base = re.sub(r"[\[\]:*?/\\']", " ", f"{sheet.zh} {key}")[:31].strip()
        title, n = base, 2
        while title.lower() in used:
            suffix = f" {n}"
            title, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(title.lower())
        titles[sheet.pointer] = title
    return titles


def _notes(f: Field) -> str:
    parts = [f.description] if f.description else []
    if f.required:
        parts.append("必填 required")
    if f.date_like == "date":
        parts.append("YYYY-MM-DD")
    elif f.date_like == "month":
        parts.append("YYYY-MM")
    if f.kind is Kind.LIST:
        parts.append("每行一项 one item per line" + (f"; {NONE_MARK} = 空列表 empty list"))
    if f.kind is Kind.JSON:
        parts.append("JSON")
    return "\n".join(parts)


def _write_form(ws: Worksheet, sheet: Sheet, value: Mapping[str, Any] | None, choices: _ChoiceLists) -> None:
    ws["A1"] = "#" + sheet.pointer
    ws["A1"].font = _KEY
    ws["B1"], ws["C1"] = sheet.zh, sheet.en
    ws["B1"].font = ws["C1"].font = Font(bold=True, size=13)
    for col, text in zip("ABCDEF", ("字段 field", "名称", "Name", "值 value", "单位 unit", "说明 notes"),
                         strict=True):
        ws[f"{col}2"] = text
        ws[f"{col}2"].font = _HEADER
        ws[f"{col}2"].fill = _FILL
    for row, f in enumerate(sheet.fields, start=3):
        ws[f"A{row}"] = f.pointer
        ws[f"A{row}"].font = _KEY
        ws[f"B{row}"] = f.zh + (" *" if f.required else "")
        ws[f"C{row}"] = f.en
        ws[f"F{row}"] = _notes(f)
        ws[f"F{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        _validate(ws, f, f"D{row}", f"E{row}", choices)
        current = _get(value, f.pointer) if value is not None else None
        if current is None and f.has_const:
            current = f.const
        if current is None and f.kind is Kind.QUANTITY and len(f.choices) == 1:
            ws[f"E{row}"] = f.choices[0]
        if current is not None:
            _put(ws, f"D{row}", f"E{row}", f, current, sheet.pointer + f.pointer)
    for col, width in zip("ABCDEF", (24, 22, 30, 18, 12, 70), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "D3"


def _write_table(ws: Worksheet, sheet: Sheet, value: Any, choices: _ChoiceLists) -> None:
    ws["A1"] = "#" + sheet.pointer
    ws["A1"].font = _KEY
    ws["B1"] = f"{sheet.zh} / {sheet.en}"
    ws["B1"].font = Font(bold=True, size=13)
    ws["A2"], ws["A3"], ws["A4"] = "序号", "No.", "#"
    columns: list[tuple[Field, str, str | None]] = []  # field, value column, unit column
    col = 2
    for f in sheet.fields:
        letter = get_column_letter(col)
        unit_letter = get_column_letter(col + 1) if f.kind is Kind.QUANTITY else None
        columns.append((f, letter, unit_letter))
        star = " *" if f.required else ""
        ws[f"{letter}2"], ws[f"{letter}3"] = f.zh + star, f.en
        ws[f"{letter}4"] = f.pointer + ("/value" if unit_letter else "")
        ws.column_dimensions[letter].width = max(14, min(40, len(f.en) + 4))
        notes = _notes(f)
        if notes:
            ws[f"{letter}2"].comment = Comment(notes, "zcf")
        last = _FIRST_TABLE_ROW + _TABLE_ROWS_VALIDATED - 1
        _validate(ws, f, f"{letter}{_FIRST_TABLE_ROW}:{letter}{last}",
                  f"{unit_letter}{_FIRST_TABLE_ROW}:{unit_letter}{last}" if unit_letter else None, choices)
        if unit_letter:
            ws[f"{unit_letter}2"], ws[f"{unit_letter}3"] = "单位", "unit"
            ws[f"{unit_letter}4"] = f.pointer + "/unit"
        col += 2 if unit_letter else 1
    for c in range(1, col):
        letter = get_column_letter(c)
        for row in (2, 3):
            ws[f"{letter}{row}"].font = _HEADER
            ws[f"{letter}{row}"].fill = _FILL
        ws[f"{letter}4"].font = _KEY
    ws.freeze_panes = f"B{_FIRST_TABLE_ROW}"
    if value is None:
        return
    if not isinstance(value, list):
        raise UsageError(f"{sheet.pointer or '/'} is not a list; the workbook cannot hold it",
                         hint="validate the JSON first: zcf check")
    if not value:
        ws[f"A{_FIRST_TABLE_ROW}"] = NONE_MARK
        return
    for i, item in enumerate(value):
        row = _FIRST_TABLE_ROW + i
        ws[f"A{row}"] = i + 1
        if not isinstance(item, Mapping):
            raise UsageError(f"{sheet.pointer}/{i} is not an object; the workbook cannot hold it")
        for f, letter, unit_letter in columns:
            current = _get(item, f.pointer)
            if current is not None:
                _put(ws, f"{letter}{row}", f"{unit_letter}{row}" if unit_letter else None, f, current,
                     f"{sheet.pointer}/{i}{f.pointer}")


def _validate(ws: Worksheet, f: Field, ref: str, unit_ref: str | None, choices: _ChoiceLists) -> None:
    if f.kind is Kind.ENUM:
        dv = choices.validation(f.choices)
    elif f.kind is Kind.BOOLEAN:
        dv = choices.validation([True, False])
    elif f.kind is Kind.QUANTITY and unit_ref:
        dv = choices.validation(f.choices)
        ref = unit_ref
    else:
        if f.kind in (Kind.STRING, Kind.LIST, Kind.JSON) and ":" not in ref:
            ws[ref].number_format = "@"  # a form's text cell stays text ("032" is not 32)
        return
    ws.add_data_validation(dv)
    dv.add(ref)


def _put(ws: Worksheet, ref: str, unit_ref: str | None, f: Field, value: Any, pointer: str) -> None:
    """Write one value: numbers as numbers, text as text (never a formula), units beside."""
    if f.kind is Kind.QUANTITY and isinstance(value, Mapping):
        if set(value) - {"value", "unit"}:
            raise UsageError(f"{pointer} has fields other than value and unit; the workbook cannot hold it")
        if "value" in value:
            _put_scalar(ws, ref, value["value"], pointer + "/value")
        if "unit" in value and unit_ref:
            _put_scalar(ws, unit_ref, value["unit"], pointer + "/unit")
    elif f.kind is Kind.LIST and isinstance(value, list):
        if not value:
            _put_scalar(ws, ref, NONE_MARK, pointer)
            return
        texts = [_display(v) for v in value]
        if any("\n" in t or not t for t in texts) or any(isinstance(v, Mapping | list) for v in value):
            raise UsageError(f"{pointer} has an item the workbook cannot hold on one line",
                             hint="list items must be non-empty and without line breaks")
        _put_scalar(ws, ref, "\n".join(texts), pointer)
        ws[ref].alignment = Alignment(wrap_text=True, vertical="top")
    elif f.kind is Kind.JSON or isinstance(value, Mapping | list):
        _put_scalar(ws, ref, json_text(value), pointer)
    else:
        _put_scalar(ws, ref, value, pointer)


def _put_scalar(ws: Worksheet, ref: str, value: Any, pointer: str) -> None:
    cell = ws[ref]
    if isinstance(value, bool | int | Decimal):
        cell.value = value
        return
    if isinstance(value, float):
        cell.value = Decimal(repr(value))
        return
    text = str(value)
    try:
        cell.value = text
    except ValueError as err:  # openpyxl refuses control characters
        raise UsageError(f"{pointer}: the text cannot be stored in a workbook ({err})") from err
    cell.data_type = "s"  # never a formula, even when the text starts with "="
    cell.number_format = "@"


def json_text(value: Any) -> str:
    """Compact JSON with Decimals written exactly (the stdlib writes only floats).

    >>> json_text({"a": [Decimal("1.50"), True, None, "x"]})
    '{"a":[1.50,true,null,"x"]}'
    """
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{json_text(v)}"
                              for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _write_instructions(ws: Worksheet, plan: Layout, ruleset: str, title: tuple[str, str],
                        titles: Mapping[str, str]) -> None:
    rows: list[tuple[Any, ...]] = [
        (_MARKER, "zcf 零碳工厂申报数据模板 / zero-carbon factory submission template"),
        ("规则集 ruleset", ruleset),
        ("", " ".join(t for t in title if t)),
        (),
        ("如何填写", "每个工作表对应申报数据的一部分。表单页：在“值”列填写，数量在“单位”列选择单位。"
                    "列表页：每行一条记录，从第 5 行开始。留空的字段视为未提供（相关条款将为“不确定”）。"
                    f"列表页第 A 列填“{NONE_MARK}”表示“没有”（例如没有外购热力）。带 * 的字段为必填。"
                    "日期写作 YYYY-MM-DD。灰色的字段名和第 4 行是定位用的，请勿修改。"),
        ("How to fill", "Each sheet holds one part of the submission. Forms: fill the value column and pick "
                        "the unit for quantities. Tables: one record per row from row 5. An empty field is "
                        "'not provided' (clauses needing it become indeterminate). Put "
                        f"'{NONE_MARK}' in column A of a table to say 'there are none' (e.g. no purchased heat). "
                        "Fields marked * are required. Dates are YYYY-MM-DD. Keep the grey field keys and row 4 "
                        "as they are: they tell zcf where each value goes."),
        ("评价", "zcf evaluate factory.xlsx --ruleset all   或/or   上传到 zcf serve 的自检页面 "
                "(upload to the self-check page of zcf serve)"),
        (),
        ("工作表 sheet", "字段位置 place in the submission"),
    ]
    rows += [(titles[s.pointer], s.pointer or "/") for s in plan.sheets]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.data_type = "s" if isinstance(value, str) else cell.data_type
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = _KEY
    ws["B1"].font = Font(bold=True, size=14)
    for r in (2, 5, 6, 7, 9):
        ws[f"A{r}"].font = _HEADER
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 110


# ---------------------------------------------------------------- reading


def workbook_ruleset(data: bytes, *, name: str = "<workbook>") -> str:
    """The ruleset (ID@VERSION) a zcf workbook was made for, after the archive safety checks."""
    check_archive(data, name)
    wb = _open(data, name, data_only=True)
    try:
        ws = wb[_INSTRUCTIONS] if _INSTRUCTIONS in wb.sheetnames else None
        if ws is not None:
            rows = list(ws.iter_rows(min_row=1, max_row=2, max_col=2, values_only=True))
            if rows and rows[0][0] == _MARKER and len(rows) > 1 and isinstance(rows[1][1], str):
                return rows[1][1].strip()
    finally:
        wb.close()
    raise SubmissionInvalidError(
        "this workbook was not made by zcf (no ruleset on its instructions sheet)",
        [Problem(code="xlsx-not-a-template", pointer="", file=name,
                 message=f"'{_INSTRUCTIONS}'!B2 should name the ruleset; start from `zcf template RULESET`")],
        file=name)


def read_workbook(data: bytes, schema: Mapping[str, Any], *, name: str = "<workbook>") -> WorkbookSubmission:
    """Read a filled template back into a submission document, remembering each value's cell.

    Formulas are read as the values Excel saved with them; a formula with no saved value is refused.
    """
    ruleset = workbook_ruleset(data, name=name)
    plan = layout(schema)
    formulas = _formula_cells(data, name)
    wb = _open(data, name, data_only=True)
    doc: dict[str, Any] = {}
    cells: dict[str, str] = {}
    problems: list[Problem] = []
    try:
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            key = rows[0][0] if rows and rows[0] else None
            if not isinstance(key, str) or not key.startswith("#") or ws.title == _INSTRUCTIONS:
                continue
            sheet = plan.sheet_by_pointer.get(key[1:])
            if sheet is None:
                problems.append(_problem(name, ws.title, "A1", "", "xlsx-unknown-sheet",
                                         f"names {key[1:]!r}, which is not a part of this ruleset's submission"))
                continue
            reader = _SheetReader(ws.title, name, formulas.get(ws.title, {}), doc, cells, problems)
            if sheet.table:
                reader.table(sheet, rows)
            else:
                reader.form(sheet, rows)
    finally:
        wb.close()
    if problems:
        raise SubmissionInvalidError(problems[0].message, problems, file=name)
    return WorkbookSubmission(doc, ruleset, cells)


def _open(data: bytes, name: str, *, data_only: bool) -> Any:
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise SubmissionInvalidError(
            f"the workbook cannot be read: {err}",
            [Problem(code="xlsx-unreadable", pointer="", file=name,
                     message=f"the workbook cannot be read ({type(err).__name__}: {err}); save it again as .xlsx")],
            file=name) from err


def _formula_cells(data: bytes, name: str) -> dict[str, dict[str, str]]:
    """Sheet -> cell -> formula text, for every cell holding a formula."""
    wb = _open(data, name, data_only=False)
    found: dict[str, dict[str, str]] = {}
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        found.setdefault(ws.title, {})[cell.coordinate] = str(cell.value)
    finally:
        wb.close()
    return found


def _problem(name: str, sheet: str, ref: str, pointer: str, code: str, message: str) -> Problem:
    where = f"{_quote(sheet)}!{ref}"
    return Problem(code=code, pointer=pointer, file=name, message=f"{where}: {message}", params={"cell": where})


def _quote(sheet: str) -> str:
    return f"'{sheet}'" if re.search(r"[^A-Za-z0-9_]", sheet) else sheet


class _SheetReader:
    def __init__(self, title: str, name: str, formulas: Mapping[str, str], doc: dict[str, Any],
                 cells: dict[str, str], problems: list[Problem]) -> None:
        self.title, self.name, self.formulas = title, name, formulas
        self.doc, self.cells, self.problems = doc, cells, problems

    def where(self, ref: str) -> str:
        return f"{_quote(self.title)}!{ref}"

    def form(self, sheet: Sheet, rows: list[list[Any]]) -> None:
        fields = {f.pointer: f for f in sheet.fields}
        self.cells.setdefault(sheet.pointer, self.where("A1"))
        for r, row in enumerate(rows[2:], start=3):
            key = row[0] if row else None
            if key is None or key == "":
                continue
            f = fields.get(str(key))
            if f is None:
                self.problems.append(_problem(
                    self.name, self.title, f"A{r}", sheet.pointer, "xlsx-unknown-field",
                    f"{key!r} is not a field of this sheet; keep column A as the template has it"))
                continue
            pointer = sheet.pointer + f.pointer
            value = self.field(f, _at(row, 3), _at(row, 4), f"D{r}", f"E{r}", pointer)
            if value is not None:
                _set(self.doc, pointer, value)

    def table(self, sheet: Sheet, rows: list[list[Any]]) -> None:
        keys = rows[3] if len(rows) > 3 else []
        spots: list[tuple[Field, int, int | None]] = []
        by_pointer = {f.pointer: f for f in sheet.fields}
        for c, key in enumerate(keys):
            if c == 0 or not isinstance(key, str) or not key:
                continue
            base = key.removesuffix("/value").removesuffix("/unit") if key.endswith(("/value", "/unit")) else key
            f = by_pointer.get(key) or by_pointer.get(base)
            if f is None:
                self.problems.append(_problem(self.name, self.title, f"{get_column_letter(c + 1)}4", sheet.pointer,
                                              "xlsx-unknown-field", f"{key!r} is not a column of this table"))
                continue
            if f.kind is Kind.QUANTITY and key.endswith("/unit"):
                spots = [(g, vc, c if g is f else uc) for g, vc, uc in spots]
            else:
                spots.append((f, c, None))
        items: list[Any] = []
        self.cells.setdefault(sheet.pointer, self.where("A1"))
        first = rows[_FIRST_TABLE_ROW - 1] if len(rows) >= _FIRST_TABLE_ROW else []
        marked_none = isinstance(_at(first, 0), str) and str(_at(first, 0)).strip().lower() in _NONE_WORDS
        for r, row in enumerate(rows[_FIRST_TABLE_ROW - 1:], start=_FIRST_TABLE_ROW):
            if all(_blank(v) for v in row[1:]):
                continue
            index = len(items)
            row_pointer = f"{sheet.pointer}/{index}"
            self.cells[row_pointer] = self.where(f"A{r}")
            item: dict[str, Any] = {}
            for f, vc, uc in spots:
                value = self.field(f, _at(row, vc), _at(row, uc) if uc is not None else None,
                                   f"{get_column_letter(vc + 1)}{r}",
                                   f"{get_column_letter(uc + 1)}{r}" if uc is not None else None,
                                   row_pointer + f.pointer)
                if value is not None:
                    _set(item, f.pointer, value)
            items.append(item)
        if items or marked_none:
            _set(self.doc, sheet.pointer, items)

    def field(self, f: Field, raw: Any, raw_unit: Any, ref: str, unit_ref: str | None, pointer: str) -> Any:
        """The JSON value of one field's cell(s), or None when the field is left empty."""
        raw = self.cached(raw, ref, pointer)
        if f.kind is Kind.QUANTITY:
            raw_unit = self.cached(raw_unit, unit_ref, pointer + "/unit") if unit_ref else None
            if _blank(raw):
                return None
            self.cells[pointer] = self.cells[pointer + "/value"] = self.where(ref)
            quantity: dict[str, Any] = {"value": _coerce(f.value_kind or Kind.DECIMAL, raw, None)}
            if unit_ref:
                self.cells[pointer + "/unit"] = self.where(unit_ref)
            if not _blank(raw_unit):
                quantity["unit"] = _coerce(Kind.STRING, raw_unit, None)
            return quantity
        if _blank(raw):
            return None
        self.cells[pointer] = self.where(ref)
        if f.kind is Kind.LIST:
            if isinstance(raw, str) and raw.strip().lower() in _NONE_WORDS:
                return []
            lines = raw.splitlines() if isinstance(raw, str) else [raw]
            item = f.item or f
            values = [_coerce(item.kind, line, item) for line in lines if not _blank(line)]
            for i in range(len(values)):
                self.cells[f"{pointer}/{i}"] = self.where(ref)
            return values
        if f.kind is Kind.JSON:
            text = raw if isinstance(raw, str) else json_text(raw)
            try:
                return read_submission(text.encode("utf-8"), source_name=self.where(ref))
            except SubmissionInvalidError:
                self.problems.append(_problem(self.name, self.title, ref, pointer, "xlsx-json-cell",
                                              "this cell must hold JSON text"))
                return None
        return _coerce(f.kind, raw, f)

    def cached(self, raw: Any, ref: str | None, pointer: str) -> Any:
        if ref is None or ref.split(":")[0] not in self.formulas:
            return raw
        if raw is None:
            self.problems.append(_problem(
                self.name, self.title, ref, pointer, "xlsx-formula-without-value",
                f"holds the formula {self.formulas[ref]} but no saved result; open and save the "
                "workbook in Excel or WPS (which stores the result), or type the value"))
        return raw


def _at(row: Sequence[Any], index: int | None) -> Any:
    return row[index] if index is not None and index < len(row) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any) -> Any:
    """A cell's number as int or Decimal (a float's shortest repr is the decimal Excel shows)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        return Decimal(repr(value))
    return value


def _coerce(kind: Kind, raw: Any, f: Field | None) -> Any:
    """Turn a cell value into what the schema asks for where that is unambiguous; else keep it."""
    if isinstance(raw, dt.datetime | dt.date):
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        if f is not None and f.date_like == "month":
            return day.strftime("%Y-%m")
        return day.isoformat()
    if kind is Kind.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        return _BOOL_TEXT.get(str(raw).strip().lower(), raw)
    if kind in (Kind.INTEGER, Kind.NUMBER):
        if isinstance(raw, str) and _DECIMAL_TEXT.match(raw.strip()):
            number = Decimal(raw.strip())
            return int(number) if kind is Kind.INTEGER and number == number.to_integral_value() else number
        return _number(raw)
    if kind is Kind.DECIMAL:
        return _number(raw)  # text stays text: "12.5" and 12.5 are both valid, and kept apart
    if kind is Kind.ENUM and f is not None:
        if raw in f.choices:
            return raw
        text = _display(_number(raw)) if not isinstance(raw, str) else raw
        for choice in f.choices:
            if _display(choice) == text.strip():
                return choice
        return text
    if kind is Kind.STRING and not isinstance(raw, str):
        number = _number(raw)
        return _display(number) if not isinstance(number, Decimal) else str(number)
    if f is not None and f.has_const and isinstance(raw, int | float) and isinstance(f.const, str):
        return str(_number(raw))
    return raw


def _get(doc: Any, pointer: str) -> Any:
    node = doc
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _set(doc: dict[str, Any], pointer: str, value: Any) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    node = doc
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _check_placed(doc: Mapping[str, Any], plan: Layout) -> None:
    """Refuse a document with values the layout has no cell for (they would be lost silently)."""
    places = {s.pointer + f.pointer: f for s in plan.sheets if not s.table for f in s.fields}
    tables = {s.pointer: s for s in plan.sheets if s.table}

    def walk(node: Any, pointer: str) -> None:
        if pointer in places or pointer in tables:
            return
        if isinstance(node, Mapping):  # an empty object holds no value: nothing to place
            for key, value in node.items():
                walk(value, pointer + pointer_join(key))
            return
        raise UsageError(f"{pointer or '/'} has no place in this ruleset's workbook",
                         hint="only fields of the ruleset's submission schema can be written to a workbook")

    walk(doc, "")


def locate(problems: Iterable[Problem], submission: WorkbookSubmission, name: str) -> list[Problem]:
    """The problems with the `Sheet!Cell` of each pointer in the message and in `params["cell"]`."""
    located = []
    for problem in problems:
        cell = submission.cell_of(problem.pointer)
        if cell is None or "cell" in problem.params:
            located.append(problem)
            continue
        located.append(problem.model_copy(update={
            "message": f"{cell}: {problem.message}", "params": {**problem.params, "cell": cell}, "file": name}))
    return located


def is_workbook(data: bytes) -> bool:
    """Whether `data` starts like a zip archive (an .xlsx), not JSON text."""
    return data[:4] == b"PK\x03\x04"

