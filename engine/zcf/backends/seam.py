"""The inference backend seam: which clauses' checks hold, for clauses already found decidable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

from zcf.errors import BackendUnavailableError
from zcf.rulesets.compiler import CompiledClause, CompiledRuleset

#: a fact as the clause checks see it: a number, flag, code, list, or missing
Value = Decimal | bool | str | tuple[Any, ...] | None


class Backend(Protocol):
    name: str

    def decide(self, compiled: CompiledRuleset, clauses: Sequence[CompiledClause],
               env: Mapping[str, Value]) -> dict[str, bool]:
        """Return clause id -> whether its check holds, for every clause given."""
        ...


class CompiledBackend:
    """The default: the ruleset's expressions as Python closures over Decimal."""

    name = "compiled"

    def decide(self, compiled: CompiledRuleset, clauses: Sequence[CompiledClause],
               env: Mapping[str, Value]) -> dict[str, bool]:
        return {c.clause.id: c.check(env) is True for c in clauses if c.check is not None}


BACKENDS = ("compiled", "durable")


def backend_available(name: str) -> bool:
    """Whether `get_backend(name)` would work here (durable needs durable_rules, Python < 3.13)."""
    try:
        get_backend(name)
    except BackendUnavailableError:
        return False
    return True


def get_backend(name: str) -> Backend:
    """The backend called `name`; `durable` needs durable_rules (Python < 3.13)."""
    if name == "compiled":
        return CompiledBackend()
    if name == "durable":
        try:
            from zcf.backends.durable import DurableBackend
        except ImportError as err:
            raise BackendUnavailableError(
                "the durable backend is unavailable: durable_rules is not installed "
                f"({err})",
                hint="durable-rules builds on Python 3.11-3.12 only; use --backend compiled",
            ) from err
        return DurableBackend()
    raise BackendUnavailableError(f"unknown backend {name!r}",
                                  hint=f"choose one of: {', '.join(BACKENDS)}")
