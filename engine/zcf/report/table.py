"""The result as a terminal table (rich): one row per clause, then what is missing and what to do."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text as RichText

from zcf.model.result import Basis, ClauseStatus, EvaluationResult
from zcf.model.ruleset import Provision

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
#: marks a clause stronger than its cited paragraph, and the footnote saying why
_BASIS_MARK = {Basis.SOURCE: "", Basis.READING: "†", Basis.PRACTICE: "‡"}
_BASIS_NOTE = {
    Basis.READING: ("† zcf 的解读：强于所引文件的规定（所引文件为资料性或推荐性条文）",
                    "† zcf's reading: stronger than the cited document, which does not require it"),
    Basis.PRACTICE: ("‡ 通行做法：取自其他方案，并非所引文件的要求",
                     "‡ common practice of other schemes, not a requirement of the cited document"),
}


def _status(status: ClauseStatus, lang: str) -> RichText:
    label = _STATUS_ZH[status] if lang.startswith("zh") else status.value
    return RichText(label, style=_STYLE[status])


def render_table(result: EvaluationResult, console: Console, *, lang: str = "en") -> None:
    zh = lang.startswith("zh")
    verdict = result.verdict
    grade = verdict.grade_title.get(lang) if verdict.grade_title else ("未达到等级" if zh else "none")
    head = RichText.assemble(
        (f"{result.ruleset.id}@{result.ruleset.version}", "bold"),
        f"  as-of {result.as_of}  backend {result.backend}"
        + (f"  GWP {result.gwp_set}" if result.gwp_set else "") + "\n",
        ("等级 " if zh else "Grade: ", "bold"), (grade, "bold green" if verdict.grade else "bold red"),
        f"   {'得分' if zh else 'Score'} {result.score.total}/{result.score.maximum}",
        ("   " + ("合规" if zh else "compliant") if verdict.compliant
         else "   " + ("不合规" if zh else "not compliant"),
         "green" if verdict.compliant else "red"),
    )
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("条款" if zh else "Clause", no_wrap=True)
    table.add_column("结论" if zh else "Status", no_wrap=True)
    table.add_column("得分" if zh else "Points", no_wrap=True, justify="right")
    table.add_column("说明" if zh else "Message", overflow="fold", ratio=1)
    for clause in result.clauses:
        points = "" if clause.score is None else f"{clause.score}/{clause.max_score}"
        mark = " *" if clause.provisional else ""
        label = RichText.assemble((clause.id, "bold" if clause.kind.value == "gate" else ""),
                                  f" {clause.ref} {_PROVISION_ZH[clause.provision]}{_BASIS_MARK[clause.basis]}")
        table.add_row(label, _status(clause.status, lang), points, clause.message.get(lang) + mark)
    parts: list[object] = [head, table]
    notes: list[str] = []
    if verdict.informative:
        notes.append("草案，仅供参考：本规则集的生效日期为暂定，评估日期早于该日期，结论不影响退出码"
                     if zh else "draft, informative: this ruleset's effective date is provisional and "
                     "still to come; the verdict is for information and never fails the exit code")
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
    for basis in (Basis.READING, Basis.PRACTICE):
        if any(c.basis is basis for c in result.clauses):
            notes.append(_BASIS_NOTE[basis][0 if zh else 1])
    for problem in result.problems:
        notes.append(f"[{problem.code}] {problem.pointer}: {problem.message}")
    if notes:
        parts.append(RichText("\n".join(notes)))
    if result.gaps:
        parts.append(gap_table(result, lang))
    console.print(Group(*parts))  # type: ignore[arg-type]


def gap_table(result: EvaluationResult, lang: str) -> Table:
    """What it would take: per failing gate or next grade, the smallest change of each kind."""
    zh = lang.startswith("zh")
    table = Table(title="差距分析（任选其一即可）" if zh else "What it would take (any one suffices)",
                  header_style="bold", title_justify="left")
    table.add_column("目标" if zh else "Target")
    table.add_column("最小改变" if zh else "Smallest change")
    for gap in result.gaps:
        table.add_row(gap.target, gap.message.get(lang))
    return table


def render_matrix(results: list[EvaluationResult], console: Console, *, lang: str = "en") -> None:
    """Several schemes at once: scheme x verdict x grade x failing gates x what it would take."""
    zh = lang.startswith("zh")
    table = Table(header_style="bold", show_lines=True)
    for col in (("方案", "Scheme"), ("结论", "Verdict"), ("等级", "Grade"), ("得分", "Score"),
                ("未通过的否决项", "Gates failed"), ("待补充", "Missing data"), ("差距", "What it would take")):
        table.add_column(col[0] if zh else col[1])
    for result in results:
        verdict = result.verdict
        ok = RichText(("合规" if zh else "compliant") if verdict.compliant else ("不合规" if zh else "not compliant"),
                      style="green" if verdict.compliant else "red")
        grade = verdict.grade_title.get(lang) if verdict.grade_title else "—"
        if verdict.provisional:
            grade += " *"
        if verdict.informative:
            ok = RichText("草案，仅供参考" if zh else "draft, informative", style="yellow")
        gaps = "\n".join(f"{g.target}: {g.message.get(lang)}" for g in result.gaps[:6])
        if len(result.gaps) > 6:
            gaps += f"\n… (+{len(result.gaps) - 6})"
        table.add_row(f"{result.ruleset.id}@{result.ruleset.version}", ok, grade,
                      f"{result.score.total}/{result.score.maximum}", ", ".join(verdict.gates_failed) or "—",
                      ", ".join(verdict.indeterminate) or "—", gaps or "—")
    console.print(table)
    if any(r.verdict.provisional for r in results):
        console.print("* " + ("该结论依赖暂定（未正式发布）的阈值" if zh
                              else "rests on a provisional (unpublished) threshold"))
