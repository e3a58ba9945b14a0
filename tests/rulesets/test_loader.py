"""Ruleset loading: every defect is refused with its code, file, line and clause."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from tiny_ruleset import BASE
from zcf.errors import (
    ExpressionSyntaxError,
    MetricCycleError,
    RulesetError,
    RulesetSchemaError,
    UnknownNameError,
)
from zcf.rulesets.compiler import compile_ruleset
from zcf.rulesets.loader import load_ruleset_dir


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "tiny" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "ruleset.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    (folder / "submission.schema.json").write_text(json.dumps({"type": "object"}), encoding="utf-8")
    return folder


def load(tmp_path: Path, text: str):
    return compile_ruleset(load_ruleset_dir(write(tmp_path, text)))


def test_valid_ruleset_loads_with_decimal_parameters(tmp_path: Path) -> None:
    compiled = load(tmp_path, BASE)
    param = compiled.model.parameters["share_min"]
    assert str(param.values[0].value) == "0.30"
    assert compiled.clauses[0].parameters == ("share_min",)
    assert compiled.clauses[0].names == frozenset({"share", "share_min"})


CASES = [
    pytest.param(BASE.replace('check: "share >= share_min"', 'check: "shar >= share_min"'),
                 UnknownNameError, "T-01", "share", id="unknown-name-suggests"),
    pytest.param(BASE.replace('check: "share >= share_min"', 'check: "share >= >= 1"'),
                 ExpressionSyntaxError, "T-01", None, id="syntax"),
    pytest.param(BASE.replace("kind: gate", "kind: veto"), RulesetSchemaError, None, "veto",
                 id="meta-schema-enum"),
    pytest.param(BASE.replace("publisher: tests\n", "publisher: tests\npublisher: again\n"),
                 RulesetError, None, "duplicate key", id="duplicate-key"),
    pytest.param(BASE + BASE[BASE.index("  - id: T-01"):], RulesetError, "T-01", "duplicate clause",
                 id="duplicate-clause"),
    pytest.param(BASE.replace('doubled: {expr: "share * 2"}', 'doubled: {function: scope_one}'),
                 RulesetError, None, "unknown accounting function", id="unknown-function"),
    pytest.param(BASE.replace('doubled: {expr: "share * 2"}',
                              'doubled: {expr: "tripled"}\n  tripled: {expr: "doubled"}'),
                 MetricCycleError, None, "cycle", id="metric-cycle"),
    pytest.param(BASE.replace("threshold: share_min", "threshold: share_max"), RulesetError, "T-01",
                 "share_max", id="threshold-not-parameter"),
    pytest.param(BASE.replace("value: 0.30", "value: .nan"), RulesetError, None, "not a decimal",
                 id="nan-parameter"),
]


@pytest.mark.parametrize(("text", "error", "clause", "needle"), CASES)
def test_defects_are_refused_with_location(tmp_path: Path, text: str, error: type, clause: str | None,
                                           needle: str | None) -> None:
    with pytest.raises(error) as info:
        load(tmp_path, text)
    err = info.value
    assert err.file is not None and err.file.endswith("ruleset.yaml")
    assert err.line is not None
    if clause:
        assert err.clause_id == clause
    if needle:
        assert needle in str(err)


def test_meta_schema_error_names_yaml_path_and_line(tmp_path: Path) -> None:
    with pytest.raises(RulesetSchemaError) as info:
        load(tmp_path, BASE.replace("kind: gate", "kind: veto"))
    assert "clauses[0].kind" in str(info.value)
    assert info.value.line == BASE.splitlines().index("    kind: gate") + 1
