"""Specific hints for the mistakes people make most when filling a submission by hand.

A comma as the decimal mark ("1,5") and Chinese field names (天然气 for natural_gas) are both
reported by the schema as generic problems; these hints say exactly what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zcf.messages.catalogue import text
from zcf.model.problem import Problem

#: Chinese terms people use as field names or values -> the submission format's English name
GLOSSARY = {
    "企业": "enterprise", "核算期": "period", "边界": "boundary", "能源": "energy", "电力": "electricity",
    "外购电力": "grid", "电网": "grid", "燃料": "fuels", "外购热力": "purchased_heat", "热力": "purchased_heat",
    "绿证": "green_certificates", "绿电交易": "green_power_trades", "抵销": "offsets", "碳信用": "offsets",
    "产品": "products", "产量": "production", "核查": "verification", "披露": "disclosure",
    "过程排放": "process_emissions", "历史数据": "history", "减排方案": "reduction_plan",
    "原煤": "raw_coal", "焦炭": "coke", "原油": "crude_oil", "燃料油": "fuel_oil", "汽油": "gasoline",
    "柴油": "diesel", "煤油": "kerosene", "航空煤油": "jet_kerosene", "液化石油气": "lpg", "天然气": "natural_gas",
    "数量": "amount", "数值": "value", "单位": "unit", "名称": "name",
}
_CJK = re.compile(r"[\u3400-\u9fff]")
_FOUND_TEXT = re.compile(r"Found the text '([^']*)'")
_COMMA_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")


def _fixed_number(value: str) -> str:
    """'1,5' -> '1.5' (a decimal comma); '12,500' or '1,234,567' -> digits only (thousands)."""
    head, _, tail = value.rpartition(",")
    if value.count(",") == 1 and len(tail) != 3:
        return f"{head}.{tail}"
    return value.replace(",", "")


def problem_hints(problems: Iterable[Problem], lang: str) -> list[str]:
    """One hint per problem that is a comma decimal or a Chinese field name, in `lang`.

    Examples:
        >>> p = Problem(code="schema-any-of", pointer="/energy/fuels/0/amount/value",
        ...             message="Found the text '1,5'; expected a non-negative decimal")
        >>> for part in problem_hints([p], "en")[0].split("; "):
        ...     print(part)
        /energy/fuels/0/amount/value: '1,5' uses a comma as the decimal mark
        write '1.5' (a point, no thousands separators)
        >>> q = Problem(code="schema-additional-properties", pointer="/energy/天然气", message="",
        ...             params={"property": "天然气"})
        >>> problem_hints([q], "zh-CN")
        ["/energy/天然气：字段名须用英文，“天然气”应写作 'natural_gas'"]
    """
    hints: list[str] = []
    for problem in problems:
        found = _FOUND_TEXT.search(problem.message)
        if found and "," in found.group(1) and _COMMA_NUMBER.match(found.group(1)):
            value = found.group(1)
            hints.append(text("hint.comma_decimal", lang, pointer=problem.pointer, value=value,
                              fixed=_fixed_number(value)))
            continue
        name = problem.params.get("property") if problem.code == "schema-additional-properties" else None
        if isinstance(name, str) and _CJK.search(name):
            field = GLOSSARY.get(name.strip())
            if field:
                hints.append(text("hint.chinese_field", lang, pointer=problem.pointer, name=name, field=field))
            else:
                hints.append(text("hint.chinese_field_unknown", lang, pointer=problem.pointer, name=name))
    return hints
