"""Errors raised while reading the standards' clause text (``standards/*.xml``).

They extend the tree in ``zcf.errors`` without editing it: a broken or unsafe standard document
is an author's mistake that stops the run (exit 4, like a broken ruleset); asking for a document
or clause that does not exist is a usage error (exit 2).
"""

from __future__ import annotations

from zcf.errors import UsageError, ZcfError


def _where(file: str | None, line: int | None, column: int | None) -> str:
    if not file:
        return f"line {line}" if line else ""
    where = file
    if line:
        where += f":{line}"
        if column:
            where += f":{column}"
    return where


class StandardError(ZcfError):
    """A standard document is unsafe, malformed or outside the zcf subset of NISO STS.

    The message always starts with ``file:line`` so an author can jump to the spot.
    """

    code = "standard-invalid"
    exit_code = 4

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.file, self.line, self.column = file, line, column
        where = _where(file, line, column)
        super().__init__(f"{where}: {message}" if where else message, hint=hint)


class StandardGrammarError(StandardError):
    """A document parses but does not validate against the NISO STS 1.2 interchange grammar."""

    code = "standard-grammar"

    def __init__(
        self,
        message: str,
        errors: tuple[str, ...] = (),
        *,
        file: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.errors = errors
        super().__init__(message, file=file, hint=hint)


class StandardNotFoundError(UsageError, LookupError):
    """No document with that id or file, or no clause with that label in the document (exit 2)."""

    code = "standard-not-found"

    def __init__(
        self,
        message: str,
        *,
        document: str | None = None,
        label: str | None = None,
        file: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.document, self.label, self.file = document, label, file
        super().__init__(message, hint=hint)
