"""`zcf evaluate`: one submission against one ruleset, a list, or `all` that apply.

Table on a terminal, JSON when piped. No decisions here: it parses options, calls the library,
renders.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from engine.api import load_ruleset
from engine.errors import UsageError
from engine.evaluate.pipeline import default_as_of
from engine.evaluate.schemes import evaluate_schemes
from engine.model.result import EvaluationResult
from engine.report.json_result import render_json
from engine.report.table import render_matrix, render_table
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


def choose_format(fmt: Format | None, output: Path | None) -> Format:
    return fmt or (Format.TABLE if output is None and sys.stdout.isatty() else Format.JSON)


def write_table(output: Path | None, draw: Callable[[Console], None]) -> None:
    if output:
        with output.open("w", encoding="utf-8") as fh:
            draw(Console(file=fh, width=160))
    else:
        draw(Console())


def evaluate(
    submission: Annotated[Path, typer.Argument(help="Submission JSON file.", show_default=False)],
    ruleset: Annotated[
        str, typer.Option("--ruleset", "-r", help="ID, ID@VERSION, a comma-separated list, or 'all' that apply.")
    ] = "zcf-cn-general",
    as_of: Annotated[str | None, typer.Option(help="Evaluation date (default: end of period).")] = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="table or json (default: table on a terminal, json when piped)."),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Message language.")] = Lang.ZH,
    backend: Annotated[str, typer.Option(help="compiled (default) or durable.")] = "compiled",
    gaps: Annotated[bool, typer.Option(help="Work out what it would take to pass (self-check).")] = True,
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
    specs = [s.strip() for s in ruleset.split(",") if s.strip()]
    results, _ = evaluate_schemes(
        specs, doc, lambda entry: load_ruleset(entry.folder), as_of=date or period_end,
        backend=backend, raw=raw, gaps=gaps)
    chosen = choose_format(fmt, output)
    single = len(results) == 1 and specs != ["all"]
    if chosen is Format.JSON:
        text = render_json(results[0] if single else list(results))
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    elif single:
        write_table(output, lambda console: render_table(results[0], console, lang=lang.value))
    else:
        write_table(output, lambda console: render_matrix(results, console, lang=lang.value))
    return exit_code(results)


def exit_code(results: list[EvaluationResult]) -> int:
    return 0 if all(r.verdict.compliant for r in results) else 1
