"""The sector rulesets of the national phases through the CLI: each example reaches the grade its
name promises, alone and as one column of `--ruleset all`, which selects the ruleset by the
example's industry code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from zcf.cli.app import run

ROOT = Path(__file__).resolve().parents[2]
AS_OF = ["--as-of", "2026-03-31"]
SECTORS = ("zcf-cn-electronics", "zcf-cn-light", "zcf-cn-machinery", "zcf-cn-auto", "zcf-cn-pv")
PROMISED = {"zero-carbon": "zero-carbon", "near-zero-carbon": "near-zero-carbon", "failing": None,
            "component-zero-carbon": "zero-carbon"}
CASES = [(rid, name) for rid in SECTORS for name in PROMISED
         if (ROOT / "examples" / rid / f"{name}.json").is_file()]


def evaluate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = run(["evaluate", *args, *AS_OF, "-f", "json", "--no-gaps"])
    out, _ = capsys.readouterr()
    return code, json.loads(out)


@pytest.mark.parametrize(("ruleset_id", "example"), CASES, ids=[f"{r}/{e}" for r, e in CASES])
def test_example_reaches_its_grade_alone_and_under_all(capsys: pytest.CaptureFixture[str], ruleset_id: str,
                                                       example: str) -> None:
    path = str(ROOT / "examples" / ruleset_id / f"{example}.json")
    code, result = evaluate(capsys, path, "--ruleset", ruleset_id)
    assert result["verdict"]["grade"] == PROMISED[example]  # type: ignore[index]
    assert code == (1 if PROMISED[example] is None else 0)
    _, matrix = evaluate(capsys, path, "--ruleset", "all")
    by_id = {r["ruleset"]["id"]: r for r in matrix["results"]}  # type: ignore[attr-defined]
    assert ruleset_id in by_id, f"--ruleset all selected {sorted(by_id)}"
    assert by_id[ruleset_id]["verdict"]["grade"] == PROMISED[example]


def test_every_new_sector_has_three_examples() -> None:
    for rid in ("zcf-cn-electronics", "zcf-cn-light", "zcf-cn-machinery"):
        names = {p.stem for p in (ROOT / "examples" / rid).glob("*.json")}
        assert {"zero-carbon", "near-zero-carbon", "failing"} <= names, rid


DRAFTS = ("zcf-cn-steel", "zcf-cn-nonferrous", "zcf-cn-petchem", "zcf-cn-buildmat", "zcf-cn-textile")
DRAFT_CASES = [(rid, name) for rid in DRAFTS for name in ("zero-carbon", "near-zero-carbon", "failing")]


@pytest.mark.parametrize(("ruleset_id", "example"), DRAFT_CASES, ids=[f"{r}/{e}" for r, e in DRAFT_CASES])
def test_2030_drafts_are_informative_before_their_provisional_date(capsys: pytest.CaptureFixture[str],
                                                                   ruleset_id: str, example: str) -> None:
    path = str(ROOT / "examples" / ruleset_id / f"{example}.json")
    code, result = evaluate(capsys, path, "--ruleset", ruleset_id)
    verdict = result["verdict"]
    assert verdict["grade"] == PROMISED[example] and verdict["informative"] is True  # type: ignore[index]
    assert code == 0  # draft, informative: even the failing example does not fail the exit code
    _, matrix = evaluate(capsys, path, "--ruleset", "all")
    by_id = {r["ruleset"]["id"]: r for r in matrix["results"]}  # type: ignore[attr-defined]
    assert by_id[ruleset_id]["verdict"]["informative"] is True
    assert by_id[ruleset_id]["verdict"]["grade"] == PROMISED[example]
    code = run(["evaluate", path, "--ruleset", ruleset_id, "--as-of", "2030-03-31", "-f", "json", "--no-gaps"])
    after = json.loads(capsys.readouterr().out)
    assert after["verdict"]["informative"] is False
    assert code == (1 if PROMISED[example] is None else 0)


def test_draft_table_says_draft_informative(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "examples" / "zcf-cn-steel" / "failing.json")
    code = run(["evaluate", path, "--ruleset", "zcf-cn-steel", *AS_OF, "-f", "table", "--lang", "en", "--no-gaps"])
    out = capsys.readouterr().out
    assert code == 0 and "draft, informative" in out
