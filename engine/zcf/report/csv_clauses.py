"""The clauses as CSV (UTF-8 with BOM so spreadsheet programs read Chinese): one row per clause and scheme.

Values are exact (as in the JSON result); `value_shown` and `threshold_shown` are the rounded
forms printed in the table.
"""

from __future__ import annotations

import csv
import io

from zcf.model.result import EvaluationResult
from zcf.report.figures import compare
from zcf.report.registry import Report

COLUMNS = ("ruleset", "version", "clause", "ref", "title", "kind", "provision", "status", "provisional",
           "score", "max_score", "value_shown", "threshold_shown", "thresholds", "document", "edition", "label",
           "missing", "message", "remediation")


def _rows(result: EvaluationResult, lang: str) -> list[list[str]]:
    rows = []
    for clause in result.clauses:
        shown = compare(clause, lang, result)
        thresholds = "; ".join(f"{t.parameter}={t.value} {t.unit} ({t.provenance.value})"
                               for t in clause.evidence.thresholds)
        std = clause.standard
        rows.append([
            result.ruleset.id, result.ruleset.version, clause.id, clause.ref, clause.title.get(lang),
            clause.kind.value, clause.provision.value, clause.status.value, str(clause.provisional).lower(),
            "" if clause.score is None else str(clause.score),
            "" if clause.max_score is None else str(clause.max_score),
            shown.value, shown.threshold, thresholds, std.document if std else "", std.edition if std else "",
            std.label if std else "", " ".join(clause.missing), clause.message.get(lang),
            clause.remediation.get(lang) if clause.remediation else "",
        ])
    return rows


def render(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for result in report.results:
        writer.writerows(_rows(result, report.lang))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
