"""Ruleset parameters as accounting reads them: typed, and named in the error when absent.

The ruleset owns each parameter's dated values and provenance (DESIGN §4); accounting only
reads the value in force (`AccountingContext.params`). A numeric parameter used as a factor
enters the trace with the provenance the context reports for it; a context that reports none
makes it `unverified`, so an undeclared provenance can never pass as law.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from zcf.accounting.context import AccountingContext, ParameterValue
from zcf.errors import RulesetError
from zcf.model.ruleset import Provenance
from zcf.model.trace import TraceFactor


def _require(ctx: AccountingContext, name: str, purpose: str) -> ParameterValue:
    value = ctx.params.get(name)
    if value is None:
        raise RulesetError(
            f"parameter {name!r} is needed to compute {purpose} but the ruleset declares no "
            f"value in force on {ctx.as_of}",
            hint=f"declare `{name}` under parameters (see docs/accounting-parameters.md)",
        )
    return value


def decimal_param(ctx: AccountingContext, name: str, purpose: str) -> Decimal:
    """A numeric parameter as Decimal (int accepted).

    Raises:
        RulesetError: the parameter is absent or not a number.

    Examples:
        >>> import datetime as dt
        >>> params = {"heat_emission_factor": Decimal("0.11")}
        >>> ctx = AccountingContext(dt.date(2025, 12, 31), params)
        >>> decimal_param(ctx, "heat_emission_factor", "heat")
        Decimal('0.11')
        >>> try:
        ...     decimal_param(ctx, "electricity_tce_coefficient", "energy_total")
        ... except RulesetError as err:
        ...     print(err.message[:60])
        parameter 'electricity_tce_coefficient' is needed to compute
    """
    value = _require(ctx, name, purpose)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise RulesetError(f"parameter {name!r} must be a number, found {value!r}")


def text_param(ctx: AccountingContext, name: str, purpose: str,
               allowed: tuple[str, ...]) -> str:
    """A text parameter restricted to `allowed`."""
    value = _require(ctx, name, purpose)
    if not isinstance(value, str) or value not in allowed:
        raise RulesetError(
            f"parameter {name!r} must be one of {', '.join(allowed)}, found {value!r}")
    return value


def list_param(ctx: AccountingContext, name: str, purpose: str) -> tuple[str, ...]:
    """A list-of-text parameter."""
    value = _require(ctx, name, purpose)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise RulesetError(f"parameter {name!r} must be a list of text, found {value!r}")
    return tuple(value)


def param_factor(ctx: AccountingContext, name: str, unit: str, purpose: str) -> TraceFactor:
    """A numeric parameter as a trace factor, with the provenance the context declares."""
    value = decimal_param(ctx, name, purpose)
    declared: Mapping[str, Provenance] = ctx.param_provenance
    return TraceFactor(
        name=f"param.{name}",
        value=value,
        unit=unit,
        source=f"ruleset parameter {name} in force on {ctx.as_of}",
        provenance=declared.get(name, Provenance.UNVERIFIED),
    )
