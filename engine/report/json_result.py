"""The result as JSON: decimals as strings (exact), zh-CN/en keys, stable key order."""

from __future__ import annotations

import json
from typing import Any

from engine.model.result import EvaluationResult


def result_dict(result: EvaluationResult) -> dict[str, Any]:
    return result.model_dump(mode="json", by_alias=True)


def render_json(result: EvaluationResult | list[EvaluationResult], *, indent: int | None = 2) -> str:
    if isinstance(result, list):
        data: Any = {"results": [result_dict(r) for r in result]}
    else:
        data = result_dict(result)
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"
