"""A value the check rounds before comparing is shown as compared, not as computed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import zcf
from zcf.report.figures import compare


def test_a_rounded_check_shows_the_rounded_value() -> None:
    result = zcf.evaluate("zcf-cn-general", zcf.example_path("zcf-cn-general", "zero-carbon"),
                          as_of=dt.date(2026, 3, 31))
    clause = result.clause("GEN-12")
    assert "round(offset_ratio, 2)" in (clause.evidence.check or "")
    ratio = result.metrics["offset_ratio"].value
    assert ratio is not None and Decimal("1.000") < ratio < Decimal("1.005")  # 100.2 % computed
    assert clause.status == "pass"  # 1.00 after rounding to 2 places, within the 100 % cap
    shown = compare(clause, "en", result)
    assert shown.value == "100.0 %", shown
