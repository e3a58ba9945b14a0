"""The output formats of `zcf evaluate`: one registry, one module per format.

Each format's module has `render(report: Report) -> bytes`. Adding a format is one new module and
one line in `FORMATS`; the CLI's `--format` choices are `names()`. Modules are imported only when
their format is asked for, so the heavy ones (PDF) cost nothing otherwise.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from zcf.model.result import EvaluationResult


@dataclass(frozen=True)
class Report:
    """What a renderer gets: one result, or one per scheme, and how to show them."""

    results: tuple[EvaluationResult, ...]
    lang: str = "zh-CN"
    #: several schemes side by side (`--ruleset all` or a list), not one ruleset
    several: bool = False
    #: the parsed submission, for the cover (enterprise, period) and source locations; may be absent
    submission: Any = None
    #: the submission's file name as the user gave it (SARIF artifact, CSV, JUnit)
    submission_name: str = "submission.json"

    @property
    def result(self) -> EvaluationResult:
        return self.results[0]


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    suffix: str
    media_type: str
    binary: bool
    summary: str


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("table", "zcf.report.table", ".txt", "text/plain", False, "clause table for a terminal"),
    Format("json", "zcf.report.json_result", ".json", "application/json", False, "the full result, exact decimals"),
    Format("html", "zcf.report.html", ".html", "text/html", False, "self-contained report with charts"),
    Format("pdf", "zcf.report.pdf", ".pdf", "application/pdf", True, "the HTML report as PDF (WeasyPrint)"),
    Format("junit", "zcf.report.junit", ".xml", "application/xml", False, "JUnit XML: a testcase per clause"),
    Format("sarif", "zcf.report.sarif", ".sarif", "application/sarif+json", False, "SARIF 2.1.0 for code scanning"),
    Format("oscal", "zcf.report.oscal", ".json", "application/json", False, "OSCAL assessment-results"),
    Format("csv", "zcf.report.csv_clauses", ".csv", "text/csv", False, "one row per clause"),
)}


def names() -> list[str]:
    return list(FORMATS)


def render(name: str, report: Report) -> bytes:
    """Render `report` in the format `name` (a key of FORMATS)."""
    module = importlib.import_module(FORMATS[name].module)
    renderer = cast(Callable[[Report], bytes], module.render)
    return renderer(report)
