"""Same inputs, same bytes (DESIGN §2): across evaluations, processes and code paths.

The golden file pins the result of `examples/zcf-cn-general/zero-carbon.json` as of 2026-03-31
(`evaluated_at` blanked). It was written by the engine *before* the performance work of issue
item 11 (memoised accounting, cached factors and clause plans, the fast reader and renderer),
so a pass here means those optimisations changed no status, metric value or byte of the JSON.
It was regenerated once since, for a meant change of the result format: metric traces cite the
metrics they build on (`uses`) instead of copying their inputs and factors; every metric value,
unit, missing pointer, provisional flag and every clause was first checked to be unchanged.

Regenerate it (`ZCF_REGENERATE_GOLDEN=1 pytest tests/evaluate/test_determinism.py`) only when
the result is *meant* to change: the ruleset, the example, the factor tables or the result
model changed, and the commit says which. Never to make an engine optimisation pass.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from zcf.accounting import METRICS
from zcf.accounting.context import AccountingContext
from zcf.accounting.memo import Memo
from zcf.api import load_ruleset
from zcf.evaluate.metric_cache import MetricCache
from zcf.evaluate.pipeline import evaluate_document, ruleset_as_of
from zcf.model.problem import Problem
from zcf.model.result import EvaluationResult
from zcf.report.json_result import render_json, result_dict
from zcf.rulesets.compiler import CompiledRuleset
from zcf.submission.reading import read_submission

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "zcf-cn-general").glob("*.json"))
REALISTIC = ROOT / "examples" / "zcf-cn-general" / "zero-carbon.json"
GOLDEN = Path(__file__).with_name("golden") / "zero-carbon.result.json"
AS_OF = dt.date(2026, 3, 31)


def blank_clock(text: str) -> str:
    """The rendered result with the one wall-clock field blanked (it sits on its own line)."""
    lines = [line for line in text.splitlines(keepends=True) if '"evaluated_at": "' in line]
    assert len(lines) == 1, "one evaluated_at per result"
    return text.replace(lines[0], lines[0].split('"evaluated_at"')[0] + '"evaluated_at": ""'
                        + ("," if lines[0].rstrip().endswith(",") else "") + "\n")


@pytest.fixture(scope="module")
def compiled() -> CompiledRuleset:
    return load_ruleset("zcf-cn-general", as_of=AS_OF)


def evaluate_file(compiled: CompiledRuleset, path: Path, **kwargs: Any) -> EvaluationResult:
    raw = path.read_bytes()
    return evaluate_document(compiled, read_submission(raw), as_of=AS_OF, raw=raw, **kwargs)


def test_two_evaluations_give_the_same_bytes(compiled: CompiledRuleset) -> None:
    first = render_json(evaluate_file(compiled, REALISTIC))
    second = render_json(evaluate_file(compiled, REALISTIC))
    assert blank_clock(first) == blank_clock(second)


def test_a_fresh_process_gives_the_same_bytes(compiled: CompiledRuleset) -> None:
    # The CLI also takes the multi-scheme path (a shared MetricCache): same bytes again.
    zcf = Path(sys.executable).with_name("zcf")
    command = ([str(zcf)] if zcf.exists() else [sys.executable, "-m", "zcf.cli.app"])
    done = subprocess.run([*command, "evaluate", str(REALISTIC), "-f", "json", "--no-gaps",
                           "--as-of", AS_OF.isoformat()],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False)
    assert done.returncode in (0, 1), done.stderr
    assert blank_clock(done.stdout) == blank_clock(render_json(evaluate_file(compiled, REALISTIC)))


def test_the_result_matches_the_golden_file(compiled: CompiledRuleset) -> None:
    text = blank_clock(render_json(evaluate_file(compiled, REALISTIC)))
    if os.environ.get("ZCF_REGENERATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    golden = GOLDEN.read_text(encoding="utf-8")
    if text != golden:
        mismatched = [f"{name}: {want!r} -> {got!r}" for name, want, got in _differences(golden, text)]
        pytest.fail("the result of zero-carbon.json differs from tests/evaluate/golden (see the "
                    "module docstring before regenerating):\n" + "\n".join(mismatched[:20]))


def _differences(golden: str, text: str) -> list[tuple[str, Any, Any]]:
    want, got = json.loads(golden), json.loads(text)
    out = [(f"clause {c['id']} status", c["status"], g["status"])
           for c, g in zip(want["clauses"], got["clauses"], strict=False) if c["status"] != g["status"]]
    out += [(f"metric {name}", m["value"], got["metrics"].get(name, {}).get("value"))
            for name, m in want["metrics"].items()
            if m["value"] != got["metrics"].get(name, {}).get("value")]
    out += [(key, want.get(key), got.get(key)) for key in sorted(set(want) | set(got))
            if want.get(key) != got.get(key)]
    return out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_memoised_accounting_equals_computing_each_metric_afresh(compiled: CompiledRuleset,
                                                                  example: Path) -> None:
    doc = read_submission(example.read_bytes())
    shared = ruleset_as_of(compiled, AS_OF)
    memoised = AccountingContext(AS_OF, shared.params, shared.provenance, memo=Memo())
    afresh = AccountingContext(AS_OF, shared.params, shared.provenance)
    for name, metric in compiled.model.metrics.items():
        if metric.function is not None:
            function = METRICS[metric.function]
            assert (function(doc, memoised).model_dump_json()
                    == function(doc, afresh).model_dump_json()), name


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_shared_metric_cache_changes_nothing(compiled: CompiledRuleset, example: Path) -> None:
    cache = MetricCache()
    plain = render_json(evaluate_file(compiled, example))
    cached = [render_json(evaluate_file(compiled, example, metric_cache=cache)) for _ in range(2)]
    assert cache.hits > 0
    assert {blank_clock(text) for text in cached} == {blank_clock(plain)}


def test_fast_json_rendering_writes_what_json_dumps_writes(compiled: CompiledRuleset) -> None:
    result = evaluate_file(compiled, REALISTIC)
    awkward = "".join(map(chr, range(0x80))) + "\u2028\u2029\ufeff😀\U0010ffff 中文 \\ \" / ~1"
    problem = Problem(code="x", pointer="/a~1b", message=awkward,
                      params={"text": awkward, "decimal": Decimal("1.50"), "exponent": Decimal("1E+3"),
                              "int": 2**70, "list": [1, "x", None, True]})
    odd = result.model_copy(update={"problems": (problem,)})
    for indent in (2, 4):
        for value in (result, odd, [result, odd]):
            data = ({"results": [result_dict(r) for r in value]} if isinstance(value, list)
                    else result_dict(value))
            assert render_json(value, indent=indent) == json.dumps(data, ensure_ascii=False,
                                                                   indent=indent) + "\n"
