"""The result as SARIF 2.1.0: one rule per clause, one result per clause, located by JSON pointer.

Code-scanning platforms read SARIF. ruleId is the clause id; a failed clause is `kind: fail` with
level error (应 / gate), warning (宜) or note (可); other statuses are `pass`, `open` (data
missing), `notApplicable` or `review`, with level `none` as SARIF requires. Each location names
the submission file and, as a logical location, the JSON pointer of the data the clause rests on.
"""

from __future__ import annotations

import json
from typing import Any

from zcf.model.result import ClauseResult, ClauseStatus, EvaluationResult
from zcf.model.ruleset import ClauseKind, Provision
from zcf.report.figures import compare
from zcf.report.pointers import clause_pointers
from zcf.report.registry import Report

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_KIND = {ClauseStatus.PASS: "pass", ClauseStatus.FAIL: "fail", ClauseStatus.INDETERMINATE: "open",
         ClauseStatus.NOT_APPLICABLE: "notApplicable", ClauseStatus.MANUAL_REVIEW: "review"}


def _level(clause: ClauseResult) -> str:
    if clause.status is not ClauseStatus.FAIL:
        return "none"
    if clause.kind is ClauseKind.GATE or clause.provision is Provision.REQUIREMENT:
        return "error"
    return "warning" if clause.provision is Provision.RECOMMENDATION else "note"


def _rule(clause: ClauseResult, lang: str) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": clause.id,
        "name": clause.title.en,
        "shortDescription": {"text": clause.title.get(lang)},
        "properties": {"ref": clause.ref, "kind": clause.kind.value, "provision": clause.provision.value},
    }
    if clause.standard:
        rule["properties"].update({"standard": clause.standard.document, "edition": clause.standard.edition,
                                   "label": clause.standard.label})
    if clause.remediation:
        rule["help"] = {"text": clause.remediation.get(lang)}
    return rule


def _result(clause: ClauseResult, index: int, result: EvaluationResult, report: Report) -> dict[str, Any]:
    lang = report.lang
    shown = compare(clause, lang, result)
    message = clause.message.get(lang)
    if shown.value and shown.threshold:
        message += f" [{shown.value} / {shown.threshold}]"
    pointers = clause_pointers(clause, result) or [""]
    return {
        "ruleId": clause.id,
        "ruleIndex": index,
        "kind": _KIND[clause.status],
        "level": _level(clause),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": report.submission_name, "index": 0}},
            "logicalLocations": [{"fullyQualifiedName": pointer or "/", "kind": "element"}],
        } for pointer in pointers],
        "properties": {"status": clause.status.value, "provisional": clause.provisional,
                       "missing": list(clause.missing)},
    }


def _run(result: EvaluationResult, report: Report) -> dict[str, Any]:
    return {
        "tool": {"driver": {
            "name": "zcf",
            "version": result.engine,
            "semanticVersion": result.engine,
            "rules": [_rule(c, report.lang) for c in result.clauses],
            "properties": {"ruleset": result.ruleset.id, "rulesetVersion": result.ruleset.version,
                           "rulesetDigest": result.ruleset.digest},
        }},
        "automationDetails": {"id": f"{result.ruleset.id}@{result.ruleset.version}/{result.as_of.isoformat()}"},
        "artifacts": [{"location": {"uri": report.submission_name},
                       "hashes": {"sha-256": result.submission.sha256}}],
        "language": "zh-CN" if report.lang.lower().startswith("zh") else "en",
        "results": [_result(c, i, result, report) for i, c in enumerate(result.clauses)],
        "properties": {"asOf": result.as_of.isoformat(), "grade": result.verdict.grade,
                       "compliant": result.verdict.compliant, "provisional": result.verdict.provisional},
    }


def render(report: Report) -> bytes:
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [_run(r, report) for r in report.results]}
    return (json.dumps(log, ensure_ascii=False, indent=2) + "\n").encode()
