"""Validation problems read in Chinese with --lang zh-CN (their JSON keeps the English wording)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from zcf.cli.app import run
from zcf.locations import data_dir
from zcf.messages.problems import _ZH, problem_message
from zcf.model.problem import Problem

EXAMPLE = data_dir("examples") / "zcf-cn-general" / "zero-carbon.json"


def _broken(tmp_path: Path) -> Path:
    doc = json.loads(EXAMPLE.read_text("utf-8"))
    doc["energy"]["electricity"]["grid"][0]["amount"]["unit"] = "kW"  # enum
    doc["energy"]["electricity"]["grid"][1]["amount"]["value"] = "-3"  # any-of (non-negative decimal)
    del doc["period"]["start"]  # required
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def test_problems_print_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["evaluate", str(_broken(tmp_path)), "--as-of", "2026-03-31", "--lang", "zh-CN", "-f", "table"]) == 3
    err = capsys.readouterr().err
    assert "不在可选值中，应为以下之一：kWh、MWh、GWh" in err
    assert "缺少必填字段 'start'" in err
    assert "填写的 '-3' 不符合要求" in err
    assert "Found" not in err


def test_problems_stay_english_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["evaluate", str(_broken(tmp_path)), "--as-of", "2026-03-31", "--lang", "en", "-f", "table"]) == 3
    err = capsys.readouterr().err
    assert "expected one of: kWh, MWh, GWh" in err and "不在可选值中" not in err


def test_every_wording_formats_with_its_params() -> None:
    for code, (needed, _) in _ZH.items():
        params = {"property": "x", "found": "'v'", "expected": ["number"], "options": ["a", "b"], "limit": 1,
                  "pattern": "^[0-9]+$", "format": "date"}
        problem = Problem(code=code, pointer="/x", message="English", params={k: params[k] for k in needed})
        assert problem_message(problem, "zh-CN") != "English", code


def test_a_problem_without_the_params_keeps_its_english_message() -> None:
    problem = Problem(code="schema-enum", pointer="/x", message="English only", params={})
    assert problem_message(problem, "zh-CN") == "English only"
