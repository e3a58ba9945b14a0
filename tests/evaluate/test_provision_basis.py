"""Results carry the cited paragraph's own provision and say when a clause is zcf's reading or
common practice (issue 9 item 6, DESIGN §10)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import zcf
from rich.console import Console
from zcf.model.result import Basis, EvaluationResult, SourceProvision
from zcf.report.json_result import render_json
from zcf.report.table import render_table


@pytest.fixture(scope="module")
def result() -> EvaluationResult:
    return zcf.evaluate(zcf.load_ruleset("zcf-cn-general"), zcf.example_path("zcf-cn-general", "zero-carbon"),
                        as_of=dt.date(2026, 3, 31))


@pytest.mark.parametrize(("clause", "cited", "basis"), [
    ("GEN-01", SourceProvision.REQUIREMENT, Basis.SOURCE),
    ("GEN-07", SourceProvision.RECOMMENDATION, Basis.SOURCE),
    ("GEN-04", SourceProvision.INFORMATIVE, Basis.READING),
    ("GEN-06", SourceProvision.INFORMATIVE, Basis.READING),
    ("GEN-08", SourceProvision.INFORMATIVE, Basis.PRACTICE),
    ("GEN-13", SourceProvision.PERMISSION, Basis.READING),
    ("GEN-16", SourceProvision.INFORMATIVE, Basis.PRACTICE),
    ("GEN-17", SourceProvision.INFORMATIVE, Basis.PRACTICE),
    ("GEN-18", SourceProvision.INFORMATIVE, Basis.PRACTICE),
])
def test_the_cited_provision_comes_from_the_standard(result: EvaluationResult, clause: str,
                                                      cited: SourceProvision, basis: Basis) -> None:
    found = result.clause(clause)
    assert found.standard is not None and found.standard.provision is cited
    assert found.basis is basis
    assert (found.basis_note is None) is (basis is Basis.SOURCE)


def test_json_names_the_basis(result: EvaluationResult) -> None:
    data = json.loads(render_json(result))
    gen16 = next(c for c in data["clauses"] if c["id"] == "GEN-16")
    assert (gen16["provision"], gen16["standard"]["provision"], gen16["basis"]) == (
        "requirement", "informative", "practice")
    assert "Shanghai" in gen16["basis_note"]["en"]


def test_the_table_marks_readings_and_practice(result: EvaluationResult) -> None:
    out = io.StringIO()
    render_table(result, Console(file=out, width=200, color_system=None), lang="zh-CN")
    text = out.getvalue()
    assert "GEN-04 4.1.4 应†" in text and "GEN-16 5.1 应‡" in text and "GEN-01 4.1.1 应 " in text
    assert "† zcf 的解读" in text and "‡ 通行做法" in text
