"""Every exception zcf raises, in one tree, each with a stable code and the exit code it maps to.

Findings about a submission are not exceptions: they are `zcf.model.problem.Problem` values,
collected and reported together. Exceptions here stop a run (broken ruleset, bad call, tampered
bundle) and carry the data their message is rendered from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from zcf.model.problem import Problem


class ZcfError(Exception):
    """Base of all zcf errors. `code` is kebab-case and stable; `exit_code` is what `zcf` returns."""

    code: ClassVar[str] = "zcf-error"
    exit_code: ClassVar[int] = 5

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class UsageError(ZcfError):
    """The caller asked for something that does not exist or does not fit (exit 2)."""

    code = "usage"
    exit_code = 2


class RulesetNotFoundError(UsageError, LookupError):
    code = "ruleset-not-found"


class ExampleNotFoundError(UsageError, LookupError):
    """No shipped example of that name; the message lists the ones there are."""

    code = "example-not-found"

    def __init__(self, ruleset_id: str, name: str, known: Sequence[str]) -> None:
        listed = ", ".join(known) if known else "none"
        super().__init__(f"{ruleset_id} has no example {name!r} (examples: {listed})",
                         hint=f"zcf example {ruleset_id} --name NAME prints one")


class RulesetError(ZcfError):
    """A ruleset (or one of its files) is broken. Names the file, line and clause where known."""

    code = "ruleset-invalid"
    exit_code = 4

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        clause_id: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file, self.line, self.column, self.clause_id = file, line, column, clause_id
        where = ""
        if file:
            where = file + (f":{line}" if line else "") + (f":{column}" if column and line else "")
        if clause_id:
            where = f"{where} clause {clause_id}".strip()
        super().__init__(f"{where}: {message}" if where else message, hint=hint)


class RulesetSchemaError(RulesetError):
    code = "ruleset-schema"


class ExpressionError(RulesetError):
    code = "expression"


class ExpressionSyntaxError(ExpressionError):
    code = "expression-syntax"


class UnknownNameError(ExpressionError):
    code = "unknown-name"


class ParameterNotInForceError(RulesetError, LookupError):
    code = "parameter-not-in-force"


class MetricCycleError(RulesetError):
    code = "metric-cycle"


class SubmissionInvalidError(ZcfError):
    """The submission cannot be evaluated; `problems` lists every defect with its JSON pointer."""

    code = "submission-invalid"
    exit_code = 3

    def __init__(self, message: str, problems: Sequence[Problem] = (), *, file: str | None = None):
        self.problems = tuple(problems)
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)


class AccountingError(ZcfError):
    code = "accounting"


class UnitMismatchError(AccountingError, ValueError):
    code = "unit-mismatch"
    exit_code = 3


class FactorNotFoundError(AccountingError, LookupError):
    code = "factor-not-found"
    exit_code = 3


class BundleError(ZcfError):
    """A bundle or its signature cannot be trusted; loading refuses it (exit 4)."""

    code = "bundle-invalid"
    exit_code = 4


class SignatureError(BundleError):
    code = "signature-invalid"


class DigestMismatchError(BundleError):
    code = "digest-mismatch"


class BackendUnavailableError(UsageError):
    code = "backend-unavailable"


class BackendDisagreementError(ZcfError):
    code = "backend-disagreement"


class RequestLimitError(ZcfError):
    """A request to `zcf serve` went past one of its bounds; `status` is the HTTP answer."""

    code = "request-limit"
    exit_code = 2
    status: ClassVar[int] = 503

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BodyTooLargeError(RequestLimitError):
    code = "too-large"
    status = 413


class RequestTimeoutError(RequestLimitError):
    code = "timeout"
    status = 408


class ServiceBusyError(RequestLimitError):
    code = "busy"
    status = 503
