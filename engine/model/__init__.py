"""Pydantic models shared by every layer: rulesets, results, problems, traces."""

from engine.model.problem import Problem as Problem
from engine.model.problem import Severity as Severity
from engine.model.result import ClauseResult as ClauseResult
from engine.model.result import ClauseStatus as ClauseStatus
from engine.model.result import EvaluationResult as EvaluationResult
from engine.model.ruleset import Clause as Clause
from engine.model.ruleset import ClauseKind as ClauseKind
from engine.model.ruleset import Provenance as Provenance
from engine.model.ruleset import Provision as Provision
from engine.model.ruleset import Ruleset as Ruleset
from engine.model.text import Text as Text
from engine.model.trace import MetricTrace as MetricTrace
from engine.model.trace import MetricValue as MetricValue

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
