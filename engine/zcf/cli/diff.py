"""`zcf diff A B [--submission FILE]`: what changed between two editions; parsing and printing only.

`zcf.authoring.diff` decides what changed and whether it is stricter; `zcf.evaluate.editions`
evaluates a factory under both. A and B are `ID@VERSION`, a ruleset folder or a `.zcfb` bundle.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from zcf.api import load_ruleset
from zcf.authoring.diff import RulesetDiff, diff_rulesets
from zcf.cli.options import Format, parse_date
from zcf.errors import UsageError
from zcf.evaluate.editions import compare_editions
from zcf.submission.reading import read_submission, submission_bytes

_STYLE = {"stricter": "bold red", "looser": "green", "added": "cyan", "removed": "magenta", "changed": "yellow",
          "reworded": "dim"}


def diff_command(
    a: Annotated[str, typer.Argument(help="The earlier edition: ID@VERSION, a folder or a .zcfb bundle.",
                                     show_default=False)],
    b: Annotated[str, typer.Argument(help="The later edition.", show_default=False)],
    submission: Annotated[
        Path | None, typer.Option("--submission", "-s", help="Also evaluate this factory under both editions.")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Common evaluation date (default: each edition on its own in-force date).")
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="table or json (default: table on a terminal, json when piped)."),
    ] = None,
) -> int:
    """Compare two rulesets: clauses (stricter/looser), parameters, grading, submission schema."""
    date = parse_date(as_of)
    before, after = load_ruleset(a), load_ruleset(b)
    diff = diff_rulesets(before, after)
    if submission is not None:
        if not submission.exists():
            raise UsageError(f"submission file not found: {submission}")
        raw = submission_bytes(submission)
        doc = read_submission(raw, source_name=str(submission))
        diff = diff.model_copy(update={"outcomes": compare_editions(before, after, doc, as_of=date, raw=raw)})
    chosen = fmt or (Format.TABLE if sys.stdout.isatty() else Format.JSON)
    if chosen is Format.JSON:
        sys.stdout.write(json.dumps(diff.model_dump(mode="json", by_alias=True), ensure_ascii=False, indent=2) + "\n")
    else:
        render_diff(diff, Console())
    return 0


def _value(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return str(value)
    return escape(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str))


def render_diff(diff: RulesetDiff, console: Console) -> None:
    """Sections in the order a reader of a new edition asks: clauses, thresholds, grades, schema."""
    console.print(f"[bold]{escape(diff.before)}[/] → [bold]{escape(diff.after)}[/]  "
                  f"[dim]thresholds compared on {diff.compared_on}[/]")
    if diff.empty:
        console.print("no differences")
    for change in diff.identity:
        console.print(f"  {change.field}: {_value(change.before)} → {_value(change.after)}", highlight=False)
    if diff.clauses:
        table = Table(title="clauses", header_style="bold", title_justify="left")
        for column in ("clause", "change", "what"):
            table.add_column(column)
        for c in diff.clauses:
            what = "; ".join(c.reasons) or ", ".join(f.field for f in c.fields)
            table.add_row(c.id, f"[{_STYLE[c.change]}]{c.change}[/]", escape(what))
        console.print(table)
    if diff.parameters:
        table = Table(title="parameters", header_style="bold", title_justify="left")
        for column in ("parameter", "change", "from", "before", "after"):
            table.add_column(column)
        for p in diff.parameters:
            for f in p.fields:
                table.add_row(p.name, f"{f.field} changed", "", _value(f.before), _value(f.after))
            for step in p.values:
                table.add_row(p.name, step.change, step.from_.isoformat(), _value(step.before), _value(step.after))
            if not p.fields and not p.values:
                table.add_row(p.name, p.change, "", "", "")
        console.print(table)
    for title, items in (("inputs", diff.inputs), ("metrics", diff.metrics), ("grading", diff.grading)):
        for item in items:
            detail = ", ".join(f"{f.field}: {_value(f.before)} → {_value(f.after)}" for f in item.fields)
            console.print(f"{title}: {escape(item.name)} {item.change} {detail}", highlight=False)
    if diff.schema_:
        table = Table(title="submission schema", header_style="bold", title_justify="left")
        for column in ("pointer", "change", "before", "after"):
            table.add_column(column)
        for entry in diff.schema_:
            table.add_row(escape(entry.pointer), entry.change, _value(entry.before), _value(entry.after))
        console.print(table)
    if diff.outcomes is not None:
        o = diff.outcomes
        for side in (o.before, o.after):
            console.print(f"{escape(side.ruleset)} as of {side.as_of}: grade {side.grade or 'none'}, "
                          f"{'compliant' if side.compliant else 'not compliant'}", highlight=False)
        if not o.statuses:
            console.print("no clause status changed for this submission")
        for status in o.statuses:
            console.print(f"  {status.clause}: {status.before or '(absent)'} → {status.after or '(absent)'}",
                          highlight=False)
