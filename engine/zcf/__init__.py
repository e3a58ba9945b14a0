"""zcf: evaluate factory submissions against China's zero-carbon factory rulesets, clause by clause.

The public surface is small: `load_ruleset`, `evaluate`, the result models and `ZcfError`.
"""

from __future__ import annotations

from zcf.api import evaluate as evaluate
from zcf.api import example_path as example_path
from zcf.api import load_ruleset as load_ruleset
from zcf.errors import ZcfError as ZcfError
from zcf.model import ClauseResult as ClauseResult
from zcf.model import ClauseStatus as ClauseStatus
from zcf.model import EvaluationResult as EvaluationResult
from zcf.model import Problem as Problem
from zcf.version import __version__ as __version__

__all__ = [
    "ClauseResult",
    "ClauseStatus",
    "EvaluationResult",
    "Problem",
    "ZcfError",
    "__version__",
    "evaluate",
    "example_path",
    "load_ruleset",
]
