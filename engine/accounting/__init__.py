"""Carbon and energy accounting (work in progress: metrics are being added)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.accounting.context import AccountingContext, MetricFunction
from engine.model.problem import Problem

METRICS: dict[str, MetricFunction] = {}
FACTOR_TABLES: dict[str, str] = {}


def find_problems(doc: Mapping[str, Any], ctx: AccountingContext) -> list[Problem]:
    return []
