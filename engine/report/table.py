"""The result as a terminal table (rich): one row per clause, then what is missing and what to do."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text as RichText

from engine.model.result import ClauseStatus, EvaluationResult
from engine.model.ruleset import Provision

_STYLE = {
    ClauseStatus.PASS: "green",
    ClauseStatus.FAIL: "bold red",
    ClauseStatus.NOT_APPLICABLE: "dim",
    ClauseStatus.INDETERMINATE: "yellow",
    ClauseStatus.MANUAL_REVIEW: "cyan",
}
_STATUS_ZH = {
    ClauseStatus.PASS: "符合",
    ClauseStatus.FAIL: "不符合",
    ClauseStatus.NOT_APPLICABLE: "不适用",
    ClauseStatus.INDETERMINATE: "待补充",
    ClauseStatus.MANUAL_REVIEW: "人工评审",
}
_PROVISION_ZH = {Provision.REQUIREMENT: "应", Provision.RECOMMENDATION: "宜",
                 Provision.PERMISSION: "可"}


def _status(status: ClauseStatus, lang: str) -> RichText:
    label = _STATUS_ZH[status] if lang.startswith("zh") else status.value
    return RichText(label, style=_STYLE[status])


def render_table(result: EvaluationResult, console: Console, *, lang: str = "en") -> None:
    zh = lang.startswith("zh")
    verdict = result.verdict
    grade = verdict.grade_title.get(lang) if verdict.grade_title else ("未达到等级" if zh else "none")
    head = RichText.assemble(
        (f"{result.ruleset.id}@{result.ruleset.version}", "bold"),
        f"  as-of {result.as_of}  backend {result.backend}\n",
        ("等级 " if zh else "Grade: ", "bold"), (grade, "bold green" if verdict.grade else "bold red"),
        f"   {'得分' if zh else 'Score'} {result.score.total}/{result.score.maximum}",
        ("   " + ("合规" if zh else "compliant") if verdict.compliant
         else "   " + ("不合规" if zh else "not compliant"),
         "green" if verdict.compliant else "red"),
    )
    table = Table(show_lines=False, header_style="bold")
    for col in ("条款" if zh else "Clause", "标准" if zh else "Ref", "", "类型" if zh else "Kind",
                "结论" if zh else "Status", "得分" if zh else "Points", "说明" if zh else "Message"):
        table.add_column(col)
    for clause in result.clauses:
        points = "" if clause.score is None else f"{clause.score}/{clause.max_score}"
        mark = " *" if clause.provisional else ""
        table.add_row(clause.id, clause.ref, _PROVISION_ZH[clause.provision], clause.kind.value,
                      _status(clause.status, lang), points, clause.message.get(lang) + mark)
    parts: list[object] = [head, table]
    notes: list[str] = []
    if verdict.gates_failed:
        notes.append(("否决项未通过：" if zh else "Gates failed: ") + ", ".join(verdict.gates_failed))
    for clause in result.clauses:
        if clause.status is ClauseStatus.FAIL and clause.remediation:
            notes.append(f"{clause.id}: {clause.remediation.get(lang)}")
    if verdict.indeterminate:
        notes.append(("待补充数据的条款：" if zh else "Clauses waiting for data: ")
                     + ", ".join(verdict.indeterminate))
    if any(c.provisional for c in result.clauses):
        notes.append("* " + ("该结论依赖暂定（未正式发布）的阈值或因子"
                             if zh else "verdict rests on a provisional (unpublished) threshold or factor"))
    for problem in result.problems:
        notes.append(f"[{problem.code}] {problem.pointer}: {problem.message}")
    if notes:
        parts.append(RichText("\n".join(notes)))
    console.print(Group(*parts))  # type: ignore[arg-type]
