"""zcf: evaluate factory submissions against China's zero-carbon factory rulesets, clause by clause.

The public surface is small: `load_ruleset`, `evaluate`, the result models and `ZcfError`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from engine.api import evaluate as evaluate
from engine.api import load_ruleset as load_ruleset
from engine.errors import ZcfError as ZcfError
from engine.model import ClauseResult as ClauseResult
from engine.model import ClauseStatus as ClauseStatus
from engine.model import EvaluationResult as EvaluationResult
from engine.model import Problem as Problem

__all__ = [
    "ClauseResult",
    "ClauseStatus",
    "EvaluationResult",
    "Problem",
    "ZcfError",
    "__version__",
    "evaluate",
    "load_ruleset",
]
