"""The terminal table as a new user reads it: value against threshold, words in the chosen language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from zcf.cli.app import run
from zcf.cli.info import rulesets

ROOT = Path(__file__).resolve().parents[2]
FAILING = ROOT / "examples/zcf-cn-general/failing.json"
AS_OF = ["--as-of", "2026-03-31"]


def table(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "table.txt"
    assert run(["evaluate", *args, *AS_OF, "--no-gaps", "-f", "table", "-o", str(out)]) in (0, 1)
    return out.read_text("utf-8")


def test_english_table_shows_values_against_thresholds_in_english(tmp_path: Path) -> None:
    shown = table(tmp_path, str(FAILING), "--lang", "en")
    gen14 = next(line for line in shown.splitlines() if line.lstrip().startswith("GEN-14"))
    assert "not met" in gen14 and "10,874 tCO2e" in gen14 and "≤ 3,175 tCO2e" in gen14
    gen07 = next(line for line in shown.splitlines() if line.lstrip().startswith("GEN-07"))
    assert "should" in gen07 and "63.4 %" in gen07 and "≥ 30.0 %" in gen07
    assert not any(mark in shown for mark in ("应", "宜", "不符合", "not_applicable", "indeterminate"))
    assert " *" not in shown and shown.count("rests on a provisional") == 1
    assert "Missing data (by field)" in shown and "verification › report_id" in shown
    assert "/verification/report_id" in shown


def test_chinese_table_uses_chinese_words(tmp_path: Path) -> None:
    shown = table(tmp_path, str(FAILING), "--lang", "zh-CN")
    assert "不符合" in shown and "待补充数据（按字段）" in shown and " 应 " in shown
    assert "not met" not in shown


def test_no_number_in_the_table_has_more_than_four_decimals(tmp_path: Path) -> None:
    shown = table(tmp_path, str(ROOT / "examples/zcf-cn-general/near-zero-carbon.json"), "--lang", "en")
    assert not re.search(r"\d\.\d{5,}", shown)


def test_matrix_lists_missing_fields_not_clause_ids(tmp_path: Path) -> None:
    shown = table(tmp_path, str(ROOT / "examples/zcf-cn-general/incomplete.json"), "--ruleset", "all", "--lang", "en")
    assert "/" in shown.split("Missing data", 1)[1]
    assert "Missing data" in shown


def test_rulesets_gives_json_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rulesets"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"zcf-cn-general", "zcf-ceca-0171"} <= {r["id"] for r in rows}


def test_rulesets_fits_80_columns_without_cutting_ids(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    from zcf.cli.options import Format

    assert rulesets(Format.TABLE) == 0
    shown = capsys.readouterr().out
    assert max(len(line) for line in shown.splitlines()) <= 80
    for ruleset_id in ("zcf-ceca-0171", "zcf-cn-general", "zcf-sip-2026"):
        assert ruleset_id in shown
    assert "…" not in "".join(line.split()[0] for line in shown.splitlines() if line.strip())
    assert Console().width == 80
