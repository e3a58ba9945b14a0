"""Numbers for people: rounded once (GB/T 8170, half to even) and a clause's value against its threshold.

Full precision stays in the JSON result; these strings are only for tables and reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from zcf.accounting.rounding import round_half_even
from zcf.messages import text
from zcf.model.result import ClauseResult, EvaluationResult, EvidenceValue

_SHARE = re.compile(r"(share|ratio|coverage|rate)", re.IGNORECASE)
_COMPARE = re.compile(r"\b(?:round\(\s*)?([a-z_][a-z0-9_]*)(?:\s*,\s*(\d+)\s*\))?\s*(>=|<=|>|<|==)\s*"
                      r"([a-z_][a-z0-9_]*)(?:\s*\*\s*([a-z_][a-z0-9_]*))?")
_OPS = {">=": "cmp.ge", ">": "cmp.gt", "<=": "cmp.le", "<": "cmp.lt", "==": "cmp.eq"}


def human(value: object, unit: str | None = None, name: str = "") -> str:
    """A value as a person reads it: thousands grouped, 0-2 decimals, shares as percent.

    Examples:
        >>> human(Decimal("9054.4128"), "tCO2e"), human(Decimal("0.2570"), "1", "renewable_share")
        ('9,054 tCO2e', '25.7 %')
        >>> human(Decimal("1.57616133"), "tCO2e/tce"), human(Decimal("12"), "month"), human(True)
        ('1.58 tCO2e/tce', '12 month', 'yes')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        shown = ", ".join(str(v) for v in value[:4])
        return shown + (f" … (+{len(value) - 4})" if len(value) > 4 else "")
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            return str(value)
        if not value.is_finite():
            return str(value)
    if unit in ("1", "", None) and _SHARE.search(name) and abs(value) <= 2:
        return f"{round_half_even(value * 100, 1):,f} %"
    magnitude = abs(value)
    places = 0 if magnitude >= 100 else 2 if magnitude >= Decimal("0.01") or magnitude == 0 else 4
    rounded = round_half_even(value, places)
    if rounded == rounded.to_integral_value():
        rounded = round_half_even(rounded, 0)
    shown = f"{rounded:f}" if unit == "year" else f"{rounded:,f}"
    suffix = "" if unit in (None, "", "1", "count") else f" {unit}"
    return shown + suffix


@dataclass(frozen=True)
class Comparison:
    """What a clause compared, for people: the value found and the requirement."""

    value: str
    threshold: str


def _value(clause: ClauseResult, name: str, result: EvaluationResult | None) -> EvidenceValue | None:
    for item in clause.evidence.values:
        if item.name == name:
            return item
    if result is not None and name in result.metrics:
        metric = result.metrics[name]
        return EvidenceValue(name=name, value=metric.value, unit=metric.unit)
    return None


def compare(clause: ClauseResult, lang: str, result: EvaluationResult | None = None) -> Comparison:
    """The first `metric OP parameter` of the clause's check, shown as value against threshold.

    A limit given as a share of another value (`net <= ratio * gross`) is worked out in that
    value's unit. A value the check rounds first (`round(x, 2) <= p`) is shown rounded so, as it
    was compared. Without such a comparison, the first numeric evidence value and threshold.
    """
    thresholds = {t.parameter: t for t in clause.evidence.thresholds}
    check = clause.evidence.check or ""
    for match in _COMPARE.finditer(check):
        left, places, op, right, times = match.groups()
        if right in thresholds and left not in thresholds:
            found = _value(clause, left, result)
            if found is None:
                continue
            if places is not None and isinstance(found.value, Decimal):
                found = found.model_copy(update={"value": round_half_even(found.value, int(places))})
            limit = thresholds[right]
            if times and isinstance(limit.value, Decimal):
                base = _value(clause, times, result)
                if base is not None and isinstance(base.value, Decimal) and isinstance(found.value, Decimal):
                    absolute = human(limit.value * base.value, found.unit or base.unit, left)
                    ratio = human(limit.value, "1", "share")
                    bound = text(_OPS[op], lang, value=absolute)
                    return Comparison(human(found.value, found.unit, left),
                                      text("cmp.share_of", lang, limit=bound, ratio=ratio, base=times))
            unit = limit.unit if limit.unit not in ("1", "count") else found.unit or limit.unit
            # a threshold is shown the way its value is: a share as percent, like the value
            name = left if limit.unit == "1" and (found.unit or "1") == "1" else right
            return Comparison(human(found.value, found.unit or limit.unit, left),
                              text(_OPS[op], lang, value=human(limit.value, unit, name)))
    for limit in clause.evidence.thresholds:
        for item in clause.evidence.values:
            if isinstance(item.value, Decimal) and isinstance(limit.value, Decimal) and item.unit == limit.unit:
                return Comparison(human(item.value, item.unit, item.name),
                                  human(limit.value, limit.unit, limit.parameter))
    return Comparison("", "")
