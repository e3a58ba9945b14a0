"""`zcf ruleset check|show` through `zcf.cli.app.run`: output formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tiny_standard import STANDARD as TINY_STANDARD
from tiny_standard import sec
from zcf.cli.app import run
from zcf.rulesets.loader import load_ruleset_dir

STANDARD = TINY_STANDARD.format(
    body=sec("1", "requirement", "占比应不低于下限。", "The share shall reach the minimum."))

RULESET = """\
id: {id}
version: 1.0.0
title: {{zh-CN: 小规则集, en: Tiny ruleset}}
publisher: tests
status: draft
effective_from: 2026-01-01
standard: {{document: tiny-std, edition: "2026"}}
parameters:
  share_min:
    unit: "1"
    provenance: provisional
    source: test placeholder
    values:
      - {{from: 2026-01-01, value: 0.30}}
      - {{from: 2027-01-01, value: 12}}
  gwp_set:
    unit: "1"
    provenance: provisional
    source: test placeholder
    values:
      - {{from: 2026-01-01, value: AR5}}
inputs:
  share: /share
clauses:
  - id: T-01
    ref: "{ref}"
    title: {{zh-CN: 占比, en: Share}}
    provision: requirement
    kind: gate
    check: "share >= share_min"
    threshold: share_min
    wording: {{share_min: 不低于}}
"""

CHILD = """\
id: tiny-child
version: 1.0.0
title: {zh-CN: 子规则集, en: Child ruleset}
publisher: tests
status: draft
effective_from: 2026-01-01
extends: good@>=1.0
standard: {document: tiny-std, edition: "2026"}
parameters:
  share_min:
    provenance: published
    source: provincial guide
    values:
      - {from: 2026-01-01, value: 0.5}
"""

FEATURE = """\
# language: zh-CN
功能: 占比

  @clause_T_01
  场景大纲: 边界
    假如 占比为 <占比>
    那么 条款 T-01 的结论为 "<结论>"

    例子:
      | 占比 | 结论   |
      | 0.30 | 符合   |
      | 0.29 | 不符合 |
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`good` (traceable) and `broken` (unresolved ref) rulesets, their standard and features."""
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / "tiny-std.xml").write_text(STANDARD, encoding="utf-8")
    for rid, ref, text in (("good", "1", None), ("broken", "9", None), ("tiny-child", "", CHILD)):
        folder = tmp_path / "rulesets" / rid / "1.0.0"
        folder.mkdir(parents=True)
        (folder / "ruleset.yaml").write_text(text or RULESET.format(id=rid, ref=ref), encoding="utf-8")
        if text is None:
            schema = {"type": "object", "properties": {"share": {"type": "number"}}}
            (folder / "submission.schema.json").write_text(json.dumps(schema), encoding="utf-8")
        (tmp_path / "features" / rid).mkdir(parents=True)
        (tmp_path / "features" / rid / "t.feature").write_text(FEATURE, encoding="utf-8")
    monkeypatch.setenv("ZCF_RULESETS", str(tmp_path / "rulesets"))
    monkeypatch.setenv("ZCF_STANDARDS", str(tmp_path / "standards"))
    return tmp_path


def check(repo: Path, *args: str) -> list[str]:
    return ["ruleset", "check", *args, "--features", str(repo / "features")]


def test_check_ok_prints_the_coverage_table(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(check(repo, "good", "--format", "table")) == 0
    out = capsys.readouterr().out
    assert "good@1.0.0  ok" in out
    assert "T-01" in out and "§1" in out and "符合 不符合" in out and "has scenarios" in out
    # nothing ran, so nothing is claimed exercised
    assert "clauses: 1/1 traced and have scenarios (not run" in out and "exercised" not in out
    assert "requirement coverage of tiny-std: 1/1 paragraphs (1/1 clauses); §1→T-01" in out


def test_check_failure_exits_4_with_findings_in_the_table(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(check(repo, "broken", "--format", "table")) == 4
    out = capsys.readouterr().out
    assert "broken@1.0.0  FAILED" in out
    assert "error[unresolved-ref] T-01: ref '9' is not a clause label of tiny-std" in out
    assert "error[uncovered-requirement]: tiny-std §1 条款1" in out


def test_check_json_for_one_ruleset(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "rulesets" / "broken" / "1.0.0"
    assert run(check(repo, str(folder), "--format", "json")) == 4
    report = json.loads(capsys.readouterr().out)
    assert report["ruleset"] == "broken@1.0.0" and report["ok"] is False
    assert sorted(f["code"] for f in report["findings"]) == ["uncovered-requirement", "unresolved-ref"]
    assert report["clauses"][0] | {"statuses": None} == {
        "clause_id": "T-01", "kind": "gate", "ref": "9", "document": "tiny-std", "resolved": False,
        "provision": None, "scenarios": 2, "statuses": None, "ok": False, "stronger": False, "basis": None,
        "inherited": 0, "changed_by": [], "exercised": None}
    assert report["clauses"][0]["statuses"] == ["pass", "fail"]
    assert (report["requirement_paragraphs_covered"], report["requirement_paragraphs"]) == (0, 1)


def test_check_all_wraps_reports(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(check(repo, "--all", "--format", "json"))
    data = json.loads(capsys.readouterr().out)
    by_ref = {r["ruleset"]: r["ok"] for r in data["reports"]}
    assert by_ref["good@1.0.0"] is True and by_ref["broken@1.0.0"] is False
    assert "tiny-child@1.0.0" in by_ref  # and the repo's own rulesets, which stay on the search path
    assert (code, data["ok"]) == (4, False)


@pytest.mark.parametrize(("args", "message"), [
    ([], "name a ruleset to check, or pass --all"),
    (["no-such"], "no ruleset with id 'no-such'"),
], ids=["nothing", "unknown"])
def test_check_usage_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                   message: str) -> None:
    assert run(check(repo, *args)) == 2
    assert message in capsys.readouterr().err


def test_show_yaml_is_canonical_and_loads_back(repo: Path, capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    assert run(["ruleset", "show", "good"]) == 0
    text = capsys.readouterr().out
    assert '  ref: "1"\n  document: tiny-std\n' in text.replace("'", '"')
    assert "provenance: provisional" in text and "value: 0.30\n" in text and "value: 12\n" in text
    copy = tmp_path / "copy" / "good" / "1.0.0"
    copy.mkdir(parents=True)
    (copy / "ruleset.yaml").write_text(text, encoding="utf-8")
    (copy / "submission.schema.json").write_text("{}", encoding="utf-8")
    original = load_ruleset_dir(repo / "rulesets" / "good" / "1.0.0").model
    clause = original.clauses[0].model_copy(update={"document": "tiny-std"})
    assert load_ruleset_dir(copy).model == original.model_copy(update={"clauses": (clause,)})


def test_show_resolved_merges_the_base(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["ruleset", "show", "tiny-child", "--format", "json"]) == 0
    as_loaded = json.loads(capsys.readouterr().out)
    assert "clauses" not in as_loaded and as_loaded["extends"] == "good@>=1.0"
    assert run(["ruleset", "show", "tiny-child", "--resolved", "--format", "json"]) == 0
    resolved = json.loads(capsys.readouterr().out)
    assert resolved["base"] == "good@1.0.0"
    assert [(c["id"], c["document"]) for c in resolved["clauses"]] == [("T-01", "tiny-std")]
    assert resolved["parameters"]["share_min"]["provenance"] == "published"
    assert resolved["parameters"]["share_min"]["values"] == [{"from": "2026-01-01", "value": "0.5"}]
    assert resolved["inputs"] == {"share": {"pointer": "/share"}}
