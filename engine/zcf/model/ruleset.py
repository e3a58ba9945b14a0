"""The ruleset model: what a loaded, validated ruleset YAML becomes (DESIGN §4).

A ruleset is data. Expressions stay source text here; `zcf.rulesets.compiler` turns them
into closures. Field descriptions reach the published JSON Schema.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from zcf.model.text import Text


class Provenance(StrEnum):
    #: printed in the cited official source
    PUBLISHED = "published"
    #: an official number seen in two or more independent reposts that agree; the original
    #: publication itself was not checked
    CONFIRMED = "confirmed"
    #: our placeholder where the source publishes no number; never passes as law
    PROVISIONAL = "provisional"
    #: computed from published numbers
    DERIVED = "derived"
    #: a value from one weak source, not yet checked against the original
    UNVERIFIED = "unverified"


class Provision(StrEnum):
    REQUIREMENT = "requirement"  # 应
    RECOMMENDATION = "recommendation"  # 宜
    PERMISSION = "permission"  # 可


class BasisKind(StrEnum):
    """Why a clause is stronger than the paragraph it cites (DESIGN §10)."""

    #: zcf reads more into the cited document than it says (a modelling choice)
    READING = "reading"
    #: common practice of other schemes, not a requirement of the cited document
    PRACTICE = "practice"


#: strength of a provision: informative (None) < permission < recommendation < requirement
_STRENGTH = {None: 0, "permission": 1, "recommendation": 2, "requirement": 3}


def provision_strength(provision: str | None) -> int:
    """0 informative, 1 permission (可), 2 recommendation (宜), 3 requirement (应)."""
    return _STRENGTH[provision]


class ClauseKind(StrEnum):
    GATE = "gate"  # must pass; a failure vetoes every grade
    SCORED = "scored"  # earns points
    INFO = "info"  # reported, never decides the verdict
    MANUAL = "manual"  # a person judges the evidence


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class DatedValue(_Frozen):
    """One value of a parameter, in force from `from_` until the next entry's `from_`."""

    from_: dt.date = Field(alias="from")
    value: Decimal | bool | str | list[str] | None = Field(
        description="None ends the series: no value is in force from this date."
    )


class Parameter(_Frozen):
    """A dated series of values with unit and provenance (OpenFisca style)."""

    name: str
    unit: str = Field(default="1", description="Canonical unit; '1' for ratios and counts.")
    provenance: Provenance
    source: str = Field(description="Citation: document, clause, URL; or why it is provisional.")
    description: Text | None = None
    values: tuple[DatedValue, ...] = Field(description="Sorted by date, oldest first.")
    milestone: bool = Field(
        default=False,
        description=("A target of milestone years: picked by the date the ruleset parameter "
                     "`milestone_date_basis` names (`period_end` or `as_of`), not always the as-of date."),
    )

    def at(self, as_of: dt.date) -> Decimal | bool | str | list[str] | None:
        """The value in force on `as_of`; raises ParameterNotInForceError if none is."""
        from zcf.errors import ParameterNotInForceError

        current: DatedValue | None = None
        for entry in self.values:
            if entry.from_ <= as_of:
                current = entry
        if current is None or current.value is None:
            raise ParameterNotInForceError(
                f"parameter {self.name!r} has no value in force on {as_of.isoformat()}",
                hint="evaluate as of a date inside the parameter's dated series "
                     "(`as_of=` in Python, `--as-of YYYY-MM-DD` on the command line)",
            )
        return current.value


class Input(_Frozen):
    """A name bound to a JSON pointer in the submission."""

    name: str
    pointer: str
    description: Text | None = None


class Metric(_Frozen):
    """A derived quantity: a vetted accounting function or an expression over other names."""

    name: str
    unit: str = "1"
    function: str | None = Field(default=None, description="Name in zcf.accounting.METRICS.")
    expr: str | None = Field(default=None, description="Expression over inputs, parameters, metrics.")
    description: Text | None = None


class LinearScore(_Frozen):
    """Points scale linearly from `baseline` (0 points) to `leading` (full weight).

    Works for both directions: if leading < baseline, lower values score higher.
    """

    value: str = Field(description="Expression giving the scored value.")
    baseline: str = Field(description="Expression (often a parameter name): 0 points here.")
    leading: str = Field(description="Expression: full points here and beyond.")


class Score(_Frozen):
    weight: Decimal = Field(description="Points the clause is worth.")
    group: str | None = Field(default=None, description="Indicator group the points count in.")
    linear: LinearScore | None = Field(
        default=None, description="Linear scoring; without it a passing clause earns full weight."
    )
    bonus: bool = Field(
        default=False, description="An optional item (加分项): its points add to the total, not to the maximum."
    )


class Messages(_Frozen):
    pass_: Text | None = Field(default=None, alias="pass")
    fail: Text | None = None
    not_applicable: Text | None = None
    indeterminate: Text | None = None
    manual_review: Text | None = None


class ClauseBasis(_Frozen):
    """A clause whose provision or kind is stronger than its source's, and why."""

    kind: BasisKind
    note: Text = Field(description="What the cited document says and what zcf makes of it.")


class Clause(_Frozen):
    id: str
    ref: str = Field(description="Label of the standard clause this one encodes, e.g. '5.3'.")
    document: str | None = Field(
        default=None, description="Standard document of `ref` when not the ruleset's own."
    )
    title: Text
    provision: Provision
    kind: ClauseKind
    applies_when: str | None = Field(default=None, description="Expression; absent = always applies.")
    requires: tuple[str, ...] = Field(
        default=(), description="Names that must be present (beyond those the check names)."
    )
    check: str | None = Field(default=None, description="Boolean expression; absent for manual.")
    threshold: str | None = Field(
        default=None, description="Parameter name the check compares against, shown as evidence."
    )
    score: Score | None = None
    messages: Messages = Messages()
    remediation: Text | None = None
    unreachable: dict[str, str] = Field(
        default_factory=dict,
        description="Status -> why no valid submission can produce it (so no scenario can show it).",
    )
    basis: ClauseBasis | None = Field(
        default=None,
        description=("Required when the provision or kind is stronger than the cited paragraph's: "
                     "zcf's reading or common practice, with a note."),
    )
    wording: dict[str, str] = Field(
        default_factory=dict,
        description=("Parameter -> the source's wording of the comparison with it (以下, 低于, 不低于 ...; "
                     "'zcf:' + a word where the source gives none); `zcf ruleset check` holds the "
                     "check's operator to it."),
    )

    def strength(self) -> int:
        """Its provision's strength; a gate vetoes every grade, so it is at least a requirement's."""
        own = provision_strength(self.provision.value)
        return max(own, provision_strength("requirement")) if self.kind is ClauseKind.GATE else own


class Grade(_Frozen):
    """A grade the factory reaches when every listed condition holds (checked in order)."""

    id: str
    title: Text
    requires_pass: tuple[str, ...] = Field(
        default=(), description="Clause ids that must pass (in addition to every gate)."
    )
    min_score: Decimal | str | None = Field(
        default=None, description="Points needed: a number, or the name of a parameter (with its provenance)."
    )
    when: str | None = Field(default=None, description="Extra expression that must hold.")


class StandardRef(_Frozen):
    document: str = Field(description="Id of the document in standards/ (file stem).")
    edition: str


class Ruleset(_Frozen):
    id: str
    version: str
    title: Text
    publisher: str
    status: Status
    effective_from: dt.date
    effective_from_provisional: bool = Field(
        default=False,
        description="effective_from is a placeholder (no date published): before it the ruleset "
                    "is still evaluated, as 'draft, informative', and never fails the exit code.")
    effective_until: dt.date | None = None
    supersedes: str | None = None
    extends: str | None = Field(default=None, description="Base ruleset, ID or ID@SPECIFIER.")
    drop_clauses: tuple[str, ...] = Field(default=(), description="Base clause ids dropped.")
    base: str | None = Field(default=None, description="Resolved base ruleset, ID@VERSION.")
    standard: StandardRef
    submission_schema: str = Field(default="submission.schema.json")
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    inputs: dict[str, Input] = Field(default_factory=dict)
    metrics: dict[str, Metric] = Field(default_factory=dict)
    clauses: tuple[Clause, ...] = ()
    grading: tuple[Grade, ...] = ()
    not_machine_checkable: dict[str, str] = Field(
        default_factory=dict,
        description="Standard clause label -> reason it has no ruleset clause.",
    )
    applies_to: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Scope filters, e.g. industry code prefixes or province codes.",
    )
    kind: Literal["ruleset"] = "ruleset"

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)
