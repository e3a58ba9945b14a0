"""The bounded fuzz run of `make test`: hostile mutants of every example of every ruleset, and
schema-valid submissions generated from the rulesets' schemas, through both backends.

Every input must end in exit 0, 1 or 3 (never 5, never a traceback) with both backends agreeing
(`fuzz_inputs.findings`). The deep run is `make fuzz` (bench/fuzz.py, figures in docs/fuzzing.md);
this one samples the same generators with fixed seeds so a failure reproduces.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("durable", reason="durable-rules builds on Python 3.11-3.12 only")

import fuzz_inputs as fuzz
from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema
from zcf.cli.app import run

#: Mutants per example here (every kind is used in turn; `make fuzz` makes hundreds).
PER_EXAMPLE = 3


@pytest.mark.parametrize(("rid", "example"), fuzz.examples(), ids=lambda v: getattr(v, "stem", v))
def test_mutants_of_every_example_exit_0_1_or_3_with_both_backends_agreeing(rid: str, example: Path) -> None:
    rng = random.Random(f"{rid}/{example.stem}")
    wrong = []
    for case_rid, path, what, data in fuzz.mutated_inputs(rng, PER_EXAMPLE, only=(rid, example)):
        _, found = fuzz.findings(case_rid, data, as_of=fuzz.choose_as_of(data, rng))
        wrong += [f"{fuzz.describe(case_rid, f'{path.stem}: {what}', data)}\n{f}" for f in found]
    assert not wrong, "\n\n".join(wrong)


#: Generated submissions are slow to draw from a large schema: a few rulesets here, all in `make fuzz`.
GENERATED = ["zcf-cn-general", "zcf-cn-dc", "zcf-zj-2023"]


@pytest.mark.parametrize("rid", GENERATED)
def test_schema_valid_generated_submissions_exit_0_1_or_3(rid: str) -> None:
    @settings(max_examples=2, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(from_schema(fuzz.generation_schema(rid)))
    def check(doc: object) -> None:
        _, found = fuzz.findings(rid, fuzz.to_bytes(doc), as_of=fuzz.AS_OF)
        assert not found, found

    check()


def test_a_handful_through_the_cli_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random("cli")
    inputs = list(fuzz.mutated_inputs(rng, 1))
    for rid, path, what, data in rng.sample(inputs, 8):
        file = tmp_path / "s.json"
        file.write_bytes(data)
        codes = {}
        for backend in fuzz.BACKENDS:
            codes[backend] = run(["evaluate", str(file), "-r", f"{rid}@1.0.0", "--as-of", fuzz.AS_OF.isoformat(),
                                  "--backend", backend, "-f", "json", "--no-gaps"])
            captured = capsys.readouterr()
            assert "Traceback" not in captured.err, f"{rid} {path.stem}: {what}\n{captured.err}"
        assert set(codes.values()) <= fuzz.ALLOWED_EXITS and len(set(codes.values())) == 1, (rid, what, codes)


def test_a_few_through_the_real_cli_process(tmp_path: Path) -> None:
    rng = random.Random("process")
    inputs = list(fuzz.mutated_inputs(rng, 1))
    for rid, path, what, data in rng.sample(inputs, 3):
        file = tmp_path / f"{rid}.json"
        file.write_bytes(data)
        done = subprocess.run([sys.executable, "-m", "zcf", "evaluate", str(file), "-r", rid, "--as-of",
                               fuzz.AS_OF.isoformat(), "-f", "json", "--no-gaps"],
                              capture_output=True, text=True, check=False)
        assert done.returncode in fuzz.ALLOWED_EXITS, f"{rid} {path.stem}: {what}\n{done.stderr}"
        assert "Traceback" not in done.stderr
