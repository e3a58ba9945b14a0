"""Write a throwaway ruleset with one gate clause per check, for backend tests."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from zcf.rulesets.compiler import CompiledRuleset, compile_ruleset
from zcf.rulesets.loader import load_ruleset_dir

TEXT = {"zh-CN": "测试", "en": "test"}


def write_gate_ruleset(folder: Path, checks: Mapping[str, str], inputs: list[str],
                       parameters: Mapping[str, object] | None = None, *,
                       ruleset_id: str = "gate-test") -> CompiledRuleset:
    """Compile a ruleset (JSON is YAML) with one gate per check and a schema that takes anything."""
    folder.mkdir(parents=True, exist_ok=True)
    ruleset = {
        "id": ruleset_id, "version": "1.0.0", "title": TEXT, "publisher": "tests",
        "status": "draft", "effective_from": "2026-01-01",
        "standard": {"document": "none", "edition": "1"},
        "parameters": {name: {"provenance": "published", "source": "tests",
                              "values": [{"from": "2026-01-01", "value": value}]}
                       for name, value in (parameters or {}).items()},
        "inputs": {name: f"/{name}" for name in inputs},
        "clauses": [{"id": cid, "ref": "1", "title": TEXT, "provision": "requirement",
                     "kind": "gate", "check": check} for cid, check in checks.items()],
    }
    (folder / "ruleset.yaml").write_text(json.dumps(ruleset, ensure_ascii=False), "utf-8")
    (folder / "submission.schema.json").write_text('{"type": "object"}', "utf-8")
    return compile_ruleset(load_ruleset_dir(folder))
