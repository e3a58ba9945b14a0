"""`Submission`: the typed view of a validated submission document (zcf-cn-general 1.0).

Mirrors `rulesets/zcf-cn-general/1.0.0/submission.schema.json`, which stays authoritative: the
schema decides validity (with every error's pointer), this model gives typed access afterwards.
Field names are the schema's; a test holds the two to the same property paths. Numbers are
`Decimal` (a binary float is refused); every model is frozen and refuses unknown fields, and
free-form data has one home, `extensions`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

_DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _decimal(value: Any) -> Any:
    """Accept Decimal, int or a decimal string; refuse float (it has lost digits already)."""
    if isinstance(value, bool | float):
        raise ValueError(f"expected a Decimal, an int or a decimal string, not {value!r} "
                         "(a bool, or a binary float that has lost digits already)")
    if isinstance(value, str):
        if not _DECIMAL_TEXT.fullmatch(value):
            raise ValueError(f"{value!r} is not a decimal string such as '1234.5'")
        return Decimal(value)
    if isinstance(value, int):
        return Decimal(value)
    return value


Dec = Annotated[Decimal, BeforeValidator(_decimal)]
Month = Annotated[str, Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
Year = Annotated[int, Field(ge=1990, le=2100)]
Count = Annotated[int, Field(ge=0)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Quantity(_Frozen):
    """{value, unit}; subclasses restrict the unit as the schema does per field."""

    value: Dec
    unit: str


class Electricity(Quantity):
    unit: Literal["kWh", "MWh", "GWh"]


class Heat(Quantity):
    unit: Literal["GJ", "MJ", "TJ"]


class FuelAmount(Quantity):
    unit: Literal["t", "kg", "Nm3", "10^4 Nm3"]


class CalorificValue(Quantity):
    unit: Literal["GJ/t", "MJ/kg", "kJ/kg", "GJ/10^4 Nm3", "MJ/Nm3", "kJ/Nm3"]


class CarbonContent(Quantity):
    unit: Literal["tC/TJ", "tC/GJ", "kgC/GJ"]


class Oxidation(Quantity):
    unit: Literal["1", "%"]


class HeatFactor(Quantity):
    unit: Literal["tCO2/GJ", "kgCO2/GJ"]


class Emissions(Quantity):
    unit: Literal["tCO2e", "kgCO2e", "tCO2", "kgCO2"]


class Footprint(Quantity):
    unit: Literal["gCO2e", "kgCO2e", "tCO2e"]


class Money(Quantity):
    unit: Literal["CNY", "10^4 CNY", "10^8 CNY"]


class Area(Quantity):
    unit: Literal["m2"]


class Mass(Quantity):
    unit: Literal["t", "kg"]


class Title(_Frozen):
    type: Literal["green_factory_national", "green_factory_provincial",
                  "green_lowcarbon_factory_provincial", "zero_carbon_list", "other"]
    year: Year | None = None
    issuer: str | None = None


class Certificate(_Frozen):
    system: Literal["ISO 9001", "ISO 14001", "ISO 45001", "ISO 50001", "ISO 14064-1", "other"]
    number: str | None = None
    valid_until: dt.date | None = None


class Compliance(_Frozen):
    major_incidents_3y: Count | None = None
    environmental_penalties_3y: Count | None = None
    dishonesty_listed: bool | None = None


class EtsYear(_Frozen):
    year: Year
    surrendered_in_full: bool | None = None


class Enterprise(_Frozen):
    name: str
    uscc: str
    province: str
    city: str | None = None
    industry_code: str
    ets_covered: bool | None = None
    titles: tuple[Title, ...] | None = None
    certificates: tuple[Certificate, ...] | None = None
    compliance: Compliance | None = None
    ets_compliance: tuple[EtsYear, ...] | None = None


class Period(_Frozen):
    start: dt.date
    end: dt.date


class Boundary(_Frozen):
    site_address: str | None = None
    description: str | None = None
    legal_entity: str | None = None
    area_m2: Area | None = None
    map_attached: bool | None = None


class Accounting(_Frozen):
    method: Literal["GB/T 32150", "GB/T 32151", "ISO 14064-1", "MEE-ETS-guideline",
                    "other"] | None = None
    sector_standard: str | None = None
    gwp_set: Literal["SAR", "AR4", "AR5", "AR6"] | None = None
    scope3_reported: bool | None = None


class GridReading(_Frozen):
    meter_id: str | None = None
    amount: Electricity
    month: Month | None = None


class OnsiteRenewable(_Frozen):
    source: Literal["pv", "wind", "biomass", "geothermal", "other"]
    generated: Electricity | None = None
    self_consumed: Electricity | None = None
    exported: Electricity | None = None
    meter_id: str | None = None
    gec_issued: Annotated[int, Field(ge=0)] | None = None
    gec_sold: Annotated[int, Field(ge=0)] | None = None
    gec_retired_own: Annotated[int, Field(ge=0)] | None = None


class GreenPowerTrade(_Frozen):
    contract_id: str
    amount: Electricity
    period_start: dt.date
    period_end: dt.date
    seller: str | None = None
    gec_serials: tuple[str, ...] | None = None


class GreenCertificate(_Frozen):
    serial: str
    amount: Electricity
    vintage: Month
    retired: bool
    retired_on: dt.date | None = None
    beneficiary: str | None = None


class ElectricityUse(_Frozen):
    grid: tuple[GridReading, ...] | None = None
    onsite_renewable: tuple[OnsiteRenewable, ...] | None = None
    green_power_trades: tuple[GreenPowerTrade, ...] | None = None
    green_certificates: tuple[GreenCertificate, ...] | None = None


class Fuel(_Frozen):
    fuel: Literal["raw_coal", "coke", "crude_oil", "fuel_oil", "gasoline", "diesel",
                  "kerosene", "jet_kerosene", "lpg", "natural_gas", "other"]
    name: str | None = None
    amount: FuelAmount
    ncv: CalorificValue | None = None
    carbon_content: CarbonContent | None = None
    oxidation: Oxidation | None = None
    use: str | None = None
    renewable: bool | None = None


class PurchasedHeat(_Frozen):
    amount: Heat
    emission_factor: HeatFactor | None = None
    supplier: str | None = None
    renewable: bool | None = None


class Energy(_Frozen):
    electricity: ElectricityUse | None = None
    fuels: tuple[Fuel, ...] | None = None
    purchased_heat: tuple[PurchasedHeat, ...] | None = None


Ratio = Annotated[Dec, Field(ge=0, le=1)]
NonNeg = Annotated[Dec, Field(ge=0)]


class _Oxides(_Frozen):
    cao: Ratio
    cao_non_carbonate: Ratio | None = None
    mgo: Ratio
    mgo_non_carbonate: Ratio | None = None


class CementClinker(_Oxides):
    clinker: Mass
    kiln_dust: Mass | None = None
    bypass_dust: Mass | None = None
    dust_calcination: Ratio | None = None
    raw_meal: Mass | None = None
    raw_meal_organic_carbon: Ratio | None = None


class CarbonateItem(_Frozen):
    carbonate: Literal["calcite", "magnesite", "dolomite", "soda_ash", "sodium_bicarbonate",
                       "potassium_carbonate", "barium_carbonate", "lithium_carbonate",
                       "strontium_carbonate", "siderite", "other"]
    mass: Mass
    purity: Ratio | None = None
    calcination: Ratio | None = None
    emission_factor: NonNeg | None = None


class CarbonateUse(_Frozen):
    carbonates: tuple[CarbonateItem, ...]


class LimeProduct(_Oxides):
    mass: Mass


class Lime(_Frozen):
    products: tuple[LimeProduct, ...]


class SteelInput(_Frozen):
    material: Literal["coke", "raw_coal", "limestone", "dolomite", "electrode", "pig_iron",
                      "direct_reduced_iron", "other"]
    mass: Mass
    carbon_content: Ratio | None = None


class SteelOutput(_Frozen):
    material: Literal["crude_steel", "pig_iron", "other"]
    mass: Mass
    carbon_content: Ratio | None = None


class SteelCarbonBalance(_Frozen):
    inputs: tuple[SteelInput, ...]
    outputs: tuple[SteelOutput, ...]


class AluminiumPrimary(_Frozen):
    aluminium: Mass
    net_anode_consumption: Ratio
    anode_sulphur: Ratio | None = None
    anode_ash: Ratio | None = None
    anode_effect_minutes: NonNeg
    cf4_slope: NonNeg | None = None
    c2f6_ratio: Ratio | None = None


class Feedstock(_Frozen):
    fuel: Literal["raw_coal", "coke", "crude_oil", "fuel_oil", "gasoline", "diesel",
                  "kerosene", "jet_kerosene", "lpg", "natural_gas", "other"]
    amount: FuelAmount
    ncv: CalorificValue | None = None
    carbon_content: CarbonContent | None = None


class ChemicalProduct(_Frozen):
    material: Literal["ammonia", "methanol", "ethylene", "propylene", "urea", "other"]
    mass: Mass
    carbon_content: Ratio | None = None


class ChemicalFeedstock(_Frozen):
    product: Literal["ammonia", "methanol", "ethylene", "other"]
    feedstocks: tuple[Feedstock, ...]
    products: tuple[ChemicalProduct, ...]
    co2_recovered: Emissions | None = None


class VerifierStatement(_Frozen):
    verifier: str
    report_id: str


class ProcessEmission(_Frozen):
    """One source: computed by `method` from its activity object, or a verified reported amount."""

    source: str | None = None
    method: Literal["reported", "cement_clinker", "carbonate_use", "lime", "steel_carbon_balance",
                    "aluminium_primary", "chemical_feedstock"] | None = None
    amount: Emissions | None = None
    cement_clinker: CementClinker | None = None
    carbonate_use: CarbonateUse | None = None
    lime: Lime | None = None
    steel_carbon_balance: SteelCarbonBalance | None = None
    aluminium_primary: AluminiumPrimary | None = None
    chemical_feedstock: ChemicalFeedstock | None = None
    verification: VerifierStatement | None = None


class Production(_Frozen):
    output: Quantity | None = None
    revenue: Money | None = None


class HistoryActivity(_Frozen):
    energy: Energy
    process_emissions: tuple[ProcessEmission, ...] | None = None


class HistoryYear(_Frozen):
    year: Year
    emissions: Emissions | None = None
    revenue: Money | None = None
    output: Quantity | None = None
    basis: Literal["restated", "as-reported"] | None = None
    activity: HistoryActivity | None = None


class Product(_Frozen):
    name: str
    functional_unit: str | None = None
    footprint: Footprint | None = None
    method: Literal["ISO 14067", "GB/T 24067", "PAS 2050", "other"] | None = None
    verified: bool | None = None
    disclosed: bool | None = None


class EfficiencyItem(_Frozen):
    product: str
    unit_energy: Quantity
    reference: Quantity
    reference_kind: Literal["benchmark", "advanced", "limit"] | None = None
    reference_source: str | None = None


class Measure(_Frozen):
    name: str
    reduction: Emissions | None = None


class ReductionPlan(_Frozen):
    exists: bool | None = None
    executed: bool | None = None
    measures: tuple[Measure, ...] | None = None


class Offset(_Frozen):
    type: Literal["CCER", "CEA", "CER", "VCU", "GS-VER", "I-REC", "GEC", "other"]
    serial: str
    amount: Emissions
    vintage: Year
    retired: bool
    retired_on: dt.date | None = None
    registry: str | None = None


class Digital(_Frozen):
    metering_coverage: Annotated[Dec, Field(ge=0, le=1)] | None = None
    energy_carbon_platform: bool | None = None
    realtime_monitoring: bool | None = None


class Disclosure(_Frozen):
    published: bool | None = None
    url: str | None = None
    method_disclosed: bool | None = None


class Verification(_Frozen):
    verifier: str | None = None
    competent: bool | None = None
    report_id: str | None = None
    date: dt.date | None = None
    standard: str | None = None


class InventoryCategories(_Frozen):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    category_1: Emissions = Field(alias="1")
    category_2: Emissions = Field(alias="2")
    category_3: Emissions | None = Field(default=None, alias="3")
    category_4: Emissions | None = Field(default=None, alias="4")
    category_5: Emissions | None = Field(default=None, alias="5")
    category_6: Emissions | None = Field(default=None, alias="6")


class VerifiedInventory(_Frozen):
    categories: InventoryCategories
    category2_method: Literal["market", "location"] | None = None
    verifier: str
    standard: str | None = None
    statement_date: dt.date


class Claim(_Frozen):
    standard: Literal["ISO 14068-1", "PAS 2060", "other"]
    period_end: dt.date | None = None
    certificate: str | None = None
    certifier: str | None = None


class Submission(_Frozen):
    """One factory's data for one reporting period.

    Examples:
        >>> s = Submission.model_validate({"schema_version": "1.0",
        ...     "enterprise": {"name": "x", "uscc": "91350100M000100Y43", "province": "35",
        ...                    "industry_code": "C3841"},
        ...     "period": {"start": "2025-01-01", "end": "2025-12-31"},
        ...     "production": {"revenue": {"value": "12.50", "unit": "10^4 CNY"}}})
        >>> s.period.end, s.production.revenue.value
        (datetime.date(2025, 12, 31), Decimal('12.50'))
    """

    schema_version: Literal["1.0"]
    enterprise: Enterprise
    period: Period
    boundary: Boundary | None = None
    accounting: Accounting | None = None
    energy: Energy | None = None
    process_emissions: tuple[ProcessEmission, ...] | None = None
    production: Production | None = None
    history: tuple[HistoryYear, ...] | None = None
    products: tuple[Product, ...] | None = None
    efficiency: tuple[EfficiencyItem, ...] | None = None
    reduction_plan: ReductionPlan | None = None
    offsets: tuple[Offset, ...] | None = None
    digital: Digital | None = None
    disclosure: Disclosure | None = None
    verification: Verification | None = None
    verified_inventory: VerifiedInventory | None = None
    claims: tuple[Claim, ...] | None = None
    #: free-form data for other tools; never read by the engine
    extensions: dict[str, Any] | None = None
