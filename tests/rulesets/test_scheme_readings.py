"""Scheme readings (issue 9 item 11): dates follow the source, zcf's readings are provisional."""

from __future__ import annotations

import datetime as dt

import pytest
import zcf
from zcf.errors import RulesetNotFoundError
from zcf.model.ruleset import Provenance

EXAMPLE = zcf.example_path("zcf-cn-general", "zero-carbon")


def test_sip_call_is_not_applied_before_the_month_it_was_published() -> None:
    with pytest.raises(RulesetNotFoundError):
        zcf.load_ruleset("zcf-sip-2026", as_of=dt.date(2026, 3, 30))
    assert zcf.load_ruleset("zcf-sip-2026", as_of=dt.date(2026, 3, 31)).model.effective_from == dt.date(2026, 3, 31)


def test_sip_category2_method_is_a_provisional_reading_apart_from_the_published_share() -> None:
    model = zcf.load_ruleset("zcf-sip-2026").model
    assert model.parameters["sip_offset_share_min"].provenance is Provenance.PUBLISHED
    assert "market" not in model.parameters["sip_offset_share_min"].description.en
    assert model.parameters["sip_category2_method"].provenance is Provenance.PROVISIONAL
    sip01 = zcf.evaluate(zcf.load_ruleset("zcf-sip-2026"), EXAMPLE, as_of=dt.date(2027, 3, 31)).clause("SIP-01")
    shown = {t.parameter: t for t in sip01.evidence.thresholds}
    assert shown["sip_category2_method"].value == "market"
    assert sip01.provisional
