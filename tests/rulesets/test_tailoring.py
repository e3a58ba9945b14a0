"""Tailoring: a ruleset extends a base, overrides parameters, adds, replaces and drops clauses."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from tiny_ruleset import BASE
from zcf.errors import RulesetError, RulesetNotFoundError
from zcf.rulesets.compiler import compile_ruleset
from zcf.rulesets.loader import load_ruleset_dir
from zcf.rulesets.tailoring import resolve

CHILD = """\
id: tiny-province
version: 2.0.0
title: {zh-CN: 省级小规则集, en: Tiny provincial ruleset}
publisher: tests
status: draft
effective_from: 2026-03-01
extends: tiny@>=1.0,<2
standard: {document: tiny-province-std, edition: "2026"}
parameters:
  share_min:
    unit: "1"
    provenance: published
    source: provincial guide, table 1
    values:
      - {from: 2026-01-01, value: 0.35}
inputs:
  revenue: /revenue
drop_clauses: [T-02]
clauses:
  - id: P-01
    ref: "3.1"
    title: {zh-CN: 营收, en: Revenue}
    provision: requirement
    kind: gate
    check: "revenue > 0"
"""

SECOND = """
  - id: T-02
    ref: "2"
    title: {zh-CN: 第二条, en: Second}
    provision: recommendation
    kind: info
    check: "doubled > 1"
"""


@pytest.fixture
def search_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for rid, version, text, schema in (
        ("tiny", "1.0.0", BASE + SECOND, {"type": "object", "properties": {"share": {}}}),
        ("tiny-province", "2.0.0", CHILD, {"properties": {"revenue": {"type": "number"}}}),
    ):
        folder = tmp_path / rid / version
        folder.mkdir(parents=True)
        (folder / "ruleset.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        (folder / "submission.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    monkeypatch.setenv("ZCF_RULESETS", str(tmp_path))
    return tmp_path


def test_child_overrides_adds_and_drops(search_path: Path) -> None:
    loaded = resolve(load_ruleset_dir(search_path / "tiny-province" / "2.0.0"))
    model = loaded.model
    assert model.base == "tiny@1.0.0"
    assert [c.id for c in model.clauses] == ["T-01", "P-01"]
    assert model.parameters["share_min"].values[0].value == Decimal("0.35")
    assert model.clause("T-01").document == "tiny-std"  # inherited clause keeps its source
    assert model.clause("P-01").document is None
    assert loaded.schema["allOf"][1]["properties"]["revenue"] == {"type": "number"}
    compile_ruleset(loaded)  # inherited expressions still resolve


def test_missing_base_is_a_clear_error(search_path: Path) -> None:
    child = search_path / "tiny-province" / "2.0.0" / "ruleset.yaml"
    child.write_text(child.read_text().replace("tiny@>=1.0,<2", "tiny@>=3"))
    with pytest.raises(RulesetNotFoundError, match=r"versions of 'tiny': 1\.0\.0"):
        resolve(load_ruleset_dir(child.parent))


def test_dropping_unknown_clause_is_refused(search_path: Path) -> None:
    child = search_path / "tiny-province" / "2.0.0" / "ruleset.yaml"
    child.write_text(child.read_text().replace("[T-02]", "[T-09]"))
    with pytest.raises(RulesetError, match="T-09"):
        resolve(load_ruleset_dir(child.parent))


def test_an_unreadable_version_range_in_extends_is_a_ruleset_error() -> None:
    """`^1.0` is no PEP 440 range: a ruleset error naming the file (exit 4), never a traceback."""
    import pytest
    from zcf.errors import RulesetError
    from zcf.rulesets.tailoring import find_base

    with pytest.raises(RulesetError) as info:
        find_base("zcf-cn-general@^1.0", file="city/ruleset.yaml")
    assert info.value.exit_code == 4 and "city/ruleset.yaml" in str(info.value)
