"""zcf: evaluate factory submissions against China's zero-carbon factory rulesets, clause by clause.

The public surface is small: `load_ruleset`, `evaluate`, the result models and `ZcfError`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from engine.api import evaluate as evaluate  # noqa: E402
from engine.api import load_ruleset as load_ruleset  # noqa: E402
from engine.errors import ZcfError as ZcfError  # noqa: E402
from engine.model import ClauseResult as ClauseResult  # noqa: E402
from engine.model import ClauseStatus as ClauseStatus  # noqa: E402
from engine.model import EvaluationResult as EvaluationResult  # noqa: E402
from engine.model import Problem as Problem  # noqa: E402

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
