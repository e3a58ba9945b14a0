"""Submission intake: read JSON safely, validate against the ruleset's schema, check consistency.

`read_submission` turns bytes into a Decimal document (or raises with a located problem);
`check` raises `SubmissionInvalidError` with every problem, or returns the warnings.
"""

from zcf.submission.reading import read_submission as read_submission
from zcf.submission.validation import check as check
from zcf.submission.validation import is_valid as is_valid
from zcf.submission.validation import iter_problems as iter_problems
from zcf.submission.validation import load_schema as load_schema

__all__ = ["check", "is_valid", "iter_problems", "load_schema", "read_submission"]
