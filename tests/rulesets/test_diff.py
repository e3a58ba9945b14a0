"""Ruleset diffs: clauses added/removed/changed, stricter or looser where decidable, parameters with
their dates, grading, submission schema by pointer, and one factory's statuses under both editions."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from zcf.authoring.diff import RulesetDiff, diff_rulesets
from zcf.evaluate.editions import compare_editions
from zcf.model.result import ClauseStatus
from zcf.rules.expressions import parse
from zcf.rules.strictness import direction, name_polarity
from zcf.rulesets.compiler import compile_ruleset
from zcf.rulesets.loader import load_ruleset_dir
from zcf.rulesets.registry import REPO_RULESETS

OLD = """\
id: tiny
version: 1.0.0
title: {zh-CN: 小规则集, en: Tiny ruleset}
publisher: tests
status: published
effective_from: 2026-01-01
effective_until: 2027-07-01
standard: {document: tiny-std, edition: "2026"}
parameters:
  share_min:
    unit: "1"
    provenance: provisional
    source: placeholder
    values:
      - {from: 2026-01-01, value: 0.30}
  kinds:
    provenance: provisional
    source: placeholder
    values:
      - {from: 2026-01-01, value: [A, B]}
  share_target:
    provenance: provisional
    source: placeholder
    values:
      - {from: 2026-01-01, value: 0.5}
inputs:
  share: /share
  kind: /kind
  emissions: /emissions
clauses:
  - {id: T-01, ref: "1", title: {zh-CN: 占比, en: Share}, provision: requirement, kind: gate,
     check: "share >= share_min", threshold: share_min}
  - {id: T-02, ref: "2", title: {zh-CN: 排放, en: Emissions}, provision: requirement, kind: gate,
     check: "emissions <= 100"}
  - {id: T-03, ref: "3", title: {zh-CN: 类型, en: Kind}, provision: requirement, kind: gate,
     check: "kind in kinds"}
  - {id: T-04, ref: "4", title: {zh-CN: 目标, en: Target}, provision: recommendation, kind: info,
     check: "share == share_target"}
  - {id: T-05, ref: "5", title: {zh-CN: 旧标题, en: Old title}, provision: requirement, kind: gate,
     check: "share>=0"}
  - {id: T-06, ref: "6", title: {zh-CN: 删除, en: Dropped}, provision: requirement, kind: info,
     check: "share > 0"}
grading:
  - {id: top, title: {zh-CN: 顶级, en: Top}, requires_pass: [T-01]}
"""

NEW_EDITS = {
    "version: 1.0.0": "version: 2.0.0",
    "effective_from: 2026-01-01\neffective_until: 2027-07-01": "effective_from: 2027-01-01\nsupersedes: 1.0.0",
    "    provenance: provisional\n    source: placeholder\n    values:\n      - {from: 2026-01-01, value: 0.30}":
        "    provenance: published\n    source: guide table 1\n    values:\n      - {from: 2026-01-01, value: 0.30}"
        "\n      - {from: 2027-01-01, value: 0.40}",
    "value: [A, B]": "value: [A]",
    "value: 0.5}": "value: 0.6}",
    '"emissions <= 100"': '"emissions <= 120"',
    "en: Old title}": "en: New title}",
    'check: "share>=0"': 'check: "share >= 0"',
    "  - {id: T-06, ref: \"6\", title: {zh-CN: 删除, en: Dropped}, provision: requirement, kind: info,\n"
    "     check: \"share > 0\"}\n":
        "  - {id: T-07, ref: \"7\", title: {zh-CN: 新增, en: Added}, provision: requirement, kind: gate,\n"
        "     check: \"emissions >= 0\"}\n",
    "requires_pass: [T-01]}": "requires_pass: [T-01, T-07]}",
}
OLD_SCHEMA = {"type": "object", "properties": {
    "share": {"type": "number"}, "kind": {"type": "string"}, "emissions": {"type": "number"},
    "legacy": {"type": "string"},
    "rows": {"type": "array", "items": {"$ref": "#/$defs/row"}}},
    "$defs": {"row": {"type": "object", "properties": {"meter": {"type": "string"}}}}}
NEW_SCHEMA = {"type": "object", "required": ["share"], "properties": {
    "share": {"type": "number", "maximum": 1}, "kind": {"type": "string"}, "emissions": {"type": "number"},
    "rows": {"type": "array", "items": {"$ref": "#/$defs/row"}}},
    "$defs": {"row": {"type": "object", "required": ["meter"],
                      "properties": {"meter": {"type": "string"}, "unit": {"enum": ["kWh", "MWh"]}}}}}


def _write(root: Path, version: str, text: str, schema: dict[str, object]) -> Path:
    folder = root / "tiny" / version
    folder.mkdir(parents=True)
    (folder / "ruleset.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    (folder / "submission.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    return folder


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    new = OLD
    for before, after in NEW_EDITS.items():
        assert before in new, before
        new = new.replace(before, after)
    return _write(tmp_path, "1.0.0", OLD, OLD_SCHEMA), _write(tmp_path, "2.0.0", new, NEW_SCHEMA)


@pytest.fixture
def diff(folders: tuple[Path, Path]) -> RulesetDiff:
    old, new = folders
    return diff_rulesets(load_ruleset_dir(old), compile_ruleset(load_ruleset_dir(new)))


def test_clause_changes_stricter_looser_and_undecidable(diff: RulesetDiff) -> None:
    changes = {c.id: c for c in diff.clauses}
    assert changes["T-01"].change == "stricter"  # x >= p, p 0.30 → 0.40 on 2027-01-01
    assert "parameter share_min: 0.30 → 0.40 on 2027-01-01 (stricter)" in changes["T-01"].reasons
    assert changes["T-02"].change == "looser"  # x <= 100 → x <= 120
    assert changes["T-03"].change == "stricter"  # kind in [A, B] → kind in [A]
    assert changes["T-04"].change == "changed"  # == has no direction
    assert changes["T-05"].change == "reworded"  # new title, same check tree
    assert changes["T-06"].change == "removed" and changes["T-07"].change == "added"
    assert diff.before == "tiny@1.0.0" and diff.after == "tiny@2.0.0"
    assert diff.compared_on == dt.date(2027, 1, 1)


def test_parameter_changes_carry_their_dates_and_provenance(diff: RulesetDiff) -> None:
    params = {p.name: p for p in diff.parameters}
    share = params["share_min"]
    assert [(s.from_, s.change, s.after) for s in share.values] == [(dt.date(2027, 1, 1), "added", Decimal("0.40"))]
    assert {f.field: (f.before, f.after) for f in share.fields} == {
        "provenance": ("provisional", "published"), "source": ("placeholder", "guide table 1")}
    assert [(s.change, s.before, s.after) for s in params["kinds"].values] == [("changed", ["A", "B"], ["A"])]


def test_identity_and_grading_changes(diff: RulesetDiff) -> None:
    identity = {f.field: (f.before, f.after) for f in diff.identity}
    assert identity["effective_until"] == ("2027-07-01", None)
    assert identity["supersedes"] == (None, "1.0.0")
    (grade,) = diff.grading
    assert grade.name == "top" and grade.fields[0].field == "requires_pass"
    assert grade.fields[0].after == ["T-01", "T-07"]


def test_schema_changes_by_submission_pointer(diff: RulesetDiff) -> None:
    found = {(s.pointer, s.change) for s in diff.schema_}
    assert found == {
        ("/legacy", "property_removed"),
        ("/share", "required_added"),
        ("/share", "constraints_changed"),
        ("/rows/*/meter", "required_added"),  # through $ref into array items
        ("/rows/*/unit", "property_added"),
    }
    share = next(s for s in diff.schema_ if s.change == "constraints_changed")
    assert share.before == {"maximum": None} and share.after == {"maximum": 1}


def test_json_form_uses_public_names(diff: RulesetDiff) -> None:
    data = json.loads(diff.model_dump_json(by_alias=True))
    assert "schema" in data and data["parameters"][1]["values"][0]["from"] == "2027-01-01"


def test_identical_editions_have_no_differences() -> None:
    folder = REPO_RULESETS / "zcf-cn-general" / "1.0.0"
    same = diff_rulesets(load_ruleset_dir(folder), load_ruleset_dir(folder))
    assert same.empty and same.before_digest == same.after_digest


def test_one_factory_under_both_editions(folders: tuple[Path, Path]) -> None:
    old, new = (compile_ruleset(load_ruleset_dir(f)) for f in folders)
    doc = {"share": Decimal("0.35"), "kind": "A", "emissions": Decimal("110"),
           "period": {"start": "2026-01-01", "end": "2026-12-31"}}
    outcome = compare_editions(old, new, doc)
    assert outcome.before.as_of == dt.date(2026, 12, 31)  # in force then
    assert outcome.after.as_of == dt.date(2027, 1, 1)  # the new edition's first day
    moved = {s.clause: (s.before, s.after) for s in outcome.statuses}
    assert moved["T-01"] == (ClauseStatus.PASS, ClauseStatus.FAIL)
    assert moved["T-02"] == (ClauseStatus.FAIL, ClauseStatus.PASS)
    assert moved["T-06"] == (ClauseStatus.PASS, None) and moved["T-07"] == (None, ClauseStatus.PASS)
    assert "T-03" not in moved
    common = compare_editions(old, new, doc, as_of=dt.date(2027, 3, 31))
    assert common.before.as_of == common.after.as_of == dt.date(2027, 3, 31)


@pytest.mark.parametrize(("check", "name", "polarity"), [
    ("x >= p", "p", "higher"),
    ("p <= x", "p", "higher"),
    ("x < p", "p", "lower"),
    ("not (x < p)", "p", "higher"),
    ("a and (b or x >= p + 1)", "p", "higher"),
    ("x >= q - p", "p", "lower"),
    ("x >= p * 1.5", "p", "higher"),
    ("x >= p * y", "p", "undecidable"),
    ("x == p", "p", "undecidable"),
    ("x >= p or x <= p", "p", "undecidable"),
    ("max(x, p) >= 1", "p", "undecidable"),
    ("k in p", "p", "fewer"),
    ("k not in p", "p", "more"),
    ("x >= 1", "p", None),
])
def test_polarity_from_the_expression_tree(check: str, name: str, polarity: str | None) -> None:
    assert name_polarity(parse(check), name) == polarity


def test_direction_of_a_move() -> None:
    assert direction("higher", Decimal("1"), Decimal("2")) == "stricter"
    assert direction("lower", Decimal("1"), Decimal("2")) == "looser"
    assert direction("fewer", ("A", "B"), ("A", "B", "C")) == "looser"
    assert direction("fewer", ("A", "B"), ("A", "C")) == "changed"  # neither subset nor superset
    assert direction("higher", "provincial", "national") == "changed"
    assert direction("higher", Decimal("1"), Decimal("1")) is None


def test_a_re_pointed_input_changes_the_clause(tmp_path: Path) -> None:
    old = _write(tmp_path, "1.0.0", OLD, OLD_SCHEMA)
    new = _write(tmp_path, "1.0.1", OLD.replace("  share: /share\n", "  share: /energy/share\n"), OLD_SCHEMA)
    diff = diff_rulesets(load_ruleset_dir(old), load_ruleset_dir(new))
    changes = {c.id: c for c in diff.clauses}
    assert changes["T-01"].change == "changed"
    assert "input share: /share → /energy/share" in changes["T-01"].reasons
    assert [(i.name, i.fields[0].before, i.fields[0].after) for i in diff.inputs] == [
        ("share", "/share", "/energy/share")]
