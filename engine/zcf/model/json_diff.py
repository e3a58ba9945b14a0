"""Differences between two JSON documents, each named by the JSON pointer (RFC 6901) where it sits.

Replay and attestation checks both answer "what exactly changed?"; a pointer list is the answer a
person can act on and a program can parse.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

#: Marks a side where the pointer does not exist (distinct from a JSON null).
ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "(absent)"})()


@dataclass(frozen=True)
class Difference:
    pointer: str
    before: Any
    after: Any

    def to_json(self) -> dict[str, Any]:
        return {"pointer": self.pointer,
                "before": None if self.before is ABSENT else self.before,
                "after": None if self.after is ABSENT else self.after,
                "change": "added" if self.before is ABSENT else "removed" if self.after is ABSENT else "changed"}


def escape(token: str) -> str:
    """One pointer segment: `~` and `/` escaped as RFC 6901 says."""
    return token.replace("~", "~0").replace("/", "~1")


def json_diff(before: Any, after: Any, pointer: str = "") -> list[Difference]:
    """Every leaf where `before` and `after` differ, in document order (lists index by position)."""
    if isinstance(before, dict) and isinstance(after, dict):
        out: list[Difference] = []
        for key in [*before, *(k for k in after if k not in before)]:
            out += json_diff(before.get(key, ABSENT), after.get(key, ABSENT), f"{pointer}/{escape(str(key))}")
        return out
    if isinstance(before, list) and isinstance(after, list):
        out = []
        for index in range(max(len(before), len(after))):
            out += json_diff(before[index] if index < len(before) else ABSENT,
                             after[index] if index < len(after) else ABSENT, f"{pointer}/{index}")
        return out
    if before is ABSENT and after is ABSENT:
        return []
    if type(before) is type(after) and before == after:
        return []
    return [Difference(pointer or "/", before, after)]


def short(value: Any, limit: int = 60) -> str:
    """A value as one short line for messages."""
    text = "(absent)" if value is ABSENT else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
