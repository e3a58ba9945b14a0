"""The result as OSCAL assessment-results (JSON): clauses as objectives, one observation and one finding each.

Compliance platforms that speak OSCAL import this. UUIDs are name-based (uuid5) over the
submission digest, the ruleset digest, the as-of date and the clause id, so the same evaluation
gives the same document apart from timestamps. zcf statuses map to objective states: pass ->
satisfied/pass, fail -> not-satisfied/fail, and the others -> other, with zcf's status as a prop.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from zcf.messages import text
from zcf.model.result import ClauseResult, ClauseStatus, EvaluationResult
from zcf.report.figures import compare
from zcf.report.pointers import clause_pointers
from zcf.report.registry import Report

OSCAL_VERSION = "1.1.2"
NS = "urn:zcf:oscal"
_ROOT = uuid.UUID("6f1c0c6e-5a55-4c7e-9d52-7a1f3b2f0c11")
_STATE = {ClauseStatus.PASS: ("satisfied", "pass"), ClauseStatus.FAIL: ("not-satisfied", "fail"),
          ClauseStatus.NOT_APPLICABLE: ("satisfied", "other"),
          ClauseStatus.INDETERMINATE: ("not-satisfied", "other"),
          ClauseStatus.MANUAL_REVIEW: ("not-satisfied", "other")}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_ROOT, "\x1f".join(parts)))


def _prop(name: str, value: str) -> dict[str, str]:
    return {"name": name, "ns": NS, "value": value}


def _time(result: EvaluationResult) -> str:
    return result.evaluated_at.isoformat()


def _observation(clause: ClauseResult, result: EvaluationResult, key: str, lang: str) -> dict[str, Any]:
    shown = compare(clause, lang, result)
    evidence = [{"description": f"{v.name} = {v.value}" + (f" {v.unit}" if v.unit else ""),
                 **({"href": f"#{v.pointer}"} if v.pointer else {})}
                for v in clause.evidence.values]
    for t in clause.evidence.thresholds:
        evidence.append({"description": f"{t.parameter} = {t.value} {t.unit} ({t.provenance.value}): {t.source}"})
    observation: dict[str, Any] = {
        "uuid": _uuid(key, clause.id, "observation"),
        "title": f"{clause.id} {clause.title.get(lang)}",
        "description": clause.message.get(lang) + (f" ({shown.value} / {shown.threshold})"
                                                   if shown.value and shown.threshold else ""),
        "props": [_prop("zcf-status", clause.status.value), _prop("provisional", str(clause.provisional).lower())],
        "methods": ["TEST"],
        "types": ["finding"],
        "collected": _time(result),
    }
    if evidence:
        observation["relevant-evidence"] = evidence
    pointers = clause_pointers(clause, result)
    if clause.missing:
        observation["remarks"] = text("col.missing", lang) + ": " + ", ".join(clause.missing)
    elif pointers:
        observation["remarks"] = ", ".join(pointers)
    return observation


def _finding(clause: ClauseResult, key: str, lang: str) -> dict[str, Any]:
    state, reason = _STATE[clause.status]
    target: dict[str, Any] = {"type": "objective-id", "target-id": clause.id,
                              "title": clause.title.get(lang),
                              "status": {"state": state, "reason": reason}}
    if reason == "other":
        target["status"]["remarks"] = text(f"status.{clause.status.value}", lang)
    finding: dict[str, Any] = {
        "uuid": _uuid(key, clause.id, "finding"),
        "title": f"{clause.id} {clause.ref}",
        "description": clause.message.get(lang),
        "props": [_prop("zcf-status", clause.status.value), _prop("kind", clause.kind.value),
                  _prop("provision", clause.provision.value)],
        "target": target,
        "related-observations": [{"observation-uuid": _uuid(key, clause.id, "observation")}],
    }
    if clause.remediation:
        finding["remarks"] = clause.remediation.get(lang)
    return finding


def _result(result: EvaluationResult, lang: str) -> dict[str, Any]:
    key = "\x1f".join((result.submission.sha256, result.ruleset.digest, result.as_of.isoformat()))
    verdict = result.verdict
    grade = verdict.grade_title.get(lang) if verdict.grade_title else text("verdict.no_grade", lang)
    ok = text("verdict.compliant" if verdict.compliant else "verdict.not_compliant", lang)
    return {
        "uuid": _uuid(key, "result"),
        "title": f"{result.ruleset.id}@{result.ruleset.version}",
        "description": f"{ok}; {text('verdict.grade', lang)}: {grade}",
        "start": _time(result),
        "end": _time(result),
        "props": [_prop("ruleset", result.ruleset.id), _prop("ruleset-version", result.ruleset.version),
                  _prop("ruleset-digest", result.ruleset.digest), _prop("as-of", result.as_of.isoformat()),
                  _prop("compliant", str(verdict.compliant).lower()),
                  _prop("provisional", str(verdict.provisional).lower())]
        + ([_prop("grade", verdict.grade)] if verdict.grade else []),
        "reviewed-controls": {"control-selections": [
            {"include-controls": [{"control-id": c.id} for c in result.clauses]}]},
        "observations": [_observation(c, result, key, lang) for c in result.clauses],
        "findings": [_finding(c, key, lang) for c in result.clauses],
    }


def render(report: Report) -> bytes:
    first = report.result
    key = "\x1f".join([first.submission.sha256] + [r.ruleset.digest for r in report.results])
    doc = {"assessment-results": {
        "uuid": _uuid(key, "assessment-results"),
        "metadata": {
            "title": text("report.title", report.lang) + f" — {report.submission_name}",
            "last-modified": _time(first),
            "version": first.engine,
            "oscal-version": OSCAL_VERSION,
            "props": [_prop("submission-sha256", first.submission.sha256)],
        },
        "import-ap": {"href": f"urn:zcf:ruleset:{first.ruleset.id}@{first.ruleset.version}",
                      "remarks": "zcf evaluates against a ruleset; the ruleset stands in for an assessment plan."},
        "results": [_result(r, report.lang) for r in report.results],
    }}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()
