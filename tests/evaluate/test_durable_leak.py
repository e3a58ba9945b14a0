"""5,000 durable evaluations in one process leave no session and no memory behind (tech.md §1.7,
§1.11: a session that is not deleted costs ~0.1-1.3 MB and a ruleset holds at most 1,024)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("durable", reason="durable-rules builds on Python 3.11-3.12 only")

from zcf.backends import durable
from zcf.backends.durable import DurableBackend, has_session
from zcf.backends.seam import CompiledBackend
from zcf.rulesets.compiler import CompiledRuleset, compile_ruleset
from zcf.rulesets.loader import load_ruleset_dir

D = Decimal
TEXT = {"zh-CN": "泄漏", "en": "leak"}
CALLS = 5_000
#: Measured: 0.3-0.5 MB of RSS growth over 5,000 calls (allocator noise, nothing per call). A
#: session that is never deleted costs >= 88 KB even with one rule, so forgetting
#: `delete_state` would add > 80 MB before the 1,024-session cap raises; 10 MB also catches any
#: leak of 2 KB or more per call.
MAX_GROWTH_MB = 10


def rss_mb() -> float:
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def small_ruleset(folder: Path) -> CompiledRuleset:
    checks = {"L-01": "a < b", "L-02": 's in ["A", "B"]', "L-03": "ratio(a, b) >= share_min",
              "L-04": "not f or a + c > b", "L-05": "s in methods"}
    ruleset = {
        "id": "durable-leak", "version": "1.0.0", "title": TEXT, "publisher": "tests",
        "status": "draft", "effective_from": "2026-01-01",
        "standard": {"document": "none", "edition": "1"},
        "parameters": {
            "methods": {"provenance": "published", "source": "tests",
                        "values": [{"from": "2026-01-01", "value": ["A"]}]},
            "share_min": {"provenance": "published", "source": "tests",
                          "values": [{"from": "2026-01-01", "value": 0.3}]},
        },
        "inputs": {name: f"/{name}" for name in ("a", "b", "c", "s", "f")},
        "clauses": [{"id": cid, "ref": "1", "title": TEXT, "provision": "requirement",
                     "kind": "gate", "check": check} for cid, check in checks.items()],
    }
    (folder / "ruleset.yaml").write_text(json.dumps(ruleset, ensure_ascii=False), "utf-8")
    (folder / "submission.schema.json").write_text('{"type": "object"}', "utf-8")
    return compile_ruleset(load_ruleset_dir(folder))


def test_no_session_or_memory_left(tmp_path: Path) -> None:
    compiled = small_ruleset(tmp_path)
    backend = DurableBackend()
    env: dict[str, object] = {"a": D(0), "b": D("1.5"), "c": D("0.25"), "s": "A", "f": True,
                              "methods": ("A",), "share_min": D("0.3")}
    for _ in range(100):  # registration and first-call allocations are not a leak
        backend.decide(compiled, compiled.clauses, env)
    before = rss_mb()
    sampled: list[str] = []
    mismatches = 0
    for i in range(CALLS):
        env["a"] = D(i % 97) / 50  # crosses a < b and the ratio threshold back and forth
        env["s"] = "AB"[i % 2]
        env["f"] = i % 3 == 0
        truths = backend.decide(compiled, compiled.clauses, env)
        mismatches += truths != CompiledBackend().decide(compiled, compiled.clauses, env)
        if i % 50 == 0:
            assert backend.last_sid is not None
            sampled.append(backend.last_sid)
    growth = rss_mb() - before

    assert mismatches == 0
    assert not any(has_session(compiled, sid) for sid in sampled)  # get_state: error 309
    assert durable._process().passed == {}
    assert growth < MAX_GROWTH_MB, f"RSS grew {growth:.1f} MB over {CALLS} calls"
