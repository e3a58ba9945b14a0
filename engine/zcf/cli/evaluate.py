"""`zcf evaluate`: one submission against one ruleset, a list, or `all` that apply.

Table on a terminal, JSON when piped. No decisions here: it parses options, calls the library,
renders.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from zcf.api import load_entry, read_input
from zcf.cli.options import Format, Lang, parse_date
from zcf.errors import SubmissionInvalidError, UsageError
from zcf.evaluate.editions import TransitionEvaluation, evaluate_transition
from zcf.evaluate.pipeline import default_as_of
from zcf.evaluate.schemes import evaluate_schemes
from zcf.model.result import EvaluationResult
from zcf.publishing.attestation import attest
from zcf.report.json_result import render_json, result_dict
from zcf.report.table import render_matrix, render_table


def choose_format(fmt: Format | None, output: Path | None) -> Format:
    return fmt or (Format.TABLE if output is None and sys.stdout.isatty() else Format.JSON)


def write_table(output: Path | None, draw: Callable[[Console], None]) -> None:
    if output:
        with output.open("w", encoding="utf-8") as fh:
            draw(Console(file=fh, width=160))
    else:
        draw(Console())


def evaluate(
    submission: Annotated[
        Path, typer.Argument(help="Submission: JSON, or an .xlsx made by `zcf template`.", show_default=False)
    ],
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
    sign: Annotated[
        Path | None, typer.Option("--sign", help="Attest the JSON result with this PREFIX.key (`zcf keygen`).")
    ] = None,
) -> int:
    """Evaluate SUBMISSION clause by clause and print the verdict."""
    if not submission.is_file():
        raise UsageError(f"submission file not found: {submission}",
                         hint="give the path of a JSON submission; `zcf example` prints one")
    received = read_input(submission.read_bytes(), source_name=str(submission))
    raw, doc = received.raw, received.doc
    date = parse_date(as_of)
    try:
        period_end = default_as_of(doc)
    except (KeyError, TypeError, ValueError):
        period_end = None
    specs = [s.strip() for s in ruleset.split(",") if s.strip()]
    on = date or period_end
    transition = None
    if len(specs) == 1 and "@" not in specs[0] and specs[0] != "all" and on is not None:
        try:
            transition = evaluate_transition(specs[0], doc, as_of=on, load=load_entry, backend=backend, raw=raw,
                                             gaps=gaps)
        except SubmissionInvalidError as err:
            raise received.located(err) from err
    try:
        if transition is not None:
            results = list(transition.results)
        else:
            results, _ = evaluate_schemes(specs, doc, load_entry, as_of=on, backend=backend, raw=raw, gaps=gaps)
    except SubmissionInvalidError as err:
        raise received.located(err) from err
    if sign is not None:
        if fmt is Format.TABLE:
            raise UsageError("--sign attests the JSON result", hint="drop --format table or use --format json")
        results = [attest(r, sign) for r in results]
    chosen = Format.JSON if sign is not None else choose_format(fmt, output)
    single = len(results) == 1 and specs != ["all"]
    notice = transition.transition.notice() if transition else None
    if notice and chosen is Format.JSON:
        Console(stderr=True).print(f"notice: {notice}", highlight=False, markup=False)
    if chosen is Format.JSON:
        text = render_json(results[0] if single else list(results))
        if transition is not None:
            data = {"results": [result_dict(r) for r in results],
                    "transition": transition.transition.model_dump(mode="json")}
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    elif transition is not None:
        write_table(output, lambda console: render_transition(transition, console, lang.value))
    elif single:
        write_table(output, lambda console: render_table(results[0], console, lang=lang.value))
    else:
        write_table(output, lambda console: render_matrix(results, console, lang=lang.value))
    if transition is not None:  # either edition may be applied while both are in force
        return 0 if transition.transition.compliant else 1
    return exit_code(results)


def render_transition(evaluation: TransitionEvaluation, console: Console, lang: str) -> None:
    """The notice, then each edition's table under a header line naming the edition."""
    console.print(f"notice: {evaluation.transition.notice()}", highlight=False, markup=False)
    for edition, result in zip(evaluation.transition.editions, evaluation.results, strict=True):
        console.rule(f"{evaluation.transition.id}@{edition.version}  "
                     f"(in force {edition.effective_from} → {edition.effective_until or '…'})")
        render_table(result, console, lang=lang)


def exit_code(results: list[EvaluationResult]) -> int:
    return 0 if all(r.verdict.compliant for r in results) else 1
