"""Process-emission methods, each against a calculation done by hand from its formula.

The hand figures are worked out in the comments with the table's factors (data/
process_factors.yaml): CaO 0.7848 and MgO 1.0919 tCO2/t of oxide, calcite 0.4397, soda ash
0.4152, dolomite 0.4773 tCO2/t; carbon fractions limestone 0.1200, dolomite 0.1303, methanol
0.3749, urea 0.2000; provisional electrode 0.99, pig iron 0.045, crude steel 0.004 tC/t; coke
NCV 28.435 GJ/t × CC 29.5 tC/TJ; natural gas NCV 389.31 GJ/10^4 Nm3 × CC 15.3 tC/TJ.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import pytest
from zcf.accounting import scope1
from zcf.accounting.context import AccountingContext
from zcf.accounting.factors import load_table, process_default
from zcf.accounting.process_chemicals import chemical_feedstock
from zcf.accounting.process_metals import aluminium_primary, steel_carbon_balance
from zcf.accounting.process_minerals import carbonate_use, cement_clinker, lime
from zcf.accounting.tracing import Trace
from zcf.model.ruleset import Provenance

D = Decimal
CTX = AccountingContext(as_of=dt.date(2025, 12, 31))


def t(value: str | int) -> dict[str, Any]:
    return {"value": D(value), "unit": "t"}


def near(a: Decimal | None, b: Decimal, places: int = 6) -> bool:
    return a is not None and abs(a - b) < D(10) ** -places


# Standard atomic weights (IUPAC 2013 conventional values), as the table's derivation states.
AW = {"C": D("12.011"), "O": D("15.999"), "H": D("1.008"), "N": D("14.007"), "Ca": D("40.078"),
      "Mg": D("24.305"), "Na": D("22.990"), "K": D("39.098"), "Li": D("6.94"), "Ba": D("137.33"),
      "Sr": D("87.62"), "Fe": D("55.845")}
FORMULAS = {"calcite": {"Ca": 1, "C": 1, "O": 3}, "magnesite": {"Mg": 1, "C": 1, "O": 3},
            "dolomite": {"Ca": 1, "Mg": 1, "C": 2, "O": 6}, "soda_ash": {"Na": 2, "C": 1, "O": 3},
            "sodium_bicarbonate": {"Na": 1, "H": 1, "C": 1, "O": 3},
            "potassium_carbonate": {"K": 2, "C": 1, "O": 3},
            "barium_carbonate": {"Ba": 1, "C": 1, "O": 3},
            "lithium_carbonate": {"Li": 2, "C": 1, "O": 3},
            "strontium_carbonate": {"Sr": 1, "C": 1, "O": 3}, "siderite": {"Fe": 1, "C": 1, "O": 3}}


def molar(formula: dict[str, int]) -> Decimal:
    return sum((AW[e] * n for e, n in formula.items()), D(0))


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_carbonate_factors_are_the_stoichiometry(name: str) -> None:
    formula = FORMULAS[name]
    expected = (formula["C"] * molar({"C": 1, "O": 2}) / molar(formula)).quantize(
        D("0.0001"), ROUND_HALF_EVEN)
    factor = process_default("carbonates", name)
    assert factor.value == expected and factor.provenance is Provenance.DERIVED


def test_oxide_and_product_carbon_factors_are_the_stoichiometry() -> None:
    co2 = molar({"C": 1, "O": 2})
    q = D("0.0001")
    assert process_default("oxides", "cao").value == (co2 / molar({"Ca": 1, "O": 1})).quantize(q)
    assert process_default("oxides", "mgo").value == (co2 / molar({"Mg": 1, "O": 1})).quantize(q)
    for name, formula in {"methanol": {"C": 1, "H": 4, "O": 1}, "ethylene": {"C": 2, "H": 4},
                          "urea": {"C": 1, "H": 4, "N": 2, "O": 1},
                          "limestone": FORMULAS["calcite"], "dolomite": FORMULAS["dolomite"]}.items():
        expected = (formula["C"] * AW["C"] / molar(formula)).quantize(q)
        assert process_default("carbon", name).value == expected, name


def test_every_row_has_a_source_and_a_known_status() -> None:
    table = load_table("process_factors")
    groups = [table[g] for g in ("carbonates", "oxides", "carbon", "aluminium")]
    groups += list(table["gwp"].values())
    for group in groups:
        for key, row in group.items():
            assert row["status"] in {"derived", "not_found"}, key
            assert row["source"] and all(s in table["sources"] for s in row["source"]), key
            assert row["status"] == "derived" or row.get("note"), f"{key}: provisional needs a reason"


def test_cement_clinker_with_kiln_and_bypass_dust_and_raw_meal() -> None:
    row = {"clinker": t(100000), "kiln_dust": t(2000), "bypass_dust": t(1000),
           "dust_calcination": "0.5", "cao": "0.655", "cao_non_carbonate": "0.010",
           "mgo": "0.025", "mgo_non_carbonate": "0.005",
           "raw_meal": t(155000), "raw_meal_organic_carbon": "0.001"}
    trace = Trace()
    # EF = (0.655 − 0.010) × 0.7848 + (0.025 − 0.005) × 1.0919 = 0.506196 + 0.021838 = 0.528034
    # mass = 100 000 + 0.5 × (2 000 + 1 000) = 101 500 t → 101 500 × 0.528034 = 53 595.451
    # raw meal: 155 000 × 0.001 × 44/12 = 568.333…
    expected = D("53595.451") + D(155) * 44 / 12
    assert near(cement_clinker(row, "/p/0/cement_clinker", trace, {}, CTX), expected)
    assert {f.name for f in trace.factors.values()} == {"process.oxides.cao", "process.oxides.mgo"}


def test_cement_clinker_dust_defaults_to_fully_calcined_and_missing_oxide_is_reported() -> None:
    row = {"clinker": t(1000), "kiln_dust": t(100), "cao": "0.65", "mgo": "0.02"}
    # (1 000 + 100) × (0.65 × 0.7848 + 0.02 × 1.0919) = 1 100 × 0.531958 = 585.1538
    assert cement_clinker(row, "/c", Trace(), {}, CTX) == D("585.1538")
    trace = Trace()
    assert cement_clinker({"clinker": t(1000), "cao": "0.65"}, "/c", trace, {}, CTX) is None
    assert list(trace.missing) == ["/c/mgo"]


def test_carbonate_use_glass_batch() -> None:
    row = {"carbonates": [
        {"carbonate": "soda_ash", "mass": t(12000), "purity": "0.99"},
        {"carbonate": "dolomite", "mass": {"value": D(8000000), "unit": "kg"}},
        {"carbonate": "calcite", "mass": t(3000), "calcination": "0.9"},
        {"carbonate": "other", "mass": t(10), "emission_factor": "0.3"}]}
    # 12 000 × 0.99 × 0.4152 = 4 932.576; 8 000 × 0.4773 = 3 818.4;
    # 3 000 × 0.9 × 0.4397 = 1 187.19; 10 × 0.3 = 3  → 9 941.166
    assert carbonate_use(row, "/g", Trace(), {}, CTX) == D("9941.166")


def test_lime_two_products() -> None:
    row = {"products": [{"mass": t(50000), "cao": "0.92", "mgo": "0.015"},
                        {"mass": t(20000), "cao": "0.55", "mgo": "0.38", "cao_non_carbonate": "0.01"}]}
    # 50 000 × (0.92 × 0.7848 + 0.015 × 1.0919) = 50 000 × 0.7383945 = 36 919.725
    # 20 000 × (0.54 × 0.7848 + 0.38 × 1.0919) = 20 000 × 0.838714 = 16 774.28
    assert lime(row, "/l", Trace(), {}, CTX) == D("53694.005")


def test_steel_carbon_balance() -> None:
    row = {"inputs": [{"material": "coke", "mass": t(1000)},
                      {"material": "limestone", "mass": t(500)},
                      {"material": "dolomite", "mass": t(200)},
                      {"material": "electrode", "mass": t(30)},
                      {"material": "pig_iron", "mass": t(10000)},
                      {"material": "other", "mass": t(100), "carbon_content": "0.5"}],
           "outputs": [{"material": "crude_steel", "mass": t(100000)},
                       {"material": "other", "mass": t(50), "carbon_content": "0.2"}]}
    trace = Trace()
    # in: coke 1 000 × 28.435 × 29.5 / 1000 = 838.8325; limestone 500 × 0.12 = 60;
    #     dolomite 200 × 0.1303 = 26.06; electrode 30 × 0.99 = 29.7; pig iron 10 000 × 0.045 = 450;
    #     other 100 × 0.5 = 50 → 1 454.5925 tC
    # out: crude steel 100 000 × 0.004 = 400; other 50 × 0.2 = 10 → 410 tC
    expected = (D("1454.5925") - 410) * 44 / 12  # 3 830.1725 tCO2
    assert near(steel_carbon_balance(row, "/s", trace, {}, CTX), expected)
    assert near(expected, D("3830.172500"))
    provenances = {f.name: f.provenance for f in trace.factors.values()}
    assert provenances["process.carbon.pig_iron"] is Provenance.PROVISIONAL
    assert provenances["process.carbon.limestone"] is Provenance.DERIVED


def test_steel_balance_never_goes_negative() -> None:
    row = {"inputs": [], "outputs": [{"material": "crude_steel", "mass": t(1000)}]}
    trace = Trace()
    assert steel_carbon_balance(row, "/s", trace, {}, CTX) == 0
    assert any("more carbon leaves" in n for n in trace.notes)


def test_primary_aluminium_with_the_ruleset_gwp_set() -> None:
    row = {"aluminium": t(400000), "net_anode_consumption": "0.41", "anode_sulphur": "0.021",
           "anode_ash": "0.003", "anode_effect_minutes": "0.05"}
    # CO2 = 400 000 × 0.41 × (1 − 0.021 − 0.003) × 44/12 = 164 000 × 0.976 × 44/12 = 586 901.333…
    # CF4 = 0.143 × 0.05 × 400 000 / 1000 = 2.86 t; C2F6 = 2.86 × 0.121 = 0.34606 t
    # AR5: 2.86 × 6 630 + 0.34606 × 11 100 = 18 961.8 + 3 841.266 = 22 803.066
    co2 = D(164000) * D("0.976") * 44 / 12
    ar5 = AccountingContext(as_of=CTX.as_of, params={"gwp_set": "AR5"})
    assert near(aluminium_primary(row, "/a", Trace(), {}, ar5), co2 + D("22803.066"))
    # AR4 from the submission when the ruleset names none: 2.86 × 7 390 + 0.34606 × 12 200
    doc = {"accounting": {"gwp_set": "AR4"}}
    assert near(aluminium_primary(row, "/a", Trace(), doc, CTX),
                co2 + D("21135.4") + D("4221.932"))


def test_aluminium_without_a_gwp_set_is_missing_and_defaults_are_provisional() -> None:
    row = {"aluminium": t(1000), "net_anode_consumption": "0.4", "anode_effect_minutes": "0.1"}
    trace = Trace()
    assert aluminium_primary(row, "/a", trace, {}, CTX) is None
    assert list(trace.missing) == ["/accounting/gwp_set"]
    sar = AccountingContext(as_of=CTX.as_of, params={"gwp_set": "SAR"})
    trace = Trace()
    assert aluminium_primary(row, "/a", trace, {}, sar) is None
    assert any("name AR4, AR5 or AR6" in n for n in trace.notes)
    trace = Trace()
    aluminium_primary(row, "/a", trace, {"accounting": {"gwp_set": "AR6"}}, CTX)
    sulphur = next(f for f in trace.factors.values() if f.name == "process.aluminium.anode_sulphur")
    assert sulphur.provenance is Provenance.PROVISIONAL


def test_methanol_from_coal_and_ammonia_urea_from_gas() -> None:
    methanol = {"product": "methanol",
                "feedstocks": [{"fuel": "coke", "amount": t(1000)}],
                "products": [{"material": "methanol", "mass": t(1500)}]}
    # in: 1 000 × 28.435 × 29.5 / 1000 = 838.8325 tC; out 1 500 × 0.3749 = 562.35 tC
    # (838.8325 − 562.35) × 44/12 = 276.4825 × 44/12 = 1 013.769 1666…
    assert near(chemical_feedstock(methanol, "/m", Trace(), {}, CTX), D("276.4825") * 44 / 12)
    ammonia = {"product": "ammonia",
               "feedstocks": [{"fuel": "natural_gas", "amount": {"value": D(5000000), "unit": "Nm3"},
                               "carbon_content": {"value": D("15.0"), "unit": "tC/TJ"}}],
               "products": [{"material": "ammonia", "mass": t(3000)},
                            {"material": "urea", "mass": t(1000)}],
               "co2_recovered": {"value": D(100), "unit": "tCO2"}}
    # in: 500 × 10^4 Nm3 × 389.31 × 15.0 / 1000 = 2 919.825 tC; out: urea 1 000 × 0.2 = 200 tC
    # (2 919.825 − 200) × 44/12 − 100 = 9 972.691 666… − 100
    assert near(chemical_feedstock(ammonia, "/n", Trace(), {}, CTX),
                D("2719.825") * 44 / 12 - 100)


def test_scope1_process_names_the_method_of_each_row() -> None:
    doc = {"process_emissions": [
        {"source": "石灰窑", "method": "lime",
         "lime": {"products": [{"mass": t(100), "cao": "0.9", "mgo": "0"}]}},
        {"source": "制冷剂逸散", "amount": {"value": D(5), "unit": "tCO2e"},
         "verification": {"verifier": "某核查机构", "report_id": "V-1"}}]}
    metric = scope1.process(doc, CTX)
    assert metric.value == D("75.632")  # 100 × 0.9 × 0.7848 + 5
    note = metric.trace.note or ""
    assert "/process_emissions/0: lime = 70.6320 tCO2e (lime calcination" in note
    assert "/process_emissions/1: reported = 5.0000 tCO2e (as reported, backed by a verifier" in note


def test_reported_figure_needs_a_verifier_statement() -> None:
    row = {"amount": {"value": D(5), "unit": "tCO2e"}}
    metric = scope1.process({"process_emissions": [row]}, CTX)
    assert metric.value is None and metric.missing == ("/process_emissions/0/verification",)
    inventory = {"verifier": "某核查机构", "report_id": "V-1"}
    assert scope1.process({"process_emissions": [row], "verification": inventory}, CTX).value == 5
    # a verification section without a report number is not a statement
    partial = {"process_emissions": [row], "verification": {"verifier": "某核查机构"}}
    assert scope1.process(partial, CTX).value is None


def test_method_row_without_its_activity_is_missing() -> None:
    metric = scope1.process({"process_emissions": [{"method": "cement_clinker"}]}, CTX)
    assert metric.missing == ("/process_emissions/0/cement_clinker",)
