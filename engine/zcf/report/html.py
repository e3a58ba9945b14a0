"""The result as one self-contained HTML file (jinja2): cover, charts as inline SVG, clauses, data, factors.

No network: styles and charts are inline, fonts are the reader's (CJK families named in order).
The same HTML is what `zcf.report.pdf` prints. The only module importing jinja2 and markupsafe.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import jinja2
from markupsafe import Markup

from zcf.messages import text
from zcf.model.result import ClauseResult, EvaluationResult
from zcf.model.ruleset import Provenance
from zcf.model.trace import TraceFactor
from zcf.report import charts
from zcf.report.figures import compare, human
from zcf.report.pointers import field_label, missing_by_field
from zcf.report.registry import Report

_UNSETTLED = (Provenance.PROVISIONAL, Provenance.UNVERIFIED)
_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("zcf.report", "templates"),
    autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
)


def _cover(submission: Any) -> dict[str, str]:
    enterprise = submission.get("enterprise", {}) if isinstance(submission, Mapping) else {}
    period = submission.get("period", {}) if isinstance(submission, Mapping) else {}
    enterprise = enterprise if isinstance(enterprise, Mapping) else {}
    period = period if isinstance(period, Mapping) else {}
    return {"name": str(enterprise.get("name", "—")), "uscc": str(enterprise.get("uscc", "—")),
            "period": f"{period.get('start', '?')} — {period.get('end', '?')}" if period else "—"}


def _provisional(result: EvaluationResult) -> list[dict[str, str]]:
    """Every unpublished number the verdicts rest on: thresholds, then factors."""
    seen: dict[str, dict[str, str]] = {}
    for clause in result.clauses:
        for t in clause.evidence.thresholds:
            if t.provenance in _UNSETTLED and t.parameter not in seen:
                seen[t.parameter] = {"name": t.parameter, "value": human(t.value, t.unit, t.parameter),
                                     "provenance": t.provenance.value, "source": t.source,
                                     "clauses": clause.id}
            elif t.parameter in seen and clause.id not in seen[t.parameter]["clauses"]:
                seen[t.parameter]["clauses"] += ", " + clause.id
    for factor in _factors(result):
        if factor.provenance in _UNSETTLED and factor.name not in seen:
            seen[factor.name] = {"name": factor.name, "value": human(factor.value, factor.unit),
                                 "provenance": factor.provenance.value, "source": factor.source, "clauses": ""}
    return list(seen.values())


def _factors(result: EvaluationResult) -> list[TraceFactor]:
    found: dict[str, TraceFactor] = {}
    for metric in result.metrics.values():
        for factor in metric.trace.factors:
            found.setdefault(factor.name, factor)
    return [found[k] for k in sorted(found)]


def _clause_row(clause: ClauseResult, result: EvaluationResult, lang: str) -> dict[str, Any]:
    shown = compare(clause, lang, result)
    return {"clause": clause, "value": shown.value, "threshold": shown.threshold,
            "status": text(f"status.{clause.status.value}", lang),
            "provision": text(f"provision.{clause.provision.value}", lang),
            "kind": text(f"kind.{clause.kind.value}", lang),
            "document": f"{clause.standard.document} ({clause.standard.edition}) {clause.standard.label}"
            if clause.standard else clause.ref}


def _scheme(result: EvaluationResult, lang: str) -> dict[str, Any]:
    svg = [("report.chart.waterfall", charts.waterfall(result, lang)),
           ("report.chart.renewable", charts.renewable_share(result, lang)),
           ("report.chart.statuses", charts.statuses(result, lang)),
           ("report.chart.groups", charts.group_scores(result, lang))]
    verdict = result.verdict
    return {
        "result": result,
        "grade": verdict.grade_title.get(lang) if verdict.grade_title else text("verdict.no_grade", lang),
        "verdict": text("verdict.compliant" if verdict.compliant else "verdict.not_compliant", lang),
        # built and escaped in zcf.report.charts
        "charts": [{"title": text(title, lang), "svg": Markup(s)} for title, s in svg if s],
        "rows": [_clause_row(c, result, lang) for c in result.clauses],
        "missing": [{"pointer": p, "label": field_label(p), "clauses": ", ".join(ids)}
                    for p, ids in missing_by_field((result,)).items()],
        "provisional": _provisional(result),
        "factors": _factors(result),
        "metrics": [m for m in result.metrics.values() if m.value is not None or m.missing],
    }


def render_html(report: Report) -> str:
    lang = report.lang
    template = _ENV.get_template("report.html.j2")

    def t(message_id: str, **params: Any) -> str:
        return text(message_id, lang, **params)

    def num(value: Decimal | None, unit: str | None = None, name: str = "") -> str:
        return human(value, unit, name)

    return template.render(
        t=t, num=num, lang="zh-CN" if lang.lower().startswith("zh") else "en",
        cover=_cover(report.submission), several=report.several,
        schemes=[_scheme(r, lang) for r in report.results],
        missing_all=[{"pointer": p, "label": field_label(p), "clauses": ", ".join(ids)}
                     for p, ids in missing_by_field(report.results).items()],
        submission_name=report.submission_name,
    )


def render(report: Report) -> bytes:
    return render_html(report).encode("utf-8")
