"""`zcf evaluate`: one submission against one ruleset; table on a terminal, JSON when piped."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from engine.api import load_ruleset
from engine.errors import UsageError
from engine.evaluate.pipeline import default_as_of, evaluate_document
from engine.report.json_result import render_json
from engine.report.table import render_table
from engine.submission.reading import read_submission


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


class Lang(StrEnum):
    ZH = "zh-CN"
    EN = "en"


def parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise UsageError(f"--as-of {text!r} is not a date", hint="use YYYY-MM-DD") from err


def evaluate(
    submission: Annotated[Path, typer.Argument(help="Submission JSON file.", show_default=False)],
    ruleset: Annotated[str, typer.Option("--ruleset", "-r", help="ID or ID@VERSION.")] = "zcf-cn-general",
    as_of: Annotated[str | None, typer.Option(help="Evaluation date (default: end of period).")] = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="table or json (default: table on a terminal, json when piped)."),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Message language.")] = Lang.ZH,
    backend: Annotated[str, typer.Option(help="compiled (default) or durable.")] = "compiled",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
) -> int:
    """Evaluate SUBMISSION clause by clause and print the verdict."""
    if not submission.is_file():
        raise UsageError(f"submission file not found: {submission}",
                         hint="give the path of a JSON submission; `zcf example` prints one")
    raw = submission.read_bytes()
    doc = read_submission(raw, source_name=str(submission))
    date = parse_date(as_of)
    try:
        period_end = default_as_of(doc)
    except (KeyError, TypeError, ValueError):
        period_end = None
    compiled = load_ruleset(ruleset, as_of=date or period_end)
    result = evaluate_document(compiled, doc, as_of=date, backend=backend, raw=raw)
    chosen = fmt or (Format.TABLE if output is None and sys.stdout.isatty() else Format.JSON)
    if chosen is Format.JSON:
        text = render_json(result)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    else:
        if output:
            with output.open("w", encoding="utf-8") as fh:
                render_table(result, Console(file=fh, width=140), lang=lang.value)
        else:
            render_table(result, Console(), lang=lang.value)
    return 0 if result.verdict.compliant else 1
