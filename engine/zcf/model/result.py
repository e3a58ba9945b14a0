"""The evaluation result: clause by clause, with evidence, verdict and replay digests (DESIGN §5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from zcf.model.attestation import Attestation
from zcf.model.problem import Problem
from zcf.model.ruleset import ClauseKind, Provenance, Provision
from zcf.model.text import Text
from zcf.model.trace import MetricValue


class ClauseStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    INDETERMINATE = "indeterminate"
    MANUAL_REVIEW = "manual_review"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class EvidenceValue(_Frozen):
    name: str
    value: Decimal | str | bool | list[str] | None
    unit: str | None = None
    pointer: str | None = Field(default=None, description="Where it came from, for inputs.")


class Threshold(_Frozen):
    parameter: str
    value: Decimal | str | bool | list[str] | None
    unit: str
    provenance: Provenance
    source: str


class Evidence(_Frozen):
    check: str | None = Field(default=None, description="The expression that was evaluated.")
    values: tuple[EvidenceValue, ...] = ()
    thresholds: tuple[Threshold, ...] = Field(
        default=(), description="Parameters the check compared against, with provenance."
    )


class SourceProvision(StrEnum):
    """The provision of the cited paragraphs, as the standard document marks them."""

    REQUIREMENT = "requirement"  # 应
    RECOMMENDATION = "recommendation"  # 宜
    PERMISSION = "permission"  # 可
    INFORMATIVE = "informative"  # 资料性: states no requirement


class Basis(StrEnum):
    """What a clause's provision and kind rest on (DESIGN §10)."""

    #: no stronger than the cited document's own provision
    SOURCE = "source"
    #: stronger than the cited document: zcf's reading of it
    READING = "reading"
    #: stronger than the cited document: common practice of other schemes
    PRACTICE = "practice"


class StandardClauseRef(_Frozen):
    document: str
    edition: str
    label: str
    provision: SourceProvision | None = Field(
        default=None,
        description="The cited clause's own strongest provision; None when the document cannot be read.")
    text_sha256: str | None = None


class ClauseResult(_Frozen):
    id: str
    ref: str
    title: Text
    kind: ClauseKind
    provision: Provision
    status: ClauseStatus
    provisional: bool = Field(
        default=False, description="The verdict rests on a provisional or unverified number."
    )
    evidence: Evidence = Evidence()
    missing: tuple[str, ...] = Field(default=(), description="JSON pointers to supply.")
    score: Decimal | None = None
    max_score: Decimal | None = None
    bonus: bool = Field(default=False, description="Optional item: its points are not in the ruleset's maximum.")
    message: Text
    remediation: Text | None = None
    standard: StandardClauseRef | None = None
    basis: Basis = Field(
        default=Basis.SOURCE,
        description=("'source' when the clause is no stronger than the cited paragraph; 'reading' or "
                     "'practice' when its provision or kind (a gate) is zcf's reading or common practice."))
    basis_note: Text | None = Field(default=None, description="Why, when the basis is not 'source'.")


class Verdict(_Frozen):
    grade: str | None = Field(description="Highest grade reached, or None.")
    grade_title: Text | None = None
    compliant: bool = Field(description="Every gate and requirement passed.")
    gates_failed: tuple[str, ...] = ()
    requirements_failed: tuple[str, ...] = ()
    indeterminate: tuple[str, ...] = ()
    manual_review: tuple[str, ...] = ()
    provisional: bool = Field(
        default=False, description="The verdict depends on at least one provisional threshold."
    )
    informative: bool = Field(
        default=False,
        description="Draft, informative: the ruleset's provisional effective date is after the "
                    "as-of date; the verdict is for information and never fails the exit code.",
    )


class Score(_Frozen):
    total: Decimal
    maximum: Decimal
    groups: dict[str, Decimal] = Field(default_factory=dict)


class RulesetRef(_Frozen):
    id: str
    version: str
    digest: str = Field(description="sha256 over the ruleset's files (or its bundle).")


class SubmissionRef(_Frozen):
    sha256: str


class Gap(_Frozen):
    """The smallest change of one kind that would flip a failing clause or reach a grade."""

    target: str = Field(description="Clause id, or 'grade:<id>' for the next grade.")
    lever: str = Field(description="What to change, e.g. retire_offsets, retire_certificates.")
    amount: Decimal = Field(description="How much, rounded up to the lever's natural step.")
    unit: str
    message: Text


class EvaluationResult(_Frozen):
    engine: str = Field(description="zcf-engine version that produced this result.")
    backend: str = "compiled"
    ruleset: RulesetRef
    submission: SubmissionRef
    as_of: dt.date
    factor_tables: dict[str, str] = Field(
        default_factory=dict, description="Factor table id -> version/digest used."
    )
    gwp_set: str | None = Field(
        default=None, description="IPCC GWP set of every CO2e total in this result (ruleset `gwp_set`).")
    verdict: Verdict
    score: Score
    metrics: dict[str, MetricValue]
    clauses: tuple[ClauseResult, ...]
    problems: tuple[Problem, ...] = Field(
        default=(), description="Data findings that are not schema errors (e.g. double counting)."
    )
    gaps: tuple[Gap, ...] = Field(
        default=(), description="Self-check: smallest changes that flip failing gates or reach the next grade."
    )
    evaluated_at: dt.datetime
    attestation: Attestation | None = Field(
        default=None, description="Signature over the verdict and clause statuses (`zcf evaluate --sign`)."
    )

    def clause(self, clause_id: str) -> ClauseResult:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)
