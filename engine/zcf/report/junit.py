"""The result as JUnit XML (the Apache Ant format CI systems read): one testcase per clause.

fail -> <failure>, indeterminate -> <error> listing the JSON pointers to supply, not_applicable
and manual_review -> <skipped>. One <testsuite> per scheme; its properties carry the ruleset
identity, as-of date and verdict so a CI page shows what was checked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from zcf.messages import text
from zcf.model.result import ClauseStatus, EvaluationResult
from zcf.report.figures import compare
from zcf.report.registry import Report


def _suite(result: EvaluationResult, index: int, report: Report) -> ET.Element:
    lang = report.lang
    counts = {status: sum(1 for c in result.clauses if c.status is status) for status in ClauseStatus}
    name = f"{result.ruleset.id}@{result.ruleset.version}"
    suite = ET.Element("testsuite", {
        "package": result.ruleset.id, "id": str(index), "name": name,
        "timestamp": result.evaluated_at.strftime("%Y-%m-%dT%H:%M:%S"), "hostname": "localhost",
        "tests": str(len(result.clauses)), "failures": str(counts[ClauseStatus.FAIL]),
        "errors": str(counts[ClauseStatus.INDETERMINATE]),
        "skipped": str(counts[ClauseStatus.NOT_APPLICABLE] + counts[ClauseStatus.MANUAL_REVIEW]),
        "time": "0",
    })
    props = ET.SubElement(suite, "properties")
    verdict = result.verdict
    for key, value in (("ruleset", name), ("ruleset.digest", result.ruleset.digest),
                       ("submission", report.submission_name), ("submission.sha256", result.submission.sha256),
                       ("as_of", result.as_of.isoformat()), ("engine", result.engine),
                       ("grade", verdict.grade or ""), ("compliant", str(verdict.compliant).lower()),
                       ("provisional", str(verdict.provisional).lower())):
        ET.SubElement(props, "property", {"name": key, "value": value})
    for clause in result.clauses:
        case = ET.SubElement(suite, "testcase", {
            "name": f"{clause.id} {clause.ref} {clause.title.get(lang)}",
            "classname": f"{result.ruleset.id}.{clause.kind.value}", "time": "0"})
        message = clause.message.get(lang)
        shown = compare(clause, lang, result)
        detail = "\n".join(part for part in (
            f"{text('col.value', lang)}: {shown.value}" if shown.value else "",
            f"{text('col.threshold', lang)}: {shown.threshold}" if shown.threshold else "",
            f"{text('col.document', lang)}: {clause.standard.document} {clause.standard.label}" if clause.standard
            else "",
            clause.remediation.get(lang) if clause.remediation else "",
        ) if part)
        if clause.status is ClauseStatus.FAIL:
            ET.SubElement(case, "failure", {"message": message, "type": clause.kind.value}).text = detail
        elif clause.status is ClauseStatus.INDETERMINATE:
            ET.SubElement(case, "error", {"message": message, "type": "indeterminate"}).text = "\n".join(
                clause.missing)
        elif clause.status in (ClauseStatus.NOT_APPLICABLE, ClauseStatus.MANUAL_REVIEW):
            ET.SubElement(case, "skipped", {"message": message, "type": clause.status.value})
    ET.SubElement(suite, "system-out").text = "\n".join(g.message.get(lang) for g in result.gaps)
    ET.SubElement(suite, "system-err").text = "\n".join(p.message for p in result.problems)
    return suite


def render(report: Report) -> bytes:
    root = ET.Element("testsuites")
    for index, result in enumerate(report.results):
        root.append(_suite(result, index, report))
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
