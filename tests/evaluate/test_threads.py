"""Evaluating from a thread pool: both backends give, per submission, what a serial run gives.

The compiled backend and the pipeline share caches (compiled rulesets, parameters as of a date,
schema validators); the durable backend serialises calls into durable_rules on one lock. Either
way a pool of threads must neither crash nor mix up results.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from zcf.api import evaluate, load_ruleset
from zcf.report.json_result import result_dict

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 3, 31)
CASES = [(rid, path) for rid in ("zcf-cn-general", "zcf-cn-dc", "zcf-zj-2023")
         for path in sorted((ROOT / "examples" / rid).glob("*.json"))]


def _comparable(backend: str, rid: str, path: Path) -> dict[str, object]:
    data = result_dict(evaluate(load_ruleset(rid, as_of=AS_OF), path, as_of=AS_OF, backend=backend))
    data.pop("evaluated_at")
    return data


@pytest.mark.parametrize("backend", ["compiled", "durable"])
def test_a_thread_pool_gives_the_serial_results(backend: str) -> None:
    if backend == "durable":
        pytest.importorskip("durable", reason="durable-rules builds on Python 3.11-3.12 only")
    serial = [_comparable(backend, rid, path) for rid, path in CASES]
    with ThreadPoolExecutor(max_workers=6) as pool:
        threaded = list(pool.map(lambda case: _comparable(backend, *case), CASES * 3))
    assert threaded == serial * 3
