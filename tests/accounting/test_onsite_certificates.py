"""On-site renewables whose certificates were sold are not green (issue 9 item 2)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from zcf.accounting import green_power, scope2
from zcf.accounting.context import AccountingContext
from zcf.errors import SubmissionInvalidError
from zcf.submission import check, load_schema, read_submission

RESIDUAL = Decimal("0.5856")  # national residual factor of 2022, newest on 2025-12-31
ROOT = Path(__file__).resolve().parents[2]


def pv(doc: dict[str, Any], **certificates: int) -> dict[str, Any]:
    # the small submission's installation: 300 MWh generated, 250 self-consumed, 50 exported
    doc["energy"]["electricity"]["onsite_renewable"][0].update(certificates)
    return doc


@pytest.mark.parametrize(("certificates", "green_onsite"), [
    ({}, 250),  # no certificate data: counted as declared
    ({"gec_issued": 300}, 250),  # every certificate still held
    ({"gec_issued": 300, "gec_retired_own": 250}, 250),
    ({"gec_issued": 300, "gec_sold": 50}, 250),  # the exported share's worth sold
    ({"gec_issued": 300, "gec_sold": 51}, 249),  # one certificate too many: 1 MWh not green
    ({"gec_issued": 300, "gec_sold": 100}, 200),
    ({"gec_issued": 300, "gec_sold": 300}, 0),
    ({"gec_issued": 0}, 0),  # none issued: nothing proves the attribute
])
def test_only_certificates_held_or_retired_make_onsite_power_green(
        certificates: dict[str, int], green_onsite: int, doc: dict[str, Any],
        ctx: AccountingContext) -> None:
    plain = scope2.market_based(doc, ctx).value
    before = green_power.green_electricity(doc, ctx).value
    assert before is not None and plain is not None
    pv(doc, **certificates)
    assert green_power.green_electricity(doc, ctx).value == before - 250 + green_onsite
    # the electricity whose attribute was sold is priced at the residual factor
    assert scope2.market_based(doc, ctx).value == plain + (250 - green_onsite) * RESIDUAL


def test_location_based_scope2_is_unchanged(doc: dict[str, Any], ctx: AccountingContext) -> None:
    plain = scope2.location_based(doc, ctx).value
    assert scope2.location_based(pv(doc, gec_issued=300, gec_sold=300), ctx).value == plain


def test_sold_and_retired_cannot_exceed_issued() -> None:
    schema = load_schema(ROOT / "rulesets/zcf-cn-general/1.0.0/submission.schema.json")
    doc = read_submission(ROOT / "examples/zcf-cn-general/zero-carbon.json")
    doc["energy"]["electricity"]["onsite_renewable"][0].update(
        gec_issued=100, gec_sold=60, gec_retired_own=41)
    with pytest.raises(SubmissionInvalidError) as info:
        check(doc, schema)
    assert [(p.code, p.pointer) for p in info.value.problems] == [
        ("onsite-gec-balance", "/energy/electricity/onsite_renewable/0/gec_issued")]
    doc["energy"]["electricity"]["onsite_renewable"][0].pop("gec_issued")
    with pytest.raises(SubmissionInvalidError):  # sold or retired needs the issued count
        check(doc, schema)
