"""Evaluations per second on one core, stage by stage, next to the per-submission floor.

Run: `.venv/bin/python bench/bench_evaluate.py [--quick]` (`make bench`). It prints one table
and writes nothing. Two workloads, each on both inference backends:

- realistic: `examples/zcf-cn-general/zero-carbon.json` (2025 data, evaluated as of
  2026-03-31 under the rules in force when the enterprise applies), repeated;
- batch: >= 200 submissions generated deterministically from the four examples (seeded
  `random.Random`: numeric quantities scaled, optional sections dropped, grid meter lines
  duplicated).

Stages: parse (bytes -> document), validate (JSON Schema + consistency), accounting (metrics,
facts, findings), inference (clause decisions, scoring, verdict, result model), rendering
(result -> JSON text). The floor is what no evaluation can avoid, measured in the same run on
the same bytes: orjson parse + jsonschema-rs validation iterating all errors + one trivial
compiled closure over 20 values. Figures are medians over repeats of `time.perf_counter_ns`
after a warm-up; per-submission times are in microseconds.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import gc
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "zcf-cn-general"
REALISTIC = EXAMPLES / "zero-carbon.json"
#: 2025 data is evaluated under the rules in force when the enterprise applies.
AS_OF = dt.date(2026, 3, 31)
SEED = 20260331

#: Top-level sections the schema does not require; a variant may leave any of them out.
OPTIONAL_SECTIONS = ("boundary", "accounting", "process_emissions", "production", "history",
                     "products", "efficiency", "reduction_plan", "offsets", "digital",
                     "disclosure", "verification", "claims")
#: Nested lists a variant may leave out.
OPTIONAL_LISTS = (("energy", "electricity", "green_certificates"),
                  ("energy", "electricity", "green_power_trades"),
                  ("energy", "electricity", "onsite_renewable"),
                  ("enterprise", "certificates"))
#: Units of ratios, which must stay within [0, 1]: never scaled.
RATIO_UNITS = frozenset({"1", "%"})


# ---------------------------------------------------------------------------------- workload

def _quantities(node: Any) -> Iterator[dict[str, Any]]:
    """Every {value, unit} object in a document."""
    if isinstance(node, dict):
        if "value" in node and "unit" in node:
            yield node
        for child in node.values():
            yield from _quantities(child)
    elif isinstance(node, list):
        for child in node:
            yield from _quantities(child)


def _scale(quantity: dict[str, Any], factor: Decimal) -> None:
    value = quantity["value"]
    if quantity["unit"] in RATIO_UNITS or isinstance(value, bool):
        return
    if isinstance(value, str):  # a decimal string stays one, without exponent
        scaled = (Decimal(value) * factor).quantize(Decimal("0.001"))
        quantity["value"] = format(scaled.normalize() if "." in value else scaled.to_integral(),
                                   "f")
    elif isinstance(value, int):
        quantity["value"] = int(value * factor)


def variant(base: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One plausible submission derived from an example (valid against the schema)."""
    doc = copy.deepcopy(base)
    for quantity in _quantities(doc):
        if rng.random() < 0.3:
            _scale(quantity, Decimal(rng.randint(80, 125)) / 100)
    for section in OPTIONAL_SECTIONS:
        if section in doc and rng.random() < 0.08:
            del doc[section]
    for *path, key in OPTIONAL_LISTS:
        parent = doc
        for part in path:
            parent = parent.get(part, {})
        if key in parent and rng.random() < 0.08:
            del parent[key]
    grid = doc.get("energy", {}).get("electricity", {}).get("grid")
    if grid and rng.random() < 0.5:  # an export that repeats meter lines
        for _ in range(rng.randint(1, 24)):
            grid.append(copy.deepcopy(rng.choice(grid)))
    return doc


def batch(count: int, seed: int = SEED) -> list[bytes]:
    """`count` submissions from the four examples, the same ones on every run."""
    bases = [json.loads(p.read_bytes()) for p in sorted(EXAMPLES.glob("*.json"))]
    rng = random.Random(seed)
    return [json.dumps(variant(bases[i % len(bases)], rng), ensure_ascii=False).encode()
            for i in range(count)]


# ---------------------------------------------------------------------------------- timing

STAGES = ("parse", "validate", "accounting", "inference", "rendering")


@dataclass
class Row:
    """Median per-submission time of each stage (us), plus the floor and end to end."""

    stages: dict[str, float]
    end_to_end: float
    floor: float


def _median_us(samples: list[int], per: int) -> float:
    return statistics.median(samples) / per / 1000


def _floor(schema_file: Path) -> Callable[[bytes], Any]:
    """orjson parse + jsonschema-rs validation iterating all errors + a compiled closure."""
    import jsonschema_rs
    import orjson
    from zcf.rules.expressions import Compiler

    schema = orjson.loads(schema_file.read_bytes())
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    names = [f"v{i}" for i in range(20)]
    closure = Compiler(names).compile(" and ".join(f"{n} >= 0" for n in names))
    env = {n: Decimal(i) for i, n in enumerate(names)}

    def floor(raw: bytes) -> Any:
        doc = orjson.loads(raw)
        errors = list(validator.iter_errors(doc))
        return errors, closure(env)

    return floor


def measure(submissions: list[bytes], backend_name: str, repeats: int, loops: int) -> Row:
    """Run every submission through the stages `loops` times per repeat; medians over repeats."""
    from zcf.api import load_ruleset
    from zcf.backends.seam import get_backend
    from zcf.evaluate.pipeline import account, infer, result_model
    from zcf.report.json_result import render_json
    from zcf.submission.reading import read_submission
    from zcf.submission.validation import check

    compiled = load_ruleset("zcf-cn-general", as_of=AS_OF)
    schema = compiled.loaded.schema
    backend = get_backend(backend_name)
    floor = _floor(compiled.loaded.folder / "submission.schema.json")

    def one_pass(raw: bytes, clock: dict[str, int]) -> None:
        t0 = time.perf_counter_ns()
        doc = read_submission(raw)
        t1 = time.perf_counter_ns()
        warnings = check(doc, schema)
        t2 = time.perf_counter_ns()
        accounted = account(compiled, doc, AS_OF)
        t3 = time.perf_counter_ns()
        inferred = infer(compiled, accounted, backend)
        result = result_model(compiled, doc, AS_OF, backend, raw, warnings, accounted, inferred)
        t4 = time.perf_counter_ns()
        render_json(result)
        t5 = time.perf_counter_ns()
        for stage, took in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            clock[stage] += took

    def run() -> dict[str, int]:
        clock = dict.fromkeys(STAGES, 0)
        for _ in range(loops):
            for raw in submissions:
                one_pass(raw, clock)
        # The floor in a loop of its own (as research/tech.md §6 measured it): interleaved with
        # the stages above it would pay for their cache misses too.
        t0 = time.perf_counter_ns()
        for _ in range(loops):
            for raw in submissions:
                floor(raw)
        clock["floor"] = time.perf_counter_ns() - t0
        return clock

    run()  # warm-up: imports, compiled validators, durable ruleset registration, caches
    samples: dict[str, list[int]] = {k: [] for k in (*STAGES, "floor", "total")}
    gc.collect()
    for _ in range(repeats):
        clock = run()
        for key, value in clock.items():
            samples[key].append(value)
        samples["total"].append(sum(clock[s] for s in STAGES))
    per = loops * len(submissions)
    return Row(stages={s: _median_us(samples[s], per) for s in STAGES},
               end_to_end=_median_us(samples["total"], per),
               floor=_median_us(samples["floor"], per))


# ---------------------------------------------------------------------------------- report

def _backends() -> list[tuple[str, str | None]]:
    """(name, why unavailable or None)."""
    from zcf.backends.seam import get_backend
    from zcf.errors import BackendUnavailableError

    out: list[tuple[str, str | None]] = [("compiled", None)]
    try:
        get_backend("durable")
        out.append(("durable", None))
    except BackendUnavailableError as err:
        out.append(("durable", err.message))
    return out


def _table(columns: dict[str, Row]) -> str:
    head = ["stage (us per submission)", *columns]
    lines = [head]
    for stage in STAGES:
        lines.append([stage, *(f"{row.stages[stage]:.0f}" for row in columns.values())])
    lines.append(["end to end (sum)", *(f"{row.end_to_end:.0f}" for row in columns.values())])
    lines.append(["  without rendering",
                  *(f"{row.end_to_end - row.stages['rendering']:.0f}" for row in columns.values())])
    lines.append(["floor (orjson + rs + closure)", *(f"{row.floor:.0f}" for row in columns.values())])
    lines.append(["end to end / floor", *(f"{row.end_to_end / row.floor:.1f}x"
                                          for row in columns.values())])
    lines.append(["evaluations/s (end to end)", *(f"{1e6 / row.end_to_end:,.0f}"
                                                  for row in columns.values())])
    lines.append(["evaluations/s (w/o rendering)",
                  *(f"{1e6 / (row.end_to_end - row.stages['rendering']):,.0f}"
                    for row in columns.values())])
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for n, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                                     for i, (cell, w) in enumerate(zip(line, widths, strict=True)))
                   + " |")
        if n == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def _targets(columns: dict[str, Row]) -> list[str]:
    real = columns["realistic compiled"]
    lines = [
        f"- realistic, compiled, end to end {real.end_to_end:.0f} us = "
        f"{real.end_to_end / real.floor:.1f}x the floor (target <= 3x): "
        f"{'met' if real.end_to_end <= 3 * real.floor else 'NOT met'}",
        f"- realistic, compiled, {1e6 / real.end_to_end:,.0f} evaluations/s end to end, "
        f"{1e6 / (real.end_to_end - real.stages['rendering']):,.0f}/s without rendering "
        f"(target >= 1,000/s): "
        f"{'met' if real.end_to_end <= 1000 else 'NOT met'} end to end, "
        f"{'met' if real.end_to_end - real.stages['rendering'] <= 1000 else 'NOT met'} "
        f"without rendering",
    ]
    for workload in ("realistic", "batch"):
        durable = columns.get(f"{workload} durable")
        compiled = columns[f"{workload} compiled"]
        if durable is not None:
            ratio = durable.end_to_end / compiled.end_to_end
            lines.append(f"- {workload}, durable end to end = {ratio:.2f}x compiled "
                         f"(target <= 10x): {'met' if ratio <= 10 else 'NOT met'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    args = parser.parse_args(argv)
    repeats, loops = (3, 20) if args.quick else (7, 100)
    batch_size, batch_repeats = 200, (3 if args.quick else 5)

    realistic = [REALISTIC.read_bytes()]
    generated = batch(batch_size)
    columns: dict[str, Row] = {}
    notes = []
    for backend, unavailable in _backends():
        if unavailable:
            notes.append(f"- durable backend unavailable: {unavailable}")
            continue
        columns[f"realistic {backend}"] = measure(realistic, backend, repeats, loops)
        columns[f"batch {backend}"] = measure(generated, backend, batch_repeats, 1)

    print(f"zcf bench_evaluate{' --quick' if args.quick else ''}: one core, "
          f"Python {platform.python_version()}, as of {AS_OF}, "
          f"realistic = {REALISTIC.relative_to(ROOT)} ({len(realistic[0]):,} bytes), "
          f"batch = {batch_size} generated submissions "
          f"({sum(map(len, generated)) // batch_size:,} bytes on average, seed {SEED})")
    print()
    print(_table(columns))
    print()
    print("\n".join(_targets(columns) + notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
