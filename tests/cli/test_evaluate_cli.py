"""`zcf evaluate` end to end: exit codes, formats, and bad input that never shows a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from zcf.cli.app import run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "zcf-cn-general"
AS_OF = ["--as-of", "2026-03-31"]


def evaluate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["evaluate", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("example", "code", "grade"),
    [
        ("zero-carbon", 0, "zero-carbon"),
        ("near-zero-carbon", 0, "near-zero-carbon"),
        ("failing", 1, None),
        ("incomplete", 1, None),
    ],
)
def test_examples_give_the_statuses_their_names_promise(capsys: pytest.CaptureFixture[str], example: str,
                                                        code: int, grade: str | None) -> None:
    status, out, _ = evaluate(capsys, str(EXAMPLES / f"{example}.json"), *AS_OF, "-f", "json", "--no-gaps")
    result = json.loads(out)
    assert status == code
    assert result["verdict"]["grade"] == grade
    assert set(result) >= {"engine", "ruleset", "submission", "as_of", "verdict", "score", "metrics", "clauses",
                           "evaluated_at"}
    assert result["ruleset"]["id"] == "zcf-cn-general" and len(result["ruleset"]["digest"]) == 64
    clause = result["clauses"][0]
    assert set(clause) >= {"id", "ref", "status", "evidence", "message"}
    assert set(clause["message"]) == {"zh-CN", "en"}


def test_incomplete_lists_pointers_to_supply(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = evaluate(capsys, str(EXAMPLES / "incomplete.json"), *AS_OF, "-f", "json", "--no-gaps")
    result = json.loads(out)
    missing = {c["id"]: c["missing"] for c in result["clauses"] if c["status"] == "indeterminate"}
    assert missing["GEN-16"] == ["/verification/report_id"]
    assert "/offsets" in missing["GEN-14"]
    assert set(result["verdict"]["indeterminate"]) == set(missing)


def test_provisional_thresholds_are_marked(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = evaluate(capsys, str(EXAMPLES / "zero-carbon.json"), *AS_OF, "-f", "json", "--no-gaps")
    result = json.loads(out)
    gen07 = next(c for c in result["clauses"] if c["id"] == "GEN-07")
    assert gen07["provisional"] is True
    assert gen07["evidence"]["thresholds"][0]["provenance"] == "provisional"
    assert result["verdict"]["provisional"] is True


def test_table_and_gaps_for_a_failing_factory(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = evaluate(capsys, str(EXAMPLES / "failing.json"), *AS_OF, "-f", "table", "--lang", "en")
    assert code == 1
    assert "Gates failed: GEN-06" in out
    assert "What it would take" in out and "GEN-14" in out


def test_gaps_are_exact_for_offsets(capsys: pytest.CaptureFixture[str]) -> None:
    """Retiring the reported amount flips the gate; one tonne less does not."""
    _, out, _ = evaluate(capsys, str(EXAMPLES / "near-zero-carbon.json"), *AS_OF, "-f", "json")
    result = json.loads(out)
    gap = next(g for g in result["gaps"] if g["target"] == "grade:zero-carbon" and g["lever"] == "retire_offsets")
    net = float(result["metrics"]["net_emissions"]["value"])
    assert int(gap["amount"]) - 1 < net <= int(gap["amount"])


def test_multi_scheme_json_has_results(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = evaluate(capsys, str(EXAMPLES / "zero-carbon.json"), *AS_OF, "--ruleset", "all", "-f", "json",
                            "--no-gaps")
    data = json.loads(out)
    assert code in (0, 1)
    assert [r["ruleset"]["id"] for r in data["results"]][0:1] == ["zcf-cn-general"] or any(
        r["ruleset"]["id"] == "zcf-cn-general" for r in data["results"])
    assert all("gaps" in r for r in data["results"])


BAD = [
    pytest.param(b"{not json", 3, "line 1", id="malformed-json"),
    pytest.param(b'{"a": NaN}', 3, "NaN", id="nan"),
    pytest.param(b"[" * 10_000 + b"]" * 10_000, 3, "deep", id="nesting-10000"),
    pytest.param(b" " * (21 * 1024 * 1024) + b"{}", 3, "limit", id="too-large"),
]


@pytest.mark.parametrize(("content", "code", "needle"), BAD)
def test_bad_files_get_clear_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, code: int,
                                    needle: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    status, _, err = evaluate(capsys, str(path), *AS_OF)
    assert status == code
    assert needle.lower() in err.lower()
    assert "Traceback" not in err


def _mutated(tmp_path: Path, change) -> Path:
    doc = json.loads((EXAMPLES / "zero-carbon.json").read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_invalid_submission_lists_every_problem_with_pointer(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    def change(doc: dict) -> None:
        del doc["period"]
        doc["energy"]["electricity"]["grid"][3]["amount"]["unit"] = "kW"
        doc["energy"]["electricity"]["grid"][4]["amount"]["value"] = "-5"

    status, _, err = evaluate(capsys, str(_mutated(tmp_path, change)), *AS_OF)
    assert status == 3
    assert "/period" in err
    assert "/energy/electricity/grid/3/amount/unit" in err
    assert "/energy/electricity/grid/4/amount/value" in err
    assert "Traceback" not in err


def test_certificate_listed_twice_is_refused(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    def change(doc: dict) -> None:
        certificates = doc["energy"]["electricity"]["green_certificates"]
        certificates.append(dict(certificates[0]))

    status, _, err = evaluate(capsys, str(_mutated(tmp_path, change)), *AS_OF, "--no-gaps")
    assert status == 3
    assert "/energy/electricity/green_certificates/0/serial" in err
    assert "/energy/electricity/green_certificates/4/serial" in err
    assert "Traceback" not in err


def test_certificate_bundled_and_listed_again_fails_gen06(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def change(doc: dict) -> None:
        trade = doc["energy"]["electricity"]["green_power_trades"][0]
        certificate = dict(doc["energy"]["electricity"]["green_certificates"][0])
        certificate["serial"] = trade["gec_serials"][0]
        doc["energy"]["electricity"]["green_certificates"].append(certificate)

    status, out, _ = evaluate(capsys, str(_mutated(tmp_path, change)), *AS_OF, "-f", "json", "--no-gaps")
    result = json.loads(out)
    assert status == 1
    assert next(c for c in result["clauses"] if c["id"] == "GEN-06")["status"] == "fail"
    assert any(p["code"] == "gec-double-count" for p in result["problems"])


def test_unknown_ruleset_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = evaluate(capsys, str(EXAMPLES / "zero-carbon.json"), "--ruleset", "zcf-nowhere")
    assert status == 2
    assert "known rulesets" in err


def test_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = evaluate(capsys, "no-such-file.json")
    assert status == 2 and ("not found" in err or "找不到提交文件" in err)  # in the --lang or locale language


def test_rulesets_json_lists_objects(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rulesets", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    general = next(r for r in rows if r["id"] == "zcf-cn-general")
    assert {"id", "version", "title", "effective_from", "effective_until"} <= set(general)


def test_schema_and_example_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schema", "zcf-cn-general"]) == 0
    assert json.loads(capsys.readouterr().out)["$schema"].endswith("2020-12/schema")
    assert run(["schema", "--result"]) == 0
    assert "EvaluationResult" in capsys.readouterr().out
    assert run(["example", "zcf-cn-general"]) == 0
    assert json.loads(capsys.readouterr().out)["enterprise"]["industry_code"]
