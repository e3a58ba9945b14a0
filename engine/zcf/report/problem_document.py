"""An RFC 9457 problem document for a refused submission: what `zcf evaluate -f json` prints.

A JSON consumer reading stdout gets a document (exit code 3) instead of nothing: `type`, `title`,
`status` and `detail` as RFC 9457 defines them, and the `problems` list (one entry per defect, each
with its JSON pointer) as an extension member.
"""

from __future__ import annotations

from typing import Any

from zcf.errors import SubmissionInvalidError

#: `type` URIs are URNs: they identify the kind of problem and resolve to nothing.
TYPE_PREFIX = "urn:zcf:problem:"
#: HTTP's "Unprocessable Content": the request was understood, its content cannot be evaluated.
STATUS = 422


def problem_document(err: SubmissionInvalidError, *, instance: str | None = None) -> dict[str, Any]:
    """The RFC 9457 members for `err`, with `problems` listing every defect found; `instance`
    names the submission (default: the file the error names, if any).

    Examples:
        >>> from zcf.model.problem import Problem
        >>> doc = problem_document(SubmissionInvalidError(
        ...     "the submission is invalid", [Problem(code="schema-required", pointer="/period", message="add it")]))
        >>> doc["type"], doc["status"], doc["problems"][0]["pointer"]
        ('urn:zcf:problem:submission-invalid', 422, '/period')
    """
    doc: dict[str, Any] = {
        "type": TYPE_PREFIX + err.code,
        "title": "The submission is invalid",
        "status": STATUS,
        "detail": err.message,
        "exit_code": err.exit_code,
    }
    if instance or err.file:
        doc["instance"] = instance or err.file
    doc["problems"] = [p.model_dump(mode="json", exclude_none=True, exclude_defaults=False) for p in err.problems]
    return doc
