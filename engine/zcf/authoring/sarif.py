"""`zcf ruleset check --format sarif`: the check's findings as a SARIF 2.1.0 log.

Editors' SARIF viewers (VS Code's SARIF Viewer, GitHub code scanning) place each result at its
file, line and column. A finding that knows only its line is placed at the first non-blank
character of that line, which in a ruleset.yaml is the key the finding is about.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from zcf.authoring.checks import CheckReport, Finding, Severity
from zcf.version import __version__

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/zcf-engine/zcf/blob/main/docs/authoring.md"


@cache
def _lines(file: str) -> tuple[str, ...]:
    try:
        return tuple(Path(file).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def _column(finding: Finding) -> int:
    if finding.column:
        return finding.column
    lines = _lines(finding.file) if finding.file and finding.line else ()
    if finding.line and 0 < finding.line <= len(lines):
        text = lines[finding.line - 1]
        return len(text) - len(text.lstrip()) + 1
    return 1


def _result(finding: Finding) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": "error" if finding.severity is Severity.ERROR else "warning",
        "message": {"text": finding.message},
    }
    if finding.file:
        location: dict[str, Any] = {"artifactLocation": {"uri": Path(finding.file).resolve().as_uri()}}
        if finding.line:
            location["region"] = {"startLine": finding.line, "startColumn": _column(finding)}
        result["locations"] = [{"physicalLocation": location}]
    if finding.clause_id:
        result["properties"] = {"clause": finding.clause_id}
    return result


def sarif_log(reports: Iterable[CheckReport]) -> dict[str, Any]:
    """One SARIF run holding every finding of every report, with one rule per finding code."""
    findings = [f for report in reports for f in report.findings]
    codes = sorted({f.code for f in findings})
    driver = {"name": "zcf ruleset check", "version": __version__, "informationUri": INFORMATION_URI,
              "rules": [{"id": code, "name": code} for code in codes]}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "results": [_result(f) for f in findings]}]}
