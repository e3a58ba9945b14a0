"""Which parts of the submission a clause rests on, as JSON pointers, and what a pointer is called."""

from __future__ import annotations

import re

from zcf.model.result import ClauseResult, ClauseStatus, EvaluationResult

_INDEX = re.compile(r"/\d+(?=/|$)")


def clause_pointers(clause: ClauseResult, result: EvaluationResult, *, limit: int = 20) -> list[str]:
    """The missing pointers of an undecided clause; else its inputs and its metrics' inputs, in order."""
    if clause.status is ClauseStatus.INDETERMINATE and clause.missing:
        return list(clause.missing)
    found: list[str] = []
    for value in clause.evidence.values:
        if value.pointer:
            found.append(value.pointer)
        elif value.name in result.metrics:
            found += [i.pointer for i in result.metrics[value.name].trace.inputs]
    return list(dict.fromkeys(found))[:limit]


def field_label(pointer: str) -> str:
    """A pointer's field, read as words: `/energy/fuels/0/amount` -> `energy › fuels[0] › amount`.

    Examples:
        >>> field_label("/energy/fuels/0/amount/value")
        'energy › fuels[0] › amount › value'
    """
    parts: list[str] = []
    for part in pointer.strip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if part.isdigit() and parts:
            parts[-1] += f"[{part}]"
        else:
            parts.append(part)
    return " › ".join(parts) if parts else "/"


def missing_by_field(results: tuple[EvaluationResult, ...]) -> dict[str, list[str]]:
    """Missing pointer -> the clause ids (with scheme, when several) that wait for it."""
    table: dict[str, list[str]] = {}
    several = len(results) > 1
    for result in results:
        for clause in result.clauses:
            for pointer in clause.missing:
                who = f"{result.ruleset.id}:{clause.id}" if several else clause.id
                table.setdefault(pointer, [])
                if who not in table[pointer]:
                    table[pointer].append(who)
    return dict(sorted(table.items()))
