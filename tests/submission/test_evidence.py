"""Evidence listed twice is a submission problem (exit 3) naming both pointers (issue 9 item 1)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from zcf.errors import SubmissionInvalidError
from zcf.model.problem import Severity
from zcf.submission import check, load_schema, read_submission

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = load_schema(ROOT / "rulesets/zcf-cn-general/1.0.0/submission.schema.json")
EXAMPLE = ROOT / "examples/zcf-cn-general/zero-carbon.json"
TRADES = "/energy/electricity/green_power_trades"


def example() -> dict[str, Any]:
    return read_submission(EXAMPLE)


def refused(doc: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    with pytest.raises(SubmissionInvalidError) as info:
        check(doc, SCHEMA)
    assert info.value.exit_code == 3
    return [(p.code, p.pointer, p.params.get("pointers", [])) for p in info.value.problems
            if p.severity is Severity.ERROR]


def test_the_same_contract_listed_twice_is_refused() -> None:
    doc = example()
    trades = doc["energy"]["electricity"]["green_power_trades"]
    last = len(trades)
    trades.append(copy.deepcopy(trades[0]))
    assert refused(doc) == [("trade-duplicate", f"{TRADES}/{last}",
                             [f"{TRADES}/0", f"{TRADES}/{last}"])]


def test_a_row_inside_another_rows_delivery_of_the_same_contract_is_refused() -> None:
    doc = example()
    trades = doc["energy"]["electricity"]["green_power_trades"]
    monthly = copy.deepcopy(trades[0])
    monthly["period_start"], monthly["period_end"] = "2025-02-01", "2025-02-28"
    trades.append(monthly)
    (found,) = refused(doc)
    assert found[0] == "trade-duplicate" and found[2][0] == f"{TRADES}/0"


@pytest.mark.parametrize(("change", "accepted"), [
    ({"contract_id": "another contract"}, True),
    ({"seller": "another seller"}, True),
    ({"period_start": "2025-04-01", "period_end": "2025-04-30"}, True),
    ({"seller": None}, False),  # without a counterparty the rows cannot be told apart
])
def test_what_identifies_a_trade(change: dict[str, Any], accepted: bool) -> None:
    doc = example()
    trades = doc["energy"]["electricity"]["green_power_trades"]
    first = trades[0]
    first["period_start"], first["period_end"] = "2025-01-01", "2025-03-31"
    other = copy.deepcopy(first)
    other.update({k: v for k, v in change.items() if v is not None})
    for key in [k for k, v in change.items() if v is None]:
        other.pop(key)
    trades[1:] = [other]
    if accepted:
        check(doc, SCHEMA)
    else:
        assert [c for c, _, _ in refused(doc)] == ["trade-duplicate"]


def test_contract_id_is_required() -> None:
    doc = example()
    doc["energy"]["electricity"]["green_power_trades"][0].pop("contract_id")
    assert [(c, p) for c, p, _ in refused(doc)] == [
        ("schema-required", f"{TRADES}/0/contract_id")]


def test_a_certificate_listed_twice_is_refused() -> None:
    doc = example()
    certs = doc["energy"]["electricity"]["green_certificates"]
    certs.append(copy.deepcopy(certs[0]))
    base = "/energy/electricity/green_certificates"
    assert refused(doc) == [("gec-duplicate-serial", f"{base}/{len(certs) - 1}/serial",
                             [f"{base}/0/serial", f"{base}/{len(certs) - 1}/serial"])]


def test_a_credit_listed_twice_in_one_registry_is_refused() -> None:
    doc = example()
    offsets = doc["offsets"]
    offsets.append(copy.deepcopy(offsets[0]))
    last = len(offsets) - 1
    assert refused(doc) == [("offset-duplicate", f"/offsets/{last}/serial",
                             ["/offsets/0/serial", f"/offsets/{last}/serial"])]
    offsets[last]["registry"] = "Verra"  # the same number in another registry is another credit
    check(doc, SCHEMA)


def test_an_onsite_meter_listed_twice_is_refused() -> None:
    doc = example()
    onsite = doc["energy"]["electricity"]["onsite_renewable"]
    onsite[0]["meter_id"] = "PV-1"
    onsite.append(copy.deepcopy(onsite[0]))
    base = "/energy/electricity/onsite_renewable"
    assert refused(doc) == [("meter-duplicate", f"{base}/{len(onsite) - 1}/meter_id",
                             [f"{base}/0/meter_id", f"{base}/{len(onsite) - 1}/meter_id"])]
