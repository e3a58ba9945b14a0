"""How the source words a threshold comparison, and the operators each wording allows (DESIGN §10).

A clause records, per parameter it compares with, the words its source uses (`wording:` in the
ruleset); `zcf ruleset check` holds the check's operator to them. Operators are read as
`value OP threshold`, the threshold on the right, and a wording describes what passes.

Inclusive or strict follows the convention of Chinese legal and normative texts: 以上, 以下 and
以内 include the number itself, 超过, 不满 and 低于/高于 do not (Civil Code of the PRC, art. 1259:
"以上、以下、以内、届满" 包括本数，"不满、超过、以外" 不包括本数; the Criminal Law, art. 99, reads
以上、以下、以内 the same way). So 降到 1.5 以下 passes at exactly 1.5, 低于 1.3 does not pass at 1.3.
docs/modelling-choices.md ("Comparison words") lists each reading.
"""

from __future__ import annotations

#: marks a wording zcf chose where the source gives none (the threshold is then provisional)
SILENT = "zcf:"
#: separates alternative wordings of one source (a parameter chooses the reading)
ALTERNATIVES = "/"

#: word -> the operators `value OP threshold` it allows
WORDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("以下", "不高于", "不超过", "不大于", "以内", "最高", "至多", "≤"), frozenset({"<="})),
    **dict.fromkeys(("以上", "不低于", "不少于", "不小于", "达到", "最低", "至少", "≥"), frozenset({">="})),
    **dict.fromkeys(("低于", "小于", "少于", "不足", "不满", "<"), frozenset({"<"})),
    **dict.fromkeys(("高于", "大于", "超过", "多于", ">"), frozenset({">"})),
}

#: an operator read with the threshold on the left, turned to `value OP threshold`
FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def allowed_operators(wording: str) -> frozenset[str] | None:
    """The operators a recorded wording allows; None when a word is not in `WORDS`.

    Examples:
        >>> sorted(allowed_operators("以下"))
        ['<=']
        >>> sorted(allowed_operators("zcf:不低于/高于"))
        ['>', '>=']
        >>> allowed_operators("约") is None
        True
    """
    words = wording.removeprefix(SILENT).split(ALTERNATIVES)
    if not all(word in WORDS for word in words):
        return None
    return frozenset().union(*(WORDS[word] for word in words))
