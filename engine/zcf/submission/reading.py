"""Turn submission bytes into a JSON document safely: Decimal numbers, size and depth limits.

Owns everything that happens before schema validation (DESIGN §2, §6): size limit, nesting
limit, UTF-8 decoding, NaN/Infinity refusal, duplicate-key refusal and JSON syntax errors, each
reported as a `Problem` inside `SubmissionInvalidError`. Validation lives in `validation.py`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any

import jiter

from zcf.errors import InputTooLargeError, SubmissionInvalidError, UsageError
from zcf.input_files import has_surrogate_escape, lone_surrogate, read_limited
from zcf.model.problem import Problem

#: Default largest submission accepted, in bytes (20 MiB): far above a real factory's data.
MAX_BYTES = 20 * 1024 * 1024
#: Default deepest nesting of arrays and objects; the schema itself needs fewer than 8 levels.
MAX_DEPTH = 64
#: Most significant digits in a JSON number with a fraction or exponent. RFC 8259 §6: numbers
#: beyond IEEE-754 double precision are not interoperable, and jsonschema-rs compares numbers
#: as doubles, so longer ones could pass its bounds checks and fail the reference validator's.
#: Decimal strings ("value": "0.123456789012345678") have no such limit.
MAX_DIGITS = 15
#: Largest absolute decimal exponent of a JSON number (same reason; doubles end near 1e308).
MAX_EXPONENT = 100

# A JSON string (possibly unterminated, so a broken file cannot hide brackets from the scan),
# or one bracket. Scanning with a compiled regex keeps the depth check in C for big files.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)
_CONSTANTS = re.compile(r'"(?:[^"\\]|\\.)*"?|-?\b(?:NaN|Infinity)\b', re.DOTALL)
#: Bytes deleted to leave only the brackets of the text outside strings, and their depth step.
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
#: Bytes deleted to leave what the fast path's checks read: quotes, brackets, commas, and the
#: digits, points and exponent marks of numbers (letters of true/false/null leave only an "e",
#: never right after a digit in valid JSON).
_NOT_CHECKED = bytes(c for c in range(256) if c not in b'"[]{},0123456789.eE')
#: Digits and points to "0", exponent marks to "e", both bracket kinds to "[" and "]".
_CLASSES = bytes(ord("0") if c in b"0123456789." else ord("e") if c in b"eE"
                 else ord("[") if c == ord("{") else ord("]") if c == ord("}") else c
                 for c in range(256))
#: Nesting jiter accepts (its recursion limit is 200); deeper limits take the stdlib path.
_FAST_MAX_DEPTH = 128
_BOM = b"\xef\xbb\xbf"


class _ConstantError(ValueError):
    """Raised from `parse_constant`: JSON has no NaN or Infinity."""


class _NumberRangeError(ValueError):
    """Raised from `parse_float` for a number a double cannot carry faithfully."""


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def read_submission(
    source: bytes | bytearray | str | os.PathLike[str],
    *,
    source_name: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> dict[str, Any]:
    """Parse a submission: `bytes` or `str` as JSON text, a `pathlib.Path` (any path-like) as a file.

    One rule for every entry point (this function, `zcf.evaluate`): a `str` is JSON text, never a
    file name; a `str` that is not JSON but names a file is refused with a usage error that says
    to pass `Path(...)`. Numbers become `Decimal` (floats) and `int` (integers) so that no
    binary-float rounding reaches accounting (DESIGN §6). The result is any JSON value a schema
    can then judge; the schema requires an object.

    Args:
        source: the JSON text (bytes or str), or the path of a file holding it.
        source_name: the name shown in messages (defaults to the path, or "<submission>").
        max_bytes: refuse larger inputs (code `too-large`); a file is never read past this.
        max_depth: refuse deeper nesting of arrays/objects (code `too-deep`).

    Raises:
        SubmissionInvalidError: with one Problem naming what is wrong, where, and what to do.
        InputFileError: a path that is missing or not a regular file (a FIFO, a device).
        UsageError: a `str` that is a file name rather than JSON text.

    Examples:
        >>> read_submission(b'{"a": 1.50, "b": [2]}')
        {'a': Decimal('1.50'), 'b': [2]}
        >>> read_submission('{"a": "text"}')
        {'a': 'text'}
    """
    name = source_name
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str):
        data = source.encode("utf-8", "surrogatepass")
        if not source.lstrip().startswith(("{", "[")) and _names_file(source):
            raise UsageError(f"{source!r} is a file name, but a str submission is read as JSON text",
                             hint=f"pass pathlib.Path({source!r}) to read the file")
    else:
        name = name or str(source)
        data = submission_bytes(source, source_name=name, max_bytes=max_bytes)
    name = name or "<submission>"
    if len(data) > max_bytes:
        _fail(name, _too_large(len(data), max_bytes))
    # jiter (Rust) with Decimal floats when the cheap checks clear the bytes: 266 -> 150 us on
    # examples/zcf-cn-general/zero-carbon.json. Anything it refuses, and anything the checks
    # cannot clear, takes the stdlib path below, which alone words the problems.
    fast = _parse_fast(data, max_depth)
    if fast is _SLOW:
        text = _decode(data, name)
        _check_depth(text, max_depth, name)
        fast = _parse(text, name)
    if has_surrogate_escape(data):
        found = lone_surrogate(fast)
        if found is not None:
            _fail(name, _surrogate_problem(found))
    return fast  # type: ignore[no-any-return]


def submission_bytes(path: str | os.PathLike[str], *, source_name: str | None = None,
                     max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a submission file, never reading more than `max_bytes` + 1 of them.

    Raises:
        InputFileError: missing, unreadable, or not a regular file.
        SubmissionInvalidError: larger than `max_bytes` (code `too-large`).
    """
    try:
        return read_limited(path, limit=max_bytes, what="submission")
    except InputTooLargeError as err:
        _fail(source_name or str(path), _too_large(err.size, max_bytes))
        raise AssertionError("unreachable") from err  # pragma: no cover


def _names_file(text: str) -> bool:
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return text.endswith(".json") or Path(text).is_file()
    except (OSError, ValueError):
        return False


_SLOW = object()


def _fast_checks(data: bytes, max_depth: int) -> bool:
    """True when `data` nests at most `max_depth` deep and every number in it has at most 15
    digits and no exponent, so no range or depth problem can arise (valid JSON assumed: on
    anything else jiter fails and the stdlib path reports it).

    Strings are cut out as in `_nesting`; the numbers outside them are runs of digits and
    points; the depth of balanced brackets is the number of passes that delete every "[]".

    Examples:
        >>> _fast_checks(b'{"a": [1.5, true, "1e999"]}', 2), _fast_checks(b'[[1]]', 1)
        (True, False)
        >>> _fast_checks(b'[1e5]', 9), _fast_checks(b'[1234567890.123456]', 9)
        (False, False)
    """
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(data.translate(None, _NOT_CHECKED).split(b'"')[::2]).translate(_CLASSES)
    if b"0" * (MAX_DIGITS + 1) in outside or b"0e" in outside:
        return False
    brackets = outside.translate(None, b"0e,")
    for _ in range(max_depth):
        if not brackets:
            return True
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):  # unbalanced: not JSON
            return False
        brackets = shorter
    return not brackets


def _parse_fast(data: bytes, max_depth: int) -> Any:
    """The document parsed by jiter, or `_SLOW` when the stdlib path must decide."""
    if max_depth > _FAST_MAX_DEPTH or not _fast_checks(data, max_depth):
        return _SLOW
    try:
        return jiter.from_json(data[3:] if data.startswith(_BOM) else data,
                               float_mode="decimal", catch_duplicate_keys=True,
                               allow_inf_nan=False)
    except ValueError:  # syntax, UTF-8, NaN, duplicate key, ...: worded by the stdlib path
        return _SLOW


def _fail(name: str, problem: Problem) -> None:
    raise SubmissionInvalidError(problem.message, (problem,), file=name)


def _too_large(size: int, limit: int) -> Problem:
    return Problem(
        code="too-large",
        pointer="",
        message=(
            f"The submission is {size} bytes; the limit is {limit} bytes. "
            "Split attachments out of the JSON file or summarise meter rows by month."
        ),
        params={"size": size, "limit": limit},
    )


def _decode(data: bytes, name: str) -> str:
    try:
        # utf-8-sig tolerates the byte-order mark that spreadsheet exports often add.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, column = _line_column(data[: err.start].decode("utf-8", "replace"), None)
        problem = Problem(
            code="not-utf8",
            pointer="",
            line=line,
            message=(
                f"Byte {err.start} (line {line}, column {column}) is not UTF-8 text. "
                "Save the file as UTF-8 (JSON requires it) and submit it again."
            ),
            params={"byte": err.start, "line": line, "column": column},
        )
        _fail(name, problem)
        raise AssertionError("unreachable") from err  # pragma: no cover


def _line_column(text: str, offset: int | None) -> tuple[int, int]:
    """1-based line and column of `offset` (default: end of `text`)."""
    upto = text if offset is None else text[:offset]
    line = upto.count("\n") + 1
    return line, len(upto) - (upto.rfind("\n") + 1) + 1


def _brackets(text: str) -> Iterator[re.Match[str]]:
    return (m for m in _TOKENS.finditer(text) if m.group()[0] != '"')


def _nesting(text: str) -> int:
    """The deepest nesting of brackets outside strings, exact for valid JSON.

    Escaped backslashes, then escaped quotes, are removed, so the remaining quotes delimit
    strings; the brackets between strings are counted with the loops in C. On a text that is
    not JSON it may differ from `_scan_depth` only after the first place where the decoder
    stops, so the decoder never nests deeper than this reports.
    """
    if "\\" in text:
        text = text.replace("\\\\", "").replace('\\"', "")
    outside = "".join(text.split('"')[::2]).encode()
    steps = map(_DEPTH_STEP.__getitem__, outside.translate(None, _NOT_BRACKETS))
    return max(accumulate(steps), default=0)


def _check_depth(text: str, max_depth: int, name: str) -> None:
    """Refuse nesting deeper than `max_depth` before `json.loads` recurses into it.

    CPython's decoder recurses once per level and raises RecursionError near 1,000 levels;
    checking first gives a clear message and bounds the work (an attacker's 10 MB of `[`).
    """
    # Counting in C first and scanning token by token only when that finds too deep a
    # nesting (to locate it): 0.75 -> 0.08 ms on examples/zcf-cn-general/zero-carbon.json.
    if _nesting(text) <= max_depth:
        return
    _scan_depth(text, max_depth, name)


def _scan_depth(text: str, max_depth: int, name: str) -> None:
    """Fail at the first bracket nested deeper than `max_depth`, with its line and column."""
    depth = 0
    for match in _brackets(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > max_depth:
            line, column = _line_column(text, match.start())
            _fail(
                name,
                Problem(
                    code="too-deep",
                    pointer="",
                    line=line,
                    message=(
                        f"Arrays and objects are nested more than {max_depth} levels deep "
                        f"(line {line}, column {column}). The submission format needs fewer "
                        "than 10 levels; check for an export that wraps data repeatedly."
                    ),
                    params={"limit": max_depth, "line": line, "column": column},
                ),
            )


def _reject_constant(token: str) -> Any:
    raise _ConstantError(token)


def _number(token: str) -> Decimal:
    value = Decimal(token)
    significant = len(value.normalize().as_tuple().digits)
    if value and (significant > MAX_DIGITS or abs(value.adjusted()) > MAX_EXPONENT):
        raise _NumberRangeError(token)
    return value


def _integer(token: str) -> int:
    # Bounded like other numbers: a 1,001-digit integer is as uncomparable as 1e400.
    digits = len(token.lstrip("-").rstrip("0"))
    if digits > MAX_DIGITS or len(token.lstrip("-")) - 1 > MAX_EXPONENT:
        raise _NumberRangeError(token)
    return int(token)


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _parse(text: str, name: str) -> dict[str, Any]:
    try:
        doc: dict[str, Any] = json.loads(
            text,
            parse_float=_number,
            parse_int=_integer,
            parse_constant=_reject_constant,
            object_pairs_hook=_unique_object,
        )
    except json.JSONDecodeError as err:
        _fail(name, _syntax_problem(err))
    except _ConstantError as err:
        _fail(name, _constant_problem(text, str(err)))
    except _DuplicateKeyError as err:
        _fail(name, _duplicate_problem(err.key))
    except _NumberRangeError as err:
        _fail(name, _range_problem(text, str(err)))
    return doc


def _syntax_problem(err: json.JSONDecodeError) -> Problem:
    return Problem(
        code="malformed-json",
        pointer="",
        line=err.lineno,
        message=(
            f"The file is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}. "
            "Fix the text at that place (a missing comma, quote or bracket is the usual cause; "
            "JSON allows no comments and no trailing commas), then submit again."
        ),
        params={"line": err.lineno, "column": err.colno, "detail": err.msg},
    )


def _constant_problem(text: str, token: str) -> Problem:
    offset = next(
        (m.start() for m in _CONSTANTS.finditer(text) if m.group()[0] != '"'), len(text)
    )
    line, column = _line_column(text, offset)
    return Problem(
        code="not-a-number",
        pointer="",
        line=line,
        message=(
            f"Found {token} at line {line}, column {column}; JSON numbers must be finite. "
            "Replace it with the measured value, or leave the field out if it was not measured."
        ),
        params={"token": token, "line": line, "column": column},
    )


def _range_problem(text: str, token: str) -> Problem:
    offset = text.find(token)
    line, column = _line_column(text, offset if offset >= 0 else None)
    return Problem(
        code="number-out-of-range",
        pointer="",
        line=line,
        message=(
            f"The number {token} (line {line}, column {column}) has more than {MAX_DIGITS} "
            f"significant digits or an exponent beyond ±{MAX_EXPONENT}. Round it to the "
            "precision that was measured (spreadsheet exports often add float noise such as "
            "0.30000000000000004), or write it as a decimal string: "
            '"value": "0.123456789012345678".'
        ),
        params={"token": token, "line": line, "column": column, "max_digits": MAX_DIGITS},
    )


def _surrogate_problem(found: str) -> Problem:
    shown = found.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")[:80]
    return Problem(
        code="lone-surrogate",
        pointer="",
        message=(
            f"The text {shown!r} holds half of a UTF-16 surrogate pair (an escape from "
            "\\uD800 to \\uDFFF without its partner), which is not a character. Correct the "
            "exporting program or retype the text."
        ),
        params={"text": shown},
    )


def _duplicate_problem(key: str) -> Problem:
    return Problem(
        code="duplicate-key",
        pointer="",
        message=(
            f"The key {key!r} appears twice in one object; readers disagree on which value "
            "wins. Keep one of them."
        ),
        params={"key": key},
    )


def from_python(doc: Any, *, source_name: str = "<submission>") -> Any:
    """A document built in Python, as `read_submission` would have read its JSON text.

    Finite floats become `Decimal` through their shortest repr (0.1 stays 0.1), tuples become
    lists; NaN, infinities, non-string keys and values JSON cannot carry are refused, each with
    its JSON pointer.

    Raises:
        SubmissionInvalidError: one problem per refused value (at most `MAX_PROBLEMS`).

    Examples:
        >>> from_python({"a": 0.1, "b": (1, True)})
        {'a': Decimal('0.1'), 'b': [1, True]}
    """
    problems: list[Problem] = []
    converted = _convert(doc, "", problems)
    if problems:
        raise SubmissionInvalidError(f"{problems[0].pointer or '/'}: {problems[0].message}",
                                     problems, file=source_name)
    return converted


#: Refused values kept before `from_python` stops looking.
_MAX_PYTHON_PROBLEMS = 100


def _convert(node: Any, pointer: str, problems: list[Problem]) -> Any:
    if len(problems) >= _MAX_PYTHON_PROBLEMS:
        return node
    if node is None or isinstance(node, bool | int | str):
        if isinstance(node, str) and lone_surrogate(node) is not None:
            problems.append(_surrogate_problem(node).model_copy(update={"pointer": pointer}))
        return node
    if isinstance(node, float | Decimal):
        value = Decimal(repr(node)) if isinstance(node, float) else node
        if value.is_finite():
            return value
        problems.append(Problem(
            code="not-a-number", pointer=pointer,
            message=(f"Found {node!r}; JSON numbers must be finite. Replace it with the measured "
                     "value, or leave the field out if it was not measured."),
            params={"token": repr(node)}))
        return node
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if not isinstance(key, str):
                problems.append(Problem(code="not-json", pointer=pointer,
                                        message=f"The key {key!r} is not a string; JSON object keys are text.",
                                        params={"key": repr(key)}))
                continue
            out[key] = _convert(value, pointer + "/" + key.replace("~", "~0").replace("/", "~1"), problems)
        return out
    if isinstance(node, list | tuple):
        return [_convert(v, f"{pointer}/{i}", problems) for i, v in enumerate(node)]
    problems.append(Problem(code="not-json", pointer=pointer,
                            message=(f"Found a {type(node).__name__}, which JSON cannot carry. Use text, "
                                     "a number, true/false, null, a list or an object."),
                            params={"type": type(node).__name__}))
    return node
