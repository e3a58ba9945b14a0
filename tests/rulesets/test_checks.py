"""`check_ruleset`: every finding code fires on a small ruleset with one defect, with a clear message.

The fixture is a complete, traceable ruleset (standard + ruleset + features) in tmp_path; each case
breaks one thing. The last test runs the check on every ruleset shipped in the repo.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from tiny_standard import STANDARD, sec
from zcf.authoring.checks import CheckReport, Finding, Severity, check_ruleset
from zcf.authoring.features import scan_features
from zcf.errors import RulesetNotFoundError
from zcf.model.result import ClauseStatus
from zcf.model.ruleset import Provision
from zcf.rulesets import registry

BODY = (sec("1", "requirement", "占比应不低于下限。", "The share shall reach the minimum.")
        + sec("2", "recommendation", "宜记录说明。", "A note should be kept.")
        + sec("3", "requirement", "工厂应持续改进。", "The factory shall keep improving."))

RULESET = """\
id: tiny
version: 1.0.0
title: {zh-CN: 小规则集, en: Tiny ruleset}
publisher: tests
status: draft
effective_from: 2026-01-01
standard: {document: tiny-std, edition: "2026"}
parameters:
  share_min:
    unit: "1"
    provenance: provisional
    source: test placeholder
    values:
      - {from: 2026-01-01, value: 0.30}
  gwp_set:
    unit: "1"
    provenance: provisional
    source: test placeholder
    values:
      - {from: 2026-01-01, value: AR5}
inputs:
  share: /share
  note: /note
metrics:
  doubled: {expr: "share * 2"}
clauses:
  - id: T-01
    ref: "1"
    title: {zh-CN: 占比, en: Share}
    provision: requirement
    kind: gate
    check: "doubled >= share_min * 2"
    threshold: share_min
    wording: {share_min: 不低于}
  - id: T-02
    ref: "2"
    title: {zh-CN: 说明, en: Note}
    provision: recommendation
    kind: info
    check: "note != \\"\\""
  - id: T-03
    ref: "2"
    title: {zh-CN: 评审, en: Review}
    provision: recommendation
    kind: manual
not_machine_checkable:
  "3": "Continuous improvement; judged on site."
"""

SCHEMA = {"type": "object", "properties": {"share": {"type": "number"}, "note": {"type": "string"}}}

FEATURE = """\
# language: zh-CN
功能: 小规则集

  @clause_T_01
  场景大纲: 占比边界
    假如 占比为 <占比>
    那么 条款 T-01 的结论为 "<结论>"

    例子:
      | 占比 | 结论   |
      | 0.30 | 符合   |
      | 0.29 | 不符合 |

  @clause_T_02 @clause_T_03
  场景: 说明与评审
    假如 说明为 "有"
    那么 条款 T-02 的结论为 "符合"
    而且 条款 T-03 的结论为 "人工评审"
"""


class Tree:
    """A rulesets/, standards/ and features/ tree in tmp_path that a test may edit before checking."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "rulesets" / "tiny" / "1.0.0"
        self.ruleset = self.folder / "ruleset.yaml"
        self.features = root / "features"
        self.feature = self.features / "tiny" / "tiny.feature"

    def write(self, ruleset: str = RULESET, feature: str | None = FEATURE, schema: dict | None = None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.ruleset.write_text(ruleset, encoding="utf-8")
        (self.folder / "submission.schema.json").write_text(json.dumps(schema or SCHEMA), encoding="utf-8")
        if feature is not None:
            self.feature.parent.mkdir(parents=True, exist_ok=True)
            self.feature.write_text(feature, encoding="utf-8")

    def edit(self, old: str, new: str, *, path: Path | None = None) -> None:
        path = path or self.ruleset
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture has no {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, fragment: str, path: Path | None = None) -> int:
        lines = (path or self.ruleset).read_text(encoding="utf-8").splitlines()
        return next(i for i, text in enumerate(lines, start=1) if fragment in text)

    def check(self) -> CheckReport:
        return check_ruleset(self.folder, features_dir=self.features)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tree:
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / "tiny-std.xml").write_text(STANDARD.format(body=BODY), encoding="utf-8")
    monkeypatch.setenv("ZCF_RULESETS", str(tmp_path / "rulesets"))
    monkeypatch.setenv("ZCF_STANDARDS", str(tmp_path / "standards"))
    built = Tree(tmp_path)
    built.write()
    return built


def only(report: CheckReport, code: str) -> Finding:
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, f"expected one {code}, got {report.findings}"
    return found[0]


def test_complete_ruleset_is_ok_with_full_coverage(tree: Tree) -> None:
    report = tree.check()
    assert report.findings == ()
    assert report.ok
    assert report.ruleset == "tiny@1.0.0"
    assert [(c.clause_id, c.resolved, c.provision, c.scenarios, c.ok) for c in report.clauses] == [
        ("T-01", True, Provision.REQUIREMENT, 2, True),
        ("T-02", True, Provision.RECOMMENDATION, 1, True),
        ("T-03", True, Provision.RECOMMENDATION, 1, True),
    ]
    assert report.clauses[0].statuses == (ClauseStatus.PASS, ClauseStatus.FAIL)
    assert [(r.label, r.clauses, r.reason is not None) for r in report.requirements] == [
        ("1", ("T-01",), False), ("3", (), True)]
    assert (report.requirement_paragraphs_covered, report.requirement_paragraphs) == (2, 2)
    assert report.clauses_ok == 3


def drop_t01_scenarios(tree: Tree) -> None:
    tree.edit("  @clause_T_01\n", "  @other\n", path=tree.feature)


def drop_failing_row(tree: Tree) -> None:
    tree.edit("      | 0.29 | 不符合 |\n", "", path=tree.feature)


@pytest.mark.parametrize(("mutate", "fragments"), [
    (drop_t01_scenarios, ("gate clause T-01: 0 scenario(s)", '"符合" and one asserting "不符合"', "@clause_T_01")),
    (drop_failing_row, ("gate clause T-01: 1 scenario(s)", "statuses asserted: 符合)", 'asserting "不符合"')),
], ids=["no-scenarios", "no-failing-scenario"])
def test_missing_scenario_names_the_clause_and_what_is_missing(
        tree: Tree, mutate: Callable[[Tree], None], fragments: tuple[str, ...]) -> None:
    mutate(tree)
    report = tree.check()
    finding = only(report, "missing-scenario")
    assert (finding.clause_id, finding.severity, finding.file) == ("T-01", Severity.ERROR, str(tree.ruleset))
    assert finding.line == tree.line_of("- id: T-01")
    for fragment in fragments:
        assert fragment in finding.message
    assert not report.ok
    assert [c.ok for c in report.clauses] == [False, True, True]


def test_manual_clause_needs_a_manual_review_scenario(tree: Tree) -> None:
    tree.edit('而且 条款 T-03 的结论为 "人工评审"', '而且 条款 T-03 的结论为 "不适用"', path=tree.feature)
    finding = only(tree.check(), "missing-scenario")
    assert finding.clause_id == "T-03"
    assert 'manual clause T-03: 1 scenario(s)' in finding.message
    assert 'needs a scenario asserting "人工评审"' in finding.message


def test_broken_ref_is_unresolved_with_close_labels(tree: Tree) -> None:
    tree.edit('ref: "1"', 'ref: "1.1"')
    report = tree.check()
    finding = only(report, "unresolved-ref")
    assert finding.clause_id == "T-01"
    assert finding.line == tree.line_of('ref: "1.1"')
    assert finding.message == "ref '1.1' is not a clause label of tiny-std; did you mean 1?"
    assert report.clauses[0].resolved is False
    # §1 has lost its only clause, so its requirement is uncovered too
    assert "tiny-std §1 条款1 has 1 requirement paragraph(s)" in only(report, "uncovered-requirement").message


def test_uncovered_requirement_says_how_to_cover_it(tree: Tree) -> None:
    tree.edit('not_machine_checkable:\n  "3": "Continuous improvement; judged on site."\n', "")
    report = tree.check()
    finding = only(report, "uncovered-requirement")
    assert finding.message == (
        "tiny-std §3 条款3 has 1 requirement paragraph(s) (“工厂应持续改进。”) that no clause encodes: "
        'add a clause with ref: "3", or list "3" under not_machine_checkable with the reason')
    assert (report.requirement_paragraphs_covered, report.requirement_paragraphs) == (1, 2)


def test_not_machine_checkable_label_must_exist(tree: Tree) -> None:
    tree.edit('"3": "Continuous', '"3": "x"\n  "4": "Continuous')
    finding = only(tree.check(), "unknown-label")
    assert finding.message == "not_machine_checkable lists '4', which is not a clause label of tiny-std"
    assert finding.line == tree.line_of('"4":')


def test_missing_standard_document(tree: Tree) -> None:
    tree.edit("document: tiny-std", "document: tiny-gone")
    report = tree.check()
    finding = only(report, "missing-standard")
    assert finding.line == tree.line_of("standard: {document")
    assert finding.message.startswith(f"standard document 'tiny-gone' is not in {tree.root / 'standards'}")
    assert finding.message.endswith("add tiny-gone.xml there or correct the document id (did you mean tiny-std?)")
    assert [f.code for f in report.findings] == ["missing-standard"]  # refs are not judged without it


def test_unreadable_standard_document_keeps_the_reader_code(tree: Tree) -> None:
    (tree.root / "standards" / "tiny-std.xml").write_text("<standard><body>", encoding="utf-8")
    finding = only(tree.check(), "standard-invalid")
    assert finding.message.startswith("standard document 'tiny-std' cannot be read: ")


def test_input_pointer_missing_from_schema(tree: Tree) -> None:
    tree.edit("share: /share", "share: /shares")
    finding = only(tree.check(), "unknown-pointer")
    assert finding.line == tree.line_of("share: /shares")
    assert finding.message == ("input 'share' is bound to /shares, which the submission schema does not declare "
                               "(/ has: note, share); did you mean share?")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  note: /note\n", "  note: /note\n  spare: /note\n", "input 'spare' is used by no clause, metric or grade"),
    ("inputs:\n",
     "  spare_min: {provenance: provisional, source: x, values: [{from: 2026-01-01, value: 1}]}\ninputs:\n",
     "parameter 'spare_min' is used by no clause, metric or grade"),
], ids=["input", "parameter"])
def test_unused_name_is_a_warning(tree: Tree, old: str, new: str, message: str) -> None:
    tree.edit(old, new)
    report = tree.check()
    finding = only(report, "unused-name")
    assert (finding.severity, finding.message) == (Severity.WARNING, message)
    assert finding.line == tree.line_of(message.split("'")[1] + ":")
    assert report.ok


def test_bad_feature_file_is_a_finding_with_its_line(tree: Tree) -> None:
    bad = tree.features / "tiny" / "broken.feature"
    bad.write_text("# language: zh-CN\n功能: 坏\n  场景: 一\n    那么 好\n  这不是步骤\n", encoding="utf-8")
    report = tree.check()
    finding = only(report, "feature-syntax")
    assert (finding.file, finding.line, finding.severity) == (str(bad), 5, Severity.ERROR)
    assert "got '这不是步骤'" in finding.message
    assert all(c.ok for c in report.clauses)  # the good file still counts


@pytest.mark.parametrize(("old", "new", "code", "severity", "fragment"), [
    ('T-02 的结论为 "符合"', 'T-02 的结论为 "通过"', "unknown-status", Severity.ERROR,
     "status '通过' is not one of 符合, 不符合, 不适用, 待补充, 人工评审"),
    ("@clause_T_02 @clause_T_03", "@clause_T_02 @clause_T_03 @clause_T_99", "unknown-clause", Severity.WARNING,
     "tag @clause_T_99 names no clause of this ruleset"),
    ('  场景: 说明与评审\n    假如 说明为 "有"\n',
     '  场景: 说明与评审\n    假如 说明为 "有"\n    那么 条款 T-01 的结论为 "符合"\n',
     "untagged-assertion", Severity.WARNING, "asserts T-01 but is not tagged @clause_T_01"),
], ids=["unknown-status", "unknown-clause-tag", "untagged-assertion"])
def test_feature_step_problems(tree: Tree, old: str, new: str, code: str, severity: Severity,
                               fragment: str) -> None:
    tree.edit(old, new, path=tree.feature)
    finding = only(tree.check(), code)
    assert finding.severity is severity
    assert fragment in finding.message
    assert finding.file == str(tree.feature)


def test_compile_error_is_a_finding_and_other_checks_still_run(tree: Tree) -> None:
    tree.edit("check: \"doubled >= share_min * 2\"", "check: \"doubld >= share_min\"")
    tree.edit('ref: "2"', 'ref: "2.9"')
    report = tree.check()
    assert {f.code for f in report.findings} == {"unknown-name", "unresolved-ref"}
    finding = only(report, "unknown-name")
    assert (finding.clause_id, finding.file) == ("T-01", str(tree.ruleset))
    assert "doubld" in finding.message


def test_unloadable_ruleset_is_one_finding(tree: Tree) -> None:
    tree.edit("kind: gate", "kind: gat")
    report = tree.check()
    assert [f.code for f in report.findings] == ["ruleset-schema"]
    assert report.findings[0].line == tree.line_of("kind: gat")
    assert report.clauses == () and not report.ok


def test_missing_features_folder_leaves_every_clause_without_scenarios(tree: Tree) -> None:
    tree.feature.unlink()
    report = tree.check()
    assert [f.clause_id for f in report.findings if f.code == "missing-scenario"] == ["T-01", "T-02", "T-03"]


def test_unknown_ruleset_id_raises(tree: Tree) -> None:
    with pytest.raises(RulesetNotFoundError):
        check_ruleset("no-such-ruleset", features_dir=tree.features)


CHILD = """\
id: tiny-child
version: 1.0.0
title: {zh-CN: 子规则集, en: Child ruleset}
publisher: tests
status: draft
effective_from: 2026-01-01
extends: tiny@>=1.0
standard: {document: tiny-std, edition: "2026"}
inputs:
  extra: /extra
clauses:
  - id: C-01
    ref: "3"
    title: {zh-CN: 附加, en: Extra}
    provision: requirement
    kind: gate
    check: "extra > share"
"""


def _child(tree: Tree, extra: str = "") -> None:
    child = tree.root / "rulesets" / "tiny-child" / "1.0.0"
    child.mkdir(parents=True)
    (child / "ruleset.yaml").write_text(CHILD + extra, encoding="utf-8")
    (child / "submission.schema.json").write_text(json.dumps({"properties": {"extra": {"type": "number"}}}),
                                                  encoding="utf-8")
    (tree.features / "tiny-child").mkdir()
    (tree.features / "tiny-child" / "child.feature").write_text(
        FEATURE.replace("功能: 小规则集", "功能: 子规则集").replace("@clause_T_01", "@clause_C_01")
        .replace("条款 T-01", "条款 C-01"), encoding="utf-8")


def test_tailored_ruleset_is_checked_resolved_with_the_base_scenarios_of_unchanged_clauses(tree: Tree) -> None:
    _child(tree)
    report = check_ruleset("tiny-child@1.0.0", features_dir=tree.features)
    # `share` lives in the base schema: the allOf composition resolves it (no unknown-pointer)
    assert report.findings == ()
    rows = {c.clause_id: c for c in report.clauses}
    # T-01 is inherited and reads nothing the child redefines: the base's two scenarios count
    assert (rows["T-01"].scenarios, rows["T-01"].inherited, rows["T-01"].ok) == (2, 2, True)
    assert (rows["C-01"].scenarios, rows["C-01"].inherited) == (2, 0)
    assert rows["T-01"].exercised is None and not report.ran
    assert [r.label for r in report.requirements if r.clauses] == ["1", "3"]


def test_inherited_clause_reading_an_overridden_parameter_needs_its_own_scenarios(tree: Tree) -> None:
    _child(tree, extra="""\
parameters:
  share_min:
    unit: "1"
    provenance: provisional
    source: child override
    values:
      - {from: 2026-01-01, value: 0.50}
""")
    report = check_ruleset("tiny-child@1.0.0", features_dir=tree.features)
    assert {f.code for f in report.findings} == {"missing-scenario"}
    finding = only(report, "missing-scenario")
    assert "overrides share_min" in finding.message
    # the inherited clause is pointed at in the base's file, where it is declared
    assert (finding.clause_id, finding.file) == ("T-01", str(tree.ruleset))
    assert finding.line == tree.line_of("- id: T-01")
    rows = {c.clause_id: c for c in report.clauses}
    assert (rows["T-01"].inherited, rows["T-01"].changed_by) == (0, ("share_min",))


def test_outline_rows_are_scenario_instances(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.feature").write_text(textwrap.dedent("""\
        # language: zh-CN
        @clause_X_1
        功能: 继承标签

          规则: 一条规则
            场景大纲: 行
              那么 条款 <条款> 的结论为 "<结论>"

              @clause_X_2
              例子: 第二条
                | 条款 | 结论   |
                | X-2  | 不适用 |

              例子: 第一条
                | 条款 | 结论   |
                | X-1  | 符合   |
                | X-1  | 待补充 |
        """), encoding="utf-8")
    index = scan_features(folder, ["X-1", "X-2"])
    assert index.problems == ()
    assert [(r.line, r.statuses) for r in index.for_clause("X-1")] == [
        (12, ()), (16, (ClauseStatus.PASS,)), (17, (ClauseStatus.INDETERMINATE,))]
    assert [(r.line, r.name, r.statuses) for r in index.for_clause("X-2")] == [
        (12, "行 [第二条 #1]", (ClauseStatus.NOT_APPLICABLE,))]


# --------------------------------------------------------------------------------------------------
# REPO GATE: every ruleset shipped in rulesets/ must pass `zcf ruleset check` against the repo's
# standards/ and features/. It fails until each clause has its pass and fail scenarios; the failure
# lists the findings to fix.
# --------------------------------------------------------------------------------------------------
REPO_ENTRIES = registry.discover([registry.REPO_RULESETS])


@pytest.mark.parametrize("entry", REPO_ENTRIES, ids=[e.ref for e in REPO_ENTRIES])
def test_repo_ruleset_passes_check(entry: registry.RulesetEntry, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZCF_RULESETS", raising=False)
    monkeypatch.delenv("ZCF_STANDARDS", raising=False)
    report = check_ruleset(entry.folder)
    errors = [f"{f.code} {f.clause_id or ''} {f.message}" for f in report.findings if f.severity is Severity.ERROR]
    assert report.ok, f"{entry.ref}: {len(errors)} error finding(s):\n" + "\n".join(errors)


# --- issue 9 items 6 and 8: provision strength against the source, comparison wording ----------

def test_a_gate_on_a_recommendation_is_stronger_than_its_source(tree: Tree) -> None:
    tree.edit("    provision: recommendation\n    kind: info\n", "    provision: recommendation\n    kind: gate\n")
    report = tree.check()
    finding = only(report, "stronger-than-source")
    assert (finding.clause_id, finding.severity) == ("T-02", Severity.ERROR)
    assert "tiny-std §2, which is recommendation" in finding.message
    assert finding.line == tree.line_of("- id: T-02") + 3  # its provision line
    assert not report.ok
    assert [(c.clause_id, c.stronger) for c in report.clauses][:2] == [("T-01", False), ("T-02", True)]


def test_a_declared_basis_makes_a_stronger_clause_acceptable_and_is_reported(tree: Tree) -> None:
    tree.edit("    provision: recommendation\n    kind: info\n",
              "    provision: requirement\n    kind: info\n"
              "    basis: {kind: practice, note: {zh-CN: 地方方案通行做法, en: local schemes' practice}}\n")
    report = tree.check()
    assert report.ok, report.findings
    row = report.clauses[1]
    assert (row.clause_id, row.stronger, row.basis) == ("T-02", True, "practice")


def test_a_basis_on_a_clause_no_stronger_than_its_source_is_a_warning(tree: Tree) -> None:
    tree.edit("    kind: info\n", "    kind: info\n    basis: {kind: reading, note: {zh-CN: 无, en: none}}\n")
    finding = only(tree.check(), "basis-not-needed")
    assert (finding.clause_id, finding.severity) == ("T-02", Severity.WARNING)


def test_every_threshold_comparison_records_its_wording(tree: Tree) -> None:
    tree.edit("    wording: {share_min: 不低于}\n", "")
    finding = only(tree.check(), "wording-missing")
    assert finding.clause_id == "T-01"
    assert "compares with 'share_min' (>=)" in finding.message


@pytest.mark.parametrize(("check", "wording", "ok"), [
    ('"doubled >= share_min * 2"', "不低于", True),
    ('"doubled > share_min * 2"', "不低于", False),   # 不低于 includes the number
    ('"doubled > share_min * 2"', "超过", True),
    ('"share_min * 2 <= doubled"', "以上", True),     # threshold on the left: read as doubled >= ...
    ('"share_min * 2 < doubled"', "以上", False),
    ('"doubled <= share_min * 2"', "以下", True),     # 以下 includes the number (Civil Code art. 1259)
    ('"doubled < share_min * 2"', "以下", False),
    ('"doubled <= share_min * 2"', "低于", False),    # 低于 excludes it
    ('"doubled < share_min * 2"', "低于", True),
    ('"doubled >= share_min * 2"', "zcf:不低于", True),
    ('"doubled > share_min * 2"', "不低于/高于", True),
])
def test_the_operator_must_match_the_recorded_wording(tree: Tree, check: str, wording: str, ok: bool) -> None:
    tree.edit('check: "doubled >= share_min * 2"', f"check: {check}")
    tree.edit("wording: {share_min: 不低于}", f"wording: {{share_min: \"{wording}\"}}")
    report = tree.check()
    contradictions = [f for f in report.findings if f.code == "operator-contradicts-wording"]
    assert (not contradictions) is ok, report.findings
    if not ok:
        assert contradictions[0].clause_id == "T-01" and wording in contradictions[0].message


def test_an_unknown_word_is_an_error(tree: Tree) -> None:
    tree.edit("wording: {share_min: 不低于}", "wording: {share_min: 约}")
    assert only(tree.check(), "wording-unknown").clause_id == "T-01"


def test_a_ruleset_must_name_its_gwp_set(tree: Tree) -> None:
    tree.edit("  gwp_set:\n    unit: \"1\"\n    provenance: provisional\n    source: test placeholder\n"
              "    values:\n      - {from: 2026-01-01, value: AR5}\n", "")
    finding = only(tree.check(), "gwp-set-missing")
    assert finding.severity is Severity.ERROR and "gwp_set" in finding.message
