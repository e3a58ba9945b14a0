"""Scores are rounded once, to 0.01, half to even (GB/T 8170 四舍六入五成双), whatever the caller's
decimal context: 2.345 points are reported as 2.34 (half up would give 2.35), 2.355 as 2.36."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from decimal import Decimal
from pathlib import Path

import pytest
import zcf
from tiny_ruleset import BASE
from zcf.rulesets.compiler import CompiledRuleset, compile_ruleset
from zcf.rulesets.loader import load_ruleset_dir

SCORED = """\
  - id: T-02
    ref: "2"
    title: {zh-CN: 得分, en: Points}
    provision: recommendation
    kind: scored
    check: "share >= 0"
    score:
      weight: 10
      group: energy
      linear: {value: share, baseline: "0", leading: "1"}
"""


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory: pytest.TempPathFactory) -> CompiledRuleset:
    folder = tmp_path_factory.mktemp("rulesets") / "tiny" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "ruleset.yaml").write_text(BASE + SCORED, encoding="utf-8")
    schema = {"type": "object", "properties": {"share": {"type": "number"}}}
    (folder / "submission.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    return compile_ruleset(load_ruleset_dir(Path(folder)))


def _points(ruleset: CompiledRuleset, share: str) -> tuple[Decimal | None, Decimal, Decimal]:
    result = zcf.evaluate(ruleset, {"share": Decimal(share)}, as_of=dt.date(2026, 6, 30))
    return result.clause("T-02").score, result.score.total, result.score.groups["energy"]


@pytest.mark.parametrize(("share", "points"), [
    ("0.2345", "2.34"),  # 2.345: the 4 is even, the 5 is dropped (half up: 2.35)
    ("0.2355", "2.36"),  # 2.355: the 5 rounds the odd 5 up to the even 6
    ("0.23451", "2.35"),  # more than half: up
    ("0.2344", "2.34"),
])
def test_score_rounds_half_to_even_at_the_boundary(ruleset: CompiledRuleset, share: str, points: str) -> None:
    assert _points(ruleset, share) == (Decimal(points),) * 3


def test_the_callers_decimal_context_does_not_change_a_score(ruleset: CompiledRuleset) -> None:
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        assert _points(ruleset, "0.2345") == (Decimal("2.34"),) * 3
