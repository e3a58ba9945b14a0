"""`zcf monitor`: follow a factory's meter stream, warn before a target is missed, close the year."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from zcf.api import load_ruleset
from zcf.cli.options import parse_date
from zcf.errors import UsageError
from zcf.monitor import state as checkpoint
from zcf.monitor.readings import parse, text_lines
from zcf.monitor.stream import Monitor, Settings
from zcf.rulesets.compiler import CompiledRuleset
from zcf.submission.reading import read_submission


def monitor_command(
    ruleset: Annotated[str, typer.Argument(help="ID or ID@VERSION the year is held to.")],
    source: Annotated[str | None, typer.Argument(
        help="Readings: an NDJSON or CSV file, or - for stdin. Omit with --close to close from --state.",
        show_default=False)] = None,
    profile: Annotated[Path, typer.Option(
        "--profile", "-p", help="A full submission of the factory, usually last year's: its identity and "
                                "evidence carry over, its amounts shape the projection.")] = Path("profile.json"),
    state: Annotated[Path | None, typer.Option(
        "--state", help="Checkpoint FILE: read at start if present, written atomically at every closed day.")] = None,
    csv_input: Annotated[bool, typer.Option("--csv", help="Readings are CSV (default: NDJSON; .csv files are CSV).")]
    = False,
    as_of: Annotated[str | None, typer.Option(help="Evaluate projections as of this date (default: year end).")]
    = None,
    target: Annotated[str | None, typer.Option(help="Grade to hold the projection to (default: the best).")] = None,
    backend: Annotated[str, typer.Option(help="Alert rules on compiled (default) or durable.")] = "compiled",
    silence_hours: Annotated[int, typer.Option(min=1, help="Warn when a meter sends nothing for longer.")] = 6,
    close: Annotated[bool, typer.Option("--close", help="At the end, write the submission the stream implies.")]
    = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Where --close writes the submission.")]
    = None,
) -> int:
    """Follow meter readings of RULESET's factory: alerts as NDJSON on stdout, state in --state."""
    if backend not in ("compiled", "durable"):
        raise UsageError(f"unknown backend {backend!r}", hint="compiled or durable")
    if close and source is not None and output is None:
        raise UsageError("--close with a stream needs --output FILE for the submission",
                         hint="alerts go to stdout; add -o submission.json")
    if source is None and not (close and state is not None):
        raise UsageError("name a reading stream (a file or -)", hint="or --close --state FILE to close the year")
    if not profile.is_file():
        raise UsageError(f"profile not found: {profile}",
                         hint="give last year's submission with --profile; `zcf example` prints one")
    doc = read_submission(profile)
    saved = checkpoint.load(state) if state is not None else None
    settings = Settings(silence_minutes=silence_hours * 60, target=target, as_of=parse_date(as_of), backend=backend)

    def load(on: dt.date) -> CompiledRuleset:
        compiled = load_ruleset(ruleset, as_of=on)
        if target is not None and target not in {g.id for g in compiled.model.grading}:
            raise UsageError(f"{compiled.model.id} has no grade {target!r}",
                             hint=", ".join(g.id for g in compiled.model.grading))
        return compiled

    def emit(alert: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(alert, ensure_ascii=False, separators=(",", ":"), default=str) + "\n")
        sys.stdout.flush()

    watcher = Monitor(load, doc, settings, emit=emit, state=saved, state_path=state)
    if source is not None:
        stream: IO[bytes] = sys.stdin.buffer if source == "-" else _open(source)
        try:
            watcher.feed(parse(text_lines(stream), csv_format=csv_input or source.endswith(".csv")))
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
    if close:
        submission = json.dumps(watcher.close(), ensure_ascii=False, indent=2, default=str) + "\n"
        if output is not None:
            output.write_text(submission, encoding="utf-8")
        else:
            sys.stdout.write(submission)
    return 0


def _open(source: str) -> IO[bytes]:
    path = Path(source)
    if not path.is_file():
        raise UsageError(f"reading stream not found: {source}", hint="give an NDJSON or CSV file, or - for stdin")
    return path.open("rb")
