"""The Python API: `load_ruleset` and `evaluate`, what embedding tools call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zcf.errors import ExampleNotFoundError, SubmissionInvalidError, UsageError
from zcf.evaluate.pipeline import default_as_of, evaluate_document
from zcf.locations import data_dir
from zcf.model.result import EvaluationResult
from zcf.rulesets.compiler import CompiledRuleset
from zcf.rulesets.installed import load_entry as load_entry
from zcf.rulesets.installed import load_ruleset as load_ruleset
from zcf.submission.reading import from_python, read_submission, submission_bytes

if TYPE_CHECKING:
    from zcf.submission.workbook import WorkbookSubmission


def evaluate(ruleset: CompiledRuleset | str, submission: Mapping[str, Any] | bytes | str | Path,
             *, as_of: dt.date | None = None, backend: str = "compiled") -> EvaluationResult:
    """Evaluate one submission: a parsed document, JSON text (`bytes` or `str`), or a `Path`.

    As in `read_submission`, a `str` is always JSON text; pass `Path("file.json")` for a file
    (it is read only if it is a regular file, and never past the size limit). The as-of date
    defaults to the end of the submission's reporting period; it picks the ruleset edition (when
    `ruleset` is an id) and every dated parameter and factor.
    """
    raw: bytes | None = None
    doc: Mapping[str, Any]
    if isinstance(submission, Path):
        raw = submission_bytes(submission)
        doc = read_submission(raw, source_name=str(submission))
    elif isinstance(submission, bytes | str):
        doc = read_submission(submission, source_name="<submission>")
        raw = submission.encode() if isinstance(submission, str) else submission
    else:
        doc = from_python(submission)
    if not isinstance(ruleset, CompiledRuleset):
        ruleset = load_ruleset(ruleset, as_of=as_of or _period_end(doc))
    return evaluate_document(ruleset, doc, as_of=as_of, backend=backend, raw=raw)


def _period_end(doc: Mapping[str, Any]) -> dt.date | None:
    try:
        return default_as_of(doc)
    except SubmissionInvalidError:
        return None


def example_path(ruleset_id: str, name: str) -> Path:
    """The shipped example submission `name` (a file stem such as `zero-carbon`) of a ruleset."""
    folder = data_dir("examples") / ruleset_id
    path = folder / f"{name}.json"
    if not path.is_file():
        known = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
        raise ExampleNotFoundError(ruleset_id, name, known)
    return path


@dataclass(frozen=True)
class SubmissionInput:
    """A submission as received: the document, its bytes (for the digest), and, for a workbook,
    the ruleset it was made for and where each value sits (`Sheet!Cell`)."""

    doc: Mapping[str, Any]
    raw: bytes
    workbook: WorkbookSubmission | None = None

    def located(self, err: SubmissionInvalidError) -> SubmissionInvalidError:
        """`err` with each problem's `Sheet!Cell` added when the submission came from a workbook."""
        if self.workbook is None:
            return err
        from zcf.submission.workbook import locate

        problems = locate(err.problems, self.workbook, err.file or "<workbook>")
        return SubmissionInvalidError(err.message, problems, file=err.file)


def read_input(data: bytes, *, source_name: str = "<submission>") -> SubmissionInput:
    """Read submission bytes: JSON text, or an .xlsx workbook made by `zcf template`.

    A workbook is read against the submission schema of the ruleset recorded in it.
    """
    if data[:4] != b"PK\x03\x04":
        return SubmissionInput(read_submission(data, source_name=source_name), data)
    workbook = _workbook_module()
    spec = workbook.workbook_ruleset(data, name=source_name)
    schema = load_ruleset(spec).loaded.schema
    sheet = workbook.read_workbook(data, schema, name=source_name)
    return SubmissionInput(sheet.doc, data, sheet)


def template_workbook(ruleset: str, doc: Mapping[str, Any] | None = None, *, as_of: dt.date | None = None) -> bytes:
    """The Excel data template of `ruleset` (ID or ID@VERSION), filled with `doc` when given."""
    compiled = load_ruleset(ruleset, as_of=as_of)
    model = compiled.loaded.model
    spec = f"{model.id}@{model.version}"
    data: bytes = _workbook_module().build_workbook(compiled.loaded.schema, spec, doc,
                                                    title=(model.title.zh, model.title.en))
    return data


def _workbook_module() -> Any:
    try:
        from zcf.submission import workbook
    except ImportError as err:
        raise UsageError("reading and writing .xlsx needs openpyxl",
                         hint="pip install 'zcf-engine[xlsx]'") from err
    return workbook
