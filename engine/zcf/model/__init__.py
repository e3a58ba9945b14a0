"""Pydantic models shared by every layer: rulesets, results, problems, traces."""

from zcf.model.problem import Problem as Problem
from zcf.model.problem import Severity as Severity
from zcf.model.result import ClauseResult as ClauseResult
from zcf.model.result import ClauseStatus as ClauseStatus
from zcf.model.result import EvaluationResult as EvaluationResult
from zcf.model.ruleset import Clause as Clause
from zcf.model.ruleset import ClauseKind as ClauseKind
from zcf.model.ruleset import Provenance as Provenance
from zcf.model.ruleset import Provision as Provision
from zcf.model.ruleset import Ruleset as Ruleset
from zcf.model.text import Text as Text
from zcf.model.trace import MetricTrace as MetricTrace
from zcf.model.trace import MetricValue as MetricValue

__all__ = [
    "Clause",
    "ClauseKind",
    "ClauseResult",
    "ClauseStatus",
    "EvaluationResult",
    "MetricTrace",
    "MetricValue",
    "Problem",
    "Provenance",
    "Provision",
    "Ruleset",
    "Severity",
    "Text",
]
