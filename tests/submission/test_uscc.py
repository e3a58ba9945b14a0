"""GB 32100-2015 check digit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from zcf.submission.uscc import CHARSET, WEIGHTS, check_character, is_valid_uscc


def test_weights_are_powers_of_three_mod_31() -> None:
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert len(CHARSET) == 31 and not set("IOSVZ") & set(CHARSET)


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("91350100M000100Y43", True),  # the example printed in GB 32100-2015
        ("91440300708461136T", True),  # a published licence (Shenzhen)
        ("91350100M000100Y44", False),
        ("91350100M000100Y4", False),
        ("91350100M000100YI3", False),  # I is not in the alphabet
        ("91350100m000100Y43", False),
    ],
    ids=["standard-example", "published", "wrong-digit", "short", "bad-letter", "lowercase"],
)
def test_is_valid_uscc(code: str, valid: bool) -> None:
    assert is_valid_uscc(code) is valid


@given(st.text(alphabet=CHARSET, min_size=17, max_size=17))
def test_exactly_one_check_character_is_valid(body: str) -> None:
    valid = [c for c in CHARSET if is_valid_uscc(body + c)]
    assert valid == [check_character(body)]


def test_rejects_bad_body() -> None:
    with pytest.raises(ValueError, match="17 characters"):
        check_character("123")
