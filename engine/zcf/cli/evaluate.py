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
from zcf.publishing.attestation import attest
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
        help="Submission JSON file (or an .xlsx made by `zcf template`); several files, folders of *.json, "
             ".ndjson/.jsonl files or - (stdin, "
             "one submission a line) make a batch with NDJSON output.", show_default=False,
        metavar="SUBMISSION...")],
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
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1,
                                             help="Batch: worker processes (default: the cores).")] = None,
    dask: Annotated[str | None, typer.Option(
        "--dask", metavar="ADDRESS",
        help="Batch: run on the Dask scheduler at ADDRESS, or 'local' to start one.")] = None,
) -> int:
    """Evaluate SUBMISSION clause by clause and print the verdict; several make a batch (NDJSON).

    With JSON output, a submission that cannot be evaluated prints an RFC 9457 problem document
    (exit 3) where the result would have gone.
    """
    try:
        return _evaluate(submissions, ruleset, as_of, fmt, lang, backend, gaps, output, sign, jobs, dask)
    except SubmissionInvalidError as err:
        if (Format.JSON if sign is not None else choose_format(fmt, output)) is Format.JSON:
            text = json.dumps(problem_document(err, instance=submissions[0]), ensure_ascii=False, indent=2) + "\n"
            if output:
                output.write_text(text, encoding="utf-8")
            else:
                sys.stdout.write(text)
        raise


def _evaluate(submissions: list[str], ruleset: str, as_of: str | None, fmt: Format | None, lang: Lang,
              backend: str, gaps: bool, output: Path | None, sign: Path | None, jobs: int | None,
              dask: str | None) -> int:
    options = BatchOptions(tuple(s.strip() for s in ruleset.split(",") if s.strip()), parse_date(as_of),
                           backend, gaps)
    if is_batch(submissions) or jobs is not None or dask is not None:
        if fmt not in (None, Format.JSON) or sign is not None:
            raise UsageError("a batch writes NDJSON records", hint="drop --format/--sign, or evaluate one file")
        return run_batch(submissions, options, output=output, jobs=jobs, dask=dask)
    submission = Path(submissions[0])
    if not submission.exists():
        raise UsageError(f"submission file not found: {submission}",
                         hint="give the path of a JSON submission; `zcf example` prints one")
    # bounded, regular files only; JSON or a filled-in template workbook (.xlsx)
    received = read_input(submission_bytes(submission), source_name=str(submission))
    try:
        outcome = evaluate_submission(received.doc, received.raw, options)
    except SubmissionInvalidError as err:
        raise received.located(err) from err
    results = list(outcome.results)
    if sign is not None:
        if fmt is Format.TABLE:
            raise UsageError("--sign attests the JSON result", hint="drop --format table or use --format json")
        results = [attest(r, sign) for r in results]
    chosen = Format.JSON if sign is not None else choose_format(fmt, output)
    single = len(results) == 1 and options.specs != ("all",)
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
        write_table(output, lambda console: render_transition(outcome, console, lang.value))
    elif single:
        write_table(output, lambda console: render_table(results[0], console, lang=lang.value))
    else:
        write_table(output, lambda console: render_matrix(results, console, lang=lang.value))
    return outcome.exit_code


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


