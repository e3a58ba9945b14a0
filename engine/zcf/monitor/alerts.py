"""Alert rules as data, decided by durable_rules or by compiled Python over the same facts.

At each check (a closed day) the monitor states facts: one per clause of the projected evaluation,
one for the projected grade, one per meter (hours silent, readings that went backwards, were
implausible, duplicated, out of order or late). Each rule below is one single-fact condition; both
backends compile from this table, and tests require them to fire on exactly the same facts.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zcf.errors import UsageError


@dataclass(frozen=True)
class AlertRule:
    name: str
    kind: str
    field: str
    op: str  # "==", ">"
    #: a constant, or the name of a monitor setting (`silence_minutes`)
    value: int | str
    #: True: raised once when it starts and cleared when it stops; False: each day it holds
    lasting: bool
    zh: str
    en: str


RULES: tuple[AlertRule, ...] = (
    AlertRule("clause-projected-fail", "clause", "fails", "==", 1, True,
              "按年末预测，条款 {subject} 将不达标", "at the year-end projection, clause {subject} fails"),
    AlertRule("grade-at-risk", "grade", "short", "==", 1, True,
              "按年末预测，达不到目标等级 {target}（预测：{projected}）",
              "at the year-end projection, the target grade {target} is missed (projected: {projected})"),
    AlertRule("meter-silent", "meter", "silent_minutes", ">", "silence_minutes", True,
              "电表 {subject} 已 {hours} 小时无读数", "meter {subject} has sent nothing for {hours} hours"),
    AlertRule("reading-backwards", "meter", "negatives", ">", 0, False,
              "电表 {subject} 当日有 {count} 个负值读数（读数倒走），未计入", "meter {subject} sent {count} negative "
              "readings (going backwards) that day; not counted"),
    AlertRule("reading-implausible", "meter", "implausible", ">", 0, False,
              "电表 {subject} 当日有 {count} 个读数超出合理范围", "meter {subject} sent {count} readings outside the "
              "plausible range that day"),
    AlertRule("reading-duplicate", "meter", "duplicates", ">", 0, False,
              "电表 {subject} 当日有 {count} 个重复读数，只计一次", "meter {subject} sent {count} duplicate readings "
              "that day; each counted once"),
    AlertRule("reading-out-of-order", "meter", "out_of_order", ">", 0, False,
              "电表 {subject} 当日有 {count} 个乱序读数（已计入）", "meter {subject} sent {count} readings out of "
              "order that day (counted)"),
    AlertRule("reading-late", "meter", "late", ">", 0, False,
              "电表 {subject} 有 {count} 个已结日的迟到读数，未计入", "meter {subject} sent {count} readings for days "
              "already closed; not counted"),
)
BY_NAME = {rule.name: rule for rule in RULES}
_OPS: dict[str, Callable[[Any, Any], bool]] = {"==": operator.eq, ">": operator.gt}
_DURABLE_OPS = {">": "$gt"}
#: fact fields are small integers or strings so durable_rules carries them exactly
Fact = Mapping[str, int | str]


def _threshold(rule: AlertRule, settings: Mapping[str, int]) -> int:
    return settings[rule.value] if isinstance(rule.value, str) else rule.value


def decide_compiled(facts: Sequence[Fact], settings: Mapping[str, int]) -> set[tuple[str, str]]:
    """(rule, subject) for every rule that holds on a fact, in plain Python."""
    fired = set()
    for fact in facts:
        for rule in RULES:
            if fact["kind"] == rule.kind and rule.field in fact and \
                    _OPS[rule.op](fact[rule.field], _threshold(rule, settings)):
                fired.add((rule.name, str(fact["subject"])))
    return fired


def durable_patterns(settings: Mapping[str, int]) -> dict[str, dict[str, Any]]:
    """The same rules as durable_rules single-fact patterns."""
    patterns = {}
    for rule in RULES:
        value = _threshold(rule, settings)
        test = {rule.field: value} if rule.op == "==" else {_DURABLE_OPS[rule.op]: {rule.field: value}}
        patterns[rule.name] = {"$and": [{"kind": rule.kind}, test]}
    return patterns


def decide_durable(facts: Sequence[Fact], settings: Mapping[str, int]) -> set[tuple[str, str]]:
    """(rule, subject) as durable_rules fires them (registered once per distinct settings)."""
    try:
        from zcf.backends.durable import fire
    except ImportError as err:  # durable_rules is not installed on Python >= 3.13
        raise UsageError("the durable backend needs durable_rules (Python < 3.13)",
                         hint="use --backend compiled") from err
    name = "zcf-monitor#" + ",".join(f"{k}={v}" for k, v in sorted(settings.items()))
    return fire(name, durable_patterns(settings), facts)


DECIDERS: dict[str, Callable[[Sequence[Fact], Mapping[str, int]], set[tuple[str, str]]]] = {
    "compiled": decide_compiled, "durable": decide_durable}
