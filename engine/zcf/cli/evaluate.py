"""`zcf evaluate`: one submission against one ruleset, a list, or `all` that apply.

Table on a terminal, JSON when piped. No decisions here: it parses options, calls the library,
renders.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from zcf.api import read_input
from zcf.cli.options import Format, Lang, parse_date
from zcf.errors import SubmissionInvalidError, UsageError
from zcf.evaluate.batch import (
    STDIN,
    STREAM_SUFFIXES,
    BatchOptions,
    Outcome,
    default_jobs,
    evaluate_submission,
    read_inputs,
    run_pool,
    worst,
)
from zcf.messages import default_lang
from zcf.messages import text as say
from zcf.publishing.attestation import attest
from zcf.report import registry
from zcf.report.json_result import render_json, result_dict
from zcf.report.problem_document import problem_document
from zcf.report.table import render_matrix, render_table
from zcf.submission.reading import submission_bytes


def choose_format(fmt: Format | None, output: Path | None) -> Format:
    return fmt or (Format.TABLE if output is None and sys.stdout.isatty() else Format.JSON)


def write_table(output: Path | None, draw: Callable[[Console], None]) -> None:
    if output:
        with output.open("w", encoding="utf-8") as fh:
            draw(Console(file=fh, width=160))
    else:
        draw(Console())


def evaluate(
    submissions: Annotated[list[str], typer.Argument(
        help="Submission JSON file; several files, folders of *.json, .ndjson/.jsonl files or - (stdin, "
             "one submission a line) make a batch with NDJSON output.", show_default=False,
        metavar="SUBMISSION...")],
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
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1,
                                             help="Batch: worker processes (default: the cores).")] = None,
    dask: Annotated[str | None, typer.Option(
        "--dask", metavar="ADDRESS",
        help="Batch: run on the Dask scheduler at ADDRESS, or 'local' to start one.")] = None,
) -> int:
    """Evaluate SUBMISSION clause by clause and print the verdict, or write a report (-f html, pdf, junit, ...).

    Several submissions make a batch (NDJSON). With JSON output, a submission that cannot be
    evaluated prints an RFC 9457 problem document (exit 3) where the result would have gone.
    """
    try:
        return _evaluate(submissions, ruleset, as_of, fmt, lang, backend, gaps, output, sign, jobs, dask)
    except SubmissionInvalidError as err:
        chosen = Format.JSON if sign is not None or fmt == "json" else (
            choose_format(None, output) if fmt is None else None)
        if chosen is Format.JSON:
            text = json.dumps(problem_document(err, instance=submissions[0]), ensure_ascii=False, indent=2) + "\n"
            if output:
                output.write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
        raise


def _evaluate(submissions: list[str], ruleset: str, as_of: str | None, fmt: str | None, lang: Lang | None,
              backend: str, gaps: bool, output: Path | None, sign: Path | None, jobs: int | None,
              dask: str | None) -> int:
    language = lang.value if lang is not None else default_lang()
    if fmt is not None and fmt not in registry.FORMATS:
        raise UsageError(say("cli.unknown_format", language, name=fmt, choices=", ".join(registry.names())))
    options = BatchOptions(tuple(s.strip() for s in ruleset.split(",") if s.strip()), parse_date(as_of),
                           backend, gaps)
    if is_batch(submissions) or jobs is not None or dask is not None:
        if fmt not in (None, "json") or sign is not None:
            raise UsageError("a batch writes NDJSON records", hint="drop --format/--sign, or evaluate one file")
        return run_batch(submissions, options, output=output, jobs=jobs, dask=dask)
    submission = Path(submissions[0])
    if not submission.exists():
        raise UsageError(say("cli.submission_not_found", language, path=submission),
                         hint=say("cli.submission_not_found_hint", language))
    # bounded, regular files only; JSON or a filled-in template workbook (.xlsx)
    received = read_input(submission_bytes(submission), source_name=str(submission))
    doc = received.doc
    try:
        outcome = evaluate_submission(doc, received.raw, options)
    except SubmissionInvalidError as err:
        raise received.located(err) from err
    results = list(outcome.results)
    if sign is not None:
        if fmt not in (None, "json"):
            raise UsageError(say("cli.sign_json_only", language), hint=say("cli.sign_json_only_hint", language))
        results = [attest(r, sign) for r in results]
    single = len(results) == 1 and options.specs != ("all",)
    if fmt is not None and fmt not in ("json", "table"):
        write_report(fmt, registry.Report(tuple(results), language, several=not single, submission=doc,
                                          submission_name=submission.name), output)
        return outcome.exit_code
    chosen = Format.JSON if sign is not None else choose_format(Format(fmt) if fmt else None, output)
    transition = outcome.transition
    if outcome.transition_notice and chosen is Format.JSON:
        Console(stderr=True).print(f"notice: {outcome.transition_notice}", highlight=False, markup=False)
    if chosen is Format.JSON:
        text = render_json(results[0] if single else list(results))
        if transition is not None:
            data = {"results": [result_dict(r) for r in results], "transition": transition}
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    elif transition is not None:
        write_table(output, lambda console: render_transition(outcome, console, language))
    elif single:
        write_table(output, lambda console: render_table(results[0], console, lang=language))
    else:
        write_table(output, lambda console: render_matrix(results, console, lang=language))
    return outcome.exit_code


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


def is_batch(sources: list[str]) -> bool:
    """Several inputs, a folder, a stream file or stdin: NDJSON records instead of one result."""
    return len(sources) > 1 or any(
        s == STDIN or Path(s).is_dir() or Path(s).suffix in STREAM_SUFFIXES for s in sources)


def run_batch(sources: list[str], options: BatchOptions, *, output: Path | None, jobs: int | None,
              dask: str | None) -> int:
    """Write one NDJSON record per input, in input order; the exit code is the worst record's."""
    items = read_inputs(sources)
    workers = jobs or default_jobs()
    if dask is not None:
        from zcf.evaluate.distributed import run_dask

        records = run_dask(items, options, address=dask, jobs=workers)
    else:
        records = run_pool(items, options, jobs=workers)
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    codes: list[int] = []
    try:
        with progress_bar() as advance:
            for line, code in records:
                stream.write(line + "\n")
                codes.append(code)
                advance()
    finally:
        if output:
            stream.close()
    return worst(codes)


@contextmanager
def progress_bar() -> Iterator[Callable[[], None]]:
    """A counter on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.completed} evaluated"), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("batch", total=None)
        yield lambda: progress.advance(task)


def render_transition(outcome: Outcome, console: Console, lang: str) -> None:
    """The notice, then each edition's table under a header line naming the edition."""
    transition = outcome.transition or {}
    console.print(f"notice: {outcome.transition_notice}", highlight=False, markup=False)
    for edition, result in zip(transition.get("editions", []), outcome.results, strict=True):
        console.rule(f"{transition.get('id')}@{edition['version']}  "
                     f"(in force {edition['effective_from']} → {edition.get('effective_until') or '…'})")
        render_table(result, console, lang=lang)


