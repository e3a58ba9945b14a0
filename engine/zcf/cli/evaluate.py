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

from zcf.api import load_entry
from zcf.cli.options import Format, Lang, parse_date
from zcf.errors import UsageError
from zcf.evaluate.editions import TransitionEvaluation, evaluate_transition
from zcf.evaluate.pipeline import default_as_of
from zcf.evaluate.schemes import evaluate_schemes
from zcf.messages import default_lang
from zcf.messages import text as say
from zcf.model.result import EvaluationResult
from zcf.publishing.attestation import attest
from zcf.report import registry
from zcf.report.json_result import render_json, result_dict
from zcf.report.table import render_matrix, render_table
from zcf.submission.reading import read_submission


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
        str | None,
        typer.Option("--format", "-f", help=f"{'|'.join(registry.names())} (default: table on a terminal, "
                                            "json when piped).", show_default=False),
    ] = None,
    lang: Annotated[Lang | None, typer.Option(help="Message language [default: from ZCF_LANG or the locale].",
                                              show_default=False)] = None,
    backend: Annotated[str, typer.Option(help="compiled (default) or durable.")] = "compiled",
    gaps: Annotated[bool, typer.Option(help="Work out what it would take to pass (self-check).")] = True,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")] = None,
    sign: Annotated[
        Path | None, typer.Option("--sign", help="Attest the JSON result with this PREFIX.key (`zcf keygen`).")
    ] = None,
) -> int:
    """Evaluate SUBMISSION clause by clause and print the verdict (or write a report: --format html, pdf, ...)."""
    language = lang.value if lang is not None else default_lang()
    if fmt is not None and fmt not in registry.FORMATS:
        raise UsageError(say("cli.unknown_format", language, name=fmt, choices=", ".join(registry.names())))
    if not submission.is_file():
        raise UsageError(say("cli.submission_not_found", language, path=submission),
                         hint=say("cli.submission_not_found_hint", language))
    raw = submission.read_bytes()
    doc = read_submission(raw, source_name=str(submission))
    date = parse_date(as_of)
    try:
        period_end = default_as_of(doc)
    except (KeyError, TypeError, ValueError):
        period_end = None
    specs = [s.strip() for s in ruleset.split(",") if s.strip()]
    on = date or period_end
    transition = None
    if len(specs) == 1 and "@" not in specs[0] and specs[0] != "all" and on is not None:
        transition = evaluate_transition(specs[0], doc, as_of=on, load=load_entry, backend=backend, raw=raw,
                                         gaps=gaps)
    if transition is not None:
        results = list(transition.results)
    else:
        results, _ = evaluate_schemes(specs, doc, load_entry, as_of=on, backend=backend, raw=raw, gaps=gaps)
    if sign is not None:
        if fmt not in (None, "json"):
            raise UsageError(say("cli.sign_json_only", language), hint=say("cli.sign_json_only_hint", language))
        results = [attest(r, sign) for r in results]
    single = len(results) == 1 and specs != ["all"]
    if fmt is not None and fmt not in ("json", "table"):
        write_report(fmt, registry.Report(tuple(results), language, several=not single, submission=doc,
                                          submission_name=submission.name), output)
        return exit_code(results) if transition is None else (0 if transition.transition.compliant else 1)
    chosen = Format.JSON if sign is not None else choose_format(Format(fmt) if fmt else None, output)
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
        write_table(output, lambda console: render_transition(transition, console, language))
    elif single:
        write_table(output, lambda console: render_table(results[0], console, lang=language))
    else:
        write_table(output, lambda console: render_matrix(results, console, lang=language))
    if transition is not None:  # either edition may be applied while both are in force
        return 0 if transition.transition.compliant else 1
    return exit_code(results)


def write_report(name: str, report: registry.Report, output: Path | None) -> None:
    """A registry format to OUTPUT, or to stdout unless it is binary and stdout is a terminal."""
    fmt = registry.FORMATS[name]
    if output is None and fmt.binary and sys.stdout.isatty():
        raise UsageError(say("cli.format_needs_output", report.lang, name=name),
                         hint=f"zcf evaluate FILE --format {name} -o report{fmt.suffix}")
    data = registry.render(name, report)
    if output is not None:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def render_transition(evaluation: TransitionEvaluation, console: Console, lang: str) -> None:
    """The notice, then each edition's table under a header line naming the edition."""
    console.print(f"notice: {evaluation.transition.notice()}", highlight=False, markup=False)
    for edition, result in zip(evaluation.transition.editions, evaluation.results, strict=True):
        console.rule(f"{evaluation.transition.id}@{edition.version}  "
                     f"(in force {edition.effective_from} → {edition.effective_until or '…'})")
        render_table(result, console, lang=lang)


def exit_code(results: list[EvaluationResult]) -> int:
    return 0 if all(r.verdict.compliant for r in results) else 1
