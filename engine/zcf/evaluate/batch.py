"""Many submissions in, one NDJSON record per submission out, in input order.

Inputs are files, folders (their `*.json`, sorted) and NDJSON streams (`.ndjson`/`.jsonl` files or
`-` for stdin, one submission a line). Every input gets exactly one record: its result(s), or an
error record naming the input, so nothing is dropped. Records are rendered to compact JSON in the
worker that evaluated them, so the parent only writes lines; `run_pool` spreads chunks over
processes and yields them back in input order with a bounded number in flight.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from zcf.errors import SubmissionInvalidError, UsageError, ZcfError
from zcf.evaluate.editions import evaluate_transition
from zcf.evaluate.pipeline import default_as_of
from zcf.evaluate.schemes import evaluate_schemes
from zcf.model.result import EvaluationResult
from zcf.report.json_result import result_dict
from zcf.rulesets.installed import load_entry
from zcf.submission.reading import MAX_BYTES, read_submission, submission_bytes

#: file suffixes read as one submission a line
STREAM_SUFFIXES = (".ndjson", ".jsonl")
STDIN = "-"


@dataclass(frozen=True)
class BatchItem:
    """One submission of a batch: where it came from (`file` or `file:line`) and its bytes."""

    index: int
    name: str
    data: bytes
    #: why the input could not be read (an error record, as `error_dict` gives it), if it could not
    refused: dict[str, Any] | None = None


@dataclass(frozen=True)
class BatchOptions:
    """What every submission of a batch is evaluated with; picklable for worker processes."""

    specs: tuple[str, ...] = ("zcf-cn-general",)
    as_of: dt.date | None = None
    backend: str = "compiled"
    gaps: bool = True


@dataclass(frozen=True)
class Outcome:
    """The results of one submission: one per scheme, or both editions during a transition."""

    results: tuple[EvaluationResult, ...]
    transition: dict[str, Any] | None = None
    transition_notice: str | None = None
    #: during a transition: whether the factory complies under either edition in force
    transition_compliant: bool = False

    @property
    def exit_code(self) -> int:
        if self.transition is not None:  # either edition may be applied while both are in force
            return 0 if self.transition_compliant else 1
        # a draft evaluated before its provisional effective date is informative: never a failure
        return 0 if all(r.verdict.compliant or r.verdict.informative for r in self.results) else 1


def evaluate_submission(doc: Any, raw: bytes | None, options: BatchOptions) -> Outcome:
    """Evaluate one parsed submission as `zcf evaluate` does: editions in transition, schemes, `all`."""
    try:
        period_end = default_as_of(doc)
    except SubmissionInvalidError:  # no usable /period/end: fine when --as-of is given
        period_end = None
    on = options.as_of or period_end
    specs = list(options.specs)
    if len(specs) == 1 and "@" not in specs[0] and specs[0] != "all" and on is not None:
        both = evaluate_transition(specs[0], doc, as_of=on, load=load_entry, backend=options.backend,
                                   raw=raw, gaps=options.gaps)
        if both is not None:
            return Outcome(tuple(both.results), both.transition.model_dump(mode="json"), both.transition.notice(),
                           both.transition.compliant)
    results, _ = evaluate_schemes(specs, doc, load_entry, as_of=on, backend=options.backend, raw=raw,
                                  gaps=options.gaps)
    return Outcome(tuple(results))


def record(item: BatchItem, options: BatchOptions) -> tuple[str, int]:
    """The NDJSON line (without newline) and exit code for one item; never raises for bad input."""
    head: dict[str, Any] = {"input": item.name, "index": item.index}
    if item.refused is not None:
        code = int(item.refused["exit_code"])
        return _dumps(head | {"exit_code": code, "error": item.refused}), code
    try:
        doc = read_submission(item.data, source_name=item.name)
        outcome = evaluate_submission(doc, item.data, options)
    except ZcfError as err:
        head |= {"exit_code": err.exit_code, "error": error_dict(err)}
        return _dumps(head), err.exit_code
    head["exit_code"] = outcome.exit_code
    if outcome.transition is not None:
        head |= {"results": [result_dict(r) for r in outcome.results], "transition": outcome.transition}
    elif options.specs == ("all",) or len(outcome.results) > 1:
        head["results"] = [result_dict(r) for r in outcome.results]
    else:
        head["result"] = result_dict(outcome.results[0])
    return _dumps(head), outcome.exit_code


def error_dict(err: ZcfError) -> dict[str, Any]:
    """An error as data: code, exit code, message, hint and, for a bad submission, every problem."""
    data: dict[str, Any] = {"code": err.code, "exit_code": err.exit_code, "message": err.message}
    if err.hint:
        data["hint"] = err.hint
    if isinstance(err, SubmissionInvalidError):
        data["problems"] = [p.model_dump(mode="json", exclude_none=True) for p in err.problems]
    return data


def record_chunk(items: Sequence[BatchItem], options: BatchOptions) -> list[tuple[str, int]]:
    """`record` over a chunk: the unit of work sent to a worker process or a Dask worker."""
    return [record(item, options) for item in items]


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


# --- inputs -----------------------------------------------------------------------------------


def read_inputs(sources: Sequence[str], *, stdin: IO[bytes] | None = None,
                max_bytes: int = MAX_BYTES) -> Iterator[BatchItem]:
    """Every submission named by `sources`, numbered in order; a source that cannot be read at
    all (missing, not a file) is a usage error before anything is evaluated."""
    for source in sources:
        if source != STDIN and not Path(source).exists():
            raise UsageError(f"no such file or folder: {source}",
                             hint="name submission files, folders of *.json, .ndjson files or - for stdin")
    index = 0
    for source in sources:
        for name, data in _expand(source, stdin or sys.stdin.buffer, max_bytes):
            if isinstance(data, ZcfError):
                yield BatchItem(index, name, b"", refused=error_dict(data))
            else:
                yield BatchItem(index, name, data)
            index += 1


def _expand(source: str, stdin: IO[bytes], max_bytes: int) -> Iterator[tuple[str, bytes | ZcfError]]:
    if source == STDIN:
        yield from _lines("<stdin>", stdin, max_bytes)
        return
    path = Path(source)
    if path.is_dir():
        for child in sorted(path.glob("*.json")):
            yield str(child), _read_file(child, max_bytes)
    elif path.suffix in STREAM_SUFFIXES:
        with path.open("rb") as stream:
            yield from _lines(str(path), stream, max_bytes)
    else:
        yield str(path), _read_file(path, max_bytes)


def _read_file(path: Path, max_bytes: int) -> bytes | ZcfError:
    """The file's bytes through the one bounded reader, or why it cannot be read (a record, not a stop)."""
    try:
        return submission_bytes(path, max_bytes=max_bytes)
    except ZcfError as err:
        return err


def _lines(name: str, stream: IO[bytes], max_bytes: int) -> Iterator[tuple[str, bytes]]:
    """Non-blank lines of an NDJSON stream, each named `name:LINE`; over-long lines are cut at
    `max_bytes + 1` bytes so the reader refuses them as too large."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 2)
        if not line:
            return
        number += 1
        if len(line) > max_bytes + 1 and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the remainder of the over-long line without holding it
        stripped = line.strip()
        if stripped:
            yield f"{name}:{number}", stripped


# --- running ----------------------------------------------------------------------------------


def chunks(items: Iterable[BatchItem], size: int) -> Iterator[list[BatchItem]]:
    """Consecutive chunks of at most `size` items."""
    chunk: list[BatchItem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_serial(items: Iterable[BatchItem], options: BatchOptions) -> Iterator[tuple[str, int]]:
    """Records in this process, one by one."""
    for item in items:
        yield record(item, options)


Submit = Callable[[list[BatchItem]], "Future[list[tuple[str, int]]]"]


def run_ordered(items: Iterable[BatchItem], submit: Submit, *, chunk_size: int,
                in_flight: int) -> Iterator[tuple[str, int]]:
    """Submit chunks as workers free up and yield their records in input order, holding at most
    `in_flight` chunks at once (a million-line stream never sits in memory)."""
    pending: deque[Future[list[tuple[str, int]]]] = deque()
    for chunk in chunks(items, chunk_size):
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def run_pool(items: Iterable[BatchItem], options: BatchOptions, *, jobs: int,
             chunk_size: int = 8) -> Iterator[tuple[str, int]]:
    """Records from `jobs` worker processes, in input order."""
    if jobs <= 1:
        yield from run_serial(items, options)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from run_ordered(items, lambda chunk: pool.submit(record_chunk, chunk, options),
                               chunk_size=chunk_size, in_flight=jobs * 4)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def worst(codes: Iterable[int]) -> int:
    """The batch's exit code: the highest of its records' (0 when there were none)."""
    return max(codes, default=0)
