"""The result as JSON: decimals as strings (exact), zh-CN/en keys, stable key order."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from zcf.model.result import EvaluationResult
from zcf.report.registry import Report

_RESULTS = TypeAdapter(dict[str, list[EvaluationResult]])


def result_dict(result: EvaluationResult) -> dict[str, Any]:
    return result.model_dump(mode="json", by_alias=True)


def render_json(result: EvaluationResult | list[EvaluationResult], *, indent: int | None = 2) -> str:
    if indent is not None:
        # pydantic's serializer writes the same text as json.dumps(result_dict(...),
        # ensure_ascii=False, indent=indent) (tests/evaluate/test_determinism.py): 6.3 -> 1.1 ms
        # for the 210 KB result of examples/zcf-cn-general/zero-carbon.json.
        if isinstance(result, list):
            return _RESULTS.dump_json({"results": result}, indent=indent, by_alias=True).decode() + "\n"
        return result.model_dump_json(indent=indent, by_alias=True) + "\n"
    if isinstance(result, list):
        data: Any = {"results": [result_dict(r) for r in result]}
    else:
        data = result_dict(result)
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def render(report: Report) -> bytes:
    """The registry's entry: one result, or `{"results": [...]}` for several schemes."""
    return render_json(list(report.results) if report.several else report.result).encode()
