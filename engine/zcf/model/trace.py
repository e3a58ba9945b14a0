"""How a metric was computed: formula, inputs with their pointers, factors with their sources."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from zcf.model.ruleset import Provenance


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TraceInput(_Frozen):
    pointer: str = Field(description="JSON pointer of the submitted value.")
    value: Decimal | str | bool | None
    unit: str | None = None


class TraceFactor(_Frozen):
    name: str = Field(description="e.g. 'grid.CN-East.2022.average' or 'fuel.diesel.ncv'.")
    value: Decimal
    unit: str
    source: str
    provenance: Provenance
    level: Literal["provincial", "regional", "national"] | None = Field(
        default=None, description="For a grid factor: the level of the MEE/NBS series it was taken from.")
    reason: str | None = Field(
        default=None, description="Why this factor was chosen, e.g. the level asked for and any fallback.")


class MetricTrace(_Frozen):
    formula: str = Field(description="Human-readable formula, e.g. 'Σ AD × NCV × CC × OF × 44/12'.")
    inputs: tuple[TraceInput, ...] = Field(
        default=(), description="Submitted values this metric reads itself (not those of `uses`).")
    factors: tuple[TraceFactor, ...] = Field(
        default=(), description="Factors this metric applies itself (not those of `uses`).")
    uses: tuple[str, ...] = Field(
        default=(),
        description=("Names of the metrics this one is computed from, in the order it reads "
                     "them; their own traces (in the same result) list their inputs and factors."),
    )
    note: str | None = None


class MetricValue(_Frozen):
    """A computed metric, or the reason it could not be computed (`value` None + `missing`)."""

    name: str
    value: Decimal | None
    unit: str
    trace: MetricTrace
    missing: tuple[str, ...] = Field(default=(), description="Pointers whose absence blocks it.")
    provisional: bool = Field(
        default=False,
        description=("True when any factor used is not confirmed published, here or in any "
                     "metric it `uses`."),
    )
    gwp_set: str | None = Field(
        default=None, description="For a CO2e quantity: the IPCC GWP set it is expressed in (ruleset `gwp_set`).")
