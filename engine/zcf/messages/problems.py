"""Submission problems worded in the reader's language, from their code and params.

Problems are built in English (JSON output and logs keep that wording); a person reading with
`--lang zh-CN` gets the Chinese wording of the common schema problems from here. A code or a
problem without the params its wording needs keeps the English message: nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zcf.model.problem import Problem

#: JSON Schema type names as an energy manager reads them
_TYPES_ZH = {"object": "对象（字段组）", "array": "列表", "string": "文本", "number": "数字", "integer": "整数",
             "boolean": "是/否（true 或 false）", "null": "空值"}
_FORMATS_ZH = {"date": "日期（YYYY-MM-DD）", "date-time": "日期时间", "email": "电子邮件地址", "uri": "网址"}

#: problem code -> (params it needs, zh-CN wording)
_ZH: dict[str, tuple[tuple[str, ...], str]] = {
    "schema-required": (("property",), "缺少必填字段 {property!r}。请补充；没有它，无法识别本申报或确定其所属期间。"),
    "schema-additional-properties": (("property",), "字段 {property!r} 不是本格式在此处定义的字段。请检查拼写；"
                                                    "供其他工具使用的数据请放在 /extensions 下。"),
    "schema-type": (("found", "expected"), "此处填写的是 {found}，应为{expected}。"),
    "schema-enum": (("found", "options"), "填写的 {found} 不在可选值中，应为以下之一：{options}"
                                          "（须按原样填写，区分大小写）。"),
    "schema-const": (("found", "expected"), "填写的 {found} 应为 {expected}。"),
    "schema-any-of": (("found",), "填写的 {found} 不符合要求（例如应为非负数，或写成 \"1234.5\" 这样的"
                                  "数字文本）。请更正。"),
    "schema-minimum": (("found", "limit"), "填写的 {found} 应不小于 {limit}。"),
    "schema-maximum": (("found", "limit"), "填写的 {found} 应不大于 {limit}。"),
    "schema-min-length": (("found", "limit"), "填写的 {found} 过短，至少应有 {limit} 个字符。"),
    "schema-max-length": (("found", "limit"), "填写的 {found} 过长，至多 {limit} 个字符。"),
    "schema-min-items": (("found", "limit"), "此列表至少应有 {limit} 项。"),
    "schema-pattern": (("found", "pattern"), "填写的 {found} 格式不符合要求（应符合：{pattern}）。"),
    "schema-format": (("found", "format"), "填写的 {found} 不是有效的{format}，请检查年、月、日。"),
}


def _words(code: str, params: Mapping[str, Any]) -> dict[str, Any]:
    words = dict(params)
    if code == "schema-type":
        expected = params["expected"]
        names = expected if isinstance(expected, list | tuple) else [expected]
        words["expected"] = "或".join(_TYPES_ZH.get(str(n), str(n)) for n in names)
    elif code == "schema-enum":
        words["options"] = "、".join(str(o) for o in params["options"])
    elif code == "schema-format":
        words["format"] = _FORMATS_ZH.get(str(params["format"]), str(params["format"]))
    return words


def problem_message(problem: Problem, lang: str) -> str:
    """The problem's message in `lang` (zh-CN for the common schema problems, else as built).

    Examples:
        >>> p = Problem(code="schema-minimum", pointer="/a", message="Found -1; expected a value of at least 0.",
        ...             params={"limit": 0, "found": "-1"})
        >>> problem_message(p, "zh-CN"), problem_message(p, "en")
        ('填写的 -1 应不小于 0。', 'Found -1; expected a value of at least 0.')
    """
    wording = _ZH.get(problem.code) if lang.lower().startswith("zh") else None
    if wording is None or any(name not in problem.params for name in wording[0]):
        return problem.message
    return wording[1].format(**_words(problem.code, problem.params))
