"""The result as a terminal table (rich): value against threshold per clause, then missing data and gaps.

Numbers are rounded for people (`zcf.report.figures`); the JSON keeps full precision. Words come
from the message catalogue in the chosen language. Provisional verdicts get one legend, not a star
on every row: when most verdicts are provisional, the few that are not are marked instead.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text as RichText

from zcf.messages import text
from zcf.model.result import Basis, ClauseStatus, EvaluationResult
from zcf.report.figures import compare, human
from zcf.report.pointers import field_label, missing_by_field
from zcf.report.registry import Report

_STYLE = {
    ClauseStatus.PASS: "green",
    ClauseStatus.FAIL: "bold red",
    ClauseStatus.NOT_APPLICABLE: "dim",
    ClauseStatus.INDETERMINATE: "yellow",
    ClauseStatus.MANUAL_REVIEW: "cyan",
}
PROVISIONAL_MARK, SETTLED_MARK = "◆", "◇"
#: marks a clause stronger than its cited paragraph (zcf's reading, common practice), with its note
_BASIS_MARK = {Basis.SOURCE: "", Basis.READING: "†", Basis.PRACTICE: "‡"}
_BASIS_NOTE = {Basis.READING: "note.basis_reading", Basis.PRACTICE: "note.basis_practice"}


def _status(status: ClauseStatus, lang: str) -> RichText:
    return RichText(text(f"status.{status.value}", lang), style=_STYLE[status])


def _marks(result: EvaluationResult) -> tuple[dict[str, str], str | None]:
    """Per clause id its mark, and the one legend line (None: nothing provisional)."""
    decided = [c for c in result.clauses if c.status in (ClauseStatus.PASS, ClauseStatus.FAIL)]
    provisional = [c for c in decided if c.provisional]
    if not provisional:
        return {}, None
    if len(provisional) * 2 > len(decided):
        settled = {c.id: SETTLED_MARK for c in decided if not c.provisional}
        return settled, "note.all_provisional"
    return {c.id: PROVISIONAL_MARK for c in provisional}, "note.provisional_legend"


def missing_table(results: tuple[EvaluationResult, ...], lang: str) -> Table | None:
    """Missing data by field: label, JSON pointer and the clauses waiting for it."""
    rows = missing_by_field(results)
    if not rows:
        return None
    table = Table(title=text("note.missing_title", lang), header_style="bold", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(text("col.field", lang))
    table.add_column(text("col.pointer", lang), overflow="fold")
    table.add_column(text("col.needed_by", lang), overflow="fold")
    for pointer, clauses in rows.items():
        table.add_row(field_label(pointer), pointer, ", ".join(clauses))
    return table


def render_table(result: EvaluationResult, console: Console, *, lang: str = "en") -> None:
    verdict = result.verdict
    grade = verdict.grade_title.get(lang) if verdict.grade_title else text("verdict.no_grade", lang)
    ok = text("verdict.compliant" if verdict.compliant else "verdict.not_compliant", lang)
    head = RichText.assemble(
        (f"{result.ruleset.id}@{result.ruleset.version}", "bold"),
        f"  {text('note.as_of', lang, date=result.as_of)}  {text('note.backend', lang, backend=result.backend)}"
        + (f"  GWP {result.gwp_set}" if result.gwp_set else "") + "\n",
        (f"{text('verdict.grade', lang)}: ", "bold"), (grade, "bold green" if verdict.grade else "bold red"),
        f"   {text('verdict.score', lang)} {human(result.score.total)}/{human(result.score.maximum)}   ",
        (ok, "green" if verdict.compliant else "red"),
    )
    marks, legend = _marks(result)
    narrow = console.width < 120
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(text("col.clause", lang), no_wrap=True)
    table.add_column(text("col.status", lang), no_wrap=not narrow, max_width=10 if narrow else None)
    table.add_column(text("col.value", lang), justify="right", max_width=11 if narrow else 16)
    table.add_column(text("col.threshold", lang), max_width=14 if narrow else 30)
    table.add_column(text("col.points", lang), no_wrap=True, justify="right")
    if not narrow:  # on a narrow terminal the messages of failing clauses follow as notes
        table.add_column(text("col.message", lang), overflow="fold", ratio=1, min_width=20)
    for clause in result.clauses:
        points = "" if clause.score is None else f"{human(clause.score)}/{human(clause.max_score)}"
        label = RichText.assemble((clause.id, "bold" if clause.kind.value == "gate" else ""),
                                  "" if narrow else f" {clause.ref}",
                                  f" {text('provision.' + clause.provision.value, lang)}{_BASIS_MARK[clause.basis]}")
        status = _status(clause.status, lang)
        if clause.id in marks:
            status.append(" " + marks[clause.id])
        shown = compare(clause, lang, result)
        message = clause.message.get(lang)
        if clause.missing:  # the pointers are listed by field below
            message = message.split("（请补充：")[0].split(" (supply: ")[0]
        cells: list[RichText | str] = [label, status, shown.value, shown.threshold, points]
        table.add_row(*cells, *([] if narrow else [message]))
    parts: list[object] = [head, table]
    notes: list[str] = []
    if verdict.informative:
        notes.append(text("verdict.informative_note", lang))
    if legend:
        notes.append(text(legend, lang, count=sum(1 for m in marks.values() if m == PROVISIONAL_MARK)))
    if verdict.gates_failed:
        notes.append(f"{text('verdict.gates_failed', lang)}: " + ", ".join(verdict.gates_failed))
    for clause in result.clauses:
        if narrow and clause.status is not ClauseStatus.PASS:
            notes.append(f"{clause.id}: {clause.message.get(lang)}")
        if clause.status is ClauseStatus.FAIL and clause.remediation:
            notes.append(text("note.remediation", lang, clause=clause.id, text=clause.remediation.get(lang)))
    for basis in (Basis.READING, Basis.PRACTICE):
        if any(c.basis is basis for c in result.clauses):
            notes.append(text(_BASIS_NOTE[basis], lang))
    for problem in result.problems:
        notes.append(text("note.problem", lang, code=problem.code, pointer=problem.pointer, message=problem.message))
    if notes:
        parts.append(RichText("\n".join(notes)))
    missing = missing_table((result,), lang)
    if missing is not None:
        parts.append(missing)
    if result.gaps:
        parts.append(gap_table(result, lang))
    console.print(Group(*parts))  # type: ignore[arg-type]


def gap_table(result: EvaluationResult, lang: str) -> Table:
    """What it would take: per failing gate or next grade, the smallest change of each kind."""
    table = Table(title=text("note.gaps_title", lang), header_style="bold", title_justify="left")
    table.add_column(text("col.target", lang))
    table.add_column(text("col.change", lang))
    for gap in result.gaps:
        table.add_row(gap.target, gap.message.get(lang))
    return table


def render_matrix(results: list[EvaluationResult], console: Console, *, lang: str = "en") -> None:
    """Several schemes at once: scheme x verdict x grade x failing gates x missing fields x gaps."""
    table = Table(header_style="bold", show_lines=True)
    for col in ("col.scheme", "col.verdict", "col.grade", "col.score", "col.gates_failed", "col.missing",
                "col.gaps"):
        table.add_column(text(col, lang), overflow="fold")
    for result in results:
        verdict = result.verdict
        ok = RichText(text("verdict.compliant" if verdict.compliant else "verdict.not_compliant", lang),
                      style="green" if verdict.compliant else "red")
        grade = verdict.grade_title.get(lang) if verdict.grade_title else "—"
        if verdict.provisional:
            grade += " " + PROVISIONAL_MARK
        if verdict.informative:
            ok = RichText(text("verdict.informative", lang), style="yellow")
        gaps = "\n".join(f"{g.target}: {g.message.get(lang)}" for g in result.gaps[:6])
        if len(result.gaps) > 6:
            gaps += "\n" + text("note.more", lang, count=len(result.gaps) - 6)
        fields = list(missing_by_field((result,)))
        missing = "\n".join(fields[:6]) + ("\n" + text("note.more", lang, count=len(fields) - 6)
                                           if len(fields) > 6 else "")
        table.add_row(f"{result.ruleset.id}@{result.ruleset.version}", ok, grade,
                      f"{human(result.score.total)}/{human(result.score.maximum)}",
                      ", ".join(verdict.gates_failed) or "—", missing or "—", gaps or "—")
    console.print(table)
    if any(r.verdict.provisional for r in results):
        console.print(f"{PROVISIONAL_MARK} {text('verdict.provisional', lang)}", highlight=False)


def render(report: Report) -> bytes:
    """The registry's entry: the table as plain text (no colour), 160 columns wide."""
    out = io.StringIO()
    console = Console(file=out, width=160, color_system=None, force_terminal=False)
    if report.several:
        render_matrix(list(report.results), console, lang=report.lang)
    else:
        render_table(report.result, console, lang=report.lang)
    return out.getvalue().encode("utf-8")
