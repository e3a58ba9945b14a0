"""`Problem`: one finding about submitted data, with the JSON pointer that locates it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Problem(BaseModel):
    """A defect in a submission or ruleset file, collected (never raised one at a time)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="Stable kebab-case code, e.g. `schema-required`, `gec-double-count`.")
    pointer: str = Field(description="RFC 6901 JSON pointer into the submission ('' = the root).")
    message: str = Field(description="What was found, what was expected, and what to do.")
    schema_pointer: str | None = Field(default=None, description="Where in the schema the rule lives.")
    clause_id: str | None = None
    severity: Severity = Severity.ERROR
    params: dict[str, Any] = Field(default_factory=dict)
    file: str | None = None
    line: int | None = None


def pointer_join(*parts: str | int) -> str:
    """Build an RFC 6901 pointer from path segments, escaping `~` and `/`."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)
