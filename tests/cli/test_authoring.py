"""The authoring kit: `zcf new`, `zcf test`, `zcf ruleset check --run/--format sarif`, the generated reference.

`zcf test` starts pytest itself, so it runs here in a separate process (`python -m zcf`), as a user runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from zcf.accounting import METRICS
from zcf.bdd import reference
from zcf.cli.app import run
from zcf.rules.functions import FUNCTIONS, OPERATORS
from zcf.standards.catalog import get_document

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "authoring.md"
RID = "zcf-city-2026"


def zcf(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zcf", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)


@pytest.fixture
def city(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ZCF_RULESETS", raising=False)
    assert run(["new", "ruleset", RID, "--extends", "zcf-cn-general@^1.0", "--province", "32",
                "--dir", str(tmp_path)]) == 0
    return tmp_path


def folder(root: Path) -> Path:
    return root / "rulesets" / RID / "1.0.0"


def test_new_ruleset_writes_the_layout_and_refuses_to_overwrite(city: Path) -> None:
    written = sorted(str(p.relative_to(city)) for p in city.rglob("*") if p.is_file())
    assert written == [f"examples/{RID}/example.json", f"features/{RID}/CITY-01.feature",
                       f"rulesets/{RID}/1.0.0/ruleset.yaml", f"rulesets/{RID}/1.0.0/submission.schema.json",
                       f"standards/{RID}.xml"]
    text = (folder(city) / "ruleset.yaml").read_text(encoding="utf-8")
    assert 'extends: "zcf-cn-general@>=1.0,<2"' in text and 'province: ["32"]' in text
    assert run(["new", "ruleset", RID, "--dir", str(city)]) == 2


def test_new_ruleset_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["new", "ruleset", "City", "--dir", str(tmp_path)]) == 2
    assert run(["new", "ruleset", "zcf-x-1", "--extends", "zcf-cn-general@^x", "--dir", str(tmp_path)]) == 2
    assert run(["new", "ruleset", "zcf-x-1", "--extends", "no-such@^1.0", "--dir", str(tmp_path)]) == 2
    assert "not a version range" in capsys.readouterr().err
    assert not (tmp_path / "rulesets").exists()


def test_new_standard_is_a_readable_sts_document(tmp_path: Path) -> None:
    assert run(["new", "standard", "T/ABC 001-2026", "--dir", str(tmp_path)]) == 0
    doc = get_document("t-abc-001-2026", (tmp_path / "standards",))
    assert doc.labels == ("1",) or list(doc.labels) == ["1"]
    assert doc.find_clause("1") is not None


def test_check_without_run_says_has_scenarios_and_counts_inherited_ones(city: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["ruleset", "check", str(folder(city)), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and not report["ran"]
    rows = {c["clause_id"]: c for c in report["clauses"]}
    assert rows["CITY-01"]["scenarios"] == 3 and rows["CITY-01"]["inherited"] == 0
    # inherited unchanged: the base's scenarios count, none are copied
    assert rows["GEN-07"]["inherited"] == rows["GEN-07"]["scenarios"] > 0
    assert all(c["exercised"] is None for c in report["clauses"])


def test_zcf_test_runs_the_features_and_check_run_marks_them_exercised(city: Path) -> None:
    done = zcf(city, "test", str(folder(city)), "--backend", "compiled", "--format", "junit", "-o", "junit.xml")
    assert done.returncode == 0, done.stdout + done.stderr
    suite = ElementTree.parse(city / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    # the city's own 3 scenario runs and the base's scenarios of the 20 inherited clauses
    assert int(suite.get("tests", "0")) > 100 and suite.get("failures") == "0"
    checked = zcf(city, "ruleset", "check", str(folder(city)), "--run", "--format", "json")
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert report["ran"] and all(c["exercised"] for c in report["clauses"])


def test_a_failing_scenario_fails_zcf_test_and_the_check(city: Path) -> None:
    feature = city / "features" / RID / "CITY-01.feature"
    feature.write_text(feature.read_text(encoding="utf-8").replace("| 59.99% | 不符合 |", "| 59.99% | 符合 |"),
                       encoding="utf-8")
    done = zcf(city, "test", str(folder(city)), "--backend", "compiled", "-m", "clause_CITY_01")
    assert done.returncode == 1
    assert "expected CITY-01 符合" in done.stdout
    checked = zcf(city, "ruleset", "check", str(folder(city)), "--run", "--format", "json")
    assert checked.returncode == 4
    report = json.loads(checked.stdout)
    row = next(c for c in report["clauses"] if c["clause_id"] == "CITY-01")
    assert row["exercised"] is False
    assert any(f["code"] == "scenario-failed" and f["clause_id"] == "CITY-01" for f in report["findings"])


def test_zcf_test_without_features_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert run(["test", str(tmp_path / "empty")]) == 2


def test_sarif_places_problems_at_yaml_line_and_column(city: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder(city) / "ruleset.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    ref: CITY-01", "    ref: CITY-09"),
                    encoding="utf-8")
    assert run(["ruleset", "check", str(folder(city)), "--format", "sarif"]) == 4
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "unresolved-ref"]
    region = result["locations"][0]["physicalLocation"]["region"]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[region["startLine"] - 1][region["startColumn"] - 1:].startswith("ref: CITY-09")
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == path.resolve().as_uri()
    assert {"id": "unresolved-ref", "name": "unresolved-ref"} in log["runs"][0]["tool"]["driver"]["rules"]


def test_reference_sections_are_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert reference.render(text) == text, "run: python -m zcf.bdd.reference docs/authoring.md"


def test_reference_lists_every_metric_function_operator_function_and_step() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in (*METRICS, *FUNCTIONS, *OPERATORS):
        assert f"| `{name}` |" in text, name
    steps = [line for line in text.splitlines() if line.startswith(("| 假如 |", "| 当 |", "| 那么 |"))]
    assert len(steps) == reference.step_count() > 150


def test_a_shipped_tailored_ruleset_runs_through_zcf_test_with_its_inherited_scenarios(tmp_path: Path) -> None:
    done = zcf(tmp_path, "test", "zcf-sip-2026", "--backend", "compiled", "--format", "junit")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    suite = ElementTree.fromstring(done.stdout).find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    names = {case.get("classname", "") for case in suite.iter("testcase")}
    # its own features and the general ruleset's scenarios of the clauses it inherits unchanged
    assert any(name.endswith("test_inherited_features") for name in names)
    assert any(name.endswith("test_zcf_sip_2026_features") for name in names)
