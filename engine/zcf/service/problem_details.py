"""RFC 9457 problem details: every error the service answers, with the submission's problem list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from zcf.errors import RequestLimitError, SubmissionInvalidError, ZcfError
from zcf.model.problem import Problem

MEDIA_TYPE = "application/problem+json"
_BASE = "https://zcf.invalid/problems/"  # a URI naming the kind; RFC 9457 §3.1.1 does not require it to resolve


class ProblemDetails(BaseModel):
    """An error response (RFC 9457). `errors` lists each defect of a submission with its JSON pointer."""

    type: str = Field(description="URI naming the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong in this request, and what to do.")
    code: str = Field(description="zcf's stable kebab-case error code.")
    hint: str | None = None
    errors: list[Problem] = Field(default_factory=list,
                                  description="Each defect with its JSON pointer (and Sheet!Cell for workbooks).")


_TITLES = {400: "Bad request", 401: "API key required", 404: "Not found", 408: "Request took too long",
           413: "Request body too large", 415: "Unsupported media type", 422: "Submission invalid",
           503: "Service busy", 500: "Internal error"}


@dataclass(frozen=True)
class Answer:
    """An error answer: the status, the problem+json body and any headers (e.g. Retry-After)."""

    status: int
    body: dict[str, object]
    headers: dict[str, str] = field(default_factory=dict)


def problem(status: int, code: str, detail: str, *, hint: str | None = None,
            errors: Sequence[Problem] = (), headers: dict[str, str] | None = None) -> Answer:
    body = ProblemDetails(type=_BASE + code, title=_TITLES.get(status, "Error"), status=status, detail=detail,
                          code=code, hint=hint, errors=list(errors))
    return Answer(status, body.model_dump(mode="json", exclude_none=True), headers or {})


def from_error(err: ZcfError) -> Answer:
    """A zcf error as problem details: an invalid submission is 422, a wrong request 400 or 404."""
    if isinstance(err, RequestLimitError):
        headers = {"Retry-After": str(err.retry_after)} if err.retry_after else None
        return problem(err.status, err.code, err.message, headers=headers)
    if isinstance(err, SubmissionInvalidError):
        return problem(422, err.code, err.message, hint=err.hint, errors=err.problems)
    status = 404 if isinstance(err, LookupError) else 400 if err.exit_code in (2, 3) else 500
    if err.exit_code == 4:
        status = 500
    return problem(status, err.code, err.message, hint=err.hint)


def documented(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses` entries for these error statuses, all problem+json."""
    return {status: {"model": ProblemDetails, "description": _TITLES.get(status, "Error"),
                     "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}}
            for status in statuses}
