"""A small hand-checked submission shared by the accounting tests.

Expected values are worked out in each test module's comments. Factor values used:
natural gas NCV 389.31 GJ/10^4 Nm3, CC 15.3 tC/TJ, OF 0.99; diesel CC 20.2, OF 0.98;
grid 2022 (the newest published by 2025-12-31): East regional 0.5617, national residual 0.5856.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from zcf.accounting.context import AccountingContext

PARAMS: dict[str, Any] = {
    "grid_factor_level": "provincial",
    "heat_emission_factor": Decimal("0.11"),
    "electricity_tce_coefficient": Decimal("0.1229"),
    "gec_vintage_window_months": Decimal(12),
    "offset_eligible_types": ["CCER"],
    "offset_vintage_max_age_years": Decimal(5),
    "intensity_scope2_method": "market",
    "gec_retirement_grace_months": Decimal(3),
    "offset_retirement_grace_months": Decimal(12),
}


def q(value: str | int, unit: str) -> dict[str, Any]:
    return {"value": Decimal(value) if isinstance(value, str) else value, "unit": unit}


def cert(serial: str, mwh: int, vintage: str, retired: bool = True,
         retired_on: str = "2026-01-20", beneficiary: str = "91320412MA1WXPQ12X") -> dict[str, Any]:
    row = {"serial": serial, "amount": q(mwh, "MWh"), "vintage": vintage, "retired": retired}
    return {**row, "retired_on": retired_on, "beneficiary": beneficiary} if retired else row


def credit(serial: str, t: int, vintage: int, kind: str = "CCER",
           retired: bool = True, retired_on: str = "2026-02-10") -> dict[str, Any]:
    row = {"type": kind, "serial": serial, "amount": q(t, "tCO2e"), "vintage": vintage,
           "retired": retired}
    return {**row, "retired_on": retired_on} if retired else row


#: the verifier statement a reported process-emission figure needs
VERIFIED = {"verifier": "某核查机构", "report_id": "V-2025-001"}

SMALL: dict[str, Any] = {
    "schema_version": "1.0",
    "enterprise": {"name": "示例", "uscc": "91320412MA1WXPQ12X", "province": "32",
                   "industry_code": "C3841"},
    "period": {"start": "2025-01-01", "end": "2025-12-31"},
    "energy": {
        "electricity": {
            # 600 MWh + 400 MWh = 1 000 MWh from the grid
            "grid": [{"meter_id": "A", "amount": q(600000, "kWh")},
                     {"meter_id": "B", "amount": q("0.4", "GWh")}],
            "onsite_renewable": [{"source": "pv", "generated": q(300, "MWh"),
                                  "self_consumed": q(250, "MWh"), "exported": q(50, "MWh")}],
            "green_power_trades": [
                {"contract_id": "T1", "amount": q(300, "MWh"), "period_start": "2025-04-01",
                 "period_end": "2025-06-30", "gec_serials": ["G-1"]},
                # delivery starts before the period: not counted
                {"contract_id": "T2", "amount": q(100, "MWh"), "period_start": "2024-12-01",
                 "period_end": "2025-01-31"},
            ],
            "green_certificates": [
                cert("G-1", 1, "2025-05"),  # bundled with T1 already: double count, 1 MWh
                cert("G-2", 150, "2025-02"),  # counts
                cert("G-3", 50, "2025-03", retired=False),  # not retired
                cert("G-4", 20, "2023-12"),  # before the 12-month window (from 2024-01)
                cert("G-2", 150, "2025-02"),  # repeated serial: double count, 150 MWh
            ],
        },
        "fuels": [
            {"fuel": "natural_gas", "amount": q(50000, "Nm3")},
            {"fuel": "diesel", "amount": q(2000, "kg"), "ncv": q("43.0", "GJ/t")},
            {"fuel": "other", "name": "biomass briquettes", "amount": q(1, "t"),
             "ncv": q(20, "GJ/t"), "carbon_content": q(15, "tC/TJ"),
             "oxidation": q(98, "%")},
        ],
        "purchased_heat": [{"amount": q(1000, "GJ")},
                           {"amount": q("0.5", "TJ"), "emission_factor": q(90, "kgCO2/GJ")}],
    },
    "process_emissions": [{"source": "refrigerant", "amount": q(3, "tCO2e"), "verification": VERIFIED},
                          {"source": "CO2 extinguishers", "amount": q(500, "kgCO2e"),
                           "verification": VERIFIED}],
    "production": {"revenue": q(1000000, "CNY")},
    "history": [
        {"year": 2024, "emissions": q(620, "tCO2e"), "revenue": q(100, "10^4 CNY")},
        {"year": 2023, "emissions": q(700, "tCO2e"), "revenue": q(1000000, "CNY")},
        {"year": 2022, "emissions": q(650, "tCO2e"), "revenue": q(100, "10^4 CNY")},
    ],
    "efficiency": [
        {"product": "pack", "unit_energy": q("21.4", "kWh/kWh"), "reference": q(25, "kWh/kWh")},
        {"product": "module", "unit_energy": q("0.96", "kgce/kWh"),
         "reference": q("0.95", "kgce/kWh")},
    ],
    "offsets": [
        credit("C-1", 300, 2024),  # eligible
        credit("C-2", 100, 2019),  # older than 2025 - 5 = 2020
        credit("V-1", 50, 2024, kind="VCU"),  # type not accepted
        credit("C-3", 20, 2025, retired=False),  # not retired
        credit("C-1", 300, 2024),  # repeated serial: not counted again
    ],
}


@pytest.fixture
def ctx() -> AccountingContext:
    return AccountingContext(as_of=dt.date(2025, 12, 31), params=dict(PARAMS))


@pytest.fixture
def doc() -> dict[str, Any]:
    return copy.deepcopy(SMALL)
