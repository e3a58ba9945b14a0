"""The deep fuzz run (`make fuzz`): at least 10,000 hostile and generated inputs, all rulesets, both backends.

Run: `.venv/bin/python bench/fuzz.py [--inputs N] [--generated K] [--seed S]`. Three parts:

1. mutants: every example of every ruleset, mutated (type swaps, negatives, removals, duplicated
   list items, extreme magnitudes, odd unicode, dates at the edges; a quarter mutated twice), each
   evaluated with both backends through the Python API (`tests/support/fuzz_inputs.py`);
2. generated: K schema-valid submissions per ruleset from hypothesis-jsonschema, both backends;
3. large refusals: the real `zcf evaluate` as a child process on the biggest hostile files
   (20 MiB of bad rows, 100,000 bad rows, a 2 GiB sparse file, a million-item array, deep
   nesting, a FIFO), with wall time and the child's peak resident memory.

Every input must exit 0, 1 or 3 with both backends agreeing. It prints inputs, exit codes,
refusals by problem code, internal errors and timings, and exits 1 if anything was found.
"""

from __future__ import annotations

import argparse
import collections
import copy
import json
import math
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

import fuzz_inputs as fuzz  # noqa: E402  (after the path is set)


class Tally:
    """What the inputs came to: exit codes, refusal codes, and every finding."""

    def __init__(self) -> None:
        self.inputs = 0
        self.exits: collections.Counter[int] = collections.Counter()
        self.codes: collections.Counter[str] = collections.Counter()
        self.findings: list[str] = []

    def add(self, rid: str, what: str, data: bytes, outcomes: dict[str, fuzz.Outcome], wrong: list[str]) -> None:
        self.inputs += 1
        first = next(iter(outcomes.values()))
        self.exits[first.exit_code] += 1
        if first.exit_code == 3:
            self.codes.update(set(first.codes))
        self.findings += [f"{fuzz.describe(rid, what, data)}\n  {w}" for w in wrong]


def mutants(tally: Tally, count: int, rng: random.Random) -> None:
    per_example = math.ceil(count / len(fuzz.examples()))
    for rid, path, what, data in fuzz.mutated_inputs(rng, per_example):
        outcomes, wrong = fuzz.findings(rid, data, as_of=fuzz.choose_as_of(data, rng))
        tally.add(rid, f"{path.stem}: {what}", data, outcomes, wrong)


def generated(tally: Tally, per_ruleset: int, seed: int) -> None:

    for rid in fuzz.RULESETS if per_ruleset > 0 else ():
        run_one(tally, rid, per_ruleset, seed)


def run_one(tally: Tally, rid: str, per_ruleset: int, seed: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis_jsonschema import from_schema

    @hypothesis_seed(seed)
    @settings(max_examples=per_ruleset, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(from_schema(fuzz.generation_schema(rid)))
    def one(doc: object) -> None:
        data = fuzz.to_bytes(doc)
        outcomes, wrong = fuzz.findings(rid, data, as_of=fuzz.AS_OF)
        tally.add(rid, "generated", data, outcomes, wrong)

    one()


def _bad_rows(rows: int) -> bytes:
    doc = json.loads((ROOT / "examples" / "zcf-cn-general" / "zero-carbon.json").read_text("utf-8"))
    row = copy.deepcopy(doc["energy"]["electricity"]["grid"][0])
    row["amount"]["value"] = "-1"
    doc["energy"]["electricity"]["grid"] = [row] * rows
    return json.dumps(doc, ensure_ascii=False).encode()


def large_refusals(folder: Path) -> list[tuple[str, int, int, float, float]]:
    """(case, bytes, exit code, seconds, peak MiB) of `zcf evaluate` on each large hostile file."""
    cases: dict[str, Path] = {"baseline: a valid example (not a refusal)":
                              ROOT / "examples" / "zcf-cn-general" / "zero-carbon.json"}
    limit = 20 * 1024 * 1024
    row_bytes = len(_bad_rows(2)) - len(_bad_rows(1))
    for name, data in (("100,000 bad grid rows", _bad_rows(100_000)),
                       ("20 MiB of bad grid rows", _bad_rows((limit - 8192) // row_bytes)),
                       ("a million-item array of numbers", b'{"energy": {"electricity": {"grid": ['
                        + b",".join([b"1"] * 1_000_000) + b"]}}}"),
                       ("10 MiB of '['", b"[" * (10 * 1024 * 1024))):
        cases[name] = folder / f"{len(cases)}.json"
        cases[name].write_bytes(data)
    sparse = folder / "sparse.json"
    with sparse.open("wb") as handle:
        handle.truncate(2 << 30)
    cases["2 GiB sparse file"] = sparse
    fifo = folder / "fifo.json"
    os.mkfifo(fifo)
    cases["a FIFO nobody writes"] = fifo
    rows = []
    for name, path in cases.items():
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "zcf", "evaluate", str(path), "--as-of", "2026-03-31",
                                  "-f", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert child.stderr is not None
        err = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        child.returncode = code
        if b"Traceback" in err:
            code = 5
        size = path.stat().st_size if path.is_file() else 0
        rows.append((name, size, code, seconds, usage.ru_maxrss / 1024))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="total inputs through the API (default 10,000)")
    parser.add_argument("--generated", type=int, default=10, help="generated submissions per ruleset (default 10)")
    parser.add_argument("--seed", type=int, default=20261204)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tally = Tally()
    started = time.perf_counter()
    generated(tally, args.generated, args.seed)
    after_generated = time.perf_counter()
    generated_inputs = tally.inputs
    mutants(tally, max(0, args.inputs - generated_inputs), rng)
    after_mutants = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="zcf-fuzz-") as folder:
        large = large_refusals(Path(folder))
    ended = time.perf_counter()

    internal = sum(1 for f in tally.findings if "exit 5" in f)
    print(f"zcf fuzz run, seed {args.seed}: Python {platform.python_version()}, {platform.machine()}")
    print(f"rulesets: {len(fuzz.RULESETS)}; examples: {len(fuzz.examples())}; backends: {', '.join(fuzz.BACKENDS)}")
    print(f"inputs: {tally.inputs} ({generated_inputs} generated from the schemas, "
          f"{tally.inputs - generated_inputs} mutants), each on both backends")
    print("exit codes: " + ", ".join(f"{code}: {n}" for code, n in sorted(tally.exits.items())))
    print(f"internal errors (exit 5 or a traceback): {internal}; all findings: {len(tally.findings)}")
    print(f"time: generated {after_generated - started:.0f} s, mutants {after_mutants - after_generated:.0f} s, "
          f"large refusals {ended - after_mutants:.0f} s, total {ended - started:.0f} s")
    print("\nrefusals (exit 3) by problem code, inputs with at least one:")
    for code, n in tally.codes.most_common():
        print(f"  {code:40} {n}")
    print("\nlarge refusals through `zcf evaluate` (a child process each):")
    print(f"  {'input':34} {'bytes':>12} {'exit':>5} {'seconds':>8} {'peak MiB':>9}")
    for name, size, code, seconds, peak in large:
        print(f"  {name:34} {size:>12,} {code:>5} {seconds:>8.1f} {peak:>9.0f}")
    bad_large = [row for row in large if (row[2] not in fuzz.ALLOWED_EXITS and row[0] != "a FIFO nobody writes")
                 or (row[0] == "a FIFO nobody writes" and row[2] != 2)]
    for finding in tally.findings[:20]:
        print("\nFINDING " + finding)
    return 1 if tally.findings or bad_large else 0


if __name__ == "__main__":
    sys.exit(main())
