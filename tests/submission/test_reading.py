"""Reading submissions: Decimal numbers, limits, and a located problem for every defect."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from zcf.errors import SubmissionInvalidError, UsageError
from zcf.submission import reading
from zcf.submission.reading import MAX_DEPTH, read_submission


def problem_of(source: bytes | Path, **kwargs: int):
    with pytest.raises(SubmissionInvalidError) as info:
        read_submission(source, source_name="s.json", **kwargs)
    (problem,) = info.value.problems
    assert info.value.exit_code == 3
    return problem


def test_numbers_are_decimal_and_int() -> None:
    doc = read_submission(b'{"a": 0.1, "b": 7, "c": "2.50", "d": 1e3}')
    assert doc == {"a": Decimal("0.1"), "b": 7, "c": "2.50", "d": Decimal("1E+3")}
    assert type(doc["a"]) is Decimal and type(doc["b"]) is int


def test_reads_a_file_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b'{"x": [1, 2]}')
    assert read_submission(path) == {"x": [1, 2]}
    with pytest.raises(UsageError, match=r"pathlib\.Path"):  # one rule: a str is JSON text, never a path
        read_submission(str(path))
    path.write_bytes(b"{")
    with pytest.raises(SubmissionInvalidError) as info:
        read_submission(path)
    assert str(path) in str(info.value)


def test_byte_order_mark_is_tolerated() -> None:
    assert read_submission(b'\xef\xbb\xbf{"x": 1}') == {"x": 1}


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b'{\n "a": NaN}', "not-a-number", 2),
        (b'{"a": "NaN", "b": -Infinity}', "not-a-number", 1),
        (b'{"a": Infinity}', "not-a-number", 1),
        (b'{"a": 1,}', "malformed-json", 1),
        (b'{"a": 1,\n "a": 2}', "duplicate-key", None),
        (b'{"a": 0.30000000000000004}', "number-out-of-range", 1),
        (b'{"a": 1e-400}', "number-out-of-range", 1),
        (b'{"a": ' + b"9" * 5000 + b"}", "number-out-of-range", 1),
        (b'{"a": ' + b"1" * 1001 + b"}", "number-out-of-range", 1),
        (b'{"a": "\\ud800"}', "lone-surrogate", None),
        (b'{"a": "\xff"}', "not-utf8", 1),
        (b"[" * (MAX_DEPTH + 1), "too-deep", 1),
    ],
    ids=["nan", "neg-infinity-after-string", "infinity", "trailing-comma", "duplicate-key",
         "float-noise", "tiny-exponent", "huge-int", "int-1001-digits", "lone-surrogate", "latin1", "deep"],
)
def test_defects_are_located(data: bytes, code: str, line: int | None) -> None:
    problem = problem_of(data)
    assert (problem.code, problem.line, problem.pointer) == (code, line, "")


def test_malformed_message_names_line_column_and_fix() -> None:
    problem = problem_of(b'{\n  "a": 1\n  "b": 2\n}')
    assert problem.message == (
        "The file is not valid JSON: Expecting ',' delimiter at line 3, column 3. Fix the text "
        "at that place (a missing comma, quote or bracket is the usual cause; JSON allows no "
        "comments and no trailing commas), then submit again."
    )
    assert problem.params == {"line": 3, "column": 3, "detail": "Expecting ',' delimiter"}


def test_nan_message() -> None:
    assert problem_of(b'{"a": NaN}').message == (
        "Found NaN at line 1, column 7; JSON numbers must be finite. Replace it with the "
        "measured value, or leave the field out if it was not measured."
    )


def test_depth_limit_is_exact_and_ignores_brackets_in_strings() -> None:
    ok = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert read_submission(ok) is not None
    assert read_submission(b'{"s": "' + b"[" * 500 + b'"}') == {"s": "[" * 500}
    assert read_submission(b'{"s": "\\"[[[["}') == {"s": '"[[[['}
    assert problem_of(b"[" * 10, max_depth=5).params["limit"] == 5


def test_size_limit_on_bytes_and_files(tmp_path: Path) -> None:
    assert problem_of(b'{"a": "' + b"x" * 100 + b'"}', max_bytes=50).code == "too-large"
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 200 + b"{}")
    problem = problem_of(path, max_bytes=100)
    assert problem.code == "too-large"
    assert problem.params == {"size": 202, "limit": 100}


def test_deep_nesting_is_refused_before_the_decoder_recurses() -> None:
    # 100 000 levels would overflow CPython's decoder; the scan refuses it first.
    assert problem_of(b"[" * 100_000).code == "too-deep"


# --- the depth check counts in C first (`_nesting`), scanning token by token only to locate --

_TRICKY_TEXT = st.text(alphabet='ab"\\/[]{}:,\n\u4e2d\u2028', max_size=12)
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | _TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TRICKY_TEXT, inner, max_size=3),
    max_leaves=30,
)


def _scanned_depth(text: str) -> int:
    """The token-by-token depth the reader used to compute for every submission."""
    depth = deepest = 0
    for match in reading._brackets(text):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


@settings(max_examples=300, deadline=None)
@given(value=_JSON_VALUES, ascii_only=st.booleans(), indent=st.sampled_from([None, 0, 2]))
def test_nesting_counted_in_c_equals_the_token_scan(value: object, ascii_only: bool,
                                                     indent: int | None) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    assert reading._nesting(text) == _scanned_depth(text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet='"\\[]{}a1 ', max_size=200), depth=st.integers(0, 2000))
def test_any_text_is_read_or_refused_with_a_problem(text: str, depth: int) -> None:
    data = ("[" * depth + text + "]" * depth).encode()
    try:
        read_submission(data)
    except SubmissionInvalidError as err:
        assert err.problems[0].code in {"too-deep", "malformed-json", "duplicate-key"}


# --- the fast path (jiter) must return exactly what the stdlib path returns, or defer to it --

def _stdlib_read(data: bytes, max_depth: int = MAX_DEPTH) -> object:
    text = reading._decode(data, "s.json")
    reading._check_depth(text, max_depth, "s.json")
    return reading._parse(text, "s.json")


_NUMBER_TEXT = st.from_regex(r"-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,17})?([eE][+-]?[0-9]{1,3})?",
                             fullmatch=True)
_LEAF_TEXT = (_NUMBER_TEXT | st.sampled_from(["true", "false", "null", "NaN", "-Infinity", "01"])
              | _TRICKY_TEXT.map(json.dumps)
              | st.sampled_from(['"\\ud800"', '"\\u0061"', '"\\"[{"', '"a\\\\"', '"\t"']))


def _object_text(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in pairs) + "}"


_DOC_TEXT = st.recursive(
    _LEAF_TEXT,
    lambda inner: (st.lists(inner, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]")
                   | st.lists(st.tuples(st.sampled_from(["a", "b", "\u4e2d", "[", "a\\"]), inner),
                              max_size=4).map(_object_text)),
    max_leaves=25,
)


@settings(max_examples=500, deadline=None)
@given(text=_DOC_TEXT, noise=st.sampled_from(["", ",", "]", "}", "\ufeff", "\xff", " x"]),
       where=st.sampled_from(["end", "start"]), depth=st.sampled_from([2, 5, MAX_DEPTH]))
def test_the_fast_path_agrees_with_the_stdlib_path(text: str, noise: str, where: str,
                                                   depth: int) -> None:
    data = (text + noise if where == "end" else noise + text).encode("utf-8", "surrogatepass")
    if noise == "\xff":
        data = data.replace("\xff".encode(), b"\xff")
    fast = reading._parse_fast(data, depth)
    try:
        slow = _stdlib_read(data, depth)
    except SubmissionInvalidError:
        assert fast is reading._SLOW, data
        return
    if fast is not reading._SLOW:
        assert repr(fast) == repr(slow)


@pytest.mark.parametrize("example", sorted(Path(__file__).resolve().parents[2].glob("examples/*/*.json")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_examples_take_the_fast_path_and_read_the_same(example: Path) -> None:
    data = example.read_bytes()
    fast = reading._parse_fast(data, MAX_DEPTH)
    assert fast is not reading._SLOW
    assert repr(fast) == repr(_stdlib_read(data))
