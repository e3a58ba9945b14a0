"""Every ruleset names its GWP set and every CO2e total reports it (issue 9 item 9)."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import zcf
from zcf.report.json_result import render_json
from zcf.rulesets import registry
from zcf.submission.reading import read_submission

AS_OF = dt.date(2026, 3, 31)


@pytest.mark.parametrize("ruleset", sorted({e.id for e in registry.discover()}))
def test_every_ruleset_names_a_gwp_set(ruleset: str) -> None:
    param = zcf.load_ruleset(ruleset).model.parameters["gwp_set"]
    assert param.at(dt.date(2036, 1, 1)) in ("SAR", "AR4", "AR5", "AR6") and param.source


def test_every_co2e_total_names_the_set() -> None:
    result = zcf.evaluate(zcf.load_ruleset("zcf-cn-general"), zcf.example_path("zcf-cn-general", "zero-carbon"),
                          as_of=AS_OF)
    data = json.loads(render_json(result))
    assert data["gwp_set"] == "AR5"
    co2e = {name: m.get("gwp_set") for name, m in data["metrics"].items() if "CO2e" in m["unit"]}
    assert {"scope1", "net_emissions", "gross_emissions", "offsets_eligible"} <= set(co2e)
    assert set(co2e.values()) == {"AR5"}
    assert data["metrics"]["grid_electricity"].get("gwp_set") is None  # MWh: no GWP


@pytest.mark.parametrize(("stated", "code"), [("AR4", "gwp-set-mismatch"), (None, "gwp-set-undeclared")])
def test_process_emissions_in_another_or_no_set_are_reported(stated: str | None, code: str) -> None:
    doc = copy.deepcopy(read_submission(zcf.example_path("zcf-cn-general", "zero-carbon")))
    if stated is None:
        del doc["accounting"]["gwp_set"]
    else:
        doc["accounting"]["gwp_set"] = stated
    result = zcf.evaluate(zcf.load_ruleset("zcf-cn-general"), doc, as_of=AS_OF)
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1 and found[0].pointer == "/accounting/gwp_set" and "AR5" in found[0].message
