"""Unified social credit code (统一社会信用代码): check digit per GB 32100-2015.

A JSON Schema pattern checks the 18 characters' alphabet; only arithmetic can check the last
one, which catches a mistyped code before it reaches a report.
"""

from __future__ import annotations

#: GB 32100-2015 code alphabet: digits and capitals without I, O, S, V, Z (31 characters).
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weight of positions 1..17: 3**(i-1) mod 31.
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def check_character(body: str) -> str:
    """The check character for the first 17 characters of a USCC.

    GB 32100-2015 §5: C18 = 31 - (Σ Ci × Wi mod 31), with 31 written as 0.

    Raises:
        ValueError: `body` is not 17 characters of the code alphabet.

    Examples:
        >>> check_character("91350100M000100Y4")
        '3'
    """
    if len(body) != len(WEIGHTS) or any(ch not in CHARSET for ch in body):
        raise ValueError(f"expected 17 characters of {CHARSET!r}, got {body!r}")
    total = sum(CHARSET.index(ch) * w for ch, w in zip(body, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    """True when `code` has 18 characters of the alphabet and a matching check character.

    Examples:
        >>> is_valid_uscc("91350100M000100Y43")
        True
        >>> is_valid_uscc("91350100M000100Y44")
        False
    """
    if len(code) != 18 or any(ch not in CHARSET for ch in code):
        return False
    return check_character(code[:17]) == code[17]
